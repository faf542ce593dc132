#include "services/random_code.hpp"

#include <algorithm>
#include <cctype>

#include "core/text/trim.hpp"
#include "platform/crypto.hpp"

namespace safegrid::services {

std::string NewRandomCode(size_t length) {
    std::string code;
    while (code.size() < length) {
        for (unsigned char b : platform::RandomBytes(16)) {
            // 248 = 8 × 31: bytes above it are dropped so every character is equally likely.
            if (b >= 248 || code.size() == length) continue;
            code += kCodeAlphabet[b % kCodeAlphabet.size()];
        }
    }
    return code;
}

std::string NormaliseCode(const std::string& code) {
    std::string out = TrimText(code);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

bool WellFormedCode(std::string_view code, size_t length) {
    return code.size() == length && std::all_of(code.begin(), code.end(),
                                                [](char c) { return kCodeAlphabet.find(c) != std::string_view::npos; });
}

}  // namespace safegrid::services

#include "core/enterprise/credit_code.hpp"

#include <array>

namespace safegrid {
namespace {

constexpr std::array<int, 17> kWeights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
constexpr std::array<int, 8> kOrgWeights = {3, 7, 9, 10, 5, 8, 4, 2};

int AlphabetValue(char c) {
    auto pos = kCreditCodeAlphabet.find(c);
    return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

// GB 11714 reads digits as 0–9 and letters as A=10 … Z=35 (its own scale, not the credit code's).
int OrgValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return -1;
}

bool IsSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

}  // namespace

std::string NormalizeCreditCode(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (size_t i = 0; i < raw.size(); ++i) {
        auto c = static_cast<unsigned char>(raw[i]);
        // Full-width forms U+FF01..U+FF5E are EF BC 81..EF BD 9E in UTF-8; they map to 0x21..0x7E.
        // Chinese input methods produce them, and they are what a licence copied from a PDF holds.
        if (c == 0xEF && i + 2 < raw.size()) {
            auto b1 = static_cast<unsigned char>(raw[i + 1]);
            auto b2 = static_cast<unsigned char>(raw[i + 2]);
            int code_point = ((c & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F);
            if ((b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80 && code_point >= 0xFF01 && code_point <= 0xFF5E) {
                c = static_cast<unsigned char>(code_point - 0xFF01 + 0x21);
                i += 2;
            }
        }
        // U+3000 (ideographic space) becomes a plain space, trimmed below.
        if (c == 0xE3 && i + 2 < raw.size() && static_cast<unsigned char>(raw[i + 1]) == 0x80 &&
            static_cast<unsigned char>(raw[i + 2]) == 0x80) {
            out.push_back(' ');
            i += 2;
            continue;
        }
        out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : static_cast<char>(c));
    }
    size_t begin = 0;
    size_t end = out.size();
    while (begin < end && IsSpace(static_cast<unsigned char>(out[begin]))) ++begin;
    while (end > begin && IsSpace(static_cast<unsigned char>(out[end - 1]))) --end;
    return out.substr(begin, end - begin);
}

std::optional<char> CreditCodeCheckChar(std::string_view first17) {
    if (first17.size() != 17) return std::nullopt;
    int sum = 0;
    for (size_t i = 0; i < 17; ++i) {
        int v = AlphabetValue(first17[i]);
        if (v < 0) return std::nullopt;
        sum += v * kWeights[i];
    }
    return kCreditCodeAlphabet[(31 - sum % 31) % 31];
}

std::optional<char> OrganisationCodeCheckChar(std::string_view body8) {
    if (body8.size() != 8) return std::nullopt;
    int sum = 0;
    for (size_t i = 0; i < 8; ++i) {
        int v = OrgValue(body8[i]);
        if (v < 0) return std::nullopt;
        sum += v * kOrgWeights[i];
    }
    int check = 11 - sum % 11;
    if (check == 10) return 'X';
    if (check == 11) return '0';
    return static_cast<char>('0' + check);
}

std::optional<Text> CreditCodeProblem(std::string_view code) {
    if (code.size() != kCreditCodeLength) {
        return Text{"统一社会信用代码应为18位", "A unified social credit code has 18 characters"};
    }
    for (char c : code) {
        if (AlphabetValue(c) < 0) {
            return Text{"统一社会信用代码只能包含数字和除I、O、Z、S、V以外的大写字母",
                        "Only digits and the letters A–Y except I, O, Z, S and V are allowed"};
        }
    }
    for (size_t i = 2; i < 8; ++i) {
        if (code[i] < '0' || code[i] > '9') {
            return Text{"第3至8位应为行政区划代码（数字）", "Characters 3–8 must be the division code (digits)"};
        }
    }
    if (OrganisationCodeCheckChar(code.substr(8, 8)) != code[16]) {
        return Text{"第17位（组织机构代码校验码）不正确", "Character 17 (the organisation code check) is wrong"};
    }
    if (CreditCodeCheckChar(code.substr(0, 17)) != code[17]) {
        return Text{"第18位校验码不正确", "The check character (18th) is wrong"};
    }
    return std::nullopt;
}

Result<std::string> ParseCreditCode(std::string_view raw, const char* field) {
    std::string code = NormalizeCreditCode(raw);
    if (auto problem = CreditCodeProblem(code)) return Invalid(field, std::move(*problem));
    return code;
}

Result<std::string> MakeCreditCode(std::string_view prefix17) {
    std::string prefix = NormalizeCreditCode(prefix17);
    auto check = CreditCodeCheckChar(prefix);
    if (!check) {
        return Invalid("credit_code",
                       {"前17位应为统一社会信用代码字符", "The 17-character prefix has a character outside the set"});
    }
    prefix.push_back(*check);
    return prefix;
}

Result<std::string> MakeCreditCodeFrom(std::string_view head2, std::string_view division6, std::string_view body8) {
    std::string prefix;
    prefix.append(head2).append(division6).append(body8);
    auto org_check = OrganisationCodeCheckChar(body8);
    if (head2.size() != 2 || division6.size() != 6 || !org_check) {
        return Invalid("credit_code",
                       {"信用代码各段长度或字符不正确", "A part of the code has the wrong length or characters"});
    }
    prefix.push_back(*org_check);
    SG_ASSIGN_OR_RETURN(std::string code, MakeCreditCode(prefix));
    if (auto problem = CreditCodeProblem(code)) return Invalid("credit_code", std::move(*problem));
    return code;
}

}  // namespace safegrid

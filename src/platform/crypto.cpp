#include "platform/crypto.hpp"

#include <sodium.h>

#include <stdexcept>

namespace safegrid::platform {
namespace {

constexpr unsigned long long kPwOpsLimit = 2;
constexpr size_t kPwMemLimit = 19u * 1024u * 1024u;

// sodium_init() is itself thread-safe, but a function-local static makes "once" explicit and
// free after the first call. Failure means no entropy source: nothing secure can work, so it is
// a start-up failure (exception), not an expected error.
void EnsureSodium() {
    static const bool ok = sodium_init() >= 0;
    if (!ok) throw std::runtime_error("libsodium initialisation failed (no entropy source?)");
}

}  // namespace

std::string RandomBytes(size_t n) {
    EnsureSodium();
    std::string out(n, '\0');
    if (n > 0) randombytes_buf(out.data(), n);
    return out;
}

std::string HexEncode(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out.push_back(kDigits[c >> 4]);
        out.push_back(kDigits[c & 0x0f]);
    }
    return out;
}

std::string Base64UrlEncode(std::string_view bytes) {
    EnsureSodium();
    constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::string out(sodium_base64_encoded_len(bytes.size(), kVariant), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      kVariant);
    out.resize(std::char_traits<char>::length(out.c_str()));  // drop the NUL terminator sodium writes
    return out;
}

std::string RandomToken() { return Base64UrlEncode(RandomBytes(32)); }

std::string Blake2b256Hex(std::string_view data) {
    EnsureSodium();
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(data.data()), data.size(), nullptr,
                       0);
    return HexEncode({reinterpret_cast<const char*>(digest), sizeof digest});
}

std::string Blake2b256KeyedHex(std::string_view key, std::string_view data) {
    EnsureSodium();
    if (key.size() < crypto_generichash_KEYBYTES_MIN || key.size() > crypto_generichash_KEYBYTES_MAX) return {};
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                       reinterpret_cast<const unsigned char*>(key.data()), key.size());
    return HexEncode({reinterpret_cast<const char*>(digest), sizeof digest});
}

std::string Sha256Hex(std::string_view data) {
    EnsureSodium();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    return HexEncode({reinterpret_cast<const char*>(digest), sizeof digest});
}

Result<std::string> HashPassword(std::string_view password) {
    EnsureSodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), kPwOpsLimit, kPwMemLimit,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return Internal("crypto_pwhash_str_alg failed (out of memory?)");
    }
    return std::string(out);
}

namespace {
// libsodium wants a NUL-terminated hash that fits in crypto_pwhash_STRBYTES; anything else
// (too long, embedded NUL) cannot be a hash we made.
bool CopyHash(std::string_view hash, char (&buf)[crypto_pwhash_STRBYTES]) {
    if (hash.empty() || hash.size() >= sizeof buf || hash.find('\0') != std::string_view::npos) return false;
    hash.copy(buf, hash.size());
    buf[hash.size()] = '\0';
    return true;
}
}  // namespace

bool VerifyPassword(std::string_view hash, std::string_view password) {
    EnsureSodium();
    char buf[crypto_pwhash_STRBYTES];
    if (!CopyHash(hash, buf)) return false;
    return crypto_pwhash_str_verify(buf, password.data(), password.size()) == 0;
}

bool PasswordNeedsRehash(std::string_view hash) {
    EnsureSodium();
    char buf[crypto_pwhash_STRBYTES];
    if (!CopyHash(hash, buf)) return true;
    // 0: fine; 1: other parameters; -1: not an argon2 hash at all. Both non-zero mean rehash.
    return crypto_pwhash_str_needs_rehash(buf, kPwOpsLimit, kPwMemLimit) != 0;
}

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
    EnsureSodium();
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace safegrid::platform

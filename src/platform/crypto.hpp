// Cryptographic helpers on libsodium: random tokens, hashes and password hashing.
// libsodium is initialised once, lazily and thread-safely, on first use.
//
// Passwords use argon2id with opslimit 2 and memlimit 19 MiB (OWASP's minimum): strong enough for
// the threat model, and small enough that a few concurrent logins don't blow the server's RSS.
//
// Thread-safety: all functions are thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace safegrid::platform {

// n bytes from the OS CSPRNG.
std::string RandomBytes(size_t n);
// 32 random bytes as base64url without padding (43 characters): session tokens, API keys, nonces.
std::string RandomToken();
// Lower-case hex of the bytes.
std::string HexEncode(std::string_view bytes);
// Base64url without padding.
std::string Base64UrlEncode(std::string_view bytes);
// BLAKE2b with a 32-byte digest, lower-case hex (64 characters). Used by the audit chain.
std::string Blake2b256Hex(std::string_view data);
// Keyed BLAKE2b (a MAC) with a 32-byte digest, lower-case hex. `key` must be 16 to 64 bytes (an
// empty string on any other length). Signs the audit checkpoint.
std::string Blake2b256KeyedHex(std::string_view key, std::string_view data);
// SHA-256, lower-case hex (64 characters).
std::string Sha256Hex(std::string_view data);

// An argon2id hash string in the PHC format ("$argon2id$v=19$m=19456,t=2,p=1$...").
// Fails (kInternal) only when memory cannot be allocated.
Result<std::string> HashPassword(std::string_view password);
// True when `password` matches `hash`. A malformed hash is simply "no match".
bool VerifyPassword(std::string_view hash, std::string_view password);
// True when `hash` was made with other parameters than HashPassword uses now (rehash at next login).
bool PasswordNeedsRehash(std::string_view hash);

// Compares in time independent of the contents (the length may leak). For tokens and MACs.
bool ConstantTimeEqual(std::string_view a, std::string_view b);

}  // namespace safegrid::platform

#include "platform/crypto.hpp"

#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

namespace safegrid::platform {
namespace {

TEST(Crypto, PasswordHashVerifiesOnlyTheRightPassword) {
    auto hash = HashPassword("正确的密码 correct horse");
    ASSERT_TRUE(hash) << hash.error().internal;
    EXPECT_TRUE(hash->starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << *hash;
    EXPECT_TRUE(VerifyPassword(*hash, "正确的密码 correct horse"));
    EXPECT_FALSE(VerifyPassword(*hash, "正确的密码 correct hors"));
    EXPECT_FALSE(VerifyPassword(*hash, ""));
    EXPECT_FALSE(PasswordNeedsRehash(*hash));
    // Same password, new salt.
    EXPECT_NE(*HashPassword("正确的密码 correct horse"), *hash);
}

TEST(Crypto, MalformedHashesAreJustNoMatch) {
    EXPECT_FALSE(VerifyPassword("", "x"));
    EXPECT_FALSE(VerifyPassword("not a hash", "x"));
    EXPECT_FALSE(VerifyPassword(std::string(1000, 'a'), "x"));
    EXPECT_FALSE(VerifyPassword(std::string("$argon2id$\0junk", 15), "x"));
    EXPECT_FALSE(VerifyPassword("$argon2id$v=19$m=19456,t=2,p=1$AAAA$BBBB", "x"));
    EXPECT_TRUE(PasswordNeedsRehash("not a hash"));
}

TEST(Crypto, EmptyAndBinaryPasswordsWork) {
    auto empty = HashPassword("");
    ASSERT_TRUE(empty);
    EXPECT_TRUE(VerifyPassword(*empty, ""));
    const std::string binary("a\0b", 3);
    auto bin = HashPassword(binary);
    ASSERT_TRUE(bin);
    EXPECT_TRUE(VerifyPassword(*bin, binary));
    EXPECT_FALSE(VerifyPassword(*bin, "a"));
}

TEST(Crypto, TokensAreUrlSafeAndUnique) {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        const std::string t = RandomToken();
        EXPECT_EQ(t.size(), 43u);
        EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                  std::string::npos)
            << t;
        seen.insert(t);
    }
    EXPECT_EQ(seen.size(), 1000u);
    EXPECT_EQ(RandomBytes(0).size(), 0u);
    EXPECT_EQ(RandomBytes(17).size(), 17u);
}

TEST(Crypto, KnownHashVectors) {
    // RFC 7693 / reference implementation test vectors for BLAKE2b-256.
    EXPECT_EQ(Blake2b256Hex(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
    EXPECT_EQ(Blake2b256Hex("abc"), "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
    // FIPS 180-2 SHA-256 vectors.
    EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Crypto, KeyedBlake2bIsAMacOfKeyAndData) {
    const std::string key = "0123456789abcdef0123456789abcdef";
    const std::string mac = Blake2b256KeyedHex(key, "token");
    EXPECT_EQ(mac.size(), 64u);
    EXPECT_EQ(mac, Blake2b256KeyedHex(key, "token"));
    EXPECT_NE(mac, Blake2b256KeyedHex(key, "token2"));
    EXPECT_NE(mac, Blake2b256KeyedHex("another key of sixteen+", "token"));
    EXPECT_NE(mac, Blake2b256Hex("token"));
}

TEST(Crypto, HexAndBase64) {
    EXPECT_EQ(HexEncode(std::string("\x00\x01\xab\xff", 4)), "0001abff");
    EXPECT_EQ(HexEncode(""), "");
    EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
    EXPECT_EQ(Base64UrlEncode(""), "");
}

TEST(Crypto, ConstantTimeEqual) {
    EXPECT_TRUE(ConstantTimeEqual("abc", "abc"));
    EXPECT_FALSE(ConstantTimeEqual("abc", "abd"));
    EXPECT_FALSE(ConstantTimeEqual("abc", "abcd"));
    EXPECT_TRUE(ConstantTimeEqual("", ""));
}

TEST(Crypto, SafeFromManyThreadsAtOnce) {
    std::vector<std::thread> threads;
    std::vector<std::string> tokens(8);
    for (int i = 0; i < 8; ++i) threads.emplace_back([&, i] { tokens[i] = RandomToken(); });
    for (auto& t : threads) t.join();
    EXPECT_EQ(std::set<std::string>(tokens.begin(), tokens.end()).size(), 8u);
}

}  // namespace
}  // namespace safegrid::platform

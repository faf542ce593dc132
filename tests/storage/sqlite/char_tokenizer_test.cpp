#include "storage/sqlite/char_tokenizer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace safegrid::storage::detail {
namespace {

using Tokens = std::vector<std::string>;

TEST(CharTokenizer, EveryCodePointIsOneTokenAndAsciiLettersFoldToLowerCase) {
    EXPECT_EQ(CharTokens("宏达 AB-7"), (Tokens{"宏", "达", "a", "b", "-", "7"}));
    EXPECT_EQ(CharTokens("\xF0\x9F\x94\xA5火"), (Tokens{"\xF0\x9F\x94\xA5", "火"}));
}

TEST(CharTokenizer, WhitespaceSeparatesAndIsNeverAToken) {
    EXPECT_TRUE(CharTokens(" \t\r\n").empty());
    EXPECT_TRUE(CharTokens("").empty());
    EXPECT_EQ(CharTokens(" 纺\n织 "), (Tokens{"纺", "织"}));
}

TEST(CharTokenizer, BrokenUtf8BecomesSingleByteTokensAndNeverReadsPastTheEnd) {
    EXPECT_EQ(CharTokens("\xE4\xB8"), (Tokens{"\xE4", "\xB8"}));  // truncated sequence
    EXPECT_EQ(CharTokens("\xFF"
                         "a"),
              (Tokens{"\xFF", "a"}));  // not a lead byte
    EXPECT_EQ(CharTokens("\xC3"
                         "A"),
              (Tokens{"\xC3", "a"}));                              // lead byte without continuation
    EXPECT_EQ(CharTokens(std::string("a\0b", 3)), (Tokens{"a"}));  // text ends at a NUL
}

}  // namespace
}  // namespace safegrid::storage::detail

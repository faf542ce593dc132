#include "core/enterprise/credit_code.hpp"

#include <gtest/gtest.h>

#include <string>

namespace safegrid {
namespace {

// Real codes published in public code and documentation (found with the code search):
//   91350100M000100Y43  the usual example in validator docs (e.g. gancao-web/base-tools isTaxID)
//   91310110666007217T  Hutool's CreditCodeUtil example
//   91330101589882738D  a Hangzhou company used in a public test
//   914403001922038216  华为技术有限公司 (Shenzhen), as printed on its licence
// Each passes both the GB 11714 check (17th) and the GB 32100 check (18th).
const char* const kRealCodes[] = {"91350100M000100Y43", "91310110666007217T", "91330101589882738D",
                                  "914403001922038216"};

TEST(CreditCode, AcceptsRealPublishedCodes) {
    for (const char* code : kRealCodes) {
        EXPECT_FALSE(CreditCodeProblem(code)) << code;
        auto parsed = ParseCreditCode(code);
        ASSERT_TRUE(parsed) << code;
        EXPECT_EQ(*parsed, code);
    }
}

TEST(CreditCode, ComputesTheCheckCharacterOfRealCodes) {
    for (const char* code : kRealCodes) {
        std::string s = code;
        EXPECT_EQ(CreditCodeCheckChar(s.substr(0, 17)), s[17]) << code;
        EXPECT_EQ(OrganisationCodeCheckChar(s.substr(8, 8)), s[16]) << code;
    }
}

TEST(CreditCode, RejectsEveryWrongCheckCharacter) {
    for (const char* code : kRealCodes) {
        const std::string real = code;
        for (char c : kCreditCodeAlphabet) {
            if (c == real[17]) continue;
            std::string s = real;
            s[17] = c;
            auto problem = CreditCodeProblem(s);
            ASSERT_TRUE(problem) << s;
            EXPECT_NE(problem->en.find("18th"), std::string::npos) << s;
        }
    }
}

TEST(CreditCode, RejectsAWrongOrganisationCodeCheck) {
    std::string s = "91350100M000100Y43";
    for (char c : std::string("0123456789X")) {
        if (c == s[16]) continue;
        std::string t = s;
        t[16] = c;
        // Keep the 18th right so only the 17th is at fault.
        t[17] = *CreditCodeCheckChar(t.substr(0, 17));
        auto problem = CreditCodeProblem(t);
        ASSERT_TRUE(problem) << t;
        EXPECT_NE(problem->en.find("17"), std::string::npos) << t;
    }
}

TEST(CreditCode, RejectsTheUncheckedBriefExample) {
    // 91330282MA2AFQPC6G circulates as an example but both of its check characters are wrong.
    EXPECT_TRUE(CreditCodeProblem("91330282MA2AFQPC6G"));
}

TEST(CreditCode, RejectsWrongLengthAndCharacters) {
    for (const char* bad : {"", "9135010", "91350100M000100Y4", "91350100M000100Y433", "91350100M000100Y4 3",
                            "9135010OM000100Y43",  // O is not in the set
                            "91350100M0001I0Y43",  // I
                            "91350100M0001S0Y43",  // S
                            "91350100M0001V0Y43",  // V
                            "91350100M0001Z0Y43",  // Z
                            "913501A0M000100Y43",  // division must be digits
                            "91350100M000100Y4\xE4\xB8\x80"}) {
        EXPECT_TRUE(CreditCodeProblem(bad)) << bad;
        EXPECT_FALSE(ParseCreditCode(bad)) << bad;
    }
}

TEST(CreditCode, NormalisesCaseSpacesAndFullWidthCharacters) {
    EXPECT_EQ(NormalizeCreditCode("  91350100m000100y43\t"), "91350100M000100Y43");
    // Full-width "９１３５…" as typed with a Chinese input method, with an ideographic space.
    EXPECT_EQ(NormalizeCreditCode("\xEF\xBC\x99\xEF\xBC\x91"
                                  "350100\xEF\xBD\x8D"
                                  "000100Y43\xE3\x80\x80"),
              "91350100M000100Y43");
    auto parsed = ParseCreditCode("91350100m000100y43");
    ASSERT_TRUE(parsed);
    EXPECT_EQ(*parsed, "91350100M000100Y43");
}

TEST(CreditCode, ParseFailsWith422OnTheNamedField) {
    auto parsed = ParseCreditCode("91350100M000100Y44", "rows[3].credit_code");
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().code, Code::kValidation);
    EXPECT_TRUE(parsed.error().fields.count("rows[3].credit_code"));
}

TEST(CreditCode, MakeCreditCodeAppendsTheRightCheck) {
    auto code = MakeCreditCode("91350100M000100Y4");
    ASSERT_TRUE(code);
    EXPECT_EQ(*code, "91350100M000100Y43");
    EXPECT_FALSE(MakeCreditCode("91350100M000100I4"));
    EXPECT_FALSE(MakeCreditCode("short"));
}

TEST(CreditCode, MakeCreditCodeFromBuildsValidCodesForTheSeed) {
    auto code = MakeCreditCodeFrom("91", "350100", "M000100Y");
    ASSERT_TRUE(code);
    EXPECT_EQ(*code, "91350100M000100Y43");
    for (int i = 0; i < 2000; ++i) {
        char body[9];
        std::snprintf(body, sizeof body, "MA%06d", i);
        auto made = MakeCreditCodeFrom("92", "330282", body);
        ASSERT_TRUE(made) << body;
        EXPECT_FALSE(CreditCodeProblem(*made)) << *made;
    }
    EXPECT_FALSE(MakeCreditCodeFrom("9", "330282", "MA000001"));
    EXPECT_FALSE(MakeCreditCodeFrom("91", "33028A", "MA000001"));
    EXPECT_FALSE(MakeCreditCodeFrom("91", "330282", "MA00000"));
}

}  // namespace
}  // namespace safegrid

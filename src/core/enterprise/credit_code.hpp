// The unified social credit code (统一社会信用代码, GB 32100-2015) of a legal person or organisation.
//
// 18 characters from the 31-character set "0123456789ABCDEFGHJKLMNPQRTUWXY" (I, O, Z, S, V are never
// used, so they cannot be confused with 1, 0, 2, 5, U):
//   1      registration authority (登记管理部门代码), e.g. 9 = market regulation
//   2      organisation category (机构类别代码)
//   3–8    administrative division of the registering authority (GB/T 2260), six digits
//   9–17   the organisation code (主体标识码, GB 11714): eight body characters and its own check
//          character at position 17 (0–9 or X)
//   18     the check character: (31 − Σ value(c_i)·w_i mod 31) mod 31 over positions 1–17 with
//          weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28 (w_i = 3^(i−1) mod 31)
//
// Input policy (documented in CONTRACT terms as "422 if wrong"): we accept what people copy from a
// licence or a spreadsheet and store one canonical form. NormalizeCreditCode trims surrounding
// white space, maps full-width ASCII (Ａ１…) to ASCII and lower case to upper case. Everything else
// — wrong length, a character outside the set, a non-digit division, a wrong check character at 17
// or 18 — is rejected with a reason naming the problem.
//
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace safegrid {

inline constexpr std::string_view kCreditCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
inline constexpr size_t kCreditCodeLength = 18;

// Trims, maps full-width ASCII and lower case to the canonical upper-case ASCII form. Does not validate.
std::string NormalizeCreditCode(std::string_view raw);

// Why a canonical (already normalised) code is invalid, or nullopt when it is valid.
std::optional<Text> CreditCodeProblem(std::string_view code);

// Normalises then validates; the error is 422 on `field`.
Result<std::string> ParseCreditCode(std::string_view raw, const char* field = "credit_code");

// The GB 32100 check character (position 18) for the first 17 characters; nullopt when one of them
// is outside the alphabet.
std::optional<char> CreditCodeCheckChar(std::string_view first17);

// The GB 11714 check character (position 17 of the credit code) for the 8-character organisation
// code body (positions 9–16); nullopt when a character is not 0–9/A–Z.
std::optional<char> OrganisationCodeCheckChar(std::string_view body8);

// Appends the check character to a 17-character prefix (for the seed and tests). The prefix's own
// organisation-code check character (position 17) is the caller's business; see MakeCreditCodeFrom.
Result<std::string> MakeCreditCode(std::string_view prefix17);

// Builds a fully valid code from authority+category (2), division (6 digits) and an 8-character
// organisation code body: computes both check characters.
Result<std::string> MakeCreditCodeFrom(std::string_view head2, std::string_view division6, std::string_view body8);

}  // namespace safegrid

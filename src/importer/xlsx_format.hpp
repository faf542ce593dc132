// Turning the raw values of .xlsx cells into the text a user expects to see.
//
// Numbers: an integer stored as digits is kept exactly as stored (phone numbers such as
// 13800138000 and long codes must not turn into 1.38e10); anything else is printed with 15
// significant digits, as Excel displays it (0.30000000000000004 → 0.3, 12.0 → 12).
// Dates: a number in a date style becomes YYYY-MM-DD, in a time style HH:MM:SS, in a date-time
// style "YYYY-MM-DD HH:MM:SS", counting from 1900 (with Excel's phantom 1900-02-29) or 1904.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace safegrid::importer {

enum class NumKind { kNumber, kDate, kTime, kDateTime };

// Kind of a built-in number format id (ECMA-376 18.8.30, plus the zh-CN ids 27–36 and 50–58
// that Chinese Excel uses for dates like yyyy"年"m"月"d"日").
NumKind BuiltinNumKind(int num_fmt_id);

// Kind of a custom format code such as "yyyy/m/d", "[$-F800]dddd\,\ mmmm\ dd\,\ yyyy" or
// "#,##0.00_);[Red](#,##0.00)". Quoted text, escapes and colours are ignored.
NumKind FormatCodeKind(std::string_view code);

// Formats a number cell's stored text. Text that is not a number is returned trimmed, unchanged.
std::string FormatNumber(std::string_view raw);

// Formats `serial` as `kind` (not kNumber). nullopt when out of Excel's date range, in which case
// the caller shows the number.
std::optional<std::string> FormatSerial(double serial, NumKind kind, bool date1904);

}  // namespace safegrid::importer

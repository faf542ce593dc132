#include "importer/xlsx_format.hpp"

#include <gtest/gtest.h>

namespace safegrid::importer {
namespace {

TEST(XlsxFormat, NumbersLookAsInExcel) {
    EXPECT_EQ(FormatNumber("12"), "12");
    EXPECT_EQ(FormatNumber("12.0"), "12");
    EXPECT_EQ(FormatNumber("-0"), "0");
    EXPECT_EQ(FormatNumber("007"), "7");
    EXPECT_EQ(FormatNumber("13800138000"), "13800138000");
    EXPECT_EQ(FormatNumber("1.3800138E10"), "13800138000");
    EXPECT_EQ(FormatNumber("913302821234567890"), "913302821234567890");  // digits kept exactly
    EXPECT_EQ(FormatNumber("0.30000000000000004"), "0.3");
    EXPECT_EQ(FormatNumber("1234.5"), "1234.5");
    EXPECT_EQ(FormatNumber("-3.25"), "-3.25");
    EXPECT_EQ(FormatNumber("1E-7"), "1e-07");
    EXPECT_EQ(FormatNumber(" 5 "), "5");
    EXPECT_EQ(FormatNumber("abc"), "abc");
    EXPECT_EQ(FormatNumber("1e999"), "1e999");  // not finite: shown as stored
    EXPECT_EQ(FormatNumber(""), "");
}

TEST(XlsxFormat, SerialsBecomeDates) {
    EXPECT_EQ(FormatSerial(1, NumKind::kDate, false), "1900-01-01");
    EXPECT_EQ(FormatSerial(59, NumKind::kDate, false), "1900-02-28");
    EXPECT_EQ(FormatSerial(60, NumKind::kDate, false), "1900-02-29");  // Excel's phantom day
    EXPECT_EQ(FormatSerial(61, NumKind::kDate, false), "1900-03-01");
    EXPECT_EQ(FormatSerial(45107, NumKind::kDate, false), "2023-06-30");
    EXPECT_EQ(FormatSerial(45351, NumKind::kDate, false), "2024-02-29");
    EXPECT_EQ(FormatSerial(45107.9999999, NumKind::kDate, false), "2023-07-01");  // rounds to the second
    EXPECT_EQ(FormatSerial(45107.5, NumKind::kDate, false), "2023-06-30");
    EXPECT_EQ(FormatSerial(45107.5, NumKind::kDateTime, false), "2023-06-30 12:00:00");
    EXPECT_EQ(FormatSerial(0.25, NumKind::kTime, false), "06:00:00");
    EXPECT_EQ(FormatSerial(0, NumKind::kDate, true), "1904-01-01");
    EXPECT_EQ(FormatSerial(2958465, NumKind::kDate, false), "9999-12-31");
    EXPECT_FALSE(FormatSerial(0, NumKind::kDate, false));
    EXPECT_FALSE(FormatSerial(-1, NumKind::kDate, false));
    EXPECT_FALSE(FormatSerial(2958466, NumKind::kDate, false));
    EXPECT_FALSE(FormatSerial(1e300, NumKind::kDate, false));
}

TEST(XlsxFormat, ClassifiesFormats) {
    for (int id : {14, 15, 16, 17, 27, 31, 57, 58}) EXPECT_EQ(BuiltinNumKind(id), NumKind::kDate) << id;
    for (int id : {18, 21, 32, 45, 46}) EXPECT_EQ(BuiltinNumKind(id), NumKind::kTime) << id;
    EXPECT_EQ(BuiltinNumKind(22), NumKind::kDateTime);
    for (int id : {0, 1, 2, 10, 11, 49}) EXPECT_EQ(BuiltinNumKind(id), NumKind::kNumber) << id;

    EXPECT_EQ(FormatCodeKind("yyyy/m/d"), NumKind::kDate);
    EXPECT_EQ(FormatCodeKind("yyyy\"年\"m\"月\"d\"日\""), NumKind::kDate);
    EXPECT_EQ(FormatCodeKind("[$-F800]dddd, mmmm dd, yyyy"), NumKind::kDate);
    EXPECT_EQ(FormatCodeKind("mmm-yy"), NumKind::kDate);
    EXPECT_EQ(FormatCodeKind("[DBNum1][$-804]yyyy\"年\"m\"月\""), NumKind::kDate);
    EXPECT_EQ(FormatCodeKind("h:mm:ss AM/PM"), NumKind::kTime);
    EXPECT_EQ(FormatCodeKind("[h]:mm"), NumKind::kTime);
    EXPECT_EQ(FormatCodeKind("yyyy-mm-dd hh:mm"), NumKind::kDateTime);
    EXPECT_EQ(FormatCodeKind("General"), NumKind::kNumber);
    EXPECT_EQ(FormatCodeKind("0.00E+00"), NumKind::kNumber);
    EXPECT_EQ(FormatCodeKind("#,##0.00 \"元/月\";[Red]-#,##0.00"), NumKind::kNumber);
    EXPECT_EQ(FormatCodeKind("[Magenta]0"), NumKind::kNumber);
    EXPECT_EQ(FormatCodeKind("0_);\\(0\\)"), NumKind::kNumber);
    EXPECT_EQ(FormatCodeKind("@"), NumKind::kNumber);
    EXPECT_EQ(FormatCodeKind("\"unterminated"), NumKind::kNumber);
}

}  // namespace
}  // namespace safegrid::importer

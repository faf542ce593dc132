#include "services/import_common.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <cstdio>
#include <set>

#include "core/region/text.hpp"
#include "importer/table_builder.hpp"
#include "importer/xlsx_format.hpp"

namespace safegrid::services {
namespace {

namespace bj = boost::json;

constexpr size_t kMaxMappingText = 500;      // bytes of one header or value
constexpr size_t kMaxMappingEntries = 2000;  // per "values" field

tl::unexpected<Error> BadMapping(std::string zh, std::string en) {
    return Invalid("mapping", {std::move(zh), std::move(en)});
}

bool IsKnown(const std::vector<std::string>& fields, std::string_view f) {
    return std::find(fields.begin(), fields.end(), f) != fields.end();
}

Result<std::string> MappingText(const bj::value& v, const std::string& where) {
    if (!v.is_string()) return BadMapping(where + " 应为字符串", where + " must be a string");
    if (v.get_string().size() > kMaxMappingText) return BadMapping(where + " 过长", where + " is too long");
    return std::string(v.get_string());
}

int DaysInMonth(int y, int m) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : kDays[m - 1];
}

std::optional<CivilDate> Checked(int y, int m, int d) {
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return std::nullopt;
    return CivilDate{y, m, d};
}

bool AllDigits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int ToInt(std::string_view s) {
    int v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

std::string Replace(std::string s, std::string_view from, std::string_view to) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
        s.replace(at, from.size(), to);
    }
    return s;
}

UnixSeconds ChinaTime(const CivilDate& d, const char* clock) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%s+08:00", d.year, d.month, d.day, clock);
    return ParseRfc3339(buf).value_or(0);
}

// Exact, then loose (importer::NormaliseHeader: case, widths, spaces) match among (from, to) pairs.
template <class Pairs>
std::optional<std::string> Lookup(const Pairs& pairs, std::string_view cell) {
    for (const auto& [from, to] : pairs) {
        if (from != "*" && from == cell) return to;
    }
    const std::string loose = importer::NormaliseHeader(cell);
    if (loose.empty()) return std::nullopt;
    for (const auto& [from, to] : pairs) {
        if (from != "*" && importer::NormaliseHeader(from) == loose) return to;
    }
    return std::nullopt;
}

}  // namespace

Result<importer::ColumnMapping> ParseImportMapping(std::string_view json, const std::vector<std::string>& fields) {
    importer::ColumnMapping mapping;
    if (json.find_first_not_of(" \t\r\n") == std::string_view::npos) return mapping;
    boost::system::error_code ec;
    bj::value root = bj::parse(bj::string_view(json.data(), json.size()), ec);
    if (ec || !root.is_object()) return BadMapping("映射文件不是 JSON 对象", "The mapping is not a JSON object");
    for (const auto& [key, value] : root.get_object()) {
        const std::string k(key);
        if (k == "sheet") {
            SG_ASSIGN_OR_RETURN(mapping.sheet, MappingText(value, "sheet"));
        } else if (k == "columns") {
            if (!value.is_object()) return BadMapping("columns 应为对象", "columns must be an object");
            for (const auto& [field, header] : value.get_object()) {
                const std::string f(field);
                if (!IsKnown(fields, f))
                    return BadMapping("columns 中有未知字段：" + f, "Unknown field in columns: " + f);
                SG_ASSIGN_OR_RETURN(mapping.columns[f], MappingText(header, "columns." + f));
            }
        } else if (k == "values") {
            if (!value.is_object()) return BadMapping("values 应为对象", "values must be an object");
            for (const auto& [field, table] : value.get_object()) {
                const std::string f(field);
                if (!IsKnown(fields, f))
                    return BadMapping("values 中有未知字段：" + f, "Unknown field in values: " + f);
                if (!table.is_object() || table.get_object().size() > kMaxMappingEntries) {
                    return BadMapping("values." + f + " 应为对象（最多 2000 项）",
                                      "values." + f + " must be an object of at most 2000 entries");
                }
                auto& out = mapping.values[f];
                for (const auto& [from, to] : table.get_object()) {
                    SG_ASSIGN_OR_RETURN(out[std::string(from)], MappingText(to, "values." + f));
                }
            }
        } else {
            return BadMapping("映射文件中有未知的键：" + k, "Unknown key in the mapping: " + k);
        }
    }
    return mapping;
}

std::optional<CivilDate> ParseLedgerDate(std::string_view cell) {
    std::string s(TrimWhitespace(cell));
    // A date-time (xlsx date-time cells, exports with a clock): the date part decides.
    if (const size_t cut = s.find_first_of(" T"); cut != std::string::npos && cut >= 8) s.resize(cut);
    s = Replace(Replace(Replace(Replace(s, "年", "-"), "月", "-"), "日", ""), "号", "");
    if (AllDigits(s) && s.size() == 8)
        return Checked(ToInt(s.substr(0, 4)), ToInt(s.substr(4, 2)), ToInt(s.substr(6, 2)));
    if (AllDigits(s) && s.size() == 5) {
        // A day number from a cell Excel did not style as a date (counted from 1900).
        auto iso = importer::FormatSerial(ToInt(s), importer::NumKind::kDate, false);
        return iso ? ParseLedgerDate(*iso) : std::nullopt;
    }
    for (char sep : {'-', '/', '.'}) {
        const size_t a = s.find(sep);
        if (a == std::string::npos) continue;
        const size_t b = s.find(sep, a + 1);
        if (b == std::string::npos || s.find(sep, b + 1) != std::string::npos) return std::nullopt;
        const std::string_view y = std::string_view(s).substr(0, a);
        const std::string_view m = std::string_view(s).substr(a + 1, b - a - 1);
        const std::string_view d = std::string_view(s).substr(b + 1);
        if (y.size() != 4 || !AllDigits(y) || m.empty() || m.size() > 2 || !AllDigits(m) || d.empty() || d.size() > 2 ||
            !AllDigits(d)) {
            return std::nullopt;
        }
        return Checked(ToInt(y), ToInt(m), ToInt(d));
    }
    return std::nullopt;
}

bool ImportColumns::Has(const std::string& field) const {
    auto it = index.find(field);
    return it != index.end() && it->second >= 0;
}

std::string ImportColumns::Cell(const std::vector<std::string>& row, const std::string& field) const {
    auto it = index.find(field);
    if (it == index.end() || it->second < 0 || static_cast<size_t>(it->second) >= row.size()) return {};
    return std::string(TrimWhitespace(row[static_cast<size_t>(it->second)]));
}

std::string ImportColumns::HeaderOf(const std::string& field) const {
    auto it = header.find(field);
    return it == header.end() ? std::string() : it->second;
}

Result<ImportColumns> ResolveImportColumns(const importer::Table& table, const importer::ColumnMapping& mapping,
                                           const std::vector<ImportField>& fields) {
    importer::ColumnMapping resolved = mapping;
    std::vector<std::string> required;
    for (const ImportField& spec : fields) {
        const std::string f = spec.field;
        if (spec.required) required.push_back(f);
        if (mapping.columns.contains(f)) continue;
        resolved.columns[f] = spec.header;
        SG_ASSIGN_OR_RETURN(int at, importer::FindColumn(table, resolved, f));
        if (at >= 0) continue;
        resolved.columns[f] = f;
        SG_ASSIGN_OR_RETURN(at, importer::FindColumn(table, resolved, f));
        if (at < 0) resolved.columns[f] = spec.header;  // a missing column is reported by its Chinese header
    }
    ImportColumns c;
    SG_ASSIGN_OR_RETURN(auto required_at, importer::ResolveColumns(table, resolved, required));
    for (size_t i = 0; i < required.size(); ++i) c.index[required[i]] = required_at[i];
    for (const ImportField& spec : fields) {
        const std::string f = spec.field;
        if (!spec.required) {
            SG_ASSIGN_OR_RETURN(c.index[f], importer::FindColumn(table, resolved, f));
        }
        const int at = c.index[f];
        c.header[f] = at >= 0 ? table.headers[static_cast<size_t>(at)] : resolved.columns[f];
    }
    return c;
}

std::string CutText(std::string_view text, size_t max) {
    std::string s = TrimText(text);
    if (CodePointCount(s) <= max || max == 0) return s;
    size_t bytes = 0;
    for (size_t cps = 0; bytes < s.size() && cps < max - 1; ++cps) {
        ++bytes;
        while (bytes < s.size() && (static_cast<unsigned char>(s[bytes]) & 0xC0) == 0x80) ++bytes;
    }
    return s.substr(0, bytes) + "…";
}

UnixSeconds ChinaDayStart(const CivilDate& d) { return ChinaTime(d, "00:00:00"); }
UnixSeconds ChinaDayEnd(const CivilDate& d) { return ChinaTime(d, "23:59:59"); }

std::optional<std::string> TranslateCell(const importer::ColumnMapping& mapping, std::string_view field,
                                         std::string_view cell,
                                         const std::vector<std::pair<std::string, std::string>>& builtin) {
    const std::string_view trimmed = TrimWhitespace(cell);
    const auto own = mapping.values.find(std::string(field));
    if (own != mapping.values.end()) {
        if (auto v = Lookup(own->second, trimmed)) return v;
    }
    if (auto v = Lookup(builtin, trimmed)) return v;
    if (own != mapping.values.end()) {
        if (auto any = own->second.find("*"); any != own->second.end()) return any->second;
    }
    return std::nullopt;
}

void AddIssues(std::vector<ImportIssue>& out, int row, const Error& e,
               const std::function<std::string(const std::string&)>& column_of) {
    if (e.fields.empty()) {
        out.push_back({row, "", "", e.message});
        return;
    }
    for (const auto& [field, why] : e.fields) out.push_back({row, field, column_of(field), why});
}

void FinishImportReport(ImportReport& report, const importer::Table& table) {
    auto position = [&](const ImportIssue& i) {
        if (i.column.empty()) return table.headers.size();
        const auto at = std::find(table.headers.begin(), table.headers.end(), i.column);
        return static_cast<size_t>(at - table.headers.begin());
    };
    auto in_sheet_order = [&](const ImportIssue& a, const ImportIssue& b) {
        return std::make_pair(a.row, position(a)) < std::make_pair(b.row, position(b));
    };
    std::stable_sort(report.errors.begin(), report.errors.end(), in_sheet_order);
    std::stable_sort(report.warnings.begin(), report.warnings.end(), in_sheet_order);
    report.headers = table.headers;
    std::set<int> named;
    for (const auto* issues : {&report.errors, &report.warnings})
        for (const ImportIssue& i : *issues)
            if (i.row > 0) named.insert(i.row);
    report.rows.clear();
    for (size_t i = 0; i < table.rows.size() && report.rows.size() < kMaxReportRowCells; ++i) {
        if (named.contains(table.source_rows[i])) report.rows.push_back({table.source_rows[i], table.rows[i]});
    }
}

std::vector<std::string> ImportFieldNames(const std::vector<ImportField>& fields) {
    std::vector<std::string> out;
    out.reserve(fields.size());
    for (const ImportField& f : fields) out.emplace_back(f.field);
    return out;
}

}  // namespace safegrid::services

#include "importer/mapping.hpp"

#include <fmt/format.h>

#include "core/text/utf8.hpp"
#include "importer/table_builder.hpp"

namespace safegrid::importer {
namespace {

// Decodes one UTF-8 character at s[i]; returns its length (1 for a stray byte, passed through).
std::size_t DecodeOne(std::string_view s, std::size_t i, unsigned& cp) {
    std::size_t len = 1;
    const std::optional<char32_t> decoded = DecodeUtf8(s, i, len);  // the one UTF-8 rule (core/text)
    cp = decoded ? static_cast<unsigned>(*decoded) : static_cast<unsigned char>(s[i]);
    return len;
}

// Indices of the keys equal to `want`; none for an empty `want`.
std::vector<int> Matches(const std::vector<std::string>& keys, const std::string& want) {
    std::vector<int> out;
    if (want.empty()) return out;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (keys[i] == want) out.push_back(static_cast<int>(i));
    }
    return out;
}

struct Lookup {
    std::vector<std::string> exact;  // trimmed headers
    std::vector<std::string> loose;  // normalised headers

    explicit Lookup(const Table& t) {
        for (const auto& h : t.headers) {
            exact.emplace_back(TrimWhitespace(h));
            loose.push_back(NormaliseHeader(h));
        }
    }
    // The matching columns: the exact matches if any, else the loose ones.
    [[nodiscard]] std::vector<int> Find(std::string_view header) const {
        std::vector<int> m = Matches(exact, std::string(TrimWhitespace(header)));
        if (m.empty()) m = Matches(loose, NormaliseHeader(header));
        return m;
    }
};

std::string Letters(const std::vector<int>& cols) {
    std::string out;
    for (int c : cols) out += (out.empty() ? "" : ", ") + ColumnLetters(c);
    return out;
}

Text DuplicateText(std::string_view header, const std::vector<int>& cols) {
    return {fmt::format("列“{}”出现了多次（{} 列），无法确定使用哪一列", header, Letters(cols)),
            fmt::format("column \"{}\" appears more than once (columns {})", header, Letters(cols))};
}

}  // namespace

std::string NormaliseHeader(std::string_view header) {
    std::string out;
    out.reserve(header.size());
    for (std::size_t i = 0; i < header.size();) {
        unsigned cp = 0;
        const std::size_t n = DecodeOne(header, i, cp);
        if (n == 1 && cp >= 0x80) {  // not UTF-8: keep the byte, it can still match itself
            out += header[i];
            i += n;
            continue;
        }
        i += n;
        if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // fullwidth ASCII → ASCII
        if (cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 || cp == 0x3000 || cp == 0xFEFF) continue;
        if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else {
            out.append(header.substr(i - n, n));  // unchanged character, copied as it was
        }
    }
    while (!out.empty() && out.front() == '*') out.erase(0, 1);
    while (!out.empty() && out.back() == '*') out.pop_back();
    return out;
}

std::string ExpectedHeader(const ColumnMapping& mapping, std::string_view field) {
    const auto it = mapping.columns.find(std::string(field));
    return it != mapping.columns.end() ? it->second : std::string(field);
}

Result<int> FindColumn(const Table& table, const ColumnMapping& mapping, std::string_view field) {
    const std::string header = ExpectedHeader(mapping, field);
    const std::vector<int> m = Lookup(table).Find(header);
    if (m.empty()) return -1;
    if (m.size() > 1) return Invalid(std::string(field), DuplicateText(header, m));
    return m[0];
}

Result<std::vector<int>> ResolveColumns(const Table& table, const ColumnMapping& mapping,
                                        const std::vector<std::string>& required_fields) {
    const Lookup lookup(table);
    std::vector<int> out;
    std::map<std::string, Text> problems;
    std::string missing_zh;
    std::string missing_en;
    bool any_missing = false;
    for (const auto& field : required_fields) {
        const std::string header = ExpectedHeader(mapping, field);
        const std::vector<int> m = lookup.Find(header);
        if (m.size() == 1) {
            out.push_back(m[0]);
            continue;
        }
        out.push_back(-1);
        if (m.empty()) {
            any_missing = true;
            problems[field] = {fmt::format("找不到列“{}”", header), fmt::format("column \"{}\" not found", header)};
            missing_zh += (missing_zh.empty() ? "" : "、") + header;
            missing_en += (missing_en.empty() ? "" : ", ") + header;
        } else {
            problems[field] = DuplicateText(header, m);
        }
    }
    if (problems.empty()) return out;
    Error e;
    e.code = Code::kValidation;
    e.fields = std::move(problems);
    if (any_missing) {
        e.id = "import_missing_columns";
        e.message = {fmt::format("文件缺少必需的列：{}", missing_zh),
                     fmt::format("The file lacks required columns: {}", missing_en)};
    } else {
        e.id = "import_duplicate_columns";
        e.message = {"文件中有重复的列名，请修改表头后重试", "The file has duplicate column names; fix the header"};
    }
    std::string headers;
    for (const auto& h : table.headers) headers += (headers.empty() ? "" : "|") + h;
    e.internal = "headers: " + headers;
    return Fail(std::move(e));
}

std::string MapValue(const ColumnMapping& mapping, std::string_view field, std::string_view cell) {
    const std::string_view trimmed = TrimWhitespace(cell);
    const auto f = mapping.values.find(std::string(field));
    if (f == mapping.values.end()) return std::string(trimmed);
    if (const auto it = f->second.find(std::string(trimmed)); it != f->second.end()) return it->second;
    const std::string loose = NormaliseHeader(trimmed);
    for (const auto& [from, to] : f->second) {
        if (!loose.empty() && NormaliseHeader(from) == loose) return to;
    }
    return std::string(trimmed);
}

}  // namespace safegrid::importer

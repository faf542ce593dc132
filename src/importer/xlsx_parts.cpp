#include "importer/xlsx_parts.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstring>

#include "importer/table.hpp"
#include "importer/table_builder.hpp"
#include "importer/xml_reader.hpp"

namespace safegrid::importer {
namespace {

// Caps on list-like parts so a hostile file cannot make us build huge side tables.
constexpr std::size_t kMaxSheets = 10'000;
constexpr std::size_t kMaxRelationships = 100'000;
constexpr std::size_t kMaxStyles = 100'000;

int ParseInt(const char* s, int fallback) {
    if (!s) return fallback;
    int v = 0;
    const char* end = s + std::strlen(s);
    const auto [p, ec] = std::from_chars(s, end, v);
    return (ec == std::errc() && p == end) ? v : fallback;
}

bool IsTrue(const char* s) { return s && (std::strcmp(s, "1") == 0 || std::strcmp(s, "true") == 0); }

void AppendUtf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

class RelsHandler : public XmlHandler {
  public:
    explicit RelsHandler(std::string_view source) : source_(source) {}
    void OnStart(std::string_view name, const char** attrs) override {
        if (name != "Relationship") return;
        if (rels.size() >= kMaxRelationships) return;
        const char* id = Attr(attrs, "Id");
        const char* type = Attr(attrs, "Type");
        const char* target = Attr(attrs, "Target");
        if (!id || !type || !target) return;
        const char* mode = Attr(attrs, "TargetMode");
        const bool external = mode && std::strcmp(mode, "External") == 0;
        rels[id] = Relationship{type, external ? std::string() : ResolveTarget(source_, target)};
    }
    void OnEnd(std::string_view) override {}

    Relationships rels;

  private:
    std::string source_;
};

class WorkbookHandler : public XmlHandler {
  public:
    void OnStart(std::string_view name, const char** attrs) override {
        if (name == "workbookPr") {
            info.date1904 = IsTrue(Attr(attrs, "date1904"));
        } else if (name == "sheet" && info.sheets.size() < kMaxSheets) {
            const char* sheet_name = Attr(attrs, "name");
            const char* id = Attr(attrs, "id");  // r:id
            const char* state = Attr(attrs, "state");
            if (!sheet_name || !id) return;
            info.sheets.push_back({sheet_name, id, state && std::strcmp(state, "visible") != 0});
        }
    }
    void OnEnd(std::string_view) override {}

    WorkbookInfo info;
};

class SharedStringsHandler : public XmlHandler {
  public:
    void OnStart(std::string_view name, const char**) override {
        if (name == "si") {
            in_si_ = true;
            current_.clear();
        } else if (name == "rPh") {
            ++in_phonetic_;
        } else if (name == "t" && in_si_ && in_phonetic_ == 0) {
            in_t_ = true;
        }
    }
    void OnEnd(std::string_view name) override {
        if (name == "t") {
            in_t_ = false;
        } else if (name == "rPh") {
            if (in_phonetic_ > 0) --in_phonetic_;
        } else if (name == "si" && in_si_) {
            in_si_ = false;
            if (strings.size() >= kMaxCells) {
                Stop(ImportError(Code::kTooLarge, "xlsx_too_many_strings", -1, -1, "工作簿中的文本过多",
                                 "the workbook holds too many texts"));
                return;
            }
            strings.push_back(CleanXlsxText(current_));
        }
    }
    void OnText(std::string_view text) override {
        if (!in_t_) return;
        // Keep at most one byte past the limit: enough for the using cell to report it.
        const std::size_t room = kMaxCellBytes + 1 - std::min(current_.size(), kMaxCellBytes + 1);
        current_.append(text.substr(0, room));
    }

    std::vector<std::string> strings;

  private:
    bool in_si_ = false;
    bool in_t_ = false;
    int in_phonetic_ = 0;
    std::string current_;
};

class StylesHandler : public XmlHandler {
  public:
    void OnStart(std::string_view name, const char** attrs) override {
        if (name == "numFmts") {
            in_num_fmts_ = true;
        } else if (name == "numFmt" && in_num_fmts_) {  // dxfs hold numFmt elements too; not ours
            const char* code = Attr(attrs, "formatCode");
            const int id = ParseInt(Attr(attrs, "numFmtId"), -1);
            if (code && id >= 0 && custom_.size() < kMaxStyles) custom_[id] = FormatCodeKind(code);
        } else if (name == "cellXfs") {
            in_cell_xfs_ = true;
        } else if (name == "xf" && in_cell_xfs_ && fmt_ids_.size() < kMaxStyles) {
            fmt_ids_.push_back(ParseInt(Attr(attrs, "numFmtId"), 0));
        }
    }
    void OnEnd(std::string_view name) override {
        if (name == "numFmts") in_num_fmts_ = false;
        if (name == "cellXfs") in_cell_xfs_ = false;
    }

    std::vector<NumKind> Kinds() const {
        std::vector<NumKind> kinds;
        kinds.reserve(fmt_ids_.size());
        for (int id : fmt_ids_) {
            const auto it = custom_.find(id);
            kinds.push_back(it != custom_.end() ? it->second : BuiltinNumKind(id));
        }
        return kinds;
    }

  private:
    bool in_num_fmts_ = false;
    bool in_cell_xfs_ = false;
    std::map<int, NumKind> custom_;
    std::vector<int> fmt_ids_;
};

}  // namespace

bool RelTypeIs(std::string_view type, std::string_view last_segment) {
    return type.size() > last_segment.size() && type.ends_with(last_segment) &&
           type[type.size() - last_segment.size() - 1] == '/';
}

std::string RelsPartFor(std::string_view part) {
    const std::size_t slash = part.rfind('/');
    const std::string_view dir = slash == std::string_view::npos ? std::string_view() : part.substr(0, slash + 1);
    const std::string_view file = slash == std::string_view::npos ? part : part.substr(slash + 1);
    return fmt::format("{}_rels/{}.rels", dir, file);
}

std::string ResolveTarget(std::string_view source_part, std::string_view target) {
    std::string path;
    if (target.starts_with('/')) {
        path = target.substr(1);
    } else {
        const std::size_t slash = source_part.rfind('/');
        if (slash != std::string_view::npos) path = source_part.substr(0, slash + 1);
        path += target;
    }
    std::vector<std::string_view> segments;
    std::string_view rest = path;
    while (!rest.empty()) {
        const std::size_t slash = rest.find('/');
        const std::string_view seg = rest.substr(0, slash);
        rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
        if (seg.empty() || seg == ".") continue;
        if (seg == "..") {
            if (segments.empty()) return {};
            segments.pop_back();
        } else {
            segments.push_back(seg);
        }
    }
    std::string out;
    for (const auto& seg : segments) {
        if (!out.empty()) out += '/';
        out += seg;
    }
    return out;
}

Result<Relationships> ReadRelationships(ZipArchive& zip, std::string_view source_part) {
    RelsHandler h(source_part);
    SG_TRY(ParseXmlPart(zip, RelsPartFor(source_part), h));
    return std::move(h.rels);
}

Result<WorkbookInfo> ReadWorkbook(ZipArchive& zip, std::string_view part) {
    WorkbookHandler h;
    SG_TRY(ParseXmlPart(zip, part, h));
    return std::move(h.info);
}

Result<std::vector<std::string>> ReadSharedStrings(ZipArchive& zip, std::string_view part) {
    SharedStringsHandler h;
    SG_TRY(ParseXmlPart(zip, part, h));
    return std::move(h.strings);
}

Result<std::vector<NumKind>> ReadStyles(ZipArchive& zip, std::string_view part) {
    StylesHandler h;
    SG_TRY(ParseXmlPart(zip, part, h));
    return h.Kinds();
}

std::string CleanXlsxText(std::string_view s) {
    std::string decoded;
    decoded.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_') {
            unsigned cp = 0;
            const auto [p, ec] = std::from_chars(s.data() + i + 2, s.data() + i + 6, cp, 16);
            if (ec == std::errc() && p == s.data() + i + 6 && (cp < 0xD800 || cp > 0xDFFF)) {
                if (cp != 0) AppendUtf8(decoded, cp);  // a NUL would only cause trouble downstream
                i += 6;
                continue;
            }
        }
        decoded += s[i];
    }
    std::string out;
    out.reserve(decoded.size());
    for (std::size_t i = 0; i < decoded.size(); ++i) {
        if (decoded[i] != '\r') {
            out += decoded[i];
        } else {
            out += '\n';
            if (i + 1 < decoded.size() && decoded[i + 1] == '\n') ++i;
        }
    }
    return out;
}

}  // namespace safegrid::importer

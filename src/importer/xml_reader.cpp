#include "importer/xml_reader.hpp"

#include <expat.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "importer/table_builder.hpp"

namespace safegrid::importer {
namespace {

std::string_view LocalName(const char* name) {
    const char* colon = std::strrchr(name, ':');
    return colon ? std::string_view(colon + 1) : std::string_view(name);
}

Error MalformedXml(std::string_view part, long line, std::string_view why) {
    Error e = ImportError(
        Code::kMalformed, "xlsx_malformed", -1, -1,
        fmt::format("xlsx 文件内容有误（{} 第 {} 行）。请在 Excel 中打开后重新保存", part, line),
        fmt::format("the .xlsx is malformed ({}, line {}: {}); open it in Excel and save it again", part, line, why));
    e.internal = fmt::format("expat: {} line {}: {}", part, line, why);
    return e;
}

}  // namespace

const char* XmlHandler::Attr(const char** attrs, std::string_view local) {
    for (const char** a = attrs; a && a[0]; a += 2) {
        if (std::strncmp(a[0], "xmlns", 5) == 0) continue;
        if (LocalName(a[0]) == local) return a[1];
    }
    return nullptr;
}

void XmlHandler::Stop(Error e) {
    if (!error) error = std::move(e);
    if (parser_) XML_StopParser(static_cast<XML_Parser>(parser_), XML_FALSE);
}

// Owns the expat parser and routes its callbacks to a handler.
class XmlParser {
  public:
    XmlParser(XmlHandler& handler, std::string_view part) : handler_(handler), part_(part) {
        parser_ = XML_ParserCreate("UTF-8");
        if (!parser_) return;
        handler_.parser_ = parser_;
        XML_SetUserData(parser_, this);
        XML_SetElementHandler(parser_, &XmlParser::Start, &XmlParser::End);
        XML_SetCharacterDataHandler(parser_, &XmlParser::Text);
        XML_SetStartDoctypeDeclHandler(parser_, &XmlParser::Doctype);
    }
    ~XmlParser() {
        handler_.parser_ = nullptr;
        if (parser_) XML_ParserFree(parser_);
    }
    XmlParser(const XmlParser&) = delete;
    XmlParser& operator=(const XmlParser&) = delete;

    Status Feed(std::string_view chunk, bool final) {
        if (!parser_) return Internal("XML_ParserCreate failed");
        // XML_Parse takes an int length; feed big buffers in slices.
        do {
            const std::size_t n = std::min<std::size_t>(chunk.size(), 1u << 20);
            const bool last = final && n == chunk.size();
            const XML_Status st = XML_Parse(parser_, chunk.data(), static_cast<int>(n), last ? XML_TRUE : XML_FALSE);
            if (handler_.error) return Fail(*handler_.error);
            if (st != XML_STATUS_OK) {
                return Fail(MalformedXml(part_, static_cast<long>(XML_GetCurrentLineNumber(parser_)),
                                         XML_ErrorString(XML_GetErrorCode(parser_))));
            }
            chunk.remove_prefix(n);
        } while (!chunk.empty());
        return {};
    }

  private:
    static void Start(void* ud, const XML_Char* name, const XML_Char** attrs) {
        auto* self = static_cast<XmlParser*>(ud);
        if (!self->handler_.error) self->handler_.OnStart(LocalName(name), attrs);
    }
    static void End(void* ud, const XML_Char* name) {
        auto* self = static_cast<XmlParser*>(ud);
        if (!self->handler_.error) self->handler_.OnEnd(LocalName(name));
    }
    static void Text(void* ud, const XML_Char* s, int len) {
        auto* self = static_cast<XmlParser*>(ud);
        if (!self->handler_.error && len > 0) self->handler_.OnText(std::string_view(s, static_cast<std::size_t>(len)));
    }
    static void Doctype(void* ud, const XML_Char*, const XML_Char*, const XML_Char*, int) {
        auto* self = static_cast<XmlParser*>(ud);
        self->handler_.Stop(MalformedXml(self->part_, static_cast<long>(XML_GetCurrentLineNumber(self->parser_)),
                                         "DOCTYPE is not allowed"));
    }

    XmlHandler& handler_;
    std::string part_;
    XML_Parser parser_ = nullptr;
};

Status ParseXmlPart(ZipArchive& zip, std::string_view part, XmlHandler& handler) {
    XmlParser parser(handler, part);
    SG_TRY(zip.Read(part, [&](std::string_view chunk) { return parser.Feed(chunk, false); }));
    return parser.Feed({}, true);
}

Status ParseXmlString(std::string_view xml, std::string_view part, XmlHandler& handler) {
    XmlParser parser(handler, part);
    return parser.Feed(xml, true);
}

}  // namespace safegrid::importer

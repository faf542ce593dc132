// A thin SAX layer over expat for the parts of an .xlsx.
//
// Element and attribute names reach handlers without their namespace prefix ("x:c" → "c"),
// because some writers (.NET's OpenXML SDK among them) prefix every SpreadsheetML element and the
// parts we read never mix two vocabularies that share a local name. A DOCTYPE is refused outright:
// no part of an .xlsx has one, and refusing it shuts out entity-expansion attacks.
//
// Thread-safety: one parser per part; not shareable.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "importer/zip_archive.hpp"

namespace safegrid::importer {

class XmlHandler {
  public:
    virtual ~XmlHandler() = default;
    virtual void OnStart(std::string_view name, const char** attrs) = 0;
    virtual void OnEnd(std::string_view name) = 0;
    virtual void OnText(std::string_view /*text*/) {}

    // Looks up attribute `local` (prefix ignored, xmlns declarations skipped); nullptr if absent.
    static const char* Attr(const char** attrs, std::string_view local);

    // Set by a handler that found a problem; parsing stops and the error is returned.
    std::optional<Error> error;

  protected:
    // Records `e` (the first one wins) and asks expat to stop.
    void Stop(Error e);

  private:
    friend class XmlParser;
    void* parser_ = nullptr;  // the XML_Parser feeding this handler, set while parsing
};

// Parses one part of `zip` with `handler`. `part` names the part in error messages.
Status ParseXmlPart(ZipArchive& zip, std::string_view part, XmlHandler& handler);

// Parses XML held in memory (for tests and callers that already have the text).
Status ParseXmlString(std::string_view xml, std::string_view part, XmlHandler& handler);

}  // namespace safegrid::importer

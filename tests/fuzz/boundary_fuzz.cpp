// Untrusted "boundary" bytes → JSON parse → BoundaryFromJson → core CanonicalBoundary, as
// POST/PATCH /api/v1/regions read them. Looks for crashes and sanitizer reports, and checks:
//   - every refusal is a 422 on "boundary" (never another code or field);
//   - an accepted boundary's canonical text parses back to the same boundary, and is itself
//     accepted with the same text (canonical means a fixed point).
#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/region/boundary.hpp"
#include "http/json/boundary_json.hpp"

using namespace safegrid;

namespace {

void RefusalMustBe422OnBoundary(const Error& e) {
    if (e.code != Code::kValidation || e.fields.size() != 1 || !e.fields.count("boundary")) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    boost::system::error_code ec;
    boost::json::value value = boost::json::parse(std::string_view(reinterpret_cast<const char*>(data), size), ec);
    if (ec) return 0;  // not JSON: the body reader's 400, fuzzed by json_body_fuzz
    auto boundary = http::json::BoundaryFromJson(value);
    if (!boundary) {
        RefusalMustBe422OnBoundary(boundary.error());
        return 0;
    }
    auto text = CanonicalBoundary(*boundary);
    if (!text) {
        RefusalMustBe422OnBoundary(text.error());
        return 0;
    }
    boost::json::value again = boost::json::parse(*text, ec);
    if (ec) std::abort();
    auto reread = http::json::BoundaryFromJson(again);
    if (!reread) std::abort();
    auto text_again = CanonicalBoundary(*reread);
    if (!text_again || *text_again != *text) std::abort();
    return 0;
}

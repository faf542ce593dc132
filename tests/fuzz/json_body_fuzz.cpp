// Untrusted body bytes → ParseObject → FieldReader, as every POST/PATCH handler reads them.
// Looks for crashes, sanitizer reports and 5xx-class errors on bad input (there must be none).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "http/json/body.hpp"

using namespace safegrid;
using namespace safegrid::http;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Request request;
    request.method = Method::kPost;
    // The first byte picks a Content-Type, so the media-type check is fuzzed too.
    static const char* kTypes[] = {"application/json", "application/json; charset=utf-8", "text/plain",
                                   "application/json; charset=gbk"};
    if (size > 0) {
        request.headers["content-type"] = kTypes[data[0] % 4];
        ++data;
        --size;
    }
    request.body.assign(reinterpret_cast<const char*>(data), size);
    auto object = json::ParseObject(request);
    if (!object) {
        // Bad input must be a client error, never an internal one.
        if (object.error().code != Code::kMalformed && object.error().code != Code::kUnsupportedMedia) std::abort();
        return 0;
    }
    json::FieldReader in(*object);
    in.String("name", {.required = true, .max_len = 200});
    in.String("description", {.max_len = 5000, .allow_empty = true});
    in.Int("employees", {.min = 0, .max = 1'000'000});
    in.Int("enterprise_id");
    in.Double("lat", {.min = -90, .max = 90});
    in.Bool("active");
    in.StringArray("tags");
    in.IntArray("attachments");
    in.Time("due_at");
    (void)in.Has("version");
    (void)in.IsExplicitNull("grid_id");
    auto status = in.Finish();
    if (!status && status.error().code != Code::kValidation) std::abort();
    return 0;
}

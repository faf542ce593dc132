// Reading request bodies and query strings into typed values, with the contract's errors:
// not JSON / not an object → 400 "malformed_json"; wrong Content-Type → 415; a field of the
// wrong type, out of range or too long → 422 with one entry per field.
//
// Usage:
//   SG_ASSIGN_OR_RETURN(auto obj, ParseObject(request));
//   FieldReader in(obj);
//   auto name = in.String("name", {.required = true, .max_len = 200});
//   auto employees = in.Int("employees", {.min = 0, .max = 1'000'000});
//   SG_TRY(in.Finish());   // 422 with every field problem at once
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "http/message.hpp"

namespace safegrid::http::json {

Result<boost::json::object> ParseObject(const Request& request);

struct StringRule {
    bool required = false;
    size_t max_len = 1000;  // in UTF-8 code points
    bool allow_empty = false;
};
struct IntRule {
    bool required = false;
    int64_t min = INT64_MIN;
    int64_t max = INT64_MAX;
};
struct DoubleRule {
    bool required = false;
    double min = -1e300;
    double max = 1e300;
};

class FieldReader {
  public:
    explicit FieldReader(const boost::json::object& object) : object_(object) {}
    // The reader keeps a reference: reading a temporary (FieldReader in(*ParseObject(r))) would dangle.
    explicit FieldReader(boost::json::object&&) = delete;
    // Each returns nullopt when absent or null (and records an error if required or mistyped).
    std::optional<std::string> String(const char* key, StringRule rule = {});
    std::optional<int64_t> Int(const char* key, IntRule rule = {});
    std::optional<double> Double(const char* key, DoubleRule rule = {});
    std::optional<bool> Bool(const char* key, bool required = false);
    std::optional<std::vector<std::string>> StringArray(const char* key, bool required = false);
    std::optional<std::vector<int64_t>> IntArray(const char* key, bool required = false);
    // RFC 3339 time (or YYYY-MM-DD = end of that day, China time) → Unix seconds.
    std::optional<int64_t> Time(const char* key, bool required = false);
    [[nodiscard]] bool Has(const char* key) const;             // present, even if null
    [[nodiscard]] bool IsExplicitNull(const char* key) const;  // present and null (PATCH: clear it)
    void AddError(std::string field, Text why) { validation_.Add(std::move(field), std::move(why)); }
    [[nodiscard]] Status Finish() const;

  private:
    const boost::json::object& object_;
    Validation validation_;
};

struct Page {
    int64_t page = 1;
    int64_t size = 20;
    [[nodiscard]] int64_t Offset() const { return (page - 1) * size; }
};
// page ≥ 1, 1 ≤ page_size ≤ 200 (default 20); anything else → 422 naming the parameter.
Result<Page> ParsePage(const Request& request);
Result<std::optional<int64_t>> QueryInt(const Request& request, const char* name);
Result<std::optional<bool>> QueryBool(const Request& request, const char* name);

// {"items": items, "total": total, "page": p, "page_size": s}
boost::json::object ListBody(boost::json::array items, int64_t total, const Page& page);
// Path parameter {name} as a positive id; anything else → 404 (an id that cannot exist is not found).
Result<int64_t> PathId(const Request& request, const char* name = "id");

}  // namespace safegrid::http::json

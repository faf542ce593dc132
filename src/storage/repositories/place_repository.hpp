// SQL for the places behind QR posters (0016_places.sql): an opaque code that names a region or an
// enterprise, printed as {public-url}/report?place=CODE. services/place_service.hpp draws the codes.
//
// Stateless: each method runs on the connection it is given, inside the caller's transaction.
// Thread-safety: as the Connection (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/time.hpp"
#include "storage/db.hpp"

namespace safegrid::storage {

// One row of `places`: exactly one of region_id and enterprise_id is set.
struct PlaceRecord {
    int64_t id = 0;
    std::string code;
    int64_t town_id = 0;
    std::optional<int64_t> region_id;
    std::optional<int64_t> enterprise_id;
    UnixSeconds created_at = 0;
};

class PlaceRepository {
  public:
    explicit PlaceRepository(Connection& conn) : conn_(conn) {}

    // Inserts `p` (its id ignored). nullopt when its code, region or enterprise has a row already
    // (nothing written; the transaction stays usable on PostgreSQL: ON CONFLICT DO NOTHING).
    Result<std::optional<int64_t>> Insert(const PlaceRecord& p);
    // The place printed as `code` (exact match); nullopt when unknown.
    Result<std::optional<PlaceRecord>> FindByCode(const std::string& code);
    // The place of a region or of an enterprise; nullopt when no poster was made for it yet.
    Result<std::optional<PlaceRecord>> FindByRegion(int64_t region_id);
    Result<std::optional<PlaceRecord>> FindByEnterprise(int64_t enterprise_id);

  private:
    Result<std::optional<PlaceRecord>> FindOne(const char* column, const Value& value);

    Connection& conn_;
};

}  // namespace safegrid::storage

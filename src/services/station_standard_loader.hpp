// Reads the shared micro_fire_station_equipment.json (the station types, standard_equipment with
// their MFS-EQ-NN codes and requirement texts, suggested_minimum_quantities) into core's
// StationStandard (core/station/station.hpp builds the table of minimums from those texts).
// Nothing of the file is retyped in code.
//
// Thread-safety: free functions without shared state.
#pragma once

#include <filesystem>
#include <string_view>

#include "core/error.hpp"
#include "core/station/station.hpp"

namespace safegrid::services {

inline constexpr std::string_view kStationStandardFile = "micro_fire_station_equipment.json";

// Not JSON or the wrong shape (no types, no equipment, an item without id) → kMalformed
// "station_standard_malformed" (`internal` says where).
Result<station::StationStandard> ParseStationStandard(std::string_view json_text);
// Reads kStationStandardFile from `standards_dir`; a missing file → kInternal "station_standard_missing".
Result<station::StationStandard> LoadStationStandard(const std::filesystem::path& standards_dir);

}  // namespace safegrid::services

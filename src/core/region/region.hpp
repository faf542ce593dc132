// The region tree (分区包片网格): [county →] town → villages → grids, each with a named person answering for it.
//
// Rules (DESIGN.md, CONTRACT "Regions"):
//   - a county has no parent; a town has none or a county (single-town stores keep null);
//   - a village sits under a town, a grid under a village; nothing else nests;
//   - a county is not a path column: its row carries town_id = its own id (no scoped data sits there),
//     and its towns are the town rows whose parent_id is the county (town_id stays every row's shard key);
//   - every region carries its own path: a town row has town_id = its id; a village row town_id of
//     its town and village_id = its id; a grid row all three. A scope test on a region is then the
//     same one equality as on any other scoped row.
//
// Pure types and rules; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/region/text.hpp"

namespace safegrid {

enum class RegionKind : uint8_t { kTown, kVillage, kGrid, kCounty };

std::string_view RegionKindName(RegionKind kind);
std::optional<RegionKind> ParseRegionKind(std::string_view name);

struct Responsible {
    std::string name;
    std::string phone;
    std::optional<int64_t> user_id;
};

struct Region {
    int64_t id = 0;
    std::string name;
    RegionKind kind = RegionKind::kTown;
    std::string code;  // official division code (e.g. 330282110); may be empty
    std::optional<int64_t> parent_id;
    RegionPath path;  // includes the region itself at its own level
    Responsible responsible;
    // Canonical GeoJSON text (core/region/boundary.hpp), or none. Loaded by FindById only: the tree
    // and the other lists leave it empty, whatever the row holds.
    std::optional<std::string> boundary;
    int64_t version = 1;
    int64_t created_at = 0;
    int64_t updated_at = 0;
};

// The kind a child of `parent` must have; nullopt for a grid (leaf). A null parent: a town (a county
// is the other kind allowed there, see CheckRegionParent).
std::optional<RegionKind> ChildKindOf(std::optional<RegionKind> parent);

// Checks `kind` may sit under `parent_kind` (null = no parent). 422 on "parent_id" when not.
Status CheckRegionParent(RegionKind kind, std::optional<RegionKind> parent_kind);

// The path of a new region of `kind` under a parent with `parent_path`, before the new id is known
// (the store fills the region's own level with its id after the insert).
RegionPath ChildPath(const RegionPath& parent_path);

// The path completed with the region's own id at its own level.
RegionPath WithOwnId(RegionPath path, RegionKind kind, int64_t id);

// Field rules shared by create and update: name 1..100 code points, code ≤ 32 of [0-9A-Za-z-],
// responsible name ≤ 50, phone ≤ 32 of digits and + - ( ) space # , 转.
void ValidateRegionFields(const std::string& name, const std::string& code, const Responsible& responsible,
                          Validation& v);

}  // namespace safegrid

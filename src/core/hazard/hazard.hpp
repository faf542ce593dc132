// The vocabulary of a hazard (隐患): its grade, its status in the closed loop and the actions that
// move it. The wire names (CONTRACT.md "Hazards and their closed loop") are the *Name() strings;
// the *LabelZh() strings are what printed documents and spreadsheets show.
//
// The legal grade is binary (DOMAIN.md §2.2: 一般/重大, 16号令 §3); internal sub-levels such as the
// fire standard's "high"/"low" are kept on checklist items, never on the hazard.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace safegrid {

enum class Severity : uint8_t { kGeneral, kMajor };

enum class HazardStatus : uint8_t { kReported, kRectifying, kSubmitted, kClosed, kRejected };

enum class HazardAction : uint8_t { kConfirm, kReject, kSubmit, kApprove, kReturn, kExtend, kAssign };

inline constexpr std::array kAllSeverities = {Severity::kGeneral, Severity::kMajor};
inline constexpr std::array kAllHazardStatuses = {HazardStatus::kReported, HazardStatus::kRectifying,
                                                  HazardStatus::kSubmitted, HazardStatus::kClosed,
                                                  HazardStatus::kRejected};
inline constexpr std::array kAllHazardActions = {HazardAction::kConfirm, HazardAction::kReject, HazardAction::kSubmit,
                                                 HazardAction::kApprove, HazardAction::kReturn, HazardAction::kExtend,
                                                 HazardAction::kAssign};

// Open hazards (未销号): confirmed and not yet closed, i.e. being rectified or waiting for
// acceptance. They count towards an enterprise's risk grade and the "major open" figure; the
// storage layer filters on exactly this list (never a copy of it).
inline constexpr std::array kOpenHazardStatuses = {HazardStatus::kRectifying, HazardStatus::kSubmitted};
constexpr bool IsOpenHazard(HazardStatus status) {
    for (HazardStatus open : kOpenHazardStatuses)
        if (open == status) return true;
    return false;
}

// "general" | "major"
std::string_view SeverityName(Severity severity);
std::optional<Severity> ParseSeverity(std::string_view name);
// "一般隐患" | "重大隐患"
std::string_view SeverityLabelZh(Severity severity);

// "reported" | "rectifying" | "submitted" | "closed" | "rejected"
std::string_view HazardStatusName(HazardStatus status);
std::optional<HazardStatus> ParseHazardStatus(std::string_view name);
// "待确认" | "整改中" | "待验收" | "已销号" | "已驳回"
std::string_view HazardStatusLabelZh(HazardStatus status);

// "confirm" | "reject" | "submit" | "approve" | "return" | "extend" | "assign"
std::string_view HazardActionName(HazardAction action);
std::optional<HazardAction> ParseHazardAction(std::string_view name);

}  // namespace safegrid

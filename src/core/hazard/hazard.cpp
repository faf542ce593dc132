#include "core/hazard/hazard.hpp"

namespace safegrid {

std::string_view SeverityName(Severity severity) {
    switch (severity) {
        case Severity::kGeneral:
            return "general";
        case Severity::kMajor:
            return "major";
    }
    return "general";
}

std::optional<Severity> ParseSeverity(std::string_view name) {
    for (Severity s : kAllSeverities)
        if (SeverityName(s) == name) return s;
    return std::nullopt;
}

std::string_view SeverityLabelZh(Severity severity) { return severity == Severity::kMajor ? "重大隐患" : "一般隐患"; }

std::string_view HazardStatusName(HazardStatus status) {
    switch (status) {
        case HazardStatus::kReported:
            return "reported";
        case HazardStatus::kRectifying:
            return "rectifying";
        case HazardStatus::kSubmitted:
            return "submitted";
        case HazardStatus::kClosed:
            return "closed";
        case HazardStatus::kRejected:
            return "rejected";
    }
    return "reported";
}

std::optional<HazardStatus> ParseHazardStatus(std::string_view name) {
    for (HazardStatus s : kAllHazardStatuses)
        if (HazardStatusName(s) == name) return s;
    return std::nullopt;
}

std::string_view HazardStatusLabelZh(HazardStatus status) {
    switch (status) {
        case HazardStatus::kReported:
            return "待确认";
        case HazardStatus::kRectifying:
            return "整改中";
        case HazardStatus::kSubmitted:
            return "待验收";
        case HazardStatus::kClosed:
            return "已销号";
        case HazardStatus::kRejected:
            return "已驳回";
    }
    return "待确认";
}

std::string_view HazardActionName(HazardAction action) {
    switch (action) {
        case HazardAction::kConfirm:
            return "confirm";
        case HazardAction::kReject:
            return "reject";
        case HazardAction::kSubmit:
            return "submit";
        case HazardAction::kApprove:
            return "approve";
        case HazardAction::kReturn:
            return "return";
        case HazardAction::kExtend:
            return "extend";
        case HazardAction::kAssign:
            return "assign";
    }
    return "confirm";
}

std::optional<HazardAction> ParseHazardAction(std::string_view name) {
    for (HazardAction a : kAllHazardActions)
        if (HazardActionName(a) == name) return a;
    return std::nullopt;
}

}  // namespace safegrid

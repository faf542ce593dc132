#include "core/enterprise/enterprise.hpp"

#include <cmath>

#include "core/enterprise/credit_code.hpp"
#include "core/region/text.hpp"

namespace safegrid {
namespace {

void CheckPhone(Validation& v, const char* field, const std::string& phone) {
    if (!IsValidUtf8(phone) || !IsPlausiblePhone(phone)) v.Add(field, {"电话号码格式不正确", "Not a phone number"});
}

bool IsIndustryCode(const std::string& code) {
    if (code.size() > kMaxIndustryCode) return false;
    for (char c : code) {
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return false;
    }
    return true;
}

}  // namespace

void ValidateEnterprise(Enterprise& e, Validation& v) {
    e.name = TrimText(e.name);
    e.address = TrimText(e.address);
    e.contact_name = TrimText(e.contact_name);
    e.contact_phone = TrimText(e.contact_phone);
    e.industry_code = TrimText(e.industry_code);
    for (char& c : e.industry_code) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    CheckText(v, "name", e.name, kMaxEnterpriseName, true);
    CheckText(v, "address", e.address, kMaxAddress, false);
    CheckText(v, "contact_name", e.contact_name, kMaxPersonName, false);
    CheckPhone(v, "contact_phone", e.contact_phone);
    if (!IsIndustryCode(e.industry_code)) {
        v.Add("industry_code", {"行业代码应为字母和数字（如C1810）", "Letters and digits only, e.g. C1810"});
    }
    auto code = ParseCreditCode(e.credit_code);
    if (code) {
        e.credit_code = *code;
    } else {
        for (auto& [field, why] : code.error().fields) v.Add(field, why);
    }
    if (e.employees && (*e.employees < 0 || *e.employees > kMaxEmployees)) {
        v.Add("employees", {"从业人数应在0到10000000之间", "Must be between 0 and 10000000"});
    }
    // NaN compares false with everything, so test the accepted range rather than the rejected one.
    if (e.lat && !(std::isfinite(*e.lat) && *e.lat >= -90 && *e.lat <= 90)) {
        v.Add("lat", {"纬度应在-90到90之间", "Latitude must be between -90 and 90"});
    }
    if (e.lng && !(std::isfinite(*e.lng) && *e.lng >= -180 && *e.lng <= 180)) {
        v.Add("lng", {"经度应在-180到180之间", "Longitude must be between -180 and 180"});
    }
    if (e.lat.has_value() != e.lng.has_value()) {
        v.Add(e.lat ? "lng" : "lat", {"经纬度须同时填写", "Give both latitude and longitude, or neither"});
    }
}

void ValidateBuilding(Building& b, Validation& v) {
    b.name = TrimText(b.name);
    b.address = TrimText(b.address);
    b.landlord_name = TrimText(b.landlord_name);
    b.landlord_phone = TrimText(b.landlord_phone);
    CheckText(v, "name", b.name, kMaxEnterpriseName, true);
    CheckText(v, "address", b.address, kMaxAddress, false);
    CheckText(v, "landlord_name", b.landlord_name, kMaxPersonName, false);
    CheckPhone(v, "landlord_phone", b.landlord_phone);
    if (b.floors && (*b.floors < 1 || *b.floors > kMaxFloors)) {
        v.Add("floors", {"层数应在1到200之间", "Must be between 1 and 200"});
    }
    if (b.area_m2 && !(std::isfinite(*b.area_m2) && *b.area_m2 >= 0 && *b.area_m2 <= kMaxAreaM2)) {
        v.Add("area_m2", {"面积应在0到10000000平方米之间", "Must be between 0 and 10000000 m²"});
    }
    if (b.people_sleeping < 0 || b.people_sleeping > kMaxPeopleSleeping) {
        v.Add("people_sleeping", {"住宿人数应在0到100000之间", "Must be between 0 and 100000"});
    }
    if (b.height_m && !(std::isfinite(*b.height_m) && *b.height_m >= 0 && *b.height_m <= kMaxHeightM)) {
        v.Add("height_m", {"建筑高度应在0到1000米之间", "Must be between 0 and 1000 m"});
    }
}

}  // namespace safegrid

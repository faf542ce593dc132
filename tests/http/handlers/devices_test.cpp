#include "http/handlers/devices.hpp"

#include <gtest/gtest.h>

#include "http/handlers/registry_http.hpp"

namespace safegrid::http {
namespace {

// The contract's first "Devices and alarms" line over HTTP: codes, keys and the 422 fields.
class DevicesHttp : public test::RegistryHttp {
  protected:
    void SetUp() override {
        RegistryHttp::SetUp();
        if (IsSkipped() || HasFailure()) return;
        devices_ = std::make_unique<services::DeviceService>(w_->store->shared(), w_->clock, *w_->audit);
        RegisterDeviceRoutes(router_, *devices_);
        auto created = Post("/api/v1/devices", "town", Gb("UITD-1", "5"));
        ASSERT_EQ(created.status, 201) << boost::json::serialize(created.body);
        device_ = created.Int("id");
    }

    std::string Gb(const std::string& serial, const std::string& address) const {
        return R"({"enterprise_id":)" + Id(w_->ent1a) + R"(,"kind":"fire_panel","serial":")" + serial +
               R"(","protocol":"gb26875","unit_address":)" + address + "}";
    }
    std::string Mqtt(const std::string& serial, const std::string& extra = "") const {
        return R"({"enterprise_id":)" + Id(w_->ent1a) + R"(,"kind":"smoke_detector","serial":")" + serial +
               R"(","protocol":"mqtt")" + extra + "}";
    }

    std::unique_ptr<services::DeviceService> devices_;
    int64_t device_ = 0;
};

TEST_P(DevicesHttp, CreateIs201AndReadsCarryTheContractKeys) {
    auto reply = Get("/api/v1/devices/" + Id(device_), "inspector");
    ASSERT_EQ(reply.status, 200);
    for (const char* key : {"id", "enterprise_id", "kind", "serial", "protocol", "unit_address", "online",
                            "last_seen_at", "state", "version", "components"}) {
        EXPECT_TRUE(reply.body.as_object().contains(key)) << key;
    }
    EXPECT_EQ(reply.body.at("online"), false);
    EXPECT_TRUE(reply.body.at("last_seen_at").is_null());
    EXPECT_EQ(reply.body.at("state"), "normal");
    EXPECT_EQ(reply.Int("unit_address"), 5);
    auto mqtt = Post("/api/v1/devices", "village", Mqtt("SMK-1", R"(,"unit_address":null)"));
    ASSERT_EQ(mqtt.status, 201) << boost::json::serialize(mqtt.body);
    EXPECT_TRUE(mqtt.body.at("unit_address").is_null());
    auto list = Get("/api/v1/devices?enterprise_id=" + Id(w_->ent1a) + "&online=false", "enterprise");
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(list.Int("total"), 2);
    for (const char* key : {"items", "total", "page", "page_size"}) EXPECT_TRUE(list.body.as_object().contains(key));
    EXPECT_EQ(Get("/api/v1/devices?online=true", "town").Int("total"), 0);
    EXPECT_EQ(Get("/api/v1/devices?online=maybe", "town").status, 422);
    EXPECT_EQ(Get("/api/v1/devices?enterprise_id=" + Id(w_->ent_other), "town").status, 404);
}

TEST_P(DevicesHttp, BadInputIs422NamingTheFieldDuplicatesAre409ScopeIs404) {
    auto field = [&](const std::string& body, const char* name) {
        auto reply = Post("/api/v1/devices", "town", body);
        EXPECT_EQ(reply.status, 422) << body;
        EXPECT_TRUE(reply.HasField(name)) << body << " " << boost::json::serialize(reply.body);
    };
    field(R"({"enterprise_id":)" + Id(w_->ent1a) + R"(,"kind":"robot","serial":"X","protocol":"mqtt"})", "kind");
    field(R"({"enterprise_id":)" + Id(w_->ent1a) + R"(,"kind":"other","serial":"X","protocol":"lora"})", "protocol");
    field(Mqtt(""), "serial");
    field(Mqtt(std::string(65, 'x')), "serial");
    field(R"({"enterprise_id":)" + Id(w_->ent1a) + R"(,"kind":"fire_panel","serial":"G","protocol":"gb26875"})",
          "unit_address");
    field(Gb("G", "281474976710656"), "unit_address");
    field(Gb("G", "-1"), "unit_address");
    field(Gb("G", "\"abc\""), "unit_address");
    field(Mqtt("M", R"(,"unit_address":7)"), "unit_address");
    auto serial = Post("/api/v1/devices", "town", Gb("UITD-1", "6"));
    EXPECT_EQ(serial.status, 409);
    EXPECT_EQ(serial.body.at("error").at("code"), "device_serial_taken");
    auto address = Post("/api/v1/devices", "town", Gb("UITD-2", "5"));
    EXPECT_EQ(address.status, 409);
    EXPECT_EQ(address.body.at("error").at("code"), "device_unit_address_taken");
    EXPECT_EQ(Post("/api/v1/devices", "other_town", Mqtt("Z")).status, 404);
    EXPECT_EQ(Post("/api/v1/devices", "enterprise", Mqtt("Z")).status, 403);
    EXPECT_EQ(Post("/api/v1/devices", "inspector", Mqtt("Z")).status, 403);
    EXPECT_EQ(Get("/api/v1/devices/" + Id(device_), "other_enterprise").status, 404);
    EXPECT_EQ(Get("/api/v1/devices/" + Id(device_), "other_village").status, 404);
    EXPECT_EQ(Get("/api/v1/devices/" + Id(device_ + 100), "admin").status, 404);
    EXPECT_EQ(Get("/api/v1/devices/" + Id(device_), "").status, 401);
}

TEST_P(DevicesHttp, PatchNeedsTheVersionAndAStaleOneIs409WithTheCurrentDevice) {
    const std::string path = "/api/v1/devices/" + Id(device_);
    EXPECT_EQ(Patch(path, "village", R"({"kind":"other"})").status, 422);
    auto ok = Patch(path, "village", R"({"kind":"electrical_fire","unit_address":77})", {{"if-match", "\"1\""}});
    ASSERT_EQ(ok.status, 200) << boost::json::serialize(ok.body);
    EXPECT_EQ(ok.Int("version"), 2);
    EXPECT_EQ(ok.Int("unit_address"), 77);
    auto stale = Patch(path, "town", R"({"kind":"other","version":1})");
    ASSERT_EQ(stale.status, 409);
    EXPECT_EQ(stale.body.at("error").at("current").at("kind"), "electrical_fire");
    EXPECT_EQ(Patch(path, "town", R"({"kind":"toaster","version":2})").status, 422);
    EXPECT_EQ(Patch(path, "other_town", R"({"kind":"other","version":2})").status, 404);
    EXPECT_EQ(Patch(path, "enterprise", R"({"kind":"other","version":2})").status, 403);
}

INSTANTIATE_TEST_SUITE_P(Stores, DevicesHttp, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http

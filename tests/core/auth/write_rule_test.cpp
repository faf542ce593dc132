#include "core/auth/write_rule.hpp"

#include <gtest/gtest.h>

namespace safegrid {
namespace {

Principal As(Role role) {
    Principal p;
    p.role = role;
    return p;
}

TEST(WriteRule, OnlyTheReadOnlyRoleIsRefusedWithForbidden) {
    for (Role r : {Role::kAdmin, Role::kTown, Role::kVillage, Role::kInspector, Role::kEnterprise}) {
        EXPECT_TRUE(CanWrite(As(r))) << RoleName(r);
        EXPECT_TRUE(RequireWriter(As(r))) << RoleName(r);
    }
    const Principal county = As(Role::kCounty);
    EXPECT_FALSE(CanWrite(county));
    auto refused = RequireWriter(county);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, Code::kForbidden);
    EXPECT_EQ(refused.error().id, "forbidden");
    auto through_pointer = RequireWriter(&county);
    ASSERT_FALSE(through_pointer);
    EXPECT_EQ(through_pointer.error().code, Code::kForbidden);
}

TEST(WriteRule, TheSystemWithNoCallerWrites) { EXPECT_TRUE(RequireWriter(static_cast<const Principal*>(nullptr))); }

}  // namespace
}  // namespace safegrid

#include "http/client_address.hpp"

#include <gtest/gtest.h>

namespace safegrid::http {
namespace {

TEST(TrustedProxies, ParsesAddressesAndNetworksAndRefusesJunk) {
    auto proxies = TrustedProxies::Parse({"10.0.0.0/8", "192.0.2.7", "fd00::/8", "::1"});
    ASSERT_TRUE(proxies);
    EXPECT_TRUE(proxies->Contains("10.200.3.4"));
    EXPECT_TRUE(proxies->Contains("192.0.2.7"));
    EXPECT_FALSE(proxies->Contains("192.0.2.8"));
    EXPECT_TRUE(proxies->Contains("fd12:3456::1"));
    EXPECT_TRUE(proxies->Contains("::1"));
    EXPECT_TRUE(proxies->Contains("::ffff:10.1.1.1"));  // a dual-stack socket's view of IPv4
    EXPECT_FALSE(proxies->Contains("11.0.0.1"));
    EXPECT_FALSE(proxies->Contains("junk"));
    auto odd = TrustedProxies::Parse({"172.16.0.0/12"});
    ASSERT_TRUE(odd);
    EXPECT_TRUE(odd->Contains("172.31.255.255"));
    EXPECT_FALSE(odd->Contains("172.32.0.0"));
    for (const char* bad : {"10.0.0.0/33", "10.0.0.0/", "example.com", "::/129", "1.2.3.4/8x", ""}) {
        auto r = TrustedProxies::Parse({bad});
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, Code::kValidation);
    }
}

TEST(ClientAddress, ForwardedForIsIgnoredUnlessThePeerIsATrustedProxy) {
    const auto proxies = *TrustedProxies::Parse({"10.0.0.1"});
    EXPECT_EQ(ClientAddress("203.0.113.9", "198.51.100.1", proxies), "203.0.113.9");
    EXPECT_EQ(ClientAddress("203.0.113.9", "198.51.100.1", TrustedProxies{}), "203.0.113.9");
    EXPECT_EQ(ClientAddress("10.0.0.1", std::nullopt, proxies), "10.0.0.1");
}

TEST(ClientAddress, TakesTheRightMostAddressThatIsNotATrustedProxy) {
    const auto proxies = *TrustedProxies::Parse({"10.0.0.0/24", "192.0.2.1"});
    // The client forged "1.1.1.1"; our proxies appended what they saw, right-most last.
    EXPECT_EQ(ClientAddress("10.0.0.1", "1.1.1.1, 203.0.113.5, 192.0.2.1", proxies), "203.0.113.5");
    EXPECT_EQ(ClientAddress("10.0.0.1", "1.1.1.1,203.0.113.5", proxies), "203.0.113.5");
    EXPECT_EQ(ClientAddress("10.0.0.1", " 2001:db8::5 ", proxies), "2001:db8::5");
    EXPECT_EQ(ClientAddress("10.0.0.1", "203.0.113.5:4711", proxies), "203.0.113.5");
    EXPECT_EQ(ClientAddress("10.0.0.1", "[2001:db8::5]:4711", proxies), "2001:db8::5");
    // All hops trusted: the left-most is as far as we know.
    EXPECT_EQ(ClientAddress("10.0.0.1", "10.0.0.7, 192.0.2.1", proxies), "10.0.0.7");
    // Junk our proxy would never write: stop at the nearest trusted hop.
    EXPECT_EQ(ClientAddress("10.0.0.1", "203.0.113.5, not-an-ip", proxies), "10.0.0.1");
    EXPECT_EQ(ClientAddress("10.0.0.1", "not-an-ip, 192.0.2.1", proxies), "192.0.2.1");
}

TEST(NormalAddress, GivesOneFormPerAddress) {
    EXPECT_EQ(NormalAddress("::ffff:192.0.2.1"), "192.0.2.1");
    EXPECT_EQ(NormalAddress("2001:DB8:0:0::1"), "2001:db8::1");
    EXPECT_EQ(NormalAddress("1.2.3"), std::nullopt);
    EXPECT_EQ(NormalAddress(std::string(200, '1')), std::nullopt);
}

}  // namespace
}  // namespace safegrid::http

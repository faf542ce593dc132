// `make run` tells how a phone on the same network reaches the demo (scripts/phone-access.sh),
// and keeps serving 127.0.0.1:8080 unless asked otherwise (CONTRACT.md).
#include <gtest/gtest.h>
#include <stdio.h>

#include <string>

#include "support/server_process.hpp"

namespace safegrid::testing {
namespace {

// Runs a shell command in the source tree; stdout and stderr.
std::string Shell(const std::string& command) {
    const std::string full = "cd '" + SourceDir() + "' && " + command + " 2>&1";
    std::string output;
    FILE* pipe = popen(full.c_str(), "r");
    if (!pipe) return output;
    char buffer[4096];
    while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
    pclose(pipe);
    return output;
}

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(PhoneAccess, OnLoopbackItSaysHowToLetAPhoneInAndWhereHttpsIsExplained) {
    const std::string out = Shell("env -u SAFEGRID_TLS_CERT bash scripts/phone-access.sh 127.0.0.1:8080");
    EXPECT_TRUE(Has(out, "SAFEGRID_LISTEN=0.0.0.0:8080 make run")) << out;
    EXPECT_TRUE(Has(out, "docs/deploy.md")) << out;
    EXPECT_TRUE(Has(out, "HTTPS")) << out;
    // Either the machine's LAN addresses with the phone's URL, or why there is none.
    EXPECT_TRUE(Has(out, "then open on the phone: http://") || Has(out, "no LAN address")) << out;
    EXPECT_FALSE(Has(out, "http://127.")) << "a phone cannot open this machine's loopback\n" << out;
}

TEST(PhoneAccess, OnAllAddressesItNamesThePhoneUrlAndTheSchemeFollowsTls) {
    const std::string plain = Shell("env -u SAFEGRID_TLS_CERT bash scripts/phone-access.sh 0.0.0.0:8080");
    EXPECT_TRUE(Has(plain, "open on the phone: http://") || Has(plain, "no LAN address")) << plain;
    EXPECT_FALSE(Has(plain, "make run LISTEN=")) << "already reachable: no advice to change it\n" << plain;
    const std::string tls = Shell("SAFEGRID_TLS_CERT=cert.pem bash scripts/phone-access.sh 0.0.0.0:8443");
    EXPECT_TRUE(Has(tls, "open on the phone: https://") || Has(tls, "no LAN address")) << tls;
    EXPECT_FALSE(Has(tls, "need HTTPS")) << tls;
}

TEST(PhoneAccess, MakeRunPrintsItAndServesLoopbackUnlessAskedOtherwise) {
    // -n: print what `make run` would do, run nothing.
    const std::string run = Shell("env -u SAFEGRID_LISTEN make -n run");
    EXPECT_TRUE(Has(run, "scripts/phone-access.sh 127.0.0.1:8080")) << run;
    EXPECT_TRUE(Has(run, "--listen 127.0.0.1:8080")) << run;
    const std::string lan = Shell("SAFEGRID_LISTEN=0.0.0.0:8080 make -n run");
    EXPECT_TRUE(Has(lan, "--listen 0.0.0.0:8080")) << lan;
    EXPECT_TRUE(Has(Shell("env -u SAFEGRID_LISTEN make -n run LISTEN=0.0.0.0:9090"), "--listen 0.0.0.0:9090"));
}

}  // namespace
}  // namespace safegrid::testing

#include "http/static_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace safegrid::http {
namespace {
namespace fs = std::filesystem;

void Write(const fs::path& path, const std::string& content) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
}

std::string HeaderOf(const Response& r, const std::string& name) {
    for (const auto& [n, v] : r.headers) {
        if (n == name) return v;
    }
    return "";
}

Request Get(std::string path) {
    Request r;
    r.path = std::move(path);
    return r;
}

class StaticFilesTest : public ::testing::Test {
  protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("sg_static_" + std::to_string(::getpid()) + "_" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(root_);
        Write(root_ / "dist" / "index.html", "<html>app</html>");
        Write(root_ / "dist" / "service-worker.js", "sw");
        Write(root_ / "dist" / "assets" / "index-3f2a.js", "console.log(1)");
        Write(root_ / "dist" / "assets" / "index-3f2a.js.gz", "GZ");
        Write(root_ / "dist" / "manifest.webmanifest", "{}");
        Write(root_ / "secret.txt", "top secret");
        fs::create_directory_symlink(root_, root_ / "dist" / "escape");
    }
    void TearDown() override { fs::remove_all(root_); }

    fs::path root_;
};

TEST_F(StaticFilesTest, ServesIndexForRootWithNoCache) {
    StaticFiles web((root_ / "dist").string());
    Response r = web.Serve(Get("/"));
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "<html>app</html>");
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
    EXPECT_EQ(HeaderOf(r, "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, ServesFilesWithTypesAndCachePolicy) {
    StaticFiles web((root_ / "dist").string());
    Response sw = web.Serve(Get("/service-worker.js"));
    EXPECT_EQ(sw.body, "sw");
    EXPECT_EQ(sw.content_type, "text/javascript; charset=utf-8");
    EXPECT_EQ(HeaderOf(sw, "Cache-Control"), "no-cache");
    Response asset = web.Serve(Get("/assets/index-3f2a.js"));
    EXPECT_EQ(asset.body, "console.log(1)");
    EXPECT_EQ(HeaderOf(asset, "Cache-Control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(HeaderOf(asset, "Vary"), "Accept-Encoding");
    EXPECT_EQ(web.Serve(Get("/manifest.webmanifest")).content_type, "application/manifest+json");
}

TEST_F(StaticFilesTest, ContentTypes) {
    EXPECT_EQ(StaticFiles::ContentType("a.css"), "text/css; charset=utf-8");
    EXPECT_EQ(StaticFiles::ContentType("a.SVG"), "image/svg+xml");
    EXPECT_EQ(StaticFiles::ContentType("a.png"), "image/png");
    EXPECT_EQ(StaticFiles::ContentType("favicon.ico"), "image/x-icon");
    EXPECT_EQ(StaticFiles::ContentType("app-config.json"), "application/json; charset=utf-8");
    EXPECT_EQ(StaticFiles::ContentType("f.woff2"), "font/woff2");
    EXPECT_EQ(StaticFiles::ContentType("x.bin"), "application/octet-stream");
}

TEST_F(StaticFilesTest, SendsTheGzipSiblingWhenAccepted) {
    StaticFiles web((root_ / "dist").string());
    Request r = Get("/assets/index-3f2a.js");
    r.headers["accept-encoding"] = "br, gzip;q=0.8";
    Response gz = web.Serve(r);
    EXPECT_EQ(gz.body, "GZ");
    EXPECT_EQ(HeaderOf(gz, "Content-Encoding"), "gzip");
    EXPECT_EQ(gz.content_type, "text/javascript; charset=utf-8");
    r.headers["accept-encoding"] = "gzip;q=0, br";
    Response plain = web.Serve(r);
    EXPECT_EQ(plain.body, "console.log(1)");
    EXPECT_EQ(HeaderOf(plain, "Content-Encoding"), "");
}

TEST_F(StaticFilesTest, UnknownPathsGetTheAppSoItsRouterShowsNotFound) {
    StaticFiles web((root_ / "dist").string());
    for (const char* path : {"/hazards/12", "/report/ABC123", "/no/such/page", "/assets", "/login"}) {
        Response r = web.Serve(Get(path));
        EXPECT_EQ(r.status, 200) << path;
        EXPECT_EQ(r.body, "<html>app</html>") << path;
        EXPECT_EQ(HeaderOf(r, "Cache-Control"), "no-cache") << path;
    }
}

TEST_F(StaticFilesTest, TraversalIsRejected) {
    StaticFiles web((root_ / "dist").string());
    for (const char* path : {"/../secret.txt", "/assets/../../secret.txt", "/..", "/a\\..\\secret.txt", "/x\x01y"}) {
        Response r = web.Serve(Get(path));
        EXPECT_EQ(r.status, 400) << path;
        EXPECT_EQ(r.body.find("top secret"), std::string::npos);
    }
}

TEST_F(StaticFilesTest, SymlinksLeadingOutsideAreNotFollowed) {
    StaticFiles web((root_ / "dist").string());
    Response r = web.Serve(Get("/escape/secret.txt"));
    EXPECT_EQ(r.body, "<html>app</html>");
}

TEST_F(StaticFilesTest, RevalidatesWithEtag) {
    StaticFiles web((root_ / "dist").string());
    Response first = web.Serve(Get("/"));
    std::string etag = HeaderOf(first, "ETag");
    ASSERT_FALSE(etag.empty());
    Request again = Get("/");
    again.headers["if-none-match"] = etag;
    Response second = web.Serve(again);
    EXPECT_EQ(second.status, 304);
    EXPECT_TRUE(second.body.empty());
}

TEST_F(StaticFilesTest, ExplainsHowToBuildWhenThereIsNoApp) {
    for (std::string dir : {std::string(), (root_ / "nowhere").string(), (root_ / "dist" / "assets").string()}) {
        StaticFiles web(dir);
        Response r = web.Serve(Get("/dashboard"));
        EXPECT_EQ(r.status, 200) << dir;
        EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
        EXPECT_NE(r.body.find("make build"), std::string::npos);
    }
}

}  // namespace
}  // namespace safegrid::http

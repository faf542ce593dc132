#include "http/static_files.hpp"

#include <algorithm>
#include <fstream>
#include <system_error>

#include "core/text/trim.hpp"

namespace safegrid::http {
namespace fs = std::filesystem;
namespace {

// The built app's largest bundle is a few MiB; anything far bigger in web_dir is a mistake,
// and reading it whole into memory per request would be one.
constexpr uintmax_t kMaxFileBytes = 64ull * 1024 * 1024;
constexpr const char* kImmutable = "public, max-age=31536000, immutable";

const char* kNotBuiltPage =
    "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>SafeGrid</title></head>"
    "<body><h1>SafeGrid</h1>"
    "<p>网页端尚未构建：请在源码目录运行 <code>make build</code> 后重启服务。API 位于 <code>/api/v1</code>。</p>"
    "<p>The web app is not built: run <code>make build</code> in the source tree, then restart. "
    "The API is at <code>/api/v1</code>.</p></body></html>\n";

Response BadPath() {
    return ErrorResponse({Code::kMalformed, "bad_path", {"无效的路径", "Invalid path"}, {}, {}}, Locale::kZh);
}

// ".." would climb out of web_dir; backslashes and control bytes have no business in a URL path
// and could mean something else to the file system or to a log reader.
bool SafeUrlPath(std::string_view path) {
    for (unsigned char c : path) {
        if (c < 0x20 || c == 0x7f || c == '\\') return false;
    }
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        if (path.substr(start, end - start) == "..") return false;
        start = end + 1;
    }
    return true;
}

bool AcceptsGzip(const Request& request) {
    auto header = request.Header("accept-encoding");
    if (!header) return false;
    std::string_view rest = *header;
    while (!rest.empty()) {
        size_t comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        size_t semi = item.find(';');
        std::string_view coding = item.substr(0, semi);
        coding = TrimWhitespace(coding);
        if (coding != "gzip" && coding != "*") continue;
        // "gzip;q=0" is an explicit refusal.
        if (semi != std::string_view::npos) {
            std::string_view params = item.substr(semi + 1);
            size_t q = params.find("q=");
            if (q != std::string_view::npos) {
                std::string_view value = params.substr(q + 2);
                bool all_zero = true;
                for (char c : value) {
                    if (c == ' ') break;
                    if (c != '0' && c != '.') all_zero = false;
                }
                if (all_zero) continue;
            }
        }
        return true;
    }
    return false;
}

bool IsUnder(const fs::path& root, const fs::path& path) {
    auto [r, p] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
    return r == root.end();
}

bool IsRegularFile(const fs::path& path) {
    std::error_code ec;
    return fs::is_regular_file(path, ec);
}

bool ReadWhole(const fs::path& path, std::string& out) {
    std::error_code ec;
    uintmax_t size = fs::file_size(path, ec);
    if (ec || size > kMaxFileBytes) return false;
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    out.resize(static_cast<size_t>(size));
    in.read(out.data(), static_cast<std::streamsize>(size));
    out.resize(static_cast<size_t>(in.gcount()));  // the file may have shrunk meanwhile
    return true;
}

std::string WeakEtag(const fs::path& path, size_t size) {
    std::error_code ec;
    auto mtime = fs::last_write_time(path, ec);
    auto ticks = ec ? 0 : mtime.time_since_epoch().count();
    return "W/\"" + std::to_string(size) + "-" + std::to_string(ticks) + "\"";
}

}  // namespace

StaticFiles::StaticFiles(std::string web_dir) {
    if (web_dir.empty()) return;
    std::error_code ec;
    // Canonical once: every served file's canonical path must start with this one.
    fs::path root = fs::weakly_canonical(fs::absolute(web_dir, ec), ec);
    if (!ec) root_ = root;
}

std::string StaticFiles::ContentType(const fs::path& file) {
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".html" || ext == ".htm") return "text/html; charset=utf-8";
    if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
    if (ext == ".css") return "text/css; charset=utf-8";
    if (ext == ".svg") return "image/svg+xml";
    if (ext == ".png") return "image/png";
    if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
    if (ext == ".webp") return "image/webp";
    if (ext == ".gif") return "image/gif";
    if (ext == ".ico") return "image/x-icon";
    if (ext == ".json" || ext == ".map") return "application/json; charset=utf-8";
    if (ext == ".webmanifest") return "application/manifest+json";
    if (ext == ".woff2") return "font/woff2";
    if (ext == ".woff") return "font/woff";
    if (ext == ".txt") return "text/plain; charset=utf-8";
    if (ext == ".wasm") return "application/wasm";
    return "application/octet-stream";
}

Response StaticFiles::Serve(const Request& request) const {
    if (!SafeUrlPath(request.path)) return BadPath();
    fs::path index = root_ / "index.html";
    if (root_.empty() || !IsRegularFile(index)) {
        Response page;
        page.content_type = "text/html; charset=utf-8";
        page.body = kNotBuiltPage;
        page.headers.emplace_back("Cache-Control", "no-store");
        return page;
    }
    if (request.path != "/") {
        std::error_code ec;
        fs::path candidate = fs::weakly_canonical(root_ / fs::path(request.path.substr(1)), ec);
        if (!ec && IsUnder(root_, candidate) && IsRegularFile(candidate))
            return ServeFile(request, candidate, request.path);
    }
    // SPA fallback: the app's router decides what the path means (and shows its own 404).
    return ServeFile(request, index, "/index.html");
}

Response StaticFiles::ServeFile(const Request& request, const fs::path& file, const std::string& url_path) const {
    Response response;
    response.content_type = ContentType(file);
    fs::path sent = file;
    fs::path gz = file;
    gz += ".gz";
    bool has_gz = IsRegularFile(gz);
    if (has_gz && AcceptsGzip(request)) {
        sent = gz;
        response.headers.emplace_back("Content-Encoding", "gzip");
    }
    // Caches must not hand a gzip body to a client that did not ask for it.
    if (has_gz) response.headers.emplace_back("Vary", "Accept-Encoding");
    bool immutable = url_path.rfind("/assets/", 0) == 0;
    response.headers.emplace_back("Cache-Control", immutable ? kImmutable : "no-cache");
    response.headers.emplace_back("X-Content-Type-Options", "nosniff");

    std::string body;
    if (!ReadWhole(sent, body)) {
        return ErrorResponse({Code::kNotFound, "not_found", {"未找到", "Not found"}, {}, {}}, request.locale);
    }
    std::string etag = WeakEtag(sent, body.size());
    response.headers.emplace_back("ETag", etag);
    auto if_none_match = request.Header("if-none-match");
    if (if_none_match && if_none_match->find(etag) != std::string::npos) {
        response.status = 304;
        return response;
    }
    response.body = std::move(body);
    return response;
}

}  // namespace safegrid::http

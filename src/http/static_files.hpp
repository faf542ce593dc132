// The built web app (web/dist) served from disk by the API binary.
//
// What a GET/HEAD outside /api/ answers (Dispatch() calls Serve for paths no route claims):
//   - "/" and "/index.html" → index.html, Cache-Control: no-cache.
//   - an existing regular file under web_dir → that file with its content type. Hashed
//     bundles under /assets/ are immutable (max-age one year); everything else is no-cache
//     (revalidated through ETag/If-None-Match → 304), so a deploy shows up at once.
//   - a ".gz" sibling is sent (Content-Encoding: gzip) when the client accepts gzip.
//   - any other path → index.html with 200: the SPA's router shows its own not-found page
//     (CONTRACT.md "Web app routes": deep links like /hazards/12 must load the app).
//   - a path with a ".." segment, a backslash or a control character → 400 JSON; symlinks that
//     lead outside web_dir are treated as missing (canonical path must stay under the root).
//   - no web_dir, or no index.html in it → a small HTML page saying to run `make build` (200).
//
// Thread-safety: immutable after construction; Serve is safe from any thread.
#pragma once

#include <filesystem>
#include <string>

#include "http/message.hpp"

namespace safegrid::http {

class StaticFiles {
  public:
    explicit StaticFiles(std::string web_dir);
    [[nodiscard]] Response Serve(const Request& request) const;
    // The content type sent for a file name ("app.js" → "text/javascript; charset=utf-8").
    static std::string ContentType(const std::filesystem::path& file);

  private:
    [[nodiscard]] Response ServeFile(const Request& request, const std::filesystem::path& file,
                                     const std::string& url_path) const;
    std::filesystem::path root_;  // canonical; empty when no web_dir was given or it does not exist
};

}  // namespace safegrid::http

// The routes whose body is a file rather than a small JSON document. The session lets them read up
// to the upload limit; the idempotency hook runs attachment uploads outside the store's write lock,
// because their file write and fsync would stall every other writer.
#pragma once

#include <string_view>

namespace safegrid::http {

// POST /api/v1/attachments and /api/v1/public/attachments.
inline bool IsAttachmentUploadPath(std::string_view path) {
    return path == "/api/v1/attachments" || path == "/api/v1/public/attachments";
}

// Attachment uploads and spreadsheet imports (POST /api/v1/import/...).
inline bool IsFileBodyPath(std::string_view path) {
    return IsAttachmentUploadPath(path) || path.starts_with("/api/v1/import/");
}

}  // namespace safegrid::http

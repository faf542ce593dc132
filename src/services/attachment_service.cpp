#include "services/attachment_service.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json/object.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/attachment/exif.hpp"
#include "core/attachment/media_type.hpp"
#include "core/auth/write_rule.hpp"
#include "platform/crypto.hpp"
#include "storage/repositories/enterprise_repository.hpp"
#include "storage/repositories/hazard_repository.hpp"
#include "storage/repositories/inspection_repository.hpp"
#include "storage/repositories/region_repository.hpp"

namespace safegrid::services {
namespace {

namespace fs = std::filesystem;
namespace bj = boost::json;

constexpr int64_t kHour = 3600;

std::string Errno(const std::string& what, const fs::path& path, int err) {
    return what + " " + path.string() + ": " + std::strerror(err);
}

// A full disk is the server's trouble and may pass (503); anything else is a fault (500).
tl::unexpected<Error> IoFailure(const std::string& what, const fs::path& path, int err) {
    if (err == ENOSPC || err == EDQUOT) return Unavailable(Errno(what, path, err));
    return Internal(Errno(what, path, err));
}

// Makes a directory entry (a created file or directory, a rename) durable: POSIX only promises
// it once the directory itself is fsynced.
Status SyncDirectory(const fs::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return IoFailure("open directory", dir, errno);
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0) return IoFailure("fsync directory", dir, err);
    return {};
}

// Creates `dir` if missing (its parent must exist) and syncs the parent so the new entry survives.
Status EnsureDirectory(const fs::path& dir) {
    if (::mkdir(dir.c_str(), 0750) == 0) return SyncDirectory(dir.parent_path());
    if (errno == EEXIST) return {};
    return IoFailure("mkdir", dir, errno);
}

Status WriteAll(int fd, std::string_view bytes, const fs::path& path) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return IoFailure("write", path, errno);
        }
        bytes.remove_prefix(static_cast<size_t>(n));
    }
    return {};
}

bj::object AuditJson(const AttachmentRecord& a) {
    bj::object o;
    o["sha256"] = a.sha256;
    o["size"] = a.size;
    o["content_type"] = a.content_type;
    o["uploader_id"] = a.uploader_id ? bj::value(*a.uploader_id) : nullptr;
    o["uploader_ip"] = a.uploader_ip;
    o["taken_at"] = a.taken_at ? bj::value(*a.taken_at) : nullptr;
    o["lat"] = a.lat ? bj::value(*a.lat) : nullptr;
    o["lng"] = a.lng ? bj::value(*a.lng) : nullptr;
    return o;
}

// The town an upload by `caller` belongs to (the audit chain and the shard key); 0 for the admin.
Result<int64_t> UploaderTown(storage::Connection& conn, const Principal& caller) {
    switch (caller.scope.level) {
        case Scope::Level::kTown:
            return caller.scope.id;
        case Scope::Level::kVillage:
        case Scope::Level::kGrid: {
            SG_ASSIGN_OR_RETURN(auto region, storage::RegionRepository(conn).FindById(caller.scope.id));
            return region ? region->path.town_id : 0;
        }
        case Scope::Level::kEnterprise: {
            SG_ASSIGN_OR_RETURN(
                auto e, storage::EnterpriseRepository(conn).FindById(caller.scope.id, storage::TownLimit::Of(caller)));
            return e ? e->path.town_id : 0;
        }
        default:
            return 0;
    }
}

// True when `caller` may see one of the things the attachment is linked to.
Result<bool> SeesAnyUse(storage::Connection& conn, const Principal& caller,
                        const std::vector<storage::AttachmentUse>& uses) {
    for (const auto& use : uses) {
        if (use.entity == "hazard") {
            SG_ASSIGN_OR_RETURN(auto h, storage::HazardRepository(conn).FindById(use.entity_id));
            if (h && caller.scope.Contains(h->path, h->enterprise_id)) return true;
        } else if (use.entity == "inspection") {
            SG_ASSIGN_OR_RETURN(auto r, storage::InspectionRepository(conn).FindById(use.entity_id));
            if (r && caller.scope.Contains(r->path, r->enterprise_id)) return true;
        }
    }
    return false;
}

}  // namespace

AttachmentService::AttachmentService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                                     AttachmentOptions options)
    : db_(std::move(db)),
      clock_(clock),
      audit_(audit),
      options_(std::move(options)),
      // The login throttle's per-"username" table counts per key in a fixed window: here the key is
      // the client address (its address table stays unused), and every attempt counts.
      public_uploads_(clock,
                      ThrottleOptions{.username_limit = options_.public_uploads_per_hour,
                                      .address_limit = options_.public_uploads_per_hour,
                                      .window_seconds = kHour},
                      SharedCountersFor(db_, "public_uploads")) {}

std::string AttachmentService::PathOf(const std::string& sha256) const {
    return (fs::path(options_.data_dir) / "attachments" / sha256.substr(0, 2) / sha256.substr(2, 2) / sha256).string();
}

Result<AttachmentRecord> AttachmentService::Upload(const Principal& caller, std::string_view content_type,
                                                   std::string_view bytes, const std::string& client_ip) {
    return Store(&caller, content_type, bytes, client_ip);
}

Result<AttachmentRecord> AttachmentService::UploadPublic(std::string_view content_type, std::string_view bytes,
                                                         const std::string& client_ip) {
    // Every attempt counts, refused ones too: probing with junk must not be free. Checked and
    // counted at once; keyed like every per-address limit (IPv6 by /64).
    if (public_uploads_.Begin(ClientAddressKey(client_ip), "").retry_after > 0) return RateLimited();
    return Store(nullptr, content_type, bytes, client_ip);
}

int64_t AttachmentService::PublicRetryAfter(const std::string& client_ip) const {
    return public_uploads_.RetryAfter(ClientAddressKey(client_ip), "");
}

Result<AttachmentRecord> AttachmentService::Store(const Principal* caller, std::string_view content_type,
                                                  std::string_view bytes, const std::string& client_ip) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    if (bytes.size() > options_.max_bytes) {
        return TooLarge({"文件不能超过 " + std::to_string(options_.max_bytes / (1024 * 1024)) + " MiB",
                         "The file must not exceed " + std::to_string(options_.max_bytes / (1024 * 1024)) + " MiB"});
    }
    auto type = attachment::ParseMediaType(content_type);
    if (!type) {
        return UnsupportedMedia(
            {"仅支持 JPEG、PNG、WebP 图片和 PDF 文件（Content-Type 须为 image/jpeg、image/png、"
             "image/webp 或 application/pdf）",
             "Only JPEG, PNG and WebP images and PDF files are accepted (Content-Type image/jpeg, "
             "image/png, image/webp or application/pdf)"});
    }
    if (!attachment::ContentMatches(*type, bytes)) {
        const std::string name(attachment::MediaTypeName(*type));
        return UnsupportedMedia({"文件内容不是 " + name + "（文件为空、已损坏或类型不符）",
                                 "The content is not " + name + " (the file is empty, damaged or of another type)"});
    }
    AttachmentRecord a;
    a.sha256 = platform::Sha256Hex(bytes);
    a.size = static_cast<int64_t>(bytes.size());
    a.content_type = std::string(attachment::MediaTypeName(*type));
    a.uploader_id = caller ? std::optional<int64_t>(caller->user_id) : std::nullopt;
    a.uploader_ip = client_ip.substr(0, 64);
    if (*type == attachment::MediaType::kJpeg) {
        const attachment::PhotoMetadata photo = attachment::ReadJpegMetadata(bytes);
        a.taken_at = photo.taken_at;
        a.lat = photo.lat;
        a.lng = photo.lng;
    }
    // Durable file first, then a short transaction for the row: see the header.
    Hold(a.sha256);
    Result<bool> created = WriteFile(a.sha256, bytes);
    if (!created) {
        Release(a.sha256, false);
        return tl::unexpected(created.error());
    }
    auto stored = db_->Transact(true, [&](storage::Connection& conn) -> Result<AttachmentRecord> {
        a.created_at = clock_.Now();
        if (caller) {
            SG_ASSIGN_OR_RETURN(a.town_id, UploaderTown(conn, *caller));
        }
        SG_ASSIGN_OR_RETURN(a.id, storage::AttachmentRepository(conn).Insert(a));
        SG_TRY(audit_.Append(conn, caller, {a.town_id, "attachment", a.id, "create", nullptr, AuditJson(a)}));
        return a;
    });
    // No row: take back the file this upload created (never one that was already there).
    Release(a.sha256, !stored && *created);
    return stored;
}

void AttachmentService::Hold(const std::string& sha256) {
    std::lock_guard lock(files_mu_);
    ++held_[sha256];
    if (auto it = checking_.find(sha256); it != checking_.end()) it->second = true;
}

void AttachmentService::Release(const std::string& sha256, bool remove_if_unused) {
    {
        std::lock_guard lock(files_mu_);
        auto it = held_.find(sha256);
        if (it != held_.end() && --it->second == 0) held_.erase(it);
    }
    if (remove_if_unused) RemoveIfUnused(sha256);
}

bool AttachmentService::RemoveIfUnused(const std::string& sha256) {
    {
        std::lock_guard lock(files_mu_);
        // Held by an upload, or another remover is already deciding: not ours to remove.
        if (held_.count(sha256) != 0 || !checking_.emplace(sha256, false).second) return false;
    }
    // The store is asked without the lock (a thread waiting for it may hold a pooled connection).
    // Inside a transaction of the caller's (an aborted PostgreSQL one answers nothing) the file
    // stays: an orphan file is harmless, a row without its file is not.
    bool in_use = true;
    if (storage::Database::Current() == nullptr) {
        auto named = db_->Transact(false, [&](storage::Connection& conn) -> Result<bool> {
            return storage::AttachmentRepository(conn).ShaInUse(sha256);
        });
        in_use = !named || *named;
    }
    std::lock_guard lock(files_mu_);
    const bool touched = checking_[sha256];  // an upload of these bytes began meanwhile
    checking_.erase(sha256);
    if (in_use || touched || held_.count(sha256) != 0) return false;
    const fs::path path = PathOf(sha256);
    if (::unlink(path.c_str()) != 0) return false;
    (void)SyncDirectory(path.parent_path());
    return true;
}

Result<OrphanPurge> AttachmentService::PurgeOrphans() {
    constexpr int64_t kBatch = 500;
    OrphanPurge report;
    const UnixSeconds now = clock_.Now();
    for (;;) {
        std::vector<std::string> deleted_files;
        SG_ASSIGN_OR_RETURN(int64_t found, db_->Transact(true, [&](storage::Connection& conn) -> Result<int64_t> {
            deleted_files.clear();  // a retried transaction starts over
            storage::AttachmentRepository repo(conn);
            SG_ASSIGN_OR_RETURN(auto orphans, repo.Orphans(now - options_.public_orphan_seconds,
                                                           now - options_.staff_orphan_seconds, kBatch));
            for (const AttachmentRecord& a : orphans) {
                SG_ASSIGN_OR_RETURN(bool gone, repo.DeleteOrphan(a.id));
                if (!gone) continue;  // claimed or linked meanwhile
                SG_TRY(audit_.Append(conn, nullptr, {a.town_id, "attachment", a.id, "purge", AuditJson(a), nullptr}));
                deleted_files.push_back(a.sha256);
            }
            return static_cast<int64_t>(orphans.size());
        }));
        report.rows += static_cast<int64_t>(deleted_files.size());
        std::sort(deleted_files.begin(), deleted_files.end());
        deleted_files.erase(std::unique(deleted_files.begin(), deleted_files.end()), deleted_files.end());
        for (const std::string& sha : deleted_files) {
            if (RemoveIfUnused(sha)) ++report.files;
        }
        if (found < kBatch) return report;
    }
}

Result<bool> AttachmentService::WriteFile(const std::string& sha256, std::string_view bytes) const {
    if (options_.data_dir.empty()) return Internal("attachments need a data_dir");
    const fs::path data_dir(options_.data_dir);
    const fs::path root = data_dir / "attachments";
    const fs::path dir = root / sha256.substr(0, 2) / sha256.substr(2, 2);
    const fs::path final_path = dir / sha256;
    std::error_code ec;
    if (!fs::exists(data_dir, ec)) {
        fs::create_directories(data_dir, ec);
        if (ec) return IoFailure("create", data_dir, ec.value());
        SG_TRY(SyncDirectory(fs::absolute(data_dir).parent_path()));
    }
    SG_TRY(EnsureDirectory(root));
    SG_TRY(EnsureDirectory(dir.parent_path()));
    SG_TRY(EnsureDirectory(dir));

    struct stat st {};
    if (::stat(final_path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        static_cast<uint64_t>(st.st_size) == bytes.size()) {
        // Same content, same name: keep the one file. Its rename may not be durable yet if its
        // writer crashed before the directory sync, so sync again before our row commits.
        SG_TRY(SyncDirectory(dir));
        return false;
    }
    const fs::path temp = dir / (".tmp-" + sha256 + "-" + platform::HexEncode(platform::RandomBytes(8)));
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (fd < 0) return IoFailure("create", temp, errno);
    Status written = WriteAll(fd, bytes, temp);
    if (written && ::fsync(fd) != 0) written = IoFailure("fsync", temp, errno);
    if (::close(fd) != 0 && written) written = IoFailure("close", temp, errno);
    if (written && ::rename(temp.c_str(), final_path.c_str()) != 0) written = IoFailure("rename", temp, errno);
    if (!written) {
        ::unlink(temp.c_str());
        return tl::unexpected(written.error());
    }
    SG_TRY(SyncDirectory(dir));
    return true;
}

Result<std::string> AttachmentService::ReadFile(const AttachmentRecord& meta) const {
    const fs::path path = PathOf(meta.sha256);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Internal(Errno("open", path, errno));
    std::string out(static_cast<size_t>(meta.size), '\0');
    size_t got = 0;
    while (got < out.size()) {
        const ssize_t n = ::read(fd, out.data() + got, out.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += static_cast<size_t>(n);
    }
    ::close(fd);
    if (got != out.size()) return Internal("attachment file shorter than its row: " + path.string());
    return out;
}

Result<AttachmentFile> AttachmentService::Download(const Principal& caller, int64_t id) {
    SG_ASSIGN_OR_RETURN(AttachmentRecord meta,
                        db_->Transact(false, [&](storage::Connection& conn) -> Result<AttachmentRecord> {
                            storage::AttachmentRepository repo(conn);
                            SG_ASSIGN_OR_RETURN(auto a, repo.FindById(id));
                            if (!a) return NotFound();
                            SG_ASSIGN_OR_RETURN(auto uses, repo.Uses(id));
                            if (uses.empty()) {
                                if (a->uploader_id && *a->uploader_id == caller.user_id) return *a;
                                return NotFound();
                            }
                            SG_ASSIGN_OR_RETURN(bool visible, SeesAnyUse(conn, caller, uses));
                            if (!visible) return NotFound();
                            return *a;
                        }));
    // The file is read outside the transaction: the row is immutable and a linked file is never
    // removed (only orphans are purged, and only their uploader could read those).
    SG_ASSIGN_OR_RETURN(std::string bytes, ReadFile(meta));
    const bool redacted = RedactFor(caller, meta);
    if (redacted && meta.content_type == "image/jpeg") bytes = StripJpegMetadata(bytes);
    return AttachmentFile{std::move(meta), std::move(bytes), redacted};
}

bool HidesReporterMetadata(const Principal& caller, const AttachmentRecord& a) {
    return caller.role == Role::kEnterprise && !a.uploader_id;
}

bool RedactFor(const Principal& caller, AttachmentRecord& a) {
    if (!HidesReporterMetadata(caller, a)) return false;
    a.taken_at.reset();
    a.lat.reset();
    a.lng.reset();
    a.uploader_ip.clear();
    return true;
}

std::string StripJpegMetadata(std::string_view in) {
    auto byte = [&](size_t i) { return static_cast<unsigned char>(in[i]); };
    if (in.size() < 4 || byte(0) != 0xFF || byte(1) != 0xD8) return std::string(in);
    std::string out = "\xFF\xD8";
    size_t i = 2;
    // Marker segments up to the start of scan; the entropy-coded image after it carries no
    // metadata. Anything that does not parse ends the copy: better a cut image than a leak.
    for (;;) {
        if (i + 4 > in.size() || byte(i) != 0xFF) return out;
        const unsigned char marker = byte(i + 1);
        if (marker == 0xDA || marker == 0xD9) break;  // start of scan, end of image
        if (marker == 0xFF) {                         // fill byte
            ++i;
            continue;
        }
        const size_t length = (static_cast<size_t>(byte(i + 2)) << 8) | byte(i + 3);
        if (length < 2 || i + 2 + length > in.size()) return out;
        const bool metadata = marker == 0xE1 || marker == 0xED || marker == 0xFE;
        if (!metadata) out.append(in.substr(i, 2 + length));
        i += 2 + length;
    }
    out.append(in.substr(i));
    return out;
}

}  // namespace safegrid::services

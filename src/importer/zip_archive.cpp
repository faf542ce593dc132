#include "importer/zip_archive.hpp"

#include <fmt/format.h>
#include <unzip.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

#include "importer/table_builder.hpp"

namespace safegrid::importer {
namespace {

// ---- minizip I/O over a memory buffer ------------------------------------------------------
// `opaque` is the MemFile; each open hands out its own cursor, freed by close.
struct MemFile {
    std::string_view data;
};
struct MemCursor {
    const MemFile* file;
    ZPOS64_T pos = 0;
};

voidpf MemOpen(voidpf opaque, const void* /*filename*/, int mode) {
    if ((mode & ZLIB_FILEFUNC_MODE_READWRITEFILTER) != ZLIB_FILEFUNC_MODE_READ) return nullptr;
    return new MemCursor{static_cast<const MemFile*>(opaque)};
}
uLong MemRead(voidpf /*opaque*/, voidpf stream, void* buf, uLong size) {
    auto* c = static_cast<MemCursor*>(stream);
    const ZPOS64_T len = c->file->data.size();
    const ZPOS64_T n = c->pos >= len ? 0 : std::min<ZPOS64_T>(size, len - c->pos);
    if (n > 0) std::memcpy(buf, c->file->data.data() + c->pos, n);
    c->pos += n;
    return static_cast<uLong>(n);
}
uLong MemWrite(voidpf, voidpf, const void*, uLong) { return 0; }  // read-only
ZPOS64_T MemTell(voidpf /*opaque*/, voidpf stream) { return static_cast<MemCursor*>(stream)->pos; }
long MemSeek(voidpf /*opaque*/, voidpf stream, ZPOS64_T offset, int origin) {
    auto* c = static_cast<MemCursor*>(stream);
    const ZPOS64_T len = c->file->data.size();
    ZPOS64_T base = 0;
    switch (origin) {
        case ZLIB_FILEFUNC_SEEK_SET:
            base = 0;
            break;
        case ZLIB_FILEFUNC_SEEK_CUR:
            base = c->pos;
            break;
        case ZLIB_FILEFUNC_SEEK_END:
            base = len;
            break;
        default:
            return -1;
    }
    // Offsets come from the (untrusted) archive; refuse anything outside the buffer.
    if (offset > len || base > len - offset) return -1;
    c->pos = base + offset;
    return 0;
}
int MemClose(voidpf /*opaque*/, voidpf stream) {
    delete static_cast<MemCursor*>(stream);
    return 0;
}
int MemError(voidpf, voidpf) { return 0; }

Error Corrupt(std::string internal) {
    Error e =
        ImportError(Code::kMalformed, "xlsx_corrupt", -1, -1, "xlsx 文件已损坏，无法解压。请在 Excel 中打开后重新保存",
                    "the .xlsx file is damaged and cannot be unpacked; open it in Excel and save it again");
    e.internal = std::move(internal);
    return e;
}

Error ZipBomb(std::string internal) {
    Error e = ImportError(Code::kTooLarge, "xlsx_zip_bomb", -1, -1,
                          fmt::format("xlsx 文件解压后过大（上限 {} MiB）或压缩比异常", kMaxUncompressedTotal >> 20),
                          fmt::format("the .xlsx expands too much when unpacked (limit {} MiB) or has an "
                                      "abnormal compression ratio",
                                      kMaxUncompressedTotal >> 20));
    e.internal = std::move(internal);
    return e;
}

}  // namespace

std::string NormaliseZipName(std::string_view name) {
    std::string out;
    out.reserve(name.size());
    for (char c : name) {
        if (c == '\\') c = '/';
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        out += c;
    }
    if (!out.empty() && out[0] == '/') out.erase(0, 1);
    return out;
}

struct ZipArchive::Impl {
    struct Entry {
        unz64_file_pos pos{};
        std::uint64_t compressed = 0;
        std::uint64_t uncompressed = 0;
        unsigned long method = 0;
        unsigned long flag = 0;
    };

    MemFile file;
    unzFile uf = nullptr;
    std::map<std::string, Entry> entries;
    std::uint64_t budget_left = kMaxUncompressedTotal;

    ~Impl() {
        if (uf) unzClose(uf);
    }
};

ZipArchive::ZipArchive(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ZipArchive::ZipArchive(ZipArchive&&) noexcept = default;
ZipArchive& ZipArchive::operator=(ZipArchive&&) noexcept = default;
ZipArchive::~ZipArchive() = default;

Result<ZipArchive> ZipArchive::Open(std::string_view bytes, std::uint64_t budget) {
    auto impl = std::make_unique<Impl>();
    impl->file.data = bytes;
    impl->budget_left = budget;
    zlib_filefunc64_def ff{};
    ff.zopen64_file = MemOpen;
    ff.zread_file = MemRead;
    ff.zwrite_file = MemWrite;
    ff.ztell64_file = MemTell;
    ff.zseek64_file = MemSeek;
    ff.zclose_file = MemClose;
    ff.zerror_file = MemError;
    ff.opaque = &impl->file;  // heap-allocated inside Impl, so it stays put when the archive moves
    impl->uf = unzOpen2_64("memory.zip", &ff);
    if (!impl->uf) return Fail(Corrupt("unzOpen2_64 failed: no central directory"));

    int entries = 0;
    int rc = unzGoToFirstFile(impl->uf);
    while (rc == UNZ_OK) {
        if (++entries > kMaxZipEntries) return Fail(ZipBomb(fmt::format("more than {} entries", kMaxZipEntries)));
        unz_file_info64 info{};
        std::array<char, 512> name{};
        if (unzGetCurrentFileInfo64(impl->uf, &info, name.data(), name.size(), nullptr, 0, nullptr, 0) != UNZ_OK) {
            return Fail(Corrupt("unzGetCurrentFileInfo64 failed"));
        }
        // A name longer than the buffer is no part of a workbook; skip it rather than truncate it.
        if (info.size_filename < name.size()) {
            Impl::Entry e;
            if (unzGetFilePos64(impl->uf, &e.pos) != UNZ_OK) return Fail(Corrupt("unzGetFilePos64 failed"));
            e.compressed = info.compressed_size;
            e.uncompressed = info.uncompressed_size;
            e.method = info.compression_method;
            e.flag = info.flag;
            impl->entries.emplace(NormaliseZipName({name.data(), info.size_filename}), e);
        }
        rc = unzGoToNextFile(impl->uf);
    }
    if (rc != UNZ_END_OF_LIST_OF_FILE) return Fail(Corrupt(fmt::format("central directory walk failed: {}", rc)));
    if (impl->entries.empty()) return Fail(Corrupt("empty archive"));
    return ZipArchive(std::move(impl));
}

bool ZipArchive::Has(std::string_view name) const { return impl_->entries.contains(NormaliseZipName(name)); }

Status ZipArchive::Read(std::string_view name, const std::function<Status(std::string_view)>& sink) {
    const auto it = impl_->entries.find(NormaliseZipName(name));
    if (it == impl_->entries.end()) return Fail(Corrupt(fmt::format("missing entry {}", name)));
    const Impl::Entry& e = it->second;
    if (e.uncompressed > impl_->budget_left) {
        return Fail(ZipBomb(fmt::format("{} declares {} bytes, {} left", name, e.uncompressed, impl_->budget_left)));
    }
    if (e.uncompressed > kRatioCheckFloor &&
        e.uncompressed / std::max<std::uint64_t>(e.compressed, 1) > kMaxCompressionRatio) {
        return Fail(ZipBomb(fmt::format("{} ratio {}/{}", name, e.uncompressed, e.compressed)));
    }
    if (e.flag & 1u) {
        return Fail(ImportError(Code::kUnsupportedMedia, "xlsx_encrypted", -1, -1,
                                "不支持加密的 xlsx 文件，请取消密码后再导入",
                                "encrypted .xlsx files are not supported; remove the password and retry"));
    }
    if (e.method != 0 && e.method != Z_DEFLATED) return Fail(Corrupt(fmt::format("{} uses method {}", name, e.method)));

    unz64_file_pos pos = e.pos;
    if (unzGoToFilePos64(impl_->uf, &pos) != UNZ_OK || unzOpenCurrentFile(impl_->uf) != UNZ_OK) {
        return Fail(Corrupt(fmt::format("cannot open entry {}", name)));
    }
    std::vector<char> buf(64u << 10);
    std::uint64_t total = 0;
    Status status;
    while (true) {
        const int n = unzReadCurrentFile(impl_->uf, buf.data(), static_cast<unsigned>(buf.size()));
        if (n < 0) {
            status = Fail(Corrupt(fmt::format("inflate error {} in {}", n, name)));
            break;
        }
        if (n == 0) break;
        total += static_cast<std::uint64_t>(n);
        // minizip already stops at the declared size; this keeps the promise without relying on it.
        if (total > e.uncompressed || total > impl_->budget_left) {
            status = Fail(ZipBomb(fmt::format("{} produced more than it declared", name)));
            break;
        }
        status = sink(std::string_view(buf.data(), static_cast<std::size_t>(n)));
        if (!status) break;
    }
    const int close_rc = unzCloseCurrentFile(impl_->uf);
    impl_->budget_left -= std::min(total, impl_->budget_left);
    if (!status) return status;
    if (close_rc == UNZ_CRCERROR) return Fail(Corrupt(fmt::format("CRC mismatch in {}", name)));
    if (total != e.uncompressed) return Fail(Corrupt(fmt::format("{} is shorter than declared", name)));
    return {};
}

Result<std::string> ZipArchive::ReadAll(std::string_view name, std::size_t max_bytes) {
    std::string out;
    SG_TRY(Read(name, [&](std::string_view chunk) -> Status {
        if (out.size() + chunk.size() > max_bytes)
            return Fail(ZipBomb(fmt::format("{} exceeds {} bytes", name, max_bytes)));
        out.append(chunk);
        return {};
    }));
    return out;
}

}  // namespace safegrid::importer

// Read-only access to a ZIP archive held in memory (minizip over our own I/O callbacks: no temp
// files), with the protections an upload needs against zip bombs:
//   - at most kMaxZipEntries entries;
//   - the entries we actually unpack may total at most kMaxUncompressedTotal bytes, counted both
//     from the sizes the archive declares (refused before unpacking) and from the bytes produced;
//   - an entry above kRatioCheckFloor may not expand more than kMaxCompressionRatio times;
//   - minizip stops at the declared size and the CRC check catches an archive that lies about it.
// Only the parts a reader asks for are unpacked, so pictures embedded in a workbook cost nothing.
//
// Thread-safety: one instance per read; not shareable.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace safegrid::importer {

inline constexpr std::uint64_t kMaxUncompressedTotal = 200u << 20;
inline constexpr int kMaxZipEntries = 10'000;
inline constexpr std::uint64_t kMaxCompressionRatio = 100;
inline constexpr std::uint64_t kRatioCheckFloor = 1u << 20;

class ZipArchive {
  public:
    // `bytes` must outlive the archive. Fails when it is not a readable ZIP. `budget` is the total
    // that all Read calls together may unpack (smaller in tests).
    static Result<ZipArchive> Open(std::string_view bytes, std::uint64_t budget = kMaxUncompressedTotal);
    // A temporary string would dangle: the archive keeps a view of its bytes.
    static Result<ZipArchive> Open(std::string&& bytes, std::uint64_t budget = kMaxUncompressedTotal) = delete;

    ZipArchive(ZipArchive&&) noexcept;
    ZipArchive& operator=(ZipArchive&&) noexcept;
    ~ZipArchive();

    // Entry names compare case-insensitively with '\' read as '/' (OPC part names are
    // case-insensitive, and some writers use backslashes).
    [[nodiscard]] bool Has(std::string_view name) const;

    // Unpacks entry `name` and hands it to `sink` in chunks; the first error from `sink` stops it.
    Status Read(std::string_view name, const std::function<Status(std::string_view)>& sink);

    // Unpacks a whole entry into a string, refusing more than `max_bytes`.
    Result<std::string> ReadAll(std::string_view name, std::size_t max_bytes);

  private:
    struct Impl;
    explicit ZipArchive(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// The canonical form of an entry name used for lookups.
std::string NormaliseZipName(std::string_view name);

}  // namespace safegrid::importer

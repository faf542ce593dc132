// Where the importer tests find their files, and small helpers to compare tables.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

#include "importer/table.hpp"
#include "support/source_tree.hpp"

namespace safegrid::importer::testing {

// tests/importer/data in the source tree (support/source_tree.hpp).
inline std::filesystem::path DataDir() { return test::SourceTreeDir() / "tests/importer/data"; }

// The shared real-world data set (read-only, outside the repository): null when not configured.
using test::RealworldDir;

inline std::optional<std::string> ReadFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// FNV-1a 64 over every cell (header first), each followed by 0x1F, each row by 0x1E: the same
// figure data/osha_expected.py computes with Python's csv module.
inline std::uint64_t TableHash(const Table& t) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    auto eat = [&](unsigned char b) { h = (h ^ b) * 0x100000001b3ull; };
    auto row = [&](const std::vector<std::string>& cells) {
        for (const auto& c : cells) {
            for (unsigned char b : c) eat(b);
            eat(0x1F);
        }
        eat(0x1E);
    };
    row(t.headers);
    for (const auto& r : t.rows) row(r);
    return h;
}

}  // namespace safegrid::importer::testing

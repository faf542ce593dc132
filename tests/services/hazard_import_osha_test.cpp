// The historic hazard import against real, messy data: the first rows of the OSHA inspection ledger
// (shared real-world data, see its SOURCES.md) with the mapping in data/osha_inspection_mapping.json.
// The enterprises do not exist in a Chinese town, so the test registers about two thirds of the
// sample's establishments and checks that the dry run classifies each row as the data says.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <map>
#include <set>

#include "importer/mapping.hpp"
#include "importer/read_table.hpp"
#include "services/hazard_import_service.hpp"
#include "services/inspection_world.hpp"
#include "storage/repositories/hazard_repository.hpp"
#include "support/source_tree.hpp"

namespace safegrid::services {
namespace {

constexpr size_t kSampleRows = 300;

std::optional<std::string> ReadFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::filesystem::path MappingFile() {
    return test::SourceTreeDir() / "tests/services/data/osha_inspection_mapping.json";
}

std::string Quoted(const std::string& cell) {
    std::string out = "\"";
    for (char c : cell) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string ToCsv(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
    std::string out;
    auto line = [&](const std::vector<std::string>& cells) {
        for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + Quoted(cells[i]);
        out += "\n";
    };
    line(header);
    for (const auto& r : rows) line(r);
    return out;
}

class OshaImportTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        // The mapping is in the source tree: missing, it fails. The OSHA ledger is outside it.
        auto mapping = ReadFile(MappingFile());
        ASSERT_TRUE(mapping) << "missing " << MappingFile();
        const auto realworld = test::RealworldDir();
        if (!realworld) GTEST_SKIP() << test::kNoRealworldData;
        auto file = ReadFile(*realworld / "osha" / "osha_web_inspection.csv");
        ASSERT_TRUE(file) << "real-world data file missing under " << *realworld;
        mapping_ = *mapping;
        auto table = importer::ReadSpreadsheet(*file, "osha_web_inspection.csv");
        ASSERT_TRUE(table) << table.error().internal;
        ASSERT_GT(table->rows.size(), kSampleRows);
        header_ = table->headers;
        rows_.assign(table->rows.begin(), table->rows.begin() + kSampleRows);
        w_ = test::InspectionWorld::Make(GetParam());
        if (!w_) {
            if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
            return;
        }
        Register();
    }

    int Col(const std::string& name) const {
        for (size_t i = 0; i < header_.size(); ++i)
            if (header_[i] == name) return static_cast<int>(i);
        ADD_FAILURE() << "no column " << name;
        return 0;
    }
    const std::string& Cell(size_t row, const std::string& name) const { return rows_[row][Col(name)]; }

    // Registers the establishments of two rows in three (by first appearance), once per name as the
    // importer compares names.
    void Register() {
        std::vector<EnterpriseInput> inputs;
        for (size_t i = 0; i < rows_.size(); ++i) {
            const std::string key = importer::NormaliseHeader(Cell(i, "estab_name"));
            if (seen_.contains(key)) continue;
            seen_.insert(key);
            if (seen_.size() % 3 == 0) continue;
            registered_.insert(key);
            inputs.push_back(
                w_->r->Input(w_->r->grid1a, Cell(i, "estab_name"), 1000 + static_cast<int>(inputs.size())));
        }
        auto created = w_->r->enterprises->CreateMany(nullptr, inputs, false);
        ASSERT_TRUE(created);
        ASSERT_TRUE(created->errors.empty())
            << created->errors.front().index << " " << created->errors.front().error.fields.begin()->first;
    }

    bool Registered(size_t row) const {
        return registered_.contains(importer::NormaliseHeader(Cell(row, "estab_name")));
    }

    Result<ImportReport> Import(const std::string& file, bool dry_run) {
        ImportOptions options;
        options.dry_run = dry_run;
        options.mapping_json = mapping_;
        return w_->hazard_import->Import(&w_->r->town_officer, file, options);
    }

    std::string mapping_;
    std::vector<std::string> header_;
    std::vector<std::vector<std::string>> rows_;
    std::set<std::string> seen_, registered_;
    std::unique_ptr<test::InspectionWorld> w_;
};

TEST_P(OshaImportTest, DryRunClassifiesTheRealLedger) {
    auto r = Import(ToCsv(header_, rows_), true);
    ASSERT_TRUE(r) << r.error().id << " " << r.error().internal;
    EXPECT_EQ(r->total_rows, static_cast<int64_t>(kSampleRows));
    std::map<int, std::vector<std::string>> errors, warnings;
    for (const auto& e : r->errors) errors[e.row].push_back(e.field);
    for (const auto& w : r->warnings) warnings[w.row].push_back(w.field);
    int64_t valid = 0;
    for (size_t i = 0; i < rows_.size(); ++i) {
        const int row = static_cast<int>(i) + 2;  // the header is row 1
        if (!Registered(i)) {
            EXPECT_EQ(errors[row], std::vector<std::string>{"enterprise_name"}) << "row " << row;
            continue;
        }
        ++valid;
        EXPECT_TRUE(errors[row].empty()) << "row " << row << ": " << errors[row].front();
        // Pre-OIS cases carry no status: it is read from the closing date and said so.
        std::vector<std::string> expected;
        const bool closed = !Cell(i, "close_case_date").empty();
        if (Cell(i, "case_status").empty()) expected.push_back("status");
        if (!closed && Cell(i, "case_status") != "CLOSED") expected.push_back("due_at");
        EXPECT_EQ(warnings[row], expected) << "row " << row << " activity_nr " << Cell(i, "activity_nr");
    }
    EXPECT_EQ(r->valid_rows, valid);
    EXPECT_GT(valid, 150);
    EXPECT_LT(valid, static_cast<int64_t>(kSampleRows));
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM hazards"), 0);
}

TEST_P(OshaImportTest, ImportsTheMatchedRowsWithTheirHistoricDates) {
    std::vector<std::vector<std::string>> matched;
    int64_t fatalities = 0, closed = 0;
    for (size_t i = 0; i < rows_.size(); ++i) {
        if (!Registered(i)) continue;
        matched.push_back(rows_[i]);
        fatalities += Cell(i, "insp_type") == "Fat/Cat";
        closed += !Cell(i, "close_case_date").empty();
    }
    auto r = Import(ToCsv(header_, matched), false);
    ASSERT_TRUE(r) << r.error().id << " " << r.error().internal;
    ASSERT_TRUE(r->errors.empty()) << r->errors.front().row << ": " << r->errors.front().message.en;
    EXPECT_EQ(r->created, static_cast<int64_t>(matched.size()));
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM hazards WHERE source = 'import'"), static_cast<int64_t>(matched.size()));
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM hazards WHERE severity = 'major'"), fatalities);
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM hazards WHERE status = 'closed'"), closed);
    // The first matched row, as the ledger has it.
    const auto& first = matched.front();
    auto open = ParseLedgerDate(first[Col("open_date")]);
    ASSERT_TRUE(open);
    EXPECT_EQ(w_->Count("SELECT found_at FROM hazards ORDER BY id LIMIT 1"), ChinaDayStart(*open));
    if (auto done = ParseLedgerDate(first[Col("close_case_date")])) {
        EXPECT_EQ(w_->Count("SELECT closed_at FROM hazards ORDER BY id LIMIT 1"), ChinaDayStart(*done));
    }
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM hazard_import_refs"), static_cast<int64_t>(matched.size()));
}

INSTANTIATE_TEST_SUITE_P(Stores, OshaImportTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services

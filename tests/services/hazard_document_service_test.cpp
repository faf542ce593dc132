#include "services/hazard_document_service.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "importer/xlsx_reader.hpp"
#include "services/inspection_world.hpp"

namespace safegrid::services {
namespace {

namespace fs = std::filesystem;
using test::InspectionWorld;

// The PDF's text as poppler's pdftotext extracts it, with line and page breaks removed (the layout
// wraps long lines). Needs poppler-utils and poppler-data (Adobe-GB1 tables for the Chinese fonts).
std::string PdfText(const std::string& pdf) {
    std::string path = (fs::temp_directory_path() / "sg_docsvc_XXXXXX").string();
    const int fd = mkstemp(path.data());
    if (fd < 0) return "<mkstemp failed>";
    close(fd);
    std::ofstream(path, std::ios::binary) << pdf;
    std::string out;
    if (FILE* p = popen(("pdftotext -enc UTF-8 '" + path + "' - 2>&1").c_str(), "r")) {
        std::array<char, 4096> buf;
        size_t n;
        while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
        pclose(p);
    }
    fs::remove(path);
    std::string joined;
    for (char c : out)
        if (c != '\n' && c != '\f') joined += c;
    return joined;
}

InspectionAnswer Fail(std::string item, std::string note = "") {
    return {std::move(item), "fail", std::move(note), {}, std::nullopt};
}
InspectionAnswer Pass(std::string item) { return {std::move(item), "pass", "", {}, std::nullopt}; }

class HazardDocumentServiceTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = InspectionWorld::Make(GetParam());
        if (!w_) {
            if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
            return;
        }
        docs_ =
            std::make_unique<HazardDocumentService>(w_->r->store->shared(), w_->r->clock, *w_->r->audit, *w_->hazards);
    }

    int64_t Staff(int64_t enterprise, const std::string& title = "疏散通道堵塞",
                  const std::string& severity = "general", const Principal* who = nullptr) {
        NewHazard in;
        in.enterprise_id = enterprise;
        in.title = title;
        in.description = "二楼疏散通道堆放布料";
        in.severity = severity;
        in.category = "evacuation";
        in.legal_basis = "《消防法》第二十八条";
        in.due_at = w_->r->clock.Now() + 7 * 86400;
        auto h = w_->hazards->Create(who ? *who : w_->r->inspector, in);
        EXPECT_TRUE(h) << (h ? "" : h.error().id + " " + h.error().internal);
        return h ? h->hazard.id : 0;
    }

    std::vector<int64_t> Inspect(std::vector<InspectionAnswer> items) {
        NewInspection in;
        in.enterprise_id = w_->r->ent1a;
        in.checklist_id = "fire-small-workshop";
        in.items = std::move(items);
        auto done = w_->inspections->Create(w_->r->inspector, in);
        EXPECT_TRUE(done) << (done ? "" : done.error().id + " " + done.error().internal);
        return done ? done->hazard_ids : std::vector<int64_t>{};
    }

    std::string NoticeText(const Principal& who, int64_t id) {
        auto file = docs_->Notice(who, id);
        EXPECT_TRUE(file) << (file ? "" : file.error().id + " " + file.error().internal);
        if (!file) return "";
        EXPECT_EQ(file->content_type, "application/pdf");
        EXPECT_EQ(file->bytes.substr(0, 5), "%PDF-");
        return PdfText(file->bytes);
    }

    std::string Number(int64_t hazard_id) {
        auto rows = w_->r->store->db().Read(
            [&](storage::Connection& c) { return storage::HazardDocumentRepository(c).Find(hazard_id, "notice"); });
        EXPECT_TRUE(rows);
        return rows && *rows ? (*rows)->number : "";
    }

    // The exported workbook's rows (header first) read back with the project's own .xlsx reader.
    importer::Table ExportTable(const Principal& who, HazardFilter filter = {}) {
        auto file = docs_->Export(who, std::move(filter));
        EXPECT_TRUE(file) << (file ? "" : file.error().id + " " + file.error().internal);
        if (!file) return {};
        EXPECT_EQ(file->content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        auto table = importer::ReadXlsx(file->bytes);
        EXPECT_TRUE(table) << (table ? "" : table.error().internal);
        return table ? *table : importer::Table{};
    }
    static std::set<int64_t> Ids(const importer::Table& t) {
        std::set<int64_t> ids;
        for (const auto& row : t.rows) ids.insert(std::stoll(row.at(0)));
        return ids;
    }

    std::unique_ptr<InspectionWorld> w_;
    std::unique_ptr<HazardDocumentService> docs_;
};

TEST_P(HazardDocumentServiceTest, NoticePrintsEnterpriseFindingsBasisNumberAndLink) {
    const int64_t id = Staff(w_->r->ent1a, "安全出口被成品布料堵塞");
    const std::string text = NoticeText(w_->r->inspector, id);
    for (const std::string& want : {std::string("安全隐患整改通知书"), std::string("匡安整改〔2026〕第0001号"),
                                    std::string("慈溪市宏达服饰有限公司"), std::string("安全出口被成品布料堵塞"),
                                    std::string("《消防法》第二十八条"), std::string("/hazards/") + std::to_string(id),
                                    std::string("匡堰镇应急管理办公室"), std::string("2026年12月06日")}) {
        EXPECT_NE(text.find(want), std::string::npos) << want << "\n--- pdftotext ---\n" << text;
    }
}

// The link printed with each finding is the whole address from the configured public URL, not a
// bare path a phone cannot open (issue 7 point 9).
TEST_P(HazardDocumentServiceTest, NoticePrintsTheFullLinkFromThePublicUrl) {
    docs_ = std::make_unique<HazardDocumentService>(w_->r->store->shared(), w_->r->clock, *w_->r->audit, *w_->hazards,
                                                    DocumentOptions{.public_url = "https://aq.kuangyan.gov.cn"});
    const int64_t id = Staff(w_->r->ent1a);
    const std::string text = NoticeText(w_->r->inspector, id);
    EXPECT_NE(text.find("在线办理：https://aq.kuangyan.gov.cn/hazards/" + std::to_string(id)), std::string::npos)
        << text;
}

TEST_P(HazardDocumentServiceTest, NumberIsIssuedOnceAndIncrementsPerNotice) {
    const int64_t a = Staff(w_->r->ent1a);
    const int64_t b = Staff(w_->r->ent1b, "疏散通道堵塞", "general", &w_->r->village_officer);
    EXPECT_NE(NoticeText(w_->r->inspector, a).find("第0001号"), std::string::npos);
    w_->r->clock.Advance(3 * 86400);  // a later download prints the first number and date again
    const std::string again = NoticeText(w_->r->town_officer, a);
    EXPECT_NE(again.find("匡安整改〔2026〕第0001号"), std::string::npos) << again;
    EXPECT_NE(again.find("2026年11月29日"), std::string::npos) << again;
    EXPECT_NE(NoticeText(w_->r->town_officer, b).find("匡安整改〔2026〕第0002号"), std::string::npos);
    EXPECT_EQ(Number(a), "匡安整改〔2026〕第0001号");
    EXPECT_EQ(Number(b), "匡安整改〔2026〕第0002号");
    // Issued once: one audit entry per notice, none for the repeat download.
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM audit_log WHERE entity = 'hazard' AND action = 'notice'"), 2);
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM hazard_documents WHERE kind = 'notice'"), 2);
    // Another town has its own sequence.
    const int64_t other = Staff(w_->r->ent_other, "疏散通道堵塞", "general", &w_->r->other_town_officer);
    EXPECT_NE(NoticeText(w_->r->other_town_officer, other).find("观安整改〔2026〕第0001号"), std::string::npos);
}

TEST_P(HazardDocumentServiceTest, InspectionFindingsShareOneNotice) {
    const auto ids = Inspect({Fail("FS-EVA-03", "三楼防火门常开"), Pass("FS-ELE-01"), Fail("FS-MGT-04")});
    ASSERT_EQ(ids.size(), 2u);
    const std::string text = NoticeText(w_->r->enterprise_user, ids[1]);
    for (const std::string& want :
         {std::string("常闭式防火门未处于关闭状态"), std::string("三楼防火门常开"), std::string("公安部令第61号"),
          std::string("签订安全生产"), std::string("《安全生产法》第49条"), std::string("重大事故隐患"),
          std::string("/hazards/") + std::to_string(ids[0]), std::string("/hazards/") + std::to_string(ids[1]),
          std::string("第0001号"), std::string("FS-EVA-03")}) {
        EXPECT_NE(text.find(want), std::string::npos) << want << "\n--- pdftotext ---\n" << text;
    }
    // The notice states findings, never the checklist's questions; a fail without a note adds no
    // "检查项 … 不合格" of its own (the item and the basis have their own lines).
    EXPECT_NE(text.find("出租方与承租方未签订安全生产（消防）管理协议"), std::string::npos) << text;
    for (const std::string& unwanted : {std::string("是否处于关闭状态"), std::string("是否签订"),
                                        std::string("是否统一协调"), std::string("不合格；依据")})
        EXPECT_EQ(text.find(unwanted), std::string::npos) << unwanted << "\n--- pdftotext ---\n" << text;
    EXPECT_EQ(Number(ids[0]), Number(ids[1]));
    EXPECT_NE(NoticeText(w_->r->inspector, ids[0]).find("第0001号"), std::string::npos);
    EXPECT_NE(NoticeText(w_->r->inspector, Staff(w_->r->ent1a)).find("第0002号"), std::string::npos);
}

TEST_P(HazardDocumentServiceTest, ExportPrintsTheFindingAndWhatTheInspectorSaw) {
    const auto ids = Inspect({Fail("FS-EVA-03", "三楼防火门常开"), Fail("FS-ACC-01")});
    ASSERT_EQ(ids.size(), 2u);
    const importer::Table table = ExportTable(w_->r->town_officer);
    std::map<int64_t, std::string> line;
    for (const auto& row : table.rows) {
        std::string joined;
        for (const auto& cell : row) joined += cell + "|";
        line[std::stoll(row.at(0))] = joined;
    }
    EXPECT_NE(line[ids[0]].find("常闭式防火门未处于关闭状态，或防火卷帘下堆放物品影响使用：三楼防火门常开"),
              std::string::npos)
        << line[ids[0]];
    EXPECT_NE(line[ids[1]].find("与员工宿舍设在同一座建筑物内：检查项 FS-ACC-01 不合格；依据："), std::string::npos)
        << line[ids[1]];
    for (const auto& [id, text] : line) EXPECT_EQ(text.find("是否"), std::string::npos) << text;
}

TEST_P(HazardDocumentServiceTest, ConcurrentFirstDownloadsShareOneNumber) {
    const auto ids = Inspect({Fail("FS-EVA-03"), Fail("FS-ELE-01")});
    ASSERT_EQ(ids.size(), 2u);
    std::vector<std::thread> threads;
    std::vector<int> ok(6, 0);
    for (size_t i = 0; i < ok.size(); ++i) {
        threads.emplace_back([&, i] { ok[i] = docs_->Notice(w_->r->inspector, ids[i % 2]).has_value() ? 1 : 0; });
    }
    for (auto& t : threads) t.join();
    for (size_t i = 0; i < ok.size(); ++i) EXPECT_EQ(ok[i], 1) << i;
    EXPECT_EQ(Number(ids[0]), "匡安整改〔2026〕第0001号");
    EXPECT_EQ(Number(ids[1]), Number(ids[0]));
    EXPECT_EQ(w_->Count("SELECT last_no FROM document_numbers WHERE kind = 'notice'"), 1);
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM audit_log WHERE entity = 'hazard' AND action = 'notice'"), 1);
}

TEST_P(HazardDocumentServiceTest, OutsideScopeIsNotFoundAndNothingIsIssued) {
    const int64_t id = Staff(w_->r->ent1a);
    for (const Principal* who : {&w_->r->other_town_officer, &w_->r->other_inspector, &w_->r->other_enterprise_user}) {
        auto file = docs_->Notice(*who, id);
        ASSERT_FALSE(file);
        EXPECT_EQ(file.error().code, Code::kNotFound);
    }
    EXPECT_EQ(docs_->Notice(w_->r->town_officer, id + 1000).error().code, Code::kNotFound);
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM hazard_documents"), 0);
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM document_numbers WHERE kind = 'notice'"), 0);
}

TEST_P(HazardDocumentServiceTest, NoNoticeWithoutAnEnterpriseOrADeadline) {
    const int64_t report = w_->r->store->db()
                               .Transact(true,
                                         [&](storage::Connection& conn) {
                                             HazardInsert in;
                                             in.path.town_id = w_->r->town;
                                             in.source = "public";
                                             in.title = "群众举报：消防通道被占";
                                             in.status = HazardStatus::kReported;
                                             return w_->hazards->Insert(conn, in, nullptr);
                                         })
                               .value();
    auto file = docs_->Notice(w_->r->town_officer, report);
    ASSERT_FALSE(file);
    EXPECT_EQ(file.error().code, Code::kConflict);
    EXPECT_EQ(file.error().id, "notice_without_enterprise");

    const int64_t self = Staff(w_->r->ent1a, "自查发现灭火器过期", "general", &w_->r->enterprise_user);
    file = docs_->Notice(w_->r->inspector, self);
    ASSERT_FALSE(file);
    EXPECT_EQ(file.error().id, "notice_not_confirmed");
    EXPECT_EQ(w_->Count("SELECT COUNT(*) FROM hazard_documents"), 0);
}

TEST_P(HazardDocumentServiceTest, ExportHasTheFilteredRowsInScopeOnly) {
    const int64_t a1 = Staff(w_->r->ent1a, "甲企业隐患一");
    const int64_t a2 = Staff(w_->r->ent1a, "甲企业隐患二", "major");
    const int64_t b = Staff(w_->r->ent1b, "乙企业隐患", "general", &w_->r->village_officer);
    const int64_t other = Staff(w_->r->ent_other, "外镇隐患", "general", &w_->r->other_town_officer);

    const importer::Table town = ExportTable(w_->r->town_officer);
    ASSERT_FALSE(town.headers.empty());
    EXPECT_EQ(town.headers.at(0), "编号");
    EXPECT_EQ(Ids(town), (std::set<int64_t>{a1, a2, b}));
    EXPECT_EQ(Ids(ExportTable(w_->r->enterprise_user)), (std::set<int64_t>{a1, a2}));
    EXPECT_EQ(Ids(ExportTable(w_->r->other_town_officer)), (std::set<int64_t>{other}));
    HazardFilter major;
    major.severity = "major";
    EXPECT_EQ(Ids(ExportTable(w_->r->town_officer, major)), (std::set<int64_t>{a2}));
    // The enterprise name and the place columns are filled.
    bool found = false;
    for (const auto& row : town.rows) {
        if (std::stoll(row.at(0)) != b) continue;
        found = true;
        EXPECT_EQ(row.at(1), "慈溪市匡堰锦绣制衣厂");
        EXPECT_EQ(row.at(3), "高家村 / 高家村第二网格");
        EXPECT_NE(row.at(4).find("乙企业隐患"), std::string::npos);
    }
    EXPECT_TRUE(found);
}

TEST_P(HazardDocumentServiceTest, ExportReadsEveryPageNotJustOne) {
    std::vector<HazardInsert> many(450);
    for (size_t i = 0; i < many.size(); ++i) {
        many[i].enterprise_id = w_->r->ent2a;
        many[i].title = "批量隐患" + std::to_string(i);
        many[i].due_at = w_->r->clock.Now() + 86400;
    }
    ASSERT_TRUE(w_->hazards->InsertMany(many));
    const importer::Table all = ExportTable(w_->r->town_officer);
    EXPECT_EQ(all.rows.size(), 450u);
    EXPECT_EQ(Ids(all).size(), 450u);
}

TEST_P(HazardDocumentServiceTest, ExportKeepsTheListsStatusesKeywordAndOrder) {
    // Deadlines falling as ids rise, over more than one page of the list: sorted by deadline, the
    // workbook runs from the last id to the first.
    std::vector<HazardInsert> many(260);
    for (size_t i = 0; i < many.size(); ++i) {
        many[i].enterprise_id = w_->r->ent2a;
        many[i].title = "批量隐患" + std::to_string(i);
        many[i].due_at = w_->r->clock.Now() + 86400 * static_cast<int64_t>(1000 - i);
    }
    ASSERT_TRUE(w_->hazards->InsertMany(many));
    const int64_t other = Staff(w_->r->ent1a, "锦绣无关");
    HazardFilter f;
    f.status = "reported,rectifying";
    f.q = "永盛";  // ent2a's name
    f.sort = "due_at";
    const importer::Table sorted = ExportTable(w_->r->town_officer, f);
    ASSERT_EQ(sorted.rows.size(), 260u);
    for (size_t i = 1; i < sorted.rows.size(); ++i)
        EXPECT_GT(std::stoll(sorted.rows[i - 1].at(0)), std::stoll(sorted.rows[i].at(0))) << i;
    EXPECT_FALSE(Ids(sorted).count(other));
    f.sort = "created_at";
    const importer::Table oldest = ExportTable(w_->r->town_officer, f);
    ASSERT_EQ(oldest.rows.size(), 260u);
    EXPECT_LT(std::stoll(oldest.rows.front().at(0)), std::stoll(oldest.rows.back().at(0)));
    f.sort = "title";
    EXPECT_EQ(docs_->Export(w_->r->town_officer, f).error().code, Code::kValidation);
}

TEST_P(HazardDocumentServiceTest, ExportAboveTheCapIsRefusedAndBadFiltersAnswerAsTheList) {
    Staff(w_->r->ent1a);
    Staff(w_->r->ent1a);
    auto big = docs_->Export(w_->r->town_officer, {}, 1);
    ASSERT_FALSE(big);
    EXPECT_EQ(big.error().code, Code::kTooLarge);
    EXPECT_EQ(big.error().id, "export_too_large");
    HazardFilter bad;
    bad.status = "lost";
    EXPECT_EQ(docs_->Export(w_->r->town_officer, bad).error().code, Code::kValidation);
    HazardFilter region;
    region.region_id = w_->r->other_town;
    EXPECT_EQ(docs_->Export(w_->r->town_officer, region).error().code, Code::kNotFound);
}

// CONTRACT.md: dates a person reads, file names included, are the town's days. 17:30Z on the 5th is
// 01:30 on the 6th in Shanghai: a UTC date would name the file after yesterday.
TEST_P(HazardDocumentServiceTest, FileNamesAndDeadlinesAreTheTownsDays) {
    w_->r->clock.Set(*ParseRfc3339("2026-12-05T17:30:00Z"));
    NewHazard in;
    in.enterprise_id = w_->r->ent1a;
    in.title = "配电箱前堆放杂物";
    in.severity = "general";
    in.category = "evacuation";
    in.due_at = *ParseRfc3339("2026-12-12T17:00:00Z");  // 01:00 on the 13th in Shanghai
    auto h = w_->hazards->Create(w_->r->inspector, in);
    ASSERT_TRUE(h) << h.error().id;

    auto notice = docs_->Notice(w_->r->inspector, h->hazard.id);
    ASSERT_TRUE(notice) << notice.error().internal;
    EXPECT_EQ(notice->filename_utf8, "整改通知书-慈溪市宏达服饰有限公司-2026-12-06.pdf");
    EXPECT_EQ(notice->filename, "notice-" + std::to_string(h->hazard.id) + "-2026-12-06.pdf");
    const std::string text = PdfText(notice->bytes);
    EXPECT_NE(text.find("2026年12月13日"), std::string::npos) << text;  // the deadline
    EXPECT_NE(text.find("2026年12月06日"), std::string::npos) << text;  // the issue date
    EXPECT_EQ(text.find("2026年12月12日"), std::string::npos) << text;

    auto xlsx = docs_->Export(w_->r->town_officer, {});
    ASSERT_TRUE(xlsx) << xlsx.error().internal;
    EXPECT_EQ(xlsx->filename_utf8, "隐患清单-2026-12-06.xlsx");
    EXPECT_EQ(xlsx->filename, "hazards-2026-12-06.xlsx");
    auto table = importer::ReadXlsx(xlsx->bytes);
    ASSERT_TRUE(table);
    ASSERT_EQ(table->rows.size(), 1u);
    EXPECT_EQ(table->rows[0].at(8), "2026-12-06");  // found
    EXPECT_EQ(table->rows[0].at(9), "2026-12-13");  // deadline
}

TEST_P(HazardDocumentServiceTest, AConfiguredZoneChangesEveryDate) {
    docs_ = std::make_unique<HazardDocumentService>(w_->r->store->shared(), w_->r->clock, *w_->r->audit, *w_->hazards,
                                                    DocumentOptions{.zone = *ParseTimeZone("UTC")});
    w_->r->clock.Set(*ParseRfc3339("2026-12-05T17:30:00Z"));
    Staff(w_->r->ent1a);
    auto xlsx = docs_->Export(w_->r->town_officer, {});
    ASSERT_TRUE(xlsx);
    EXPECT_EQ(xlsx->filename_utf8, "隐患清单-2026-12-05.xlsx");
}

// The notice is printed from the hazards as they are now: a finding submitted since the first
// download shows 待验收, a closed one 已销号, and each shows its own deadline.
TEST_P(HazardDocumentServiceTest, NoticeListsTheFindingsAsTheyStandWhenPrinted) {
    const auto ids = Inspect({Fail("FS-EVA-03", "三楼防火门常开"), Fail("FS-MGT-04")});
    ASSERT_EQ(ids.size(), 2u);
    const std::string first = NoticeText(w_->r->enterprise_user, ids[0]);
    EXPECT_NE(first.find("当前状态：整改中"), std::string::npos) << first;
    EXPECT_EQ(first.find("当前状态：待验收"), std::string::npos) << first;
    ActionInput submit{"submit"};
    submit.comment = "已清理并关闭防火门";
    ASSERT_TRUE(w_->hazards->Act(w_->r->enterprise_user, ids[0], submit, {}, std::nullopt));
    const std::string later = NoticeText(w_->r->enterprise_user, ids[1]);
    EXPECT_NE(later.find("当前状态：待验收"), std::string::npos) << later;
    EXPECT_NE(later.find("当前状态：整改中"), std::string::npos) << later;
    EXPECT_NE(later.find("检查人员签名"), std::string::npos) << later;
    EXPECT_NE(later.find("被检查单位负责人签收"), std::string::npos) << later;
    EXPECT_NE(later.find("第0001号"), std::string::npos) << later;  // still the same notice
}

// CONTRACT.md: the notice is "for staff in scope and for the hazard's own enterprise".
TEST_P(HazardDocumentServiceTest, TheEnterpriseDownloadsItsOwnNoticeAndNoOneElses) {
    const int64_t own = Staff(w_->r->ent1a, "安全出口被成品布料堵塞");
    const int64_t other = Staff(w_->r->ent1b, "乙企业隐患", "general", &w_->r->village_officer);
    auto file = docs_->Notice(w_->r->enterprise_user, own);
    ASSERT_TRUE(file) << file.error().id;
    EXPECT_NE(PdfText(file->bytes).find("安全出口被成品布料堵塞"), std::string::npos);
    auto foreign = docs_->Notice(w_->r->enterprise_user, other);
    ASSERT_FALSE(foreign);
    EXPECT_EQ(foreign.error().code, Code::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Stores, HazardDocumentServiceTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services

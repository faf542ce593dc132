#include "services/alarm_processor.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/alarm/alarm.hpp"
#include "platform/metrics.hpp"
#include "services/alarm_json.hpp"
#include "storage/repositories/coordination_repository.hpp"
#include "storage/repositories/device_repository.hpp"

namespace safegrid::services {
namespace {

namespace bj = boost::json;
using alarm::Signal;
using storage::AlarmRecord;
using storage::AlarmRepository;
using storage::DeviceRecord;
using storage::DeviceRepository;

constexpr size_t kMaxDetail = 500;  // bytes of a signal's detail kept in the alarm's source

std::optional<int64_t> NonNegative(const bj::value* v) {
    if (v == nullptr) return std::nullopt;
    if (v->is_int64() && v->as_int64() >= 0) return v->as_int64();
    if (v->is_uint64() && v->as_uint64() <= static_cast<uint64_t>(INT64_MAX))
        return static_cast<int64_t>(v->as_uint64());
    return std::nullopt;
}

// The SIGNALS format (device_inbox.hpp); nullopt when the row is not it.
std::optional<std::vector<Signal>> ParseSignals(const std::string& text) {
    boost::system::error_code ec;
    bj::value doc = bj::parse(text, ec);
    if (ec || !doc.is_array()) return std::nullopt;
    std::vector<Signal> out;
    for (const bj::value& item : doc.as_array()) {
        if (!item.is_object()) return std::nullopt;
        const bj::object& o = item.as_object();
        Signal s;
        const bj::value* event = o.if_contains("event");
        if (event == nullptr || !event->is_string()) return std::nullopt;
        auto parsed = alarm::ParseSignalEvent(std::string_view(event->as_string()));
        if (!parsed) return std::nullopt;
        s.event = *parsed;
        auto at = NonNegative(o.if_contains("at"));
        if (!at) return std::nullopt;
        s.at = *at;
        if (const bj::value* c = o.if_contains("component"); c != nullptr && !c->is_null()) {
            if (!c->is_object()) return std::nullopt;
            const bj::object& co = c->as_object();
            auto st = NonNegative(co.if_contains("system_type"));
            auto sa = NonNegative(co.if_contains("system_address"));
            auto ct = NonNegative(co.if_contains("component_type"));
            auto ca = NonNegative(co.if_contains("component_address"));
            if (!st || !sa || !ct || !ca) return std::nullopt;
            s.component = alarm::Component{*st, *sa, *ct, *ca};
        }
        if (const bj::value* d = o.if_contains("detail"); d != nullptr && !d->is_null()) {
            if (!d->is_string()) return std::nullopt;
            s.detail = std::string(d->as_string()).substr(0, kMaxDetail);
        }
        out.push_back(std::move(s));
    }
    return out;
}

std::string SourceJson(const InboxRow& row, const Signal& s) {
    bj::object o{{"protocol", row.protocol}, {"inbox_id", row.id}, {"reported_at", FormatRfc3339(s.at)}};
    if (s.component) {
        o["component"] = bj::object{{"system_type", s.component->system_type},
                                    {"system_address", s.component->system_address},
                                    {"component_type", s.component->component_type},
                                    {"component_address", s.component->component_address}};
    }
    if (!s.detail.empty()) o["detail"] = s.detail;
    return bj::serialize(o);
}

// One batch's work on its transaction.
class Applier {
  public:
    Applier(storage::Connection& conn, LiveEvents& events,
            const std::function<Status(storage::Connection&, const AlarmRecord&)>& on_raised,
            const std::function<Status(storage::Connection&, int64_t)>& on_cleared)
        : conn_(conn), alarms_(conn), devices_(conn), events_(events), on_raised_(on_raised), on_cleared_(on_cleared) {}

    // False when the row names no device (counted as bad by the caller).
    Result<bool> Apply(const InboxRow& row, const std::vector<Signal>& signals) {
        SG_ASSIGN_OR_RETURN(Seen * seen, Device(row.device_id));
        if (seen == nullptr) return false;
        const DeviceRecord& d = seen->device;
        const UnixSeconds at = row.received_at;
        // Heard from: an open offline alarm clears (once per device and batch; not only when the
        // device reads offline, since the offline job may have committed after this batch read it).
        if (!seen->offline_cleared) {
            SG_TRY(ClearAndPublish(d.id, {std::string(alarm::KindName(alarm::AlarmKind::kOffline))}, std::nullopt, at));
            seen->offline_cleared = true;
        }
        for (const Signal& s : signals) {
            const alarm::SignalEffect effect = alarm::EffectOf(s);
            if (effect.component_state && s.component) {
                SG_TRY(devices_.UpsertComponent({d.id, s.component->system_type, s.component->system_address,
                                                 s.component->component_type, s.component->component_address,
                                                 *effect.component_state, at}));
            }
            if (!effect.clear.empty()) {
                std::vector<std::string> kinds;
                for (alarm::AlarmKind k : effect.clear) kinds.emplace_back(alarm::KindName(k));
                SG_TRY(ClearAndPublish(
                    d.id, kinds,
                    effect.clear_whole_device ? std::nullopt : std::optional<std::string>(effect.component_key), at));
            }
            if (effect.raise) SG_TRY(Raise(d, *effect.raise, effect.component_key, SourceJson(row, s), at));
        }
        // Rows are applied in id order, but a late row must not move last_seen_at back.
        seen->last_seen_at = std::max(seen->last_seen_at, at);
        return true;
    }

    // Once per device of the batch, after its rows: state, online, last_seen_at.
    Status Finish(UnixSeconds now) {
        for (auto& [id, seen] : seen_) {
            if (!seen) continue;
            SG_ASSIGN_OR_RETURN(bool fire, alarms_.Uncleared(id, "fire", std::nullopt));
            SG_ASSIGN_OR_RETURN(bool fault, alarms_.Uncleared(id, "fault", std::nullopt));
            SG_TRY(devices_.SetContact(id, std::string(alarm::DeviceStateFrom(fire, fault)), true, seen->last_seen_at,
                                       now));
        }
        if (on_cleared_)
            for (int64_t enterprise : cleared_enterprises_) SG_TRY(on_cleared_(conn_, enterprise));
        return {};
    }

    [[nodiscard]] bool Published() const { return published_; }

  private:
    struct Seen {
        DeviceRecord device;
        bool offline_cleared = false;
        UnixSeconds last_seen_at = 0;
    };

    // The batch's view of a device, read once; null when there is no such device.
    Result<Seen*> Device(int64_t id) {
        auto it = seen_.find(id);
        if (it == seen_.end()) {
            SG_ASSIGN_OR_RETURN(auto found, devices_.FindById(id));
            std::optional<Seen> entry;
            if (found) entry = Seen{*found, false, found->last_seen_at.value_or(0)};
            it = seen_.emplace(id, std::move(entry)).first;
        }
        return it->second ? &*it->second : nullptr;
    }

    Status Raise(const DeviceRecord& d, alarm::AlarmKind kind, const std::string& component_key,
                 const std::string& source, UnixSeconds at) {
        const std::string kind_name(alarm::KindName(kind));
        SG_ASSIGN_OR_RETURN(bool still, alarms_.Uncleared(d.id, kind_name, component_key));
        if (still) return {};  // the device repeats a condition it has not cleared: no second alarm
        AlarmRecord a;
        a.path = d.path;
        a.enterprise_id = d.enterprise_id;
        a.device_id = d.id;
        a.kind = kind_name;
        a.component_key = component_key;
        a.source = source;
        a.raised_at = a.created_at = a.updated_at = at;
        SG_ASSIGN_OR_RETURN(auto id, alarms_.InsertIfNoneOpen(a));
        if (!id) return {};
        SG_ASSIGN_OR_RETURN(auto stored, alarms_.FindById(*id));
        if (!stored) return Internal("alarm vanished after insert");
        SG_TRY(Publish("alarm.raised", *stored));
        if (on_raised_) SG_TRY(on_raised_(conn_, *stored));
        return {};
    }

    Status ClearAndPublish(int64_t device_id, const std::vector<std::string>& kinds,
                           const std::optional<std::string>& component_key, UnixSeconds at) {
        SG_ASSIGN_OR_RETURN(auto ids, alarms_.Clear(device_id, kinds, component_key, at));
        for (int64_t id : ids) {
            SG_ASSIGN_OR_RETURN(auto a, alarms_.FindById(id));
            if (!a) continue;
            SG_TRY(Publish("alarm.updated", *a));
            cleared_enterprises_.insert(a->enterprise_id);
        }
        return {};
    }

    Status Publish(const char* type, const AlarmRecord& a) {
        SG_TRY(events_.Record(conn_, {type, a.path, a.enterprise_id, AlarmEventData(a)}));
        published_ = true;
        return {};
    }

    storage::Connection& conn_;
    AlarmRepository alarms_;
    DeviceRepository devices_;
    LiveEvents& events_;
    const std::function<Status(storage::Connection&, const AlarmRecord&)>& on_raised_;
    const std::function<Status(storage::Connection&, int64_t)>& on_cleared_;
    std::set<int64_t> cleared_enterprises_;
    bool published_ = false;
    std::map<int64_t, std::optional<Seen>> seen_;
};

}  // namespace

AlarmProcessor::AlarmProcessor(std::shared_ptr<storage::Database> db, const Clock& clock, DeviceInbox& inbox,
                               LiveEvents& events)
    : db_(std::move(db)), clock_(clock), inbox_(inbox), events_(events) {}

AlarmProcessor::~AlarmProcessor() { Stop(); }

Result<int64_t> AlarmProcessor::RunOnce() {
    int64_t bad = 0;
    bool published = false;
    SG_ASSIGN_OR_RETURN(int64_t done, db_->Transact(true, [&](storage::Connection& conn) -> Result<int64_t> {
        bad = 0;
        // Several serve processes (docs/multi-process.md): one drains at a time, and the next reads the rows
        // after the first committed their marks, so no row is applied twice. On PostgreSQL this
        // statement waits for the other's commit; on SQLite the write transaction already does.
        SG_TRY(storage::CoordinationRepository(conn).LockForTransaction("alarm_processor"));
        SG_ASSIGN_OR_RETURN(std::vector<InboxRow> rows, inbox_.Pending(conn, kBatch));
        if (rows.empty()) return int64_t{0};
        Applier applier(conn, events_, on_raised, on_cleared);
        std::vector<int64_t> ids;
        ids.reserve(rows.size());
        for (const InboxRow& row : rows) {
            ids.push_back(row.id);
            auto signals = ParseSignals(row.signals);
            bool applied = false;
            if (signals) {
                SG_ASSIGN_OR_RETURN(applied, applier.Apply(row, *signals));
            }
            if (!applied) ++bad;
        }
        SG_TRY(applier.Finish(clock_.Now()));
        SG_TRY(DeviceInbox::MarkProcessed(conn, ids, clock_.Now()));
        published = applier.Published();
        return static_cast<int64_t>(rows.size());
    }));
    if (bad > 0) {
        platform::Metrics::Global().Increment("safegrid_alarm_bad_inbox_rows_total", static_cast<double>(bad));
        spdlog::warn("alarm processor: {} inbox row(s) without valid signals or device skipped", bad);
    }
    if (published) events_.Wake();
    return done;
}

Result<int64_t> AlarmProcessor::Drain() {
    int64_t total = 0;
    for (;;) {
        SG_ASSIGN_OR_RETURN(int64_t n, RunOnce());
        total += n;
        if (n < kBatch) return total;
    }
}

void AlarmProcessor::Start(std::chrono::milliseconds poll) {
    if (thread_.joinable()) return;
    inbox_.OnStored([this] { Wake(); });
    thread_ = std::jthread([this, poll](std::stop_token stop) { Loop(stop, poll); });
}

void AlarmProcessor::Stop() {
    if (!thread_.joinable()) return;
    inbox_.OnStored(nullptr);
    thread_.request_stop();
    wake_.notify_all();
    thread_.join();
}

void AlarmProcessor::Wake() {
    {
        std::lock_guard lock(mutex_);
        pending_wake_ = true;
    }
    wake_.notify_all();
}

void AlarmProcessor::Loop(std::stop_token stop, std::chrono::milliseconds poll) {
    while (!stop.stop_requested()) {
        auto drained = Drain();
        if (!drained) spdlog::warn("alarm processor: {}", drained.error().internal);
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, stop, poll, [this] { return pending_wake_; });
        pending_wake_ = false;
    }
}

}  // namespace safegrid::services

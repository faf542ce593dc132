#include "services/gb26875_batch_writer.hpp"

#include <spdlog/spdlog.h>

#include <vector>

#include "platform/metrics.hpp"
#include "storage/repositories/device_repository.hpp"

namespace safegrid::services {
namespace {

constexpr auto kKnownTtl = std::chrono::seconds(60);
constexpr auto kUnknownTtl = std::chrono::seconds(10);

}  // namespace

Gb26875BatchWriter::Gb26875BatchWriter(std::shared_ptr<storage::Database> db, DeviceInbox& inbox, BatchOptions options)
    : db_(std::move(db)), inbox_(inbox), options_(options) {
    if (options_.max_messages == 0) options_.max_messages = 1;
    thread_ = std::thread([this] { Loop(); });
}

Gb26875BatchWriter::~Gb26875BatchWriter() { Stop(); }

void Gb26875BatchWriter::Submit(uint64_t unit_address, InboxMessage message, Done done) {
    {
        std::lock_guard lock(mutex_);
        if (!stopping_) {
            const bool was_empty = queue_.empty();
            queue_.push_back({unit_address, std::move(message), std::move(done)});
            if (was_empty || queue_.size() >= options_.max_messages) wake_.notify_one();
            return;
        }
    }
    done(GatewayWrite::kFailed, 0);
}

void Gb26875BatchWriter::Stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
}

void Gb26875BatchWriter::Loop() {
    for (;;) {
        std::deque<Item> batch;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping with nothing left
            // The first message opens the window; more arrive while it is open (or while the
            // previous commit ran, which batches by itself under load).
            const auto deadline = std::chrono::steady_clock::now() + options_.window;
            wake_.wait_until(lock, deadline, [&] { return stopping_ || queue_.size() >= options_.max_messages; });
            const std::size_t n = std::min(queue_.size(), options_.max_messages);
            for (std::size_t i = 0; i < n; ++i) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        Write(batch);
    }
}

bool Gb26875BatchWriter::Resolve(std::deque<Item>& batch) {
    const auto now = std::chrono::steady_clock::now();
    std::vector<uint64_t> misses;
    for (const Item& item : batch) {
        auto it = units_.find(item.unit);
        if (it == units_.end() || it->second.expires <= now) {
            units_.erase(item.unit);
            misses.push_back(item.unit);
            units_[item.unit] = Known{std::nullopt, {}};  // placeholder: one query per unit
        }
    }
    if (misses.empty()) return true;
    auto found = db_->Transact(false, [&](storage::Connection& conn) -> Result<std::vector<Known>> {
        storage::DeviceRepository repo(conn);
        std::vector<Known> out;
        for (uint64_t unit : misses) {
            SG_ASSIGN_OR_RETURN(auto device, repo.FindByUnitAddress(static_cast<int64_t>(unit)));
            if (device) {
                out.push_back({device->id, now + kKnownTtl});
            } else {
                out.push_back({std::nullopt, now + kUnknownTtl});
            }
        }
        return out;
    });
    if (!found) {
        for (uint64_t unit : misses) units_.erase(unit);
        spdlog::error("gb26875: device look-up failed: {}", found.error().internal);
        return false;
    }
    for (std::size_t i = 0; i < misses.size(); ++i) units_[misses[i]] = (*found)[i];
    return true;
}

void Gb26875BatchWriter::Write(std::deque<Item>& batch) {
    auto& metrics = platform::Metrics::Global();
    if (!Resolve(batch)) {
        metrics.Increment("gb26875_store_failures_total", static_cast<double>(batch.size()));
        for (Item& item : batch) item.done(GatewayWrite::kFailed, 0);
        return;
    }
    std::vector<InboxMessage> messages;
    std::vector<Item*> stored_items;
    messages.reserve(batch.size());
    for (Item& item : batch) {
        const auto& known = units_[item.unit];
        if (!known.device_id) continue;
        item.message.device_id = *known.device_id;
        messages.push_back(item.message);
        stored_items.push_back(&item);
    }
    std::vector<InboxOutcome> outcomes;
    bool failed = false;
    if (!messages.empty()) {
        auto appended = inbox_.Append(messages);
        if (appended) {
            outcomes = std::move(*appended);
            metrics.Increment("gb26875_store_batches_total");
        } else {
            failed = true;
            spdlog::error("gb26875: inbox append of {} messages failed: {}", messages.size(),
                          appended.error().internal);
            metrics.Increment("gb26875_store_failures_total", static_cast<double>(messages.size()));
        }
    }
    std::size_t next = 0;
    for (Item& item : batch) {
        if (next < stored_items.size() && stored_items[next] == &item) {
            const InboxOutcome o = failed ? InboxOutcome::kStored : outcomes[next];
            ++next;
            if (failed) {
                item.done(GatewayWrite::kFailed, item.message.device_id);
            } else {
                item.done(o == InboxOutcome::kStored ? GatewayWrite::kStored : GatewayWrite::kDuplicate,
                          item.message.device_id);
            }
        } else {
            item.done(GatewayWrite::kUnknownUnit, 0);
        }
    }
}

}  // namespace safegrid::services

// The agent's smaller steps: probe, purge, statuses, heartbeat (docs/protocol.md §6, §7).
#include "agent/agent.hpp"

#include "common/file.hpp"
#include "protocol/answers.hpp"
#include "protocol/routes.hpp"

#include <nlohmann/json.hpp>
#include <sys/statvfs.h>
#include <algorithm>
#include <charconv>

namespace guichet::sync::agent {

namespace {

// A heartbeat body is at most 64 KiB (protocol.md §1): the usage counters take
// at most this much of it, and at most this many days at once (a kiosk back
// after weeks offline sends them over its next heartbeats).
constexpr int kUsageDaysPerHeartbeat = 7;
constexpr std::size_t kUsageBytesPerHeartbeat = 40 * 1024;

std::int64_t read_cursor(const std::filesystem::path& file) {
    auto text = read_text_file(file, 64);
    if (!text) return 0;
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
    return ec == std::errc() && v >= 0 ? v : 0;  // a damaged cursor only means fetching again
}

}  // namespace

Result<void> probe_step(CycleContext& ctx) {
    auto answer = ctx.hub.send("GET", paths::kPing, {}, {}, "", {}, 4096);
    if (!answer) return answer.error();
    if (answer->status != 200) return fail(describe_answer("GET", paths::kPing, *answer));
    // A hub before 1.7 offers no batch (nor does a ping that does not parse): one by one.
    auto ping = parse_ping_answer(answer->body);
    ctx.agent.set_hub_batch(ping && ping->batch && ping->batch->demarches > 1 ? ping->batch : std::nullopt);
    return {};
}

Result<void> purge_step(CycleContext& ctx) {
    auto r = ctx.store.apply_retention(ctx.now);
    if (!r) return r.error();
    return {};
}

Result<void> statuses_step(CycleContext& ctx) {
    const auto cursor_file = ctx.options.state_dir / kCursorFile;
    auto cursor = read_cursor(cursor_file);
    for (int page = 0; page < 100 && !ctx.stop; ++page) {
        const Query query{{paths::kQuerySince, std::to_string(cursor)}};
        auto answer = ctx.hub.send("GET", paths::kKioskStatuses, query);
        if (!answer) return answer.error();
        if (answer->status != 200) return fail(describe_answer("GET", paths::kKioskStatuses, *answer));
        auto feed = parse_status_feed(answer->body);
        if (!feed) return feed.error();
        // One store transaction per page: one fsync, not one per status.
        std::vector<store::Store::StatusUpdate> updates;
        for (const auto& s : feed->statuses)
            // The resident reads the partner's message, or the status itself when there is none.
            updates.push_back({s.tracking_code, s.status,
                               s.message.empty() ? std::string(status_label_fr(s.status)) : s.message, s.updated_at});
        if (auto r = ctx.store.upsert_statuses(updates); !r) return r.error();
        ctx.report.statuses += static_cast<int>(updates.size());
        if (feed->cursor == cursor) break;
        cursor = feed->cursor;
        auto text = std::to_string(cursor);
        if (auto r = write_file_atomic(cursor_file, as_bytes(text), 0600); !r) return r.error();
        if (feed->statuses.empty()) break;
    }
    return ctx.store.set_last_sync(ctx.now);
}

std::optional<PrinterStatus> read_printer_status(const std::filesystem::path& state_dir) {
    if (state_dir.empty()) return std::nullopt;
    auto text = read_text_file(state_dir / kPrinterStatusFile, 64 * 1024);
    if (!text) return std::nullopt;  // no printer configured (or not written yet)
    auto j = nlohmann::json::parse(*text, nullptr, false);
    if (!j.is_object() || j.value("format", 0) != 1) return std::nullopt;
    return PrinterStatus{j.value("state", std::string()), j.value("message", std::string()),
                         j.value("detail", std::string()), j.value("at", std::int64_t{0})};
}

Result<Heartbeat> current_heartbeat(store::Store& store, const AgentOptions& options, std::int64_t now) {
    auto summary = store.queue_summary(now);
    if (!summary) return summary.error();
    Heartbeat beat;
    beat.queued = summary->queued;
    beat.sending = summary->sending;
    beat.delivered = summary->delivered;
    beat.purged = summary->purged;
    beat.oldest_queued = summary->oldest_queued;
    beat.last_sync = summary->last_sync;
    if (options.pack_versions) beat.packs = options.pack_versions();
    if (options.pack_problems) beat.pack_problems = options.pack_problems();
    beat.printer = read_printer_status(options.state_dir);
    struct statvfs fs {};
    if (::statvfs(options.state_dir.c_str(), &fs) == 0)
        beat.free_disk_bytes = static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
    beat.software_version = options.software_version;
    beat.sent_at = now;
    return beat;
}

namespace {

Result<std::vector<std::int64_t>> add_usage(store::Store& store, Heartbeat& beat) {
    auto days = store.unsent_usage(kUsageDaysPerHeartbeat);
    if (!days) return days.error();
    std::vector<std::int64_t> generations;
    std::size_t bytes = 0;
    for (auto& d : *days) {
        UsageDay day{d.day, {}};
        for (auto& c : d.counts) {
            const std::size_t size = 32 + c.item.size() + usage::name(c.counter).size();
            if (bytes + size > kUsageBytesPerHeartbeat) break;  // the rest of a huge day: next time
            bytes += size;
            day.counts.push_back({std::string(usage::name(c.counter)), std::move(c.item), c.index, c.value});
        }
        if (day.counts.size() < d.counts.size() && !beat.usage.empty()) break;  // this day waits for the next heartbeat
        beat.usage.push_back(std::move(day));
        generations.push_back(d.generation);
        if (bytes >= kUsageBytesPerHeartbeat) break;
    }
    return generations;
}

}  // namespace

Result<void> heartbeat_step(CycleContext& ctx) {
    auto beat = current_heartbeat(ctx.store, ctx.options, ctx.now);
    if (!beat) return beat.error();
    // The usage counters travel with the heartbeat (docs/usage-stats.md §3); a
    // day is marked sent only when the hub names it in its answer, so an older
    // hub (204, the member ignored) leaves them waiting.
    auto generations = add_usage(ctx.store, *beat);
    if (!generations) return generations.error();
    auto body = to_json(*beat);
    auto answer = ctx.hub.send("POST", paths::kKioskHeartbeat, {}, as_bytes(body), "application/json");
    if (!answer) return answer.error();
    if (answer->status == 204) return {};
    if (answer->status != 200 || beat->usage.empty())
        return fail(describe_answer("POST", paths::kKioskHeartbeat, *answer));
    auto stored = parse_heartbeat_answer(answer->body);
    if (!stored) return fail("POST " + std::string(paths::kKioskHeartbeat) + ": " + stored.error().message);
    for (std::size_t i = 0; i < beat->usage.size(); ++i) {
        const auto& day = beat->usage[i].day;
        if (std::find(stored->usage_days.begin(), stored->usage_days.end(), day) == stored->usage_days.end()) continue;
        if (auto r = ctx.store.mark_usage_sent(day, (*generations)[i]); !r) return r.error();
    }
    return {};
}

}  // namespace guichet::sync::agent

#include "agent/pack_step.hpp"

#include "common/file.hpp"
#include "repo/index.hpp"
#include "pack/reader.hpp"
#include "protocol/routes.hpp"
#include "repo/repo_state.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <ctime>
#include <map>

namespace guichet::repo {

namespace fs = std::filesystem;

Result<void> HubTransport::fetch(std::string_view name, std::uint64_t offset, std::uint64_t max_bytes,
                                 const Sink& sink) {
    missing_ = false;
    const std::string path = sync::paths::repo_file(name);
    // The size first (HEAD): every range then lies inside the file, as httplib
    // needs for an answer from a content provider.
    auto head = hub_.send("HEAD", path, {}, {}, "", {}, 4096);
    if (!head) return head.error();
    missing_ = head->status == 404;
    if (head->status != 200) return fail(sync::describe_answer("HEAD", path, *head));
    std::uint64_t size = 0;
    const std::string length = head->header("Content-Length");
    auto [end, ec] = std::from_chars(length.data(), length.data() + length.size(), size);
    if (ec != std::errc() || end != length.data() + length.size())
        return fail("HEAD " + path + ": no valid Content-Length");
    if (offset >= size) return {};
    const std::uint64_t stop = offset + std::min(max_bytes, size - offset);
    for (std::uint64_t first = offset; first < stop;) {
        const std::uint64_t want = std::min(chunk_, stop - first);
        const std::string range = "bytes=" + std::to_string(first) + "-" + std::to_string(first + want - 1);
        // One byte over the asked range lets an oversized answer show itself and be refused.
        auto answer = hub_.send("GET", path, {}, {}, "", {{"Range", range}}, want + 1);
        if (!answer) return answer.error();
        missing_ = answer->status == 404;  // withdrawn between the HEAD and this range
        if (answer->status != 206 && !(answer->status == 200 && first == 0 && want == size))
            return fail(sync::describe_answer("GET", path, *answer));
        const std::string& body = answer->body;
        if (body.size() != want) return fail(path + ": the hub answered " + std::to_string(body.size()) +
                                             " bytes for a range of " + std::to_string(want));
        if (auto r = sink(as_bytes(body)); !r) return r;
        first += want;
    }
    return {};
}

Result<void> ThrottledTransport::fetch(std::string_view name, std::uint64_t offset, std::uint64_t max_bytes,
                                       const Sink& sink) {
    return inner_.fetch(name, offset, max_bytes, [&](ByteView chunk) {
        bucket_.consume(chunk.size());
        return sink(chunk);
    });
}

std::uint64_t pack_step_chunk(const sync::TokenBucket* bucket, std::uint64_t limit) {
    if (bucket == nullptr) return limit;
    return std::clamp<std::uint64_t>(bucket->rate() / 4, std::min<std::uint64_t>(4096, limit), limit);
}

crypto::KeyRing load_pack_keys(const fs::path& dir) {
    crypto::KeyRing ring;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        if (e.path().extension() != ".pub") continue;
        auto text = read_text_file(e.path(), 64 * 1024);
        if (!text) continue;
        if (auto key = crypto::PublicKey::parse(*text)) ring.add(*key);
    }
    return ring;
}

std::vector<sync::PackVersion> installed_pack_versions(const PackStepOptions& options, const fs::path& state_dir) {
    const auto keys = load_pack_keys(options.keys_dir.empty() ? options.packs_dir : options.keys_dir);
    std::map<std::string, std::uint64_t> best;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(options.packs_dir, ec)) {
        if (e.path().extension() != ".gpk") continue;
        if (auto reader = pack::PackReader::open(e.path(), keys)) {
            auto& v = best[reader->manifest().id];
            v = std::max(v, reader->manifest().version);
        }
    }
    const auto state = load_repo_state(state_dir);  // unreadable: every install unknown
    std::vector<sync::PackVersion> out;
    for (const auto& [id, version] : best) {
        sync::PackVersion v;
        v.id = id;
        v.version = version;
        if (state)
            for (const auto& r : state->installs)
                if (r.pack_id == id && r.version == version)
                    v.install = sync::PackInstall{std::string(r.delta ? sync::kInstallDelta : sync::kInstallWhole),
                                                  r.from, r.bytes, r.at};
        out.push_back(std::move(v));
    }
    return out;
}

std::vector<sync::PackProblem> pack_problems(const fs::path& state_dir) {
    std::vector<sync::PackProblem> out;
    auto state = load_repo_state(state_dir);
    if (!state) return out;
    for (const auto& f : state->failures)
        out.push_back({f.pack_id, f.version, f.failures, f.retry_at, f.name + ": " + f.error});
    return out;
}

namespace {

bool in_window(const PackStepOptions& o, std::int64_t now) {
    if (o.window_start < 0 || o.window_end < 0) return false;
    std::time_t t = static_cast<std::time_t>(now);
    std::tm local{};
    localtime_r(&t, &local);
    const int h = local.tm_hour;
    return o.window_start <= o.window_end ? (h >= o.window_start && h < o.window_end)
                                          : (h >= o.window_start || h < o.window_end);
}

}  // namespace

sync::agent::CycleStep make_pack_update_step(PackStepOptions options) {
    return {"packs", [options](sync::agent::CycleContext& ctx) -> Result<void> {
                if (!in_window(options, ctx.now)) {
                    auto queue = ctx.store.queue_summary(ctx.now);
                    if (!queue) return queue.error();
                    if (queue->queued + queue->sending > 0) return {};  // démarches first
                }
                UpdaterOptions u;
                u.packs_dir = options.packs_dir;
                u.state_dir = ctx.options.state_dir;
                u.configured_keys = load_pack_keys(options.keys_dir.empty() ? options.packs_dir : options.keys_dir);
                u.kiosk.kiosk_id = options.kiosk_id;
                HubTransport http(ctx.hub, pack_step_chunk(options.bandwidth.get(), options.chunk_bytes));
                std::optional<ThrottledTransport> throttled;
                if (options.bandwidth) throttled.emplace(http, *options.bandwidth);
                Transport& transport = throttled ? static_cast<Transport&>(*throttled) : http;
                auto report = update_packs(transport, u, ctx.now);
                if (!report) return report.error();
                for (const auto& p : report->packs)
                    if (p.action == PackAction::refused || p.action == PackAction::failed ||
                        p.action == PackAction::deferred)
                        ctx.report.errors.push_back("pack '" + p.id + "': " + p.message);
                return {};
            }};
}

}  // namespace guichet::repo

// guichet-sync: the kiosk's sync agent (docs/protocol.md §7). Thin: parses
// the command line, handles signals, runs the library.
#include "agent/agent.hpp"
#include "agent/bundle_export.hpp"
#include "agent/pack_step.hpp"
#include "agent/pack_bundle.hpp"
#include "agent/feed_step.hpp"
#include "agent/invoice_step.hpp"
#include "feeds/status_bundle.hpp"
#include "agent/status_import.hpp"
#include "agent/agent_text_fr.hpp"
#include "common/staff_language.hpp"
#include "index.hpp"
#include "pack/trust_store.hpp"

#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <ctime>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>

using namespace guichet;
using namespace guichet::sync;
using namespace guichet::sync::agent;

namespace {

constexpr const char* kUsage = R"(Usage:
  guichet-sync --state DIR [--hub URL] [--once] [options]
      Syncs the kiosk whose state directory is DIR (guichet.db) with the hub:
      drains the outbox, pulls statuses, sends a heartbeat; then waits
      --interval seconds or until DIR/sync-request appears. SIGTERM/SIGINT
      stop it within a second, abandoning the request in progress (it is
      retried later); SIGKILL is safe.
  guichet-sync enroll --state DIR --hub URL --token TOKEN [--name TEXT]
                      [--ca FILE] [--pin sha256//BASE64]
      Generates the kiosk's key pair (DIR/sync-key, mode 0600) and registers
      it with the hub using a token from `guichet-hub enroll-token`. The hub's
      URL, --ca and --pin are recorded in DIR/sync.json for every later run.
  guichet-sync import-bundle --state DIR --packs DIR --bundle USB [--keys DIR]
      Installs pack updates from a copy of the hub's pack repository on USB
      (docs/bundle.md), with the checks of a network update, and applies the
      statuses of USB/statuses/<this kiosk>.gst (`guichet-hub export-statuses`:
      signed with a trusted pack key, for this kiosk, unexpired; idempotent).
      With --keys and no --packs, only the statuses.
  guichet-sync export-bundle --state DIR --out USB
      Writes the démarches not yet acknowledged by the hub (still sealed) and
      a heartbeat to USB/outbox/, signed with DIR/sync-key, for
      `guichet-hub import-bundle` (docs/bundle.md §4). They stay queued here:
      whichever arrives second, stick or line, is a no-op at the hub. The
      manifest is written last; a stick pulled before "bundle written" is
      refused by the hub as incomplete.

Options:
  --hub URL            https://HOST:PORT (http:// only for a hub on this machine);
                       default: the URL recorded at enrolment
  --ca FILE            an https:// hub's certificate must be signed by FILE (PEM:
                       the hub's self-signed certificate or its CA) and name its host
  --pin sha256//BASE64 the hub's public key must be this one (SPKI SHA-256, as
                       scripts/run.sh prints it; several: joined with ';'); alone,
                       no CA is needed. A hub that does not match is refused with
                       nothing sent: démarches stay queued. Default for both: what
                       enrolment recorded, else the system's CAs
  --once               one cycle, then exit (status 0 when it had no error)
  --interval S         seconds between cycles (default 60)
  --retry-base S       first retry delay of a failed démarche (default 10)
  --retry-cap S        longest retry delay (default 3600)
  --batch N            démarches claimed at a time (default 100), sent in one
                       request when the hub takes batches (protocol 1.7)
  --no-batch           one request per démarche, as before protocol 1.7
  --no-pipeline        one batch request at a time (default: the next batch
                       goes on a second connection while the hub answers)
  --chunk-bytes N      attachment chunk size (default 262144)
  --timeout-ms N       deadline of each request, whole: connect, headers and
                       body (default 20000; waits for --max-rate not counted)
  --lease S            a démarche left 'sending' by a killed agent is retried
                       after S seconds (default 900)
  --seed N             seed of the retry jitter (default: random)
  --packs DIR          also update the kiosk's packs in DIR from the hub's pack
                       repository (docs/pack-repository.md), once the outbox is empty
  --keys DIR           the kiosk's trusted pack keys (*.pub; default: the --packs DIR)
  --kiosk-id ID        the kiosk id packs' audience names (default "kiosk")
  --pack-window H-H    hours (local) when packs download even with démarches queued, e.g. 1-5
  --pack-chunk-bytes N range size of pack downloads (default 1048576, at least
                       4096): what an interrupted download may have to fetch again
  --max-rate KBIT      bandwidth cap for pack downloads (bulk), kilobits per
                       second (1000 bit/s), averaged by a token bucket with a
                       burst of a quarter second; default: none
  --max-rate-all       apply --max-rate to every request and answer body
                       (démarches, statuses, feeds, packs) instead
  With --packs or --keys, each cycle also fetches the signed feeds (job
  offers, events, appointment slots; docs/feeds.md) into DIR/feeds/, checked
  against the same trusted pack keys.
Protocol: docs/protocol.md. Exit status: 0 success, 1 failure, 2 usage error.
Messages are in French unless LANG (or GUICHET_LANG, LC_ALL, LC_MESSAGES) starts with "en".
)";

using staff::msg;

// ENGLISH (translated, with ARGS) on stderr, then the usage.
int usage_error(std::string_view english, std::initializer_list<std::string_view> args = {}) {
    std::cerr << msg("guichet-sync: {1}\n\n", {msg(english, args)}) << msg(kUsage);
    return 2;
}

int failed(const std::string& message) {
    std::cerr << msg("guichet-sync: {1}\n", {message});
    return 1;
}

bool parse_number(const std::string& text, std::int64_t& out) {
    try {
        std::size_t used = 0;
        out = std::stoll(text, &used);
        return used == text.size() && out >= 0;
    } catch (const std::exception&) {
        return false;
    }
}

// Trusted pack keys as the pack step has them: configured *.pub, then the trust store's rotations.
Result<crypto::KeyRing> trusted_pack_keys(const guichet::repo::PackStepOptions& packs) {
    const auto dir = packs.keys_dir.empty() ? packs.packs_dir : packs.keys_dir;
    auto store = guichet::pack::TrustStore::load(packs.packs_dir.empty() ? dir : packs.packs_dir,
                                                 guichet::repo::load_pack_keys(dir));
    if (!store) return store.error();
    return store->keys();
}

int import_statuses(const std::filesystem::path& state, const std::filesystem::path& bundle,
                    const guichet::repo::PackStepOptions& packs) {
    auto kiosk = enrolled_kiosk_id(state);
    if (!kiosk) return failed("import-bundle: " + kiosk.error().message);
    auto keys = trusted_pack_keys(packs);
    if (!keys) return failed("import-bundle: " + keys.error().message);
    auto store = store::Store::open(state / store::kDatabaseFile, {});
    if (!store) return failed("import-bundle: " + store.error().message);
    auto done = guichet::feeds::import_status_bundle(*store, bundle, *kiosk, *keys, std::time(nullptr));
    if (!done) return failed(msg("import-bundle: statuses refused: {1}", {done.error().message}));
    if (!done->found) std::cout << msg("no statuses for kiosk {1} on this stick\n", {*kiosk});
    else std::cout << msg("statuses: {1} applied (hub sequence {2})\n", {std::to_string(done->statuses), std::to_string(done->seq)});
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    // Staff are French: French unless the environment asks for English (common/staff_language.hpp).
    agent::add_french_texts(kUsage);
    staff::set_language(staff::language_from_environment());
    AgentOptions options;
    guichet::repo::PackStepOptions packs;
    std::filesystem::path bundle, export_dir;
    std::string command, token, name = "kiosk";
    bool once = false, rate_all = false;
    std::int64_t max_rate_kbit = 0;
    int i = 1;
    if (i < argc && argv[i][0] != '-') command = argv[i++];
    for (; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::cout << msg(kUsage);
            return 0;
        }
        if (arg == "--once") {
            once = true;
            continue;
        }
        if (arg == "--no-batch") {
            options.wire_batch = false;
            continue;
        }
        if (arg == "--no-pipeline") {
            options.pipeline = false;
            continue;
        }
        if (arg == "--max-rate-all") {
            rate_all = true;
            continue;
        }
        if (i + 1 >= argc) return usage_error("{1} needs a value (or is unknown)", {arg});
        std::string v = argv[++i];
        std::int64_t n = 0;
        auto number = [&](std::int64_t& out) {
            if (!parse_number(v, n)) return false;
            out = n;
            return true;
        };
        if (arg == "--state") {
            options.state_dir = v;
        } else if (arg == "--hub") {
            options.hub_url = v;
        } else if (arg == "--ca") {
            options.tls.ca_file = v;
        } else if (arg == "--pin") {
            options.tls.pin = v;
        } else if (arg == "--token") {
            token = v;
        } else if (arg == "--name") {
            name = v;
        } else if (arg == "--interval") {
            if (!number(options.interval_seconds)) return usage_error("--interval: expected seconds");
        } else if (arg == "--retry-base") {
            if (!number(options.retry_base_seconds)) return usage_error("--retry-base: expected seconds");
        } else if (arg == "--retry-cap") {
            if (!number(options.retry_cap_seconds)) return usage_error("--retry-cap: expected seconds");
        } else if (arg == "--lease") {
            if (!number(options.lease_seconds)) return usage_error("--lease: expected seconds");
        } else if (arg == "--timeout-ms") {
            if (!number(options.request_timeout_ms) || options.request_timeout_ms == 0)
                return usage_error("--timeout-ms: expected milliseconds");
        } else if (arg == "--batch") {
            if (!parse_number(v, n) || n < 1 || n > 1000) return usage_error("--batch: expected 1–1000");
            options.batch_size = static_cast<int>(n);
        } else if (arg == "--chunk-bytes") {
            if (!parse_number(v, n) || n < 1024 || n > (1 << 20))
                return usage_error("--chunk-bytes: expected 1024–1048576");
            options.chunk_bytes = static_cast<std::uint64_t>(n);
        } else if (arg == "--out") {
            export_dir = v;
        } else if (arg == "--bundle") {
            bundle = v;
        } else if (arg == "--packs") {
            packs.packs_dir = v;
        } else if (arg == "--keys") {
            packs.keys_dir = v;
        } else if (arg == "--kiosk-id") {
            packs.kiosk_id = v;
        } else if (arg == "--pack-window") {
            if (std::sscanf(v.c_str(), "%d-%d", &packs.window_start, &packs.window_end) != 2 ||
                packs.window_start < 0 || packs.window_start > 23 || packs.window_end < 0 || packs.window_end > 24)
                return usage_error("--pack-window: expected hours H-H, e.g. 1-5");
        } else if (arg == "--pack-chunk-bytes") {
            if (!parse_number(v, n) || n < 4096 || n > (1 << 20))
                return usage_error("--pack-chunk-bytes: expected 4096–1048576");
            packs.chunk_bytes = static_cast<std::uint64_t>(n);
        } else if (arg == "--max-rate") {
            if (!parse_number(v, n) || n < 8 || n > 10'000'000)
                return usage_error("--max-rate: expected kilobits per second, 8–10000000");
            max_rate_kbit = n;
        } else if (arg == "--seed") {
            std::int64_t seed = 0;
            if (!number(seed)) return usage_error("--seed: expected a number");
            options.seed = static_cast<std::uint64_t>(seed);
        } else {
            return usage_error("unknown option {1}", {arg});
        }
    }
    if (options.state_dir.empty()) return usage_error("--state DIR is required");
    if (rate_all && max_rate_kbit == 0) return usage_error("--max-rate-all needs --max-rate KBIT");
    if (auto trusted = check_tls_trust(options.tls); !trusted) return usage_error("{1}", {trusted.error().message});
    StopToken stop;  // requested by SIGTERM/SIGINT in the agent's mode (below)
    options.stop = &stop;
    if (max_rate_kbit > 0) {
        const auto bytes_per_second = static_cast<std::uint64_t>(max_rate_kbit) * 1000 / 8;
        auto bucket = TokenBucket::real(bytes_per_second, std::max<std::uint64_t>(4096, bytes_per_second / 4), &stop);
        (rate_all ? options.bandwidth : packs.bandwidth) = std::move(bucket);
    }

    if (command == "enroll") {
        if (options.hub_url.empty() || token.empty()) return usage_error("enroll needs --hub URL and --token TOKEN");
        auto id = enroll(options.state_dir, options.hub_url, token, name, options.tls);
        if (!id) return failed(id.error().message);
        std::cout << msg("enrolled as {1}\n", {*id});
        return 0;
    }
    if (command == "import-bundle") {  // the USB navette, hub to kiosk: docs/bundle.md
        if (bundle.empty() || (packs.packs_dir.empty() && packs.keys_dir.empty()))
            return usage_error("import-bundle needs --bundle DIR and --packs DIR (or --keys DIR for statuses only)");
        std::error_code ec;
        const bool has_repo = std::filesystem::exists(
            guichet::repo::bundle_repository(bundle) / std::string(guichet::repo::kIndexName), ec);
        const bool has_statuses = std::filesystem::exists(bundle / guichet::feeds::kStatusBundleDir, ec);
        int status = 0;
        if (!packs.packs_dir.empty() && (has_repo || !has_statuses))
            status = guichet::repo::run_import_bundle(bundle, packs, options.state_dir);
        if (has_statuses) status = std::max(status, import_statuses(options.state_dir, bundle, packs));
        return status;
    }
    if (command == "export-bundle") {  // the USB navette, kiosk to hub: docs/bundle.md §4
        if (export_dir.empty()) return usage_error("export-bundle needs --out USB");
        auto report = export_outbox_bundle(options, export_dir);
        if (!report) return failed("export-bundle: " + report.error().message);
        std::cout << msg("bundle written to {1}: {2} démarches, {3} attachments, {4} bytes, signed as kiosk {5}\n",
                         {(export_dir / kOutboxBundleDir).string(), std::to_string(report->demarches),
                          std::to_string(report->attachments), std::to_string(report->bytes), report->kiosk_id});
        return 0;
    }
    if (!command.empty()) return usage_error("unknown command {1}", {command});

    // A hub that resets a connection must be an error to retry, not a silent death.
    std::signal(SIGPIPE, SIG_IGN);
    // One thread receives the signals and requests the stop: the request in
    // progress is cut (HubClient watches the token), the cycle's wait and the
    // bandwidth cap's waits end, and the cycle returns at its next check.
    // Blocked before any other thread exists, so that they all inherit the mask.
    StopOnSignals stop_on_signals(stop, "guichet-sync", "(the request in progress is abandoned)");

    int status = 0;
    if (!packs.packs_dir.empty()) {
        options.pack_versions = [packs, state = options.state_dir] {
            return guichet::repo::installed_pack_versions(packs, state);
        };
        options.pack_problems = [state = options.state_dir] { return guichet::repo::pack_problems(state); };
    }
    auto agent = Agent::open(options);
    if (agent && !packs.packs_dir.empty()) agent->add_step(guichet::repo::make_pack_update_step(packs), "heartbeat");
    if (agent && (!packs.packs_dir.empty() || !packs.keys_dir.empty())) {
        guichet::feeds::FeedStepOptions feeds;
        feeds.keys = [packs] { return trusted_pack_keys(packs); };
        agent->add_step(guichet::feeds::make_feed_step(std::move(feeds)), "heartbeat");
    }
    // The régie's invoices, on a kiosk that has STATE/invoices.json (docs/invoices.md §4).
    if (agent) agent->add_step(guichet::invoices::make_invoice_step(), "heartbeat");
    if (!agent) {
        status = failed(agent.error().message);
    } else if (once) {
        auto report = agent->run_cycle(stop.flag());
        std::cerr << msg(report.line_up ? "guichet-sync: hub reachable, delivered {1}, failed {2}, statuses {3}\n"
                                        : "guichet-sync: hub unreachable, delivered {1}, failed {2}, statuses {3}\n",
                         {std::to_string(report.delivered), std::to_string(report.failed), std::to_string(report.statuses)});
        for (const auto& e : report.errors) std::cerr << "guichet-sync:   " << e << "\n";
        status = report.errors.empty() ? 0 : 1;
    } else {
        agent->run(stop.flag(), stop.fd());
    }
    return status;
}

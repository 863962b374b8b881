// guichet-sync-bench: hub ingest and agent drain rate on loopback
// (docs/protocol.md; figures in docs/benchmarks.md).
//
//  1. Hub ingest: AGENTS threads, each a kiosk with its own key, PUT
//     DEMARCHES/AGENTS sealed démarches (about 2 KB each) to an in-process
//     hub as fast as they can: démarches per second, latency p50/p99.
//  2. Agent drain: a kiosk store with DRAIN démarches, one agent cycle
//     (Agent::run_cycle) empties it: démarches per second, end to end (claim,
//     load, sign, PUT, hub commit, mark_delivered, purge).
//  3. The same with one 1 MiB attachment each (resumable chunks of 256 KiB): MB/s.
//  4. Through a relay throttled to LINE_KBIT (default 512 kbit/s; 0: skip;
//     1460-byte segments, 40 header bytes each charged to the line): payload
//     goodput (sealed bytes delivered per second) as a fraction of the line, for
//     LINE_FORMS 2 KB démarches and LINE_ATTACHMENTS with a 200 KB attachment.
//     With --loss P (> 0) the same again with the relay's loss model, side by
//     side: a model of TCP loss recovery, not packet loss (see LossModel: each
//     segment lost with p = P/100, seeded by --seed; the direction stalls one
//     RTO of 200 ms and the segment is resent and charged twice; no
//     congestion-window halving, so optimistic relative to real TCP).
//  6. With --tls: sections 1-3 only, over plain HTTP and over HTTPS (a
//     throw-away self-signed P-256 certificate made by the openssl command,
//     the clients pinning its key), each on a fresh hub, alternated ROUNDS
//     times (default 2): TLS's cost side by side (docs/benchmarks.md).
//  5. With --netem: the same on a real emulated line, in a network namespace of
//     its own (unshare, needs root): loopback with MTU 1500 and `tc qdisc …
//     netem rate LINE_KBITkbit delay 20ms`, without then with LOSS % packet loss
//     (--loss, default 2 there), side by side. When the namespace or netem is
//     not allowed (no root, a kernel without sch_netem) it says why and skips;
//     section 4's loss model is the fallback.
//
//  Sections 1-4 run twice by default (--mode both), on fresh hubs: one PUT per
//  démarche as before protocol 1.6, then batches (POST /v1/kiosk/demarches:batch,
//  --ingest-batch per ingest request, the agent's own batching for drains);
//  a table puts the figures side by side at the end. With --postgres SERVER
//  each mode runs again with the hub on a fresh PostgreSQL database (ingest
//  and drains; no relay), its rows marked [PostgreSQL] in the same table.
//
// Usage: guichet-sync-bench [--demarches 10000] [--agents 4] [--drain 1000]
//                           [--attachments 50] [--line-kbit 512] [--line-forms 20]
//                           [--line-attachments 4] [--loss P] [--seed 1] [--netem] [--dir DIR]
//                           [--hub-workers N] [--hub-io-threads N]   (the hub server's threads)
//                           [--tls [--rounds N]] [--postgres CONNINFO]
#include "agent/agent.hpp"
#include "protocol/envelope.hpp"
#include "bench_util.hpp"
#include "crypto/recipient/box_open.hpp"
#include "hub/hub_server.hpp"
#include "protocol/messages.hpp"
#include "protocol/batch.hpp"
#include "protocol/routes.hpp"

#include "common/file.hpp"
#include "hub/hub_db.hpp"
#include "hub/use_postgres.hpp"
#include "sql/sql.hpp"
#include "crypto/hash.hpp"

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <random>
#include <thread>

using namespace guichet;
using namespace guichet::sync;
using guichet::bench::must;

namespace {

using Clock = std::chrono::steady_clock;

// How clients trust the hub in --tls mode (empty: plain HTTP).
TlsTrust g_trust;
// Batching on the wire (protocol 1.6, §4.5): démarches per ingest request
// (1: one PUT each, the route before 1.6), and whether the agent batches.
int g_ingest_batch = 1;
// single: one PUT per démarche (before 1.7); batch: POST …:batch, one request at
// a time; pipeline: batches with the next one on a second connection (§4.5.1).
enum class Mode { single, batch, pipeline };
constexpr const char* kModeNames[] = {"single", "batch", "pipeline"};
Mode g_mode = Mode::single;
const char* mode_name() {
    return kModeNames[static_cast<int>(g_mode)];
}
// The hub's store of the section running: "" (SQLite) or " [PostgreSQL]", appended to the summary's rows.
std::string g_store_label;

double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

struct Kiosk {
    std::string id;
    RequestKey key;
};

Kiosk enroll(hub::HubDb& db) {
    auto token = must(db.create_enroll_token(std::time(nullptr), 3600), "token");
    Kiosk k{{}, RequestKey::generate()};
    k.id = must(db.enroll_kiosk(token, k.key.public_key(), "bench", std::time(nullptr)), "enrol");
    return k;
}

std::string uuid_of(std::mt19937_64& rng) {
    std::array<std::uint8_t, 16> raw{};
    for (auto& b : raw) b = static_cast<std::uint8_t>(rng());
    return store::format_uuid_v4(raw);
}

// Figures of each mode, printed side by side at the end.
struct Figure {
    std::string what, mode;
    double value = 0;
};
std::vector<Figure> g_summary;

void print_summary() {
    std::vector<std::string> rows;
    for (const auto& f : g_summary)
        if (std::find(rows.begin(), rows.end(), f.what) == rows.end()) rows.push_back(f.what);
    if (rows.empty()) return;
    std::printf("\nside by side                                              single         batch      pipeline\n");
    for (const auto& row : rows) {
        std::string cells[3] = {"—", "—", "—"};
        for (const auto& f : g_summary) {
            if (f.what != row) continue;
            char b[32];
            std::snprintf(b, sizeof b, "%.1f", f.value);
            for (int m = 0; m < 3; ++m)
                if (f.mode == kModeNames[m]) cells[m] = b;
        }
        std::printf("  %-50s %12s %13s %13s\n", row.c_str(), cells[0].c_str(), cells[1].c_str(), cells[2].c_str());
    }
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

void ingest(const std::string& url, std::vector<Kiosk>& kiosks, int total) {
    const int per_agent = total / static_cast<int>(kiosks.size());
    std::vector<std::vector<double>> latencies(kiosks.size());
    std::vector<std::string> errors(kiosks.size());
    std::vector<int> done(kiosks.size());
    auto start = Clock::now();
    std::vector<std::thread> threads;
    for (std::size_t a = 0; a < kiosks.size(); ++a) {
        threads.emplace_back([&, a] {
            HubClientOptions client_options;
            client_options.tls = g_trust;
            auto client = must(HubClient::create(url, client_options), "client");
            client.set_identity({kiosks[a].id, kiosks[a].key});
            std::mt19937_64 rng(a + 1 + (g_ingest_batch > 1 ? 1000 : 0));
            std::vector<SubmissionUpload> pending;
            for (int i = 0; i < per_agent; ++i) {
                SubmissionUpload up;
                up.uuid = uuid_of(rng);
                up.tracking_code = "ANR-7K3Q-9P";
                up.form_id = "bench";
                up.form_version = 1;
                up.recipient_id = "etat-civil";
                up.created_at = 1'800'000'000;
                up.sealed_payload.resize(2000);
                for (auto& b : up.sealed_payload) b = static_cast<std::uint8_t>(rng());
                // Protocol 1.2: the kiosk's agent signs the envelope at first send (not timed: kiosk side).
                must(sign_envelope(up, kiosks[a].id, kiosks[a].key), "envelope");
                if (g_ingest_batch > 1) {
                    pending.push_back(std::move(up));
                    if (static_cast<int>(pending.size()) < g_ingest_batch && i + 1 < per_agent) continue;
                    std::vector<const SubmissionUpload*> items;
                    for (const auto& p : pending) items.push_back(&p);
                    const auto batch = encode_submission_batch(items);
                    auto t = Clock::now();
                    auto answer = client.send("POST", paths::kKioskDemarchesBatch, {}, batch, kBatchContentType);
                    latencies[a].push_back(seconds_since(t) * 1000);
                    auto results = answer && answer->status == 200 ? parse_batch_answer(answer->body)
                                                                   : Result<BatchAnswer>(fail("no answer"));
                    if (!results || results->results.size() != items.size()) {
                        errors[a] = answer ? describe_answer("POST", paths::kKioskDemarchesBatch, *answer)
                                           : answer.error().message;
                        return;
                    }
                    for (const auto& r : results->results)
                        if (r.status != 200 || r.replay) {
                            errors[a] = r.uuid + ": " + std::to_string(r.status) + " " + r.error;
                            return;
                        }
                    done[a] += static_cast<int>(items.size());
                    pending.clear();
                    continue;
                }
                auto body = to_json(up);
                auto t = Clock::now();
                auto answer = client.send("PUT", paths::demarche(up.uuid), {}, as_bytes(body), "application/json",
                                          {{kHeaderIdempotencyKey, up.uuid}});
                latencies[a].push_back(seconds_since(t) * 1000);
                if (!answer || answer->status != 200) {
                    errors[a] = answer ? describe_answer("PUT", paths::demarche(up.uuid), *answer) : answer.error().message;
                    return;
                }
                ++done[a];
            }
        });
    }
    for (auto& t : threads) t.join();
    const double wall = seconds_since(start);
    for (const auto& e : errors)
        if (!e.empty()) throw bench::BenchError(e);
    std::vector<double> all;
    for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    int demarches = 0;
    for (int d : done) demarches += d;
    std::printf(
        "hub ingest%s (%s, %d per request): %d démarches from %zu agents in %.2f s: %.0f démarches/s, request latency "
        "p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
        g_store_label.c_str(), mode_name(), std::max(g_ingest_batch, 1), demarches, kiosks.size(), wall, static_cast<double>(demarches) / wall,
        percentile(all, 0.5), percentile(all, 0.99), percentile(all, 1.0));
    g_summary.push_back({std::string("hub ingest, ") + std::to_string(kiosks.size()) + " agents, démarches/s" + g_store_label, mode_name(),
                         static_cast<double>(demarches) / wall});
    g_summary.push_back({"hub ingest, request latency p99, ms" + g_store_label, mode_name(), percentile(all, 0.99)});
}

struct DrainResult {
    double seconds = 0;
    std::uint64_t sealed_bytes = 0;  // payloads and attachments as sealed: what the line must carry
};

DrainResult drain(const std::filesystem::path& dir, hub::HubDb& db, const std::string& url, int count,
                  std::size_t attachment, const char* label) {
    DrainResult result;
    const auto state = dir / (std::string(label) + "-" + mode_name());
    std::filesystem::create_directories(state);
    auto kiosk = enroll(db);
    must(kiosk.key.save(state / agent::kKeyFile, kiosk.id), "key");
    auto config = nlohmann::json{{"kiosk_id", kiosk.id}, {"hub", url}}.dump();
    must(write_file_atomic(state / agent::kConfigFile, as_bytes(config), 0600), "sync.json");
    {
        store::StoreOptions options;
        options.tracking_prefix = "ANR";
        auto st = must(store::Store::open(state / store::kDatabaseFile, options), "store");
        auto recipient = crypto::BoxKeyPair::generate();
        std::mt19937_64 rng(99);
        for (int i = 0; i < count; ++i) {
            store::Submission s;
            s.form_id = "bench";
            s.form_version = 1;
            s.recipient_id = "etat-civil";
            s.recipient_key = recipient.public_key;
            std::string payload = R"({"format":1,"answers":{"nom":"Dupont )" + std::to_string(rng()) + "\"}}";
            payload.resize(1500, ' ');
            s.payload.assign(payload.begin(), payload.end());
            if (attachment > 0) {
                Bytes data(attachment);
                for (auto& b : data) b = static_cast<std::uint8_t>(rng());
                s.attachments.emplace_back("scan.pdf", "application/pdf", std::move(data));
            }
            auto receipt = must(st.submit(s), "submit");
            auto sealed = must(st.load_sealed(receipt.uuid), "load");
            result.sealed_bytes += sealed.sealed_payload.size();
            for (const auto& a : sealed.attachments) result.sealed_bytes += a.sealed_data.size();
        }
    }
    agent::AgentOptions options;
    options.state_dir = state;
    options.batch_size = 100;  // the hub's batch limit (single mode: claims only)
    options.wire_batch = g_mode != Mode::single;
    options.pipeline = g_mode == Mode::pipeline;
    options.tls = g_trust;
    auto ag = must(agent::Agent::open(options), "agent");
    std::atomic<bool> stop{false};
    auto start = Clock::now();
    auto report = ag.run_cycle(stop);
    const double wall = seconds_since(start);
    if (!report.errors.empty()) throw bench::BenchError(report.errors.front());
    if (report.delivered != count)
        throw bench::BenchError("delivered " + std::to_string(report.delivered) + " of " + std::to_string(count));
    const double mb = static_cast<double>(count) * static_cast<double>(attachment) / 1e6;
    std::printf(
        "agent drain (%s, %s): %d démarches in %.2f s: %.1f démarches/s%s\n", mode_name(), label, count, wall,
        static_cast<double>(count) / wall,
        attachment ? (", " + std::to_string(static_cast<int>(mb / wall)) + " MB/s of attachments").c_str() : "");
    if (report.batches > 0) std::printf("  %d batch requests\n", report.batches);
    if (std::string_view(label) == "no attachment")
        g_summary.push_back({"agent drain, " + std::to_string(count) + " queued, démarches/s" + g_store_label, mode_name(),
                             static_cast<double>(count) / wall});
    result.seconds = wall;
    return result;
}

// A slow line between the agent and the hub: a relay that lets BYTES_PER_SECOND
// through in each direction, paced per segment. Each recv of at most kMss bytes
// is one segment and costs its bytes plus kHeader (TCP/IP) against the line.
//
// Optional loss model (LossModel::percent > 0): a model of TCP loss recovery at
// the relay, not packet loss. Each segment is "lost" with probability
// percent/100 (seeded PRNG per direction); a lost segment is charged to the
// line, then that direction stalls for one RTO, then the segment is sent again
// and charged a second time. RTO = max(200 ms, 2 x RTT); the relay adds no
// propagation delay, so RTT is a nominal 40 ms (20 ms each way, as on the
// netem line) and the RTO is 200 ms. No congestion-window halving, no slow
// start after the timeout: optimistic relative to real TCP. Real packet loss
// needs tc netem (--netem), used when the kernel has it.
struct LossModel {
    double percent = 0;
    std::uint64_t seed = 1;
    double rtt_ms = 40;  // nominal: the relay itself adds no delay
    double rto_ms() const { return std::max(200.0, 2 * rtt_ms); }
};

class ThrottledLine {
public:
    static constexpr std::size_t kMss = 1460;   // payload bytes per segment (MTU 1500)
    static constexpr std::size_t kHeader = 40;  // TCP/IP header bytes charged per segment

    ThrottledLine(int upstream_port, double bytes_per_second, LossModel loss = {})
        : upstream_(upstream_port), rate_(bytes_per_second), loss_(loss) {
        up_.rng.seed(loss.seed * 2 + 1);
        down_.rng.seed(loss.seed * 2 + 2);
        listen_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (listen_ < 0 || ::bind(listen_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            ::listen(listen_, 16) != 0)
            throw bench::BenchError("throttled line: cannot listen");
        socklen_t len = sizeof addr;
        ::getsockname(listen_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        acceptor_ = std::thread([this] { accept_loop(); });
    }
    ~ThrottledLine() {
        stopping_ = true;
        ::shutdown(listen_, SHUT_RDWR);
        acceptor_.join();
        for (auto& t : workers_) t.join();
        ::close(listen_);
    }
    ThrottledLine(const ThrottledLine&) = delete;
    ThrottledLine& operator=(const ThrottledLine&) = delete;
    int port() const { return port_; }
    std::uint64_t segments() { return count(&Direction::segments); }
    std::uint64_t lost() { return count(&Direction::lost); }

private:
    struct Direction {
        std::mutex mutex;
        Clock::time_point free_at = Clock::now();  // when the line is free again
        std::mt19937_64 rng;
        std::uint64_t segments = 0, lost = 0;  // guarded by mutex
    };

    std::uint64_t count(std::uint64_t Direction::*field) {
        std::scoped_lock lock(up_.mutex, down_.mutex);
        return up_.*field + down_.*field;
    }

    // Returns once a segment of N payload bytes has "crossed" the line in this
    // direction (twice plus an RTO stall when the loss model loses it).
    void pace(Direction& d, std::size_t n) {
        const auto wire = std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(static_cast<double>(n + kHeader) / rate_));
        Clock::time_point at;
        {
            std::lock_guard lock(d.mutex);
            const auto now = Clock::now();
            if (d.free_at < now) d.free_at = now;
            d.free_at += wire;
            ++d.segments;
            if (loss_.percent > 0 && std::uniform_real_distribution<double>(0, 100)(d.rng) < loss_.percent) {
                ++d.lost;
                d.free_at += std::chrono::duration_cast<Clock::duration>(
                                 std::chrono::duration<double, std::milli>(loss_.rto_ms())) +
                             wire;
            }
            at = d.free_at;
        }
        std::this_thread::sleep_until(at);
    }

    void accept_loop() {
        while (!stopping_) {
            int client = ::accept4(listen_, nullptr, nullptr, SOCK_CLOEXEC);
            if (client < 0) return;
            workers_.emplace_back([this, client] { relay(client); });
        }
    }

    void relay(int client) {
        int hub = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(upstream_));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (hub < 0 || ::connect(hub, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            if (hub >= 0) ::close(hub);
            ::close(client);
            return;
        }
        int one = 1;
        ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ::setsockopt(hub, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        char buf[kMss];
        for (bool open = true; open && !stopping_;) {
            pollfd fds[2] = {{client, POLLIN, 0}, {hub, POLLIN, 0}};
            if (::poll(fds, 2, 200) < 0) break;
            for (int side = 0; side < 2 && open; ++side) {
                if (!fds[side].revents) continue;
                ssize_t n = ::recv(side == 0 ? client : hub, buf, sizeof buf, 0);
                if (n <= 0) {
                    open = false;
                    break;
                }
                pace(side == 0 ? up_ : down_, static_cast<std::size_t>(n));
                if (::send(side == 0 ? hub : client, buf, static_cast<std::size_t>(n), MSG_NOSIGNAL) != n) open = false;
            }
        }
        ::close(hub);
        ::close(client);
    }

    int listen_ = -1, port_ = 0, upstream_ = 0;
    double rate_;
    LossModel loss_;
    std::atomic<bool> stopping_{false};
    Direction up_, down_;
    std::thread acceptor_;
    std::vector<std::thread> workers_;
};

// Section 4: payload goodput through the throttling relay, FORMS démarches of
// 2 KB and ATTACHED ones with a 200 KB attachment, without loss and (when
// LOSS.percent > 0) with the relay's loss model, side by side.
void relay_line(const std::filesystem::path& dir, hub::HubDb& db, int hub_port, double line_kbit, LossModel loss,
                int forms, int attached) {
    const double line = line_kbit * 1000.0 / 8.0;  // bytes per second
    std::printf("throttling relay: %.0f kbit/s each way, segments of %zu bytes + %zu header bytes charged\n", line_kbit,
                ThrottledLine::kMss, ThrottledLine::kHeader);
    if (loss.percent > 0)
        std::printf(
            "  loss model (not packet loss): each segment lost with p = %.2f %% (seed %llu); a lost segment is\n"
            "  charged, the direction stalls one RTO = max(200 ms, 2 x RTT) = %.0f ms (the relay adds no delay;\n"
            "  RTT is a nominal %.0f ms, 20 ms each way), then it is resent and charged again. No congestion-window\n"
            "  halving: optimistic relative to real TCP. --netem uses real packet loss where the kernel has netem.\n",
            loss.percent, static_cast<unsigned long long>(loss.seed), loss.rto_ms(), loss.rtt_ms);
    double goodput[2][2] = {{-1, -1}, {-1, -1}};  // [lossy][2 KB, 200 KB], % of the line
    for (int lossy = 0; lossy < (loss.percent > 0 ? 2 : 1); ++lossy) {
        LossModel model = loss;
        if (!lossy) model.percent = 0;
        ThrottledLine slow(hub_port, line, model);
        const std::string url = "http://127.0.0.1:" + std::to_string(slow.port());
        const std::string tag = lossy ? "relay, loss model" : "relay, no loss";
        if (forms > 0) {
            auto small = drain(dir, db, url, forms, 0, (tag + ", 2 KB forms").c_str());
            goodput[lossy][0] = 100.0 * static_cast<double>(small.sealed_bytes) / small.seconds / line;
            std::printf("  goodput: %.1f%% of the line (%llu sealed bytes)\n", goodput[lossy][0],
                        static_cast<unsigned long long>(small.sealed_bytes));
            g_summary.push_back({std::string("relay ") + (lossy ? "loss model" : "no loss") + ", " +
                                     std::to_string(forms) + " × 2 KB, % of line",
                                 mode_name(), goodput[lossy][0]});
        }
        if (attached > 0) {
            auto large = drain(dir, db, url, attached, 200'000, (tag + ", 200 KB attachments").c_str());
            goodput[lossy][1] = 100.0 * static_cast<double>(large.sealed_bytes) / large.seconds / line;
            std::printf("  goodput: %.1f%% of the line\n", goodput[lossy][1]);
            g_summary.push_back({std::string("relay ") + (lossy ? "loss model" : "no loss") + ", " +
                                     std::to_string(attached) + " × 200 KB att., % of line",
                                 mode_name(), goodput[lossy][1]});
        }
        std::printf("  %s: %llu segments, %llu lost\n", tag.c_str(), static_cast<unsigned long long>(slow.segments()),
                    static_cast<unsigned long long>(slow.lost()));
    }
    auto cell = [](double v) {
        if (v < 0) return std::string("—");
        char b[32];
        std::snprintf(b, sizeof b, "%.1f %%", v);
        return std::string(b);
    };
    std::printf("  payload goodput, %% of the line        no loss   %.1f %% (loss model)\n", loss.percent);
    std::printf("  %5d démarches of 2 KB               %8s   %9s\n", forms, cell(goodput[0][0]).c_str(),
                cell(goodput[1][0]).c_str());
    std::printf("  %5d with a 200 KB attachment        %8s   %9s\n", attached, cell(goodput[0][1]).c_str(),
                cell(goodput[1][1]).c_str());
}

// Runs COMMAND (tc, ip) and returns "" on success, else why it failed.
std::string run_tool(const std::string& command) {
    const std::string full = command + " 2>&1";
    FILE* p = ::popen(full.c_str(), "r");
    if (!p) return "cannot run: " + command;
    std::string out;
    char buf[256];
    while (std::fgets(buf, sizeof buf, p)) out += buf;
    const int status = ::pclose(p);
    if (status == 0) return "";
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return command + ": " + (out.empty() ? "exit status " + std::to_string(status) : out);
}

// Moves this thread (and the threads it starts) into a new network namespace
// with loopback up, MTU 1500. "" on success, else why not.
std::string enter_network_namespace() {
    if (::unshare(CLONE_NEWNET) != 0)
        return std::string("unshare(CLONE_NEWNET): ") + std::strerror(errno) + " (needs root or CAP_SYS_ADMIN)";
    if (auto e = run_tool("ip link set lo mtu 1500 up"); !e.empty()) return e;
    return "";
}

// Replaces loopback's root qdisc with netem: RATE kbit/s, 20 ms delay each way, LOSS %.
std::string set_netem(double line_kbit, double loss_percent) {
    (void)run_tool("tc qdisc del dev lo root");
    char command[160];
    std::snprintf(command, sizeof command, "tc qdisc add dev lo root netem rate %.0fkbit delay 20ms loss %.2f%%",
                  line_kbit, loss_percent);
    auto e = run_tool(command);
    if (!e.empty() && e.find("unknown") != std::string::npos) e += " (this kernel has no sch_netem module)";
    return e;
}

// Section 5: goodput on a netem line inside a namespace of its own, without
// then with LOSS % loss, for 2 KB forms and 200 KB attachments.
void netem_line(const std::filesystem::path& dir, double line_kbit, double loss, int forms, int attached) {
    std::printf("netem line: %.0f kbit/s, 20 ms each way, MTU 1500, in a network namespace\n", line_kbit);
    if (auto e = enter_network_namespace(); !e.empty()) {
        std::printf("  skipped: %s\n", e.c_str());
        return;
    }
    hub::HubOptions options;
    options.data_dir = dir / "hub-netem";
    auto h = must(hub::Hub::open(options), "hub");
    const int port = must(h->bind("127.0.0.1", 0), "bind");
    std::thread server([&] { h->listen(); });
    const std::string url = "http://127.0.0.1:" + std::to_string(port);
    auto db = must(hub::HubDb::open(dir / "hub-netem"), "hub database");
    const double line = line_kbit * 1000.0 / 8.0;
    double goodput[2][2] = {{-1, -1}, {-1, -1}};  // [loss?][2 KB, 200 KB], % of the line
    for (int lossy = 0; lossy < 2; ++lossy) {
        if (auto e = set_netem(line_kbit, lossy ? loss : 0.0); !e.empty()) {
            std::printf("  skipped: %s\n", e.c_str());
            break;
        }
        const std::string tag = lossy ? "netem, loss" : "netem, no loss";
        auto small = drain(dir, db, url, forms, 0, (tag + ", 2 KB forms").c_str());
        goodput[lossy][0] = 100.0 * static_cast<double>(small.sealed_bytes) / small.seconds / line;
        auto large = drain(dir, db, url, attached, 200'000, (tag + ", 200 KB attachments").c_str());
        goodput[lossy][1] = 100.0 * static_cast<double>(large.sealed_bytes) / large.seconds / line;
    }
    (void)run_tool("tc qdisc del dev lo root");
    h->stop();
    server.join();
    auto cell = [](double v) { return v < 0 ? std::string("—") : std::to_string(static_cast<int>(v + 0.5)) + " %"; };
    std::printf("  payload goodput, %% of the line   no loss   %.1f %% loss\n", loss);
    std::printf("  %5d démarches of 2 KB           %7s   %9s\n", forms, cell(goodput[0][0]).c_str(),
                cell(goodput[1][0]).c_str());
    std::printf("  %5d with a 200 KB attachment     %7s   %9s\n", attached, cell(goodput[0][1]).c_str(),
                cell(goodput[1][1]).c_str());
}

// --postgres SERVER: a fresh database on SERVER (libpq conninfo without
// dbname) for the hub in DATA_DIR, as `guichet-hub use-postgres` does.
void put_on_postgres(const std::filesystem::path& data_dir, const std::string& server) {
    auto admin = must(sql::Database::open_postgres(server + " dbname=postgres"), "PostgreSQL");
    std::mt19937_64 rng(std::random_device{}());
    const std::string name = "bench_" + std::to_string(rng() % 1'000'000'000);
    must(admin.exec("CREATE DATABASE " + name), "CREATE DATABASE");
    std::filesystem::create_directories(data_dir);
    must(hub::use_postgres(data_dir, server + " dbname=" + name), "use-postgres");
}

}  // namespace

int main(int argc, char** argv) {
    int total = 10'000, agents = 4, drain_count = 1000, attachments = 50, rounds = 2;
    bool tls = false;
    int line_forms = 20, line_attachments = 4;
    double line_kbit = 512, loss = -1;  // -1: not given (relay: 0; netem: 2)
    std::uint64_t seed = 1;
    bool netem = false;
    std::string mode = "all";  // which of single, batch, pipeline: each on a fresh hub, side by side
    int ingest_batch = 50;
    std::filesystem::path dir;
    std::string postgres;  // --postgres: each mode again with the hub on this server
    hub::HubOptions hub_options;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::cerr << "guichet-sync-bench: " << arg << " needs a value\n";
                std::exit(2);
            }
            return argv[++i];
        };
        if (arg == "--help" || arg == "-h") {
            std::cout << "Usage: guichet-sync-bench [--demarches N] [--agents N] [--drain N] [--attachments N] "
                         "[--line-kbit K] [--line-forms N] [--line-attachments N] [--loss P] [--seed S] [--netem]\n"
                         "       [--dir DIR] [--tls [--rounds N]] [--mode single|batch|pipeline|both|all] [--ingest-batch N]\n"
                         "       [--postgres SERVER]\n"
                         "--postgres: libpq conninfo of a PostgreSQL server (no dbname): each mode's ingest and\n"
                         "  drains run again with the hub on a fresh database there, side by side (no relay).\n"
                         "--mode: one PUT per démarche (the route before protocol 1.7), batches one request at a\n"
                         "  time, batches pipelined (the next on a second connection, §4.5.1), both (single and\n"
                         "  batch) or all (default), one after the other on fresh hubs, side by side (the ingest,\n"
                         "  the bench's own clients, is not run again for pipeline). --tls and --netem: single,\n"
                         "  or the one mode given. --ingest-batch: démarches per ingest request in batch mode (50).\n"
                         "Hub ingest (démarches/s, latency p50/p99) and agent drain rate on loopback;\n"
                         "payload goodput on a K kbit/s line (default 512; 0 skips) through a throttling relay\n"
                         "(1460-byte segments, 40 header bytes each charged to the line), for N démarches of\n"
                         "2 KB (default 20) and N with a 200 KB attachment (default 4).\n"
                         "--loss P (percent, default 0): the relay runs again with a loss MODEL, side by side.\n"
                         "  It models TCP loss recovery at the relay; it is not packet loss: each segment is\n"
                         "  'lost' with probability P/100 (PRNG seeded by --seed, default 1); the direction\n"
                         "  stalls one RTO = max(200 ms, 2 x RTT) = 200 ms (the relay adds no delay; RTT is a\n"
                         "  nominal 40 ms) and the segment is resent, its bytes charged twice. No congestion-\n"
                         "  window halving or slow start: optimistic relative to real TCP.\n"
                         "--tls: ingest and drain over plain HTTP then HTTPS (pinned self-signed key), fresh hubs,\n"
                         "  alternated N rounds (default 2); no relay sections.\n"
                         "--netem: also tc netem (real packet loss) in a network namespace of its own, without\n"
                         "  and with P % loss (default 2), when root and the kernel's sch_netem allow it.\n";
            return 0;
        } else if (arg == "--demarches") {
            total = std::atoi(next().c_str());
        } else if (arg == "--agents") {
            agents = std::atoi(next().c_str());
        } else if (arg == "--drain") {
            drain_count = std::atoi(next().c_str());
        } else if (arg == "--attachments") {
            attachments = std::atoi(next().c_str());
        } else if (arg == "--line-kbit") {
            line_kbit = std::atof(next().c_str());
        } else if (arg == "--netem") {
            netem = true;
        } else if (arg == "--loss") {
            loss = std::atof(next().c_str());
            if (loss < 0 || loss >= 100) {
                std::cerr << "guichet-sync-bench: --loss must be in [0, 100)\n";
                return 2;
            }
        } else if (arg == "--seed") {
            seed = std::strtoull(next().c_str(), nullptr, 10);
        } else if (arg == "--line-forms") {
            line_forms = std::atoi(next().c_str());
        } else if (arg == "--line-attachments") {
            line_attachments = std::atoi(next().c_str());
        } else if (arg == "--hub-workers") {
            hub_options.limits.worker_threads = std::atoi(next().c_str());
        } else if (arg == "--hub-io-threads") {
            hub_options.limits.io_threads = std::atoi(next().c_str());
        } else if (arg == "--tls") {
            tls = true;
        } else if (arg == "--rounds") {
            rounds = std::max(1, std::atoi(next().c_str()));
        } else if (arg == "--mode") {
            mode = next();
            if (mode != "single" && mode != "batch" && mode != "pipeline" && mode != "both" && mode != "all") {
                std::cerr << "guichet-sync-bench: --mode is single, batch, pipeline, both (single and batch) or all\n";
                return 2;
            }
        } else if (arg == "--ingest-batch") {
            ingest_batch = std::clamp(std::atoi(next().c_str()), 2, kBatchMaxDemarches);
        } else if (arg == "--postgres") {
            postgres = next();
        } else if (arg == "--dir") {
            dir = next();
        } else {
            std::cerr << "guichet-sync-bench: unknown option " << arg << "\n";
            return 2;
        }
    }
    if (total <= 0 || agents <= 0 || drain_count < 0 || attachments < 0 || line_forms < 0 || line_attachments < 0) {
        std::cerr << "guichet-sync-bench: counts must be positive\n";
        return 2;
    }
    bool remove_dir = false;
    if (dir.empty()) {
        std::string tmpl = (std::filesystem::temp_directory_path() / "guichet-sync-bench-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) return std::cerr << "guichet-sync-bench: mkdtemp failed\n", 1;
        dir = tmpl;
        remove_dir = true;
    }
    // --tls and --netem: one mode only, batch with --mode batch.
    g_mode = mode == "batch" ? Mode::batch : mode == "pipeline" ? Mode::pipeline : Mode::single;
    g_ingest_batch = g_mode != Mode::single ? ingest_batch : 1;
    if (tls) {
        // Plain, then TLS, on fresh hubs, ROUNDS times: the same machine load for both, as far as it goes.
        try {
            const auto cert = dir / "tls.pem", key = dir / "tls.key";
            const std::string make =
                "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.1 "
                "-addext subjectAltName=IP:127.0.0.1 -keyout '" + key.string() + "' -out '" + cert.string() +
                "' 2>/dev/null && openssl x509 -in '" + cert.string() +
                "' -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64 > '" +
                (dir / "tls.pin").string() + "'";
            if (std::system(make.c_str()) != 0) throw bench::BenchError("openssl could not make a certificate");
            auto pin = must(read_text_file(dir / "tls.pin", 1024), "pin");
            while (!pin.empty() && (pin.back() == '\n' || pin.back() == ' ')) pin.pop_back();
            for (int r = 1; r <= rounds; ++r) {
                for (const bool over_tls : {false, true}) {
                    const std::string name = (over_tls ? "tls-" : "plain-") + std::to_string(r);
                    std::printf("== %s, round %d\n", over_tls ? "HTTPS (TLS, pinned)" : "plain HTTP", r);
                    hub::HubOptions options = hub_options;
                    options.data_dir = dir / ("hub-" + name);
                    if (over_tls) options.transport = {cert.string(), key.string(), false};
                    g_trust = over_tls ? TlsTrust{{}, "sha256//" + pin} : TlsTrust{};
                    auto h = must(hub::Hub::open(options), "hub");
                    const int port = must(h->bind("127.0.0.1", 0), "bind");
                    std::thread server([&] { h->listen(); });
                    const std::string url = (over_tls ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(port);
                    auto db = must(hub::HubDb::open(options.data_dir), "hub database");
                    std::vector<Kiosk> kiosks;
                    for (int a = 0; a < agents; ++a) kiosks.push_back(enroll(db));
                    ingest(url, kiosks, total);
                    if (drain_count > 0) drain(dir / name, db, url, drain_count, 0, "no attachment");
                    if (attachments > 0) drain(dir / name, db, url, attachments, 1 << 20, "1 MiB attachment");
                    std::fflush(stdout);
                    h->stop();
                    server.join();
                }
            }
        } catch (const std::exception& e) {
            std::cerr << "guichet-sync-bench: " << e.what() << "\n";
            if (remove_dir) std::filesystem::remove_all(dir);
            return 1;
        }
        if (remove_dir) std::filesystem::remove_all(dir);
        return 0;
    }
    try {
        // Each mode on a fresh hub, one after the other in the same run (docs/benchmarks.md).
        for (const Mode m : {Mode::single, Mode::batch, Mode::pipeline}) {
            const bool wanted = mode == "all" || mode == kModeNames[static_cast<int>(m)] ||
                                (mode == "both" && m != Mode::pipeline);
            if (!wanted) continue;
            for (const bool on_pg : {false, true}) {
                if (on_pg && postgres.empty()) continue;
                g_store_label = on_pg ? " [PostgreSQL]" : "";
                const auto base = on_pg ? dir / "pg" : dir;
                g_mode = m;
                const bool batched = m != Mode::single;
                g_ingest_batch = batched ? ingest_batch : 1;
                std::printf("== %s\n", m == Mode::pipeline ? "pipeline (protocol 1.7, §4.5.1: the next batch on a second connection)"
                                       : batched          ? "batch (protocol 1.7: POST /v1/kiosk/demarches:batch)"
                                                          : "single (one PUT per démarche, as before 1.7)");
                if (on_pg) std::printf("   on PostgreSQL\n");
                hub::HubOptions options = hub_options;
                options.data_dir = base / (std::string("hub-") + mode_name());
                if (on_pg) put_on_postgres(options.data_dir, postgres);
                auto h = must(hub::Hub::open(options), "hub");
                const int port = must(h->bind("127.0.0.1", 0), "bind");
                std::thread server([&] { h->listen(); });
                const std::string url = "http://127.0.0.1:" + std::to_string(port);
                auto db = must(hub::HubDb::open(options.data_dir), "hub database");
                std::vector<Kiosk> kiosks;
                for (int a = 0; a < agents; ++a) kiosks.push_back(enroll(db));
                // The ingest's clients are the bench's own, not the agent: pipelining changes nothing there.
                if (m != Mode::pipeline) ingest(url, kiosks, total);
                if (drain_count > 0) drain(base, db, url, drain_count, 0, "no attachment");
                if (attachments > 0) drain(base, db, url, attachments, 1 << 20, "1 MiB attachment");
                if (line_kbit > 0 && !on_pg)
                    relay_line(dir, db, port, line_kbit, LossModel{std::max(loss, 0.0), seed}, line_forms, line_attachments);
                std::fflush(stdout);
                h->stop();
                server.join();
            }
        }
        print_summary();
        if (netem && line_kbit > 0) netem_line(dir, line_kbit, loss < 0 ? 2.0 : loss, line_forms, line_attachments);
    } catch (const std::exception& e) {
        std::cerr << "guichet-sync-bench: " << e.what() << "\n";
        if (remove_dir) std::filesystem::remove_all(dir);
        return 1;
    }
    if (remove_dir) std::filesystem::remove_all(dir);
    return 0;
}

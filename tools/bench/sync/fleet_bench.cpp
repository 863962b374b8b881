// guichet-fleet-bench: a département's fleet against its hub (issue #20,
// docs/benchmarks.md). K simulated kiosks, each with its own enrolled key,
// signing its requests as the agent does (docs/protocol.md §1), driven by a
// bounded pool of threads from one event schedule (not a thread per kiosk):
//   - a heartbeat every HEARTBEAT s (each kiosk's phase random, ±10 % jitter),
//   - a sealed démarche (about 2 KB, PUT /v1/kiosk/demarches/{uuid}) with
//     exponential gaps of mean DEMARCHE s (Poisson arrivals),
//   - a status fetch (GET /v1/kiosk/statuses?since=cursor) every STATUSES s;
// meanwhile a partner lists its new démarches every PARTNER s, fetches each,
// posts a status on it and acknowledges it.
// It runs MINUTES, then prints requests by kind, latency p50/p95/p99/max,
// errors by kind and status, and for each watched process (--watch NAME=PID,
// the process and its children: postgres's backends, nginx's workers) its CPU
// seconds over the run and its peak resident memory, sampled every second.
// A 503 busy with Retry-After (two hubs' transactions in conflict on
// PostgreSQL, docs/hub-storage.md) is sent again after the wait, as the agent
// retries: counted apart from the errors.
//
// The hubs, PostgreSQL and nginx are started by tools/bench/sync/bench_fleet.sh;
// this program only needs the URL the kiosks use and one hub data directory to
// enrol the kiosks and the partner in (HubDb::open: its postgres.conf).
#include "bench_util.hpp"
#include "hub/hub_db.hpp"
#include "protocol/envelope.hpp"
#include "protocol/messages.hpp"
#include "protocol/routes.hpp"
#include "store/store.hpp"
#include "transport/hub_client.hpp"

#include <nlohmann/json.hpp>

#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <queue>
#include <random>
#include <set>
#include <sstream>
#include <thread>

using namespace guichet;
using namespace guichet::sync;
using guichet::bench::must;

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
    std::string url;
    std::filesystem::path hub_data;
    int kiosks = 1000;
    double minutes = 10;
    int threads = 16;
    double heartbeat = 60, demarche = 180, statuses = 120, partner = 5;
    std::vector<std::pair<std::string, pid_t>> watch;
    std::uint64_t seed = 1;
};

// Latencies (ms) and errors, by kind of request.
class Tally {
public:
    void ok(const std::string& kind, double ms) {
        std::lock_guard lock(m_);
        ms_[kind].push_back(ms);
    }
    // A 503 busy with Retry-After (a serialization conflict between hubs,
    // docs/hub-storage.md §2): the request is sent again, as the agent does.
    void retried(const std::string& kind, double ms) {
        std::lock_guard lock(m_);
        ms_[kind].push_back(ms);
        ++retried_[kind + ": HTTP 503 busy, sent again after Retry-After"];
    }
    void error(const std::string& kind, const std::string& why, double ms) {
        std::lock_guard lock(m_);
        ms_[kind].push_back(ms);
        ++errors_[kind + ": " + why];
        if (examples_.size() < 5) examples_.push_back(kind + ": " + why);
    }
    void print() const {
        std::lock_guard lock(m_);
        std::vector<double> all;
        std::printf("%-18s %9s %9s %9s %9s %9s\n", "requests", "count", "p50 ms", "p95 ms", "p99 ms", "max ms");
        for (const auto& [kind, v] : ms_) {
            row(kind, v);
            all.insert(all.end(), v.begin(), v.end());
        }
        row("all", all);
        std::size_t errors = 0;
        for (const auto& [what, n] : errors_) errors += n;
        std::printf("errors: %zu\n", errors);
        for (const auto& [what, n] : errors_) std::printf("  %6zu  %s\n", n, what.c_str());
        std::size_t retried = 0;
        for (const auto& [what, n] : retried_) retried += n;
        std::printf("answers retried: %zu (not errors: the request succeeded or failed when sent again)\n", retried);
        for (const auto& [what, n] : retried_) std::printf("  %6zu  %s\n", n, what.c_str());
    }
    std::size_t count(const std::string& kind) const {
        std::lock_guard lock(m_);
        auto it = ms_.find(kind);
        return it == ms_.end() ? 0 : it->second.size();
    }

private:
    static double pct(std::vector<double>& v, double p) {
        return v.empty() ? 0 : v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
    }
    static void row(const std::string& kind, std::vector<double> v) {
        std::sort(v.begin(), v.end());
        std::printf("%-18s %9zu %9.2f %9.2f %9.2f %9.2f\n", kind.c_str(), v.size(), pct(v, 0.5), pct(v, 0.95),
                    pct(v, 0.99), pct(v, 1.0));
    }
    mutable std::mutex m_;
    std::map<std::string, std::vector<double>> ms_;
    std::map<std::string, std::size_t> errors_, retried_;
    std::vector<std::string> examples_;
};

// CPU and memory of a process and its children, from /proc (sampled).
class ProcessWatch {
public:
    ProcessWatch(std::string name, pid_t pid) : name_(std::move(name)), root_(pid) {}
    void sample() {
        std::set<pid_t> pids{root_};
        for (pid_t child : children(root_)) pids.insert(child);
        long rss_kb = 0;
        for (pid_t p : pids) {
            const long ticks = cpu_ticks(p);
            if (ticks < 0) continue;
            first_.emplace(p, started_ ? 0 : ticks);  // born during the run: all its CPU counts
            last_[p] = ticks;
            rss_kb += status_kb(p, "VmRSS:");
            peak_single_kb_ = std::max(peak_single_kb_, status_kb(p, "VmHWM:"));
        }
        peak_rss_kb_ = std::max(peak_rss_kb_, rss_kb);
        processes_ = std::max(processes_, pids.size());
    }
    // From now on: CPU counts from here; a process born later counts from 0.
    void start() {
        sample();
        for (auto& [p, t] : last_) first_[p] = t;
        started_ = true;
        peak_rss_kb_ = 0;
    }
    void print() const {
        long ticks = 0;
        for (const auto& [p, t] : last_) {
            auto it = first_.find(p);
            ticks += t - (it != first_.end() && it->second <= t ? it->second : 0);
        }
        const double hz = static_cast<double>(::sysconf(_SC_CLK_TCK));
        std::printf("  %-10s %9.1f s CPU   peak RSS %7.1f MiB (sum of %zu process%s)   largest VmHWM %7.1f MiB\n",
                    name_.c_str(), static_cast<double>(ticks) / hz, static_cast<double>(peak_rss_kb_) / 1024.0,
                    processes_, processes_ > 1 ? "es" : "", static_cast<double>(peak_single_kb_) / 1024.0);
    }

private:
    static std::vector<pid_t> children(pid_t parent) {
        std::vector<pid_t> out;
        std::ifstream in("/proc/" + std::to_string(parent) + "/task/" + std::to_string(parent) + "/children");
        pid_t p;
        while (in >> p) out.push_back(p);
        return out;
    }
    static long cpu_ticks(pid_t p) {
        std::ifstream in("/proc/" + std::to_string(p) + "/stat");
        std::string line;
        if (!std::getline(in, line)) return -1;
        const auto close = line.rfind(')');
        if (close == std::string::npos) return -1;
        std::istringstream rest(line.substr(close + 2));
        std::string field;
        long utime = 0, stime = 0;
        for (int i = 3; i <= 15 && rest >> field; ++i) {  // fields 14 and 15: utime, stime
            if (i == 14) utime = std::atol(field.c_str());
            if (i == 15) stime = std::atol(field.c_str());
        }
        return utime + stime;
    }
    static long status_kb(pid_t p, const std::string& key) {
        std::ifstream in("/proc/" + std::to_string(p) + "/status");
        std::string line;
        while (std::getline(in, line))
            if (line.rfind(key, 0) == 0) return std::atol(line.c_str() + key.size());
        return 0;
    }
    std::string name_;
    pid_t root_;
    bool started_ = false;
    std::map<pid_t, long> first_, last_;
    long peak_rss_kb_ = 0, peak_single_kb_ = 0;
    std::size_t processes_ = 0;
};

struct Kiosk {
    std::string id;
    std::unique_ptr<HubClient> client;
    std::mutex busy;  // one request at a time per kiosk, as its agent does
    std::int64_t cursor = 0;
    std::mt19937_64 rng;
};

enum class Kind { heartbeat, demarche, statuses, partner };

struct Event {
    Clock::time_point at;
    Kind kind;
    int kiosk;
    bool operator>(const Event& o) const { return at > o.at; }
};

std::string uuid_of(std::mt19937_64& rng) {
    std::array<std::uint8_t, 16> raw{};
    for (auto& b : raw) b = static_cast<std::uint8_t>(rng());
    return store::format_uuid_v4(raw);
}

std::string tracking_of(std::mt19937_64& rng) {
    static constexpr char kAlphabet[] = "ABCDEFGHJKMNPQRSTVWXYZ0123456789";
    std::string code = "FLT-0000-00";
    for (std::size_t i : {4, 5, 6, 7, 9, 10}) code[i] = kAlphabet[rng() % 32];
    return code;
}

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// Sends and tallies: true when the answer has status WANT (a heartbeat: 200 or 204, §7).
bool exchange(Tally& tally, const std::string& kind, HubClient& client, std::string_view method, const std::string& path,
              int want, HttpAnswer* out, const Query& query = {}, ByteView body = {}, std::string_view type = "",
              const std::vector<Header>& headers = {}) {
    auto t = Clock::now();
    auto answer = client.send(method, path, query, body, type, headers);
    double ms = ms_since(t);
    // At most 3 more tries, each after the hub's Retry-After (bounded: 1 to 5 s).
    for (int again = 0; again < 3 && answer && answer->status == 503 && !answer->header("Retry-After").empty(); ++again) {
        tally.retried(kind, ms);
        const int wait = std::clamp(std::atoi(answer->header("Retry-After").c_str()), 1, 5);
        std::this_thread::sleep_for(std::chrono::seconds(wait));
        t = Clock::now();
        answer = client.send(method, path, query, body, type, headers);
        ms = ms_since(t);
    }
    if (!answer) {
        tally.error(kind, "transport: " + answer.error().message.substr(0, 80), ms);
        return false;
    }
    if (answer->status != want && !(want == 200 && answer->status == 204 && path == paths::kKioskHeartbeat)) {
        tally.error(kind, "HTTP " + std::to_string(answer->status), ms);
        return false;
    }
    tally.ok(kind, ms);
    if (out) *out = std::move(*answer);
    return true;
}

class Fleet {
public:
    Fleet(Options o, std::vector<std::unique_ptr<Kiosk>> kiosks, std::unique_ptr<HubClient> partner)
        : o_(std::move(o)), kiosks_(std::move(kiosks)), partner_(std::move(partner)) {}

    void run() {
        const auto start = Clock::now();
        end_ = start + std::chrono::milliseconds(static_cast<long>(o_.minutes * 60'000));
        std::mt19937_64 rng(o_.seed);
        std::uniform_real_distribution<double> unit(0, 1);
        for (int k = 0; k < static_cast<int>(kiosks_.size()); ++k) {
            // Random phases: the fleet does not heartbeat in step.
            push({start + seconds(unit(rng) * o_.heartbeat), Kind::heartbeat, k});
            push({start + seconds(exponential(rng, o_.demarche)), Kind::demarche, k});
            push({start + seconds(unit(rng) * o_.statuses), Kind::statuses, k});
        }
        push({start + seconds(o_.partner), Kind::partner, -1});
        std::vector<std::thread> pool;
        for (int i = 0; i < o_.threads; ++i) pool.emplace_back([this] { work(); });
        for (auto& t : pool) t.join();
        wall_ = std::chrono::duration<double>(Clock::now() - start).count();
    }
    const Tally& tally() const { return tally_; }
    double wall() const { return wall_; }
    double max_lag_ms() const { return max_lag_ms_.load(); }
    int acknowledged() const { return acknowledged_.load(); }

private:
    static Clock::duration seconds(double s) {
        return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
    }
    static double exponential(std::mt19937_64& rng, double mean) {
        return std::exponential_distribution<double>(1.0 / mean)(rng);
    }
    void push(Event e) {
        if (e.at >= end_) return;  // the run's end bounds the schedule
        std::lock_guard lock(m_);
        queue_.push(e);
        cv_.notify_one();
    }
    void work() {
        for (;;) {
            Event e;
            {
                std::unique_lock lock(m_);
                for (;;) {
                    if (queue_.empty()) return;  // nothing more before the end
                    if (Clock::now() >= queue_.top().at) break;
                    cv_.wait_until(lock, queue_.top().at);
                }
                e = queue_.top();
                queue_.pop();
            }
            // How late the pool is behind the schedule: if large, the bench (not the hub) limits the load.
            const double lag = ms_since(e.at);
            double seen = max_lag_ms_.load();
            while (lag > seen && !max_lag_ms_.compare_exchange_weak(seen, lag)) {}
            handle(e);
        }
    }
    void handle(const Event& e) {
        if (e.kind == Kind::partner) {
            partner_round();
            push({Clock::now() + seconds(o_.partner), Kind::partner, -1});
            return;
        }
        Kiosk& k = *kiosks_[static_cast<std::size_t>(e.kiosk)];
        std::lock_guard lock(k.busy);
        std::uniform_real_distribution<double> jitter(0.9, 1.1);
        switch (e.kind) {
        case Kind::heartbeat: {
            Heartbeat beat;
            beat.delivered = static_cast<int>(k.rng() % 500);
            beat.free_disk_bytes = 20'000'000'000ULL;
            beat.software_version = "fleet-bench";
            beat.sent_at = std::time(nullptr);
            beat.last_sync = beat.sent_at;
            const auto body = to_json(beat);
            exchange(tally_, "heartbeat", *k.client, "POST", std::string(paths::kKioskHeartbeat), 200, nullptr, {},
                     as_bytes(body), "application/json");
            push({e.at + seconds(o_.heartbeat * jitter(k.rng)), Kind::heartbeat, e.kiosk});
            break;
        }
        case Kind::demarche: {
            SubmissionUpload up;
            up.uuid = uuid_of(k.rng);
            up.tracking_code = tracking_of(k.rng);
            up.form_id = "etat-civil-acte";
            up.form_version = 1;
            up.recipient_id = "etat-civil";
            up.created_at = std::time(nullptr);
            up.sealed_payload.resize(2000);
            for (auto& b : up.sealed_payload) b = static_cast<std::uint8_t>(k.rng());
            if (auto signed_ok = sign_envelope(up, k.id, *identity_key(k)); !signed_ok) {
                tally_.error("demarche", "envelope: " + signed_ok.error().message, 0);
            } else {
                const auto body = to_json(up);
                exchange(tally_, "demarche", *k.client, "PUT", paths::demarche(up.uuid), 200, nullptr, {},
                         as_bytes(body), "application/json", {{kHeaderIdempotencyKey, up.uuid}});
            }
            push({Clock::now() + seconds(exponential(k.rng, o_.demarche)), Kind::demarche, e.kiosk});
            break;
        }
        case Kind::statuses: {
            HttpAnswer a;
            if (exchange(tally_, "statuses", *k.client, "GET", std::string(paths::kKioskStatuses), 200, &a,
                         {{paths::kQuerySince, std::to_string(k.cursor)}})) {
                if (auto feed = parse_status_feed(a.body)) k.cursor = feed->cursor;
                else tally_.error("statuses", "unreadable feed", 0);
            }
            push({e.at + seconds(o_.statuses * jitter(k.rng)), Kind::statuses, e.kiosk});
            break;
        }
        case Kind::partner:
            break;
        }
    }
    static const RequestKey* identity_key(const Kiosk& k) { return &k.client->identity()->key; }

    // The service's own loop: new démarches, each fetched, given a status, acknowledged.
    void partner_round() {
        std::lock_guard lock(partner_busy_);
        HttpAnswer a;
        if (!exchange(tally_, "partner-list", *partner_, "GET", std::string(paths::kPartnerDemarches), 200, &a)) return;
        auto list = parse_partner_list(a.body);
        if (!list) {
            tally_.error("partner-list", "unreadable list", 0);
            return;
        }
        for (const auto& d : *list) {
            if (Clock::now() >= end_) return;
            if (!exchange(tally_, "partner-fetch", *partner_, "GET", paths::partner_demarche(d.uuid), 200, nullptr)) continue;
            const auto body = to_json(StatusUpdate{d.tracking_code, "en_cours", "Votre demande est en cours d'instruction.", 0});
            exchange(tally_, "partner-status", *partner_, "POST", std::string(paths::kPartnerStatuses), 200, nullptr, {},
                     as_bytes(body), "application/json");
            if (exchange(tally_, "partner-ack", *partner_, "POST", paths::partner_ack(d.uuid), 204, nullptr))
                ++acknowledged_;
        }
    }

    Options o_;
    std::vector<std::unique_ptr<Kiosk>> kiosks_;
    std::unique_ptr<HubClient> partner_;
    std::mutex partner_busy_;
    std::mutex m_;
    std::condition_variable cv_;
    std::priority_queue<Event, std::vector<Event>, std::greater<>> queue_;
    Clock::time_point end_;
    Tally tally_;
    double wall_ = 0;
    std::atomic<double> max_lag_ms_{0};
    std::atomic<int> acknowledged_{0};
};

int print_usage(int code) {
    std::cout << "Usage: guichet-fleet-bench --url URL --hub-data DIR [--kiosks 1000] [--minutes 10] [--threads 16]\n"
                 "         [--heartbeat 60] [--demarche 180] [--statuses 120] [--partner 5] [--seed 1]\n"
                 "         [--watch NAME=PID]...\n"
                 "K kiosks enrolled in DIR's hub database (its postgres.conf) send signed requests to URL:\n"
                 "a heartbeat every HEARTBEAT s (±10 %), a 2 KB sealed démarche with exponential gaps of mean\n"
                 "DEMARCHE s, a status fetch every STATUSES s (±10 %); a partner lists, fetches, answers and\n"
                 "acknowledges new démarches every PARTNER s. THREADS threads serve one schedule.\n"
                 "--watch: CPU seconds and peak RSS of PID and its children over the run (repeatable).\n";
    return code;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") return print_usage(0);
        if (i + 1 >= argc) return print_usage(2);
        const std::string v = argv[++i];
        if (arg == "--url") o.url = v;
        else if (arg == "--hub-data") o.hub_data = v;
        else if (arg == "--kiosks") o.kiosks = std::atoi(v.c_str());
        else if (arg == "--minutes") o.minutes = std::atof(v.c_str());
        else if (arg == "--threads") o.threads = std::atoi(v.c_str());
        else if (arg == "--heartbeat") o.heartbeat = std::atof(v.c_str());
        else if (arg == "--demarche") o.demarche = std::atof(v.c_str());
        else if (arg == "--statuses") o.statuses = std::atof(v.c_str());
        else if (arg == "--partner") o.partner = std::atof(v.c_str());
        else if (arg == "--seed") o.seed = std::strtoull(v.c_str(), nullptr, 10);
        else if (arg == "--watch") {
            const auto eq = v.find('=');
            if (eq == std::string::npos) return print_usage(2);
            o.watch.emplace_back(v.substr(0, eq), static_cast<pid_t>(std::atol(v.c_str() + eq + 1)));
        } else return print_usage(2);
    }
    // Bounded in count and time.
    if (o.url.empty() || o.hub_data.empty() || o.kiosks < 1 || o.kiosks > 20000 || o.minutes <= 0 || o.minutes > 60 ||
        o.threads < 1 || o.threads > 256 || o.heartbeat <= 0 || o.demarche <= 0 || o.statuses <= 0 || o.partner <= 0)
        return print_usage(2);
    try {
        auto db = must(hub::HubDb::open(o.hub_data), "hub database");
        const auto now = static_cast<std::int64_t>(std::time(nullptr));
        auto t0 = Clock::now();
        std::vector<std::unique_ptr<Kiosk>> kiosks;
        for (int i = 0; i < o.kiosks; ++i) {
            auto token = must(db.create_enroll_token(now, 3600), "token");
            auto key = RequestKey::generate();
            auto k = std::make_unique<Kiosk>();
            k->id = must(db.enroll_kiosk(token, key.public_key(), "fleet-" + std::to_string(i), now), "enrol");
            k->client = std::make_unique<HubClient>(must(HubClient::create(o.url), "client"));
            k->client->set_identity({k->id, std::move(key)});
            k->rng.seed(o.seed * 1'000'003 + static_cast<std::uint64_t>(i));
            kiosks.push_back(std::move(k));
        }
        // The demo recipient's id; a fresh signing key each run (add_partner replaces it).
        auto partner_key = RequestKey::generate();
        must(db.add_partner("etat-civil", partner_key.public_key(), now), "partner");
        auto partner = std::make_unique<HubClient>(must(HubClient::create(o.url), "partner client"));
        partner->set_identity({"etat-civil", std::move(partner_key)});
        std::printf("enrolled %d kiosks in %.1f s; running %.1f min with %d threads against %s\n", o.kiosks,
                    std::chrono::duration<double>(Clock::now() - t0).count(), o.minutes, o.threads, o.url.c_str());
        std::printf("schedule: heartbeat every %.0f s, démarche every %.0f s (mean, Poisson), statuses every %.0f s, "
                    "partner every %.0f s\n", o.heartbeat, o.demarche, o.statuses, o.partner);
        std::fflush(stdout);

        std::vector<ProcessWatch> watches;
        for (const auto& [name, pid] : o.watch) watches.emplace_back(name, pid);
        watches.emplace_back("bench", ::getpid());
        for (auto& w : watches) w.start();
        std::atomic<bool> done{false};
        std::thread sampler([&] {
            while (!done) {
                for (auto& w : watches) w.sample();
                for (int i = 0; i < 10 && !done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        });
        double load_sum = 0;
        int load_n = 0;
        std::thread loads([&] {  // the machine's load average during the run (others' work included)
            while (!done) {
                double l[1];
                if (::getloadavg(l, 1) == 1) load_sum += l[0], ++load_n;
                for (int i = 0; i < 100 && !done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        });
        Fleet fleet(o, std::move(kiosks), std::move(partner));
        fleet.run();
        done = true;
        sampler.join();
        loads.join();
        for (auto& w : watches) w.sample();

        std::printf("\nran %.1f s; schedule lag max %.1f ms (the bench's pool behind its schedule); load average %.2f "
                    "(mean of 10 s samples, %ld cores)\n",
                    fleet.wall(), fleet.max_lag_ms(), load_n ? load_sum / load_n : 0.0, ::sysconf(_SC_NPROCESSORS_ONLN));
        fleet.tally().print();
        std::printf("partner acknowledged %d démarches\n", fleet.acknowledged());
        std::printf("processes (CPU over the run; peak RSS: the largest sum over one sample, shared pages counted "
                    "in each process):\n");
        for (const auto& w : watches) w.print();
    } catch (const std::exception& e) {
        std::cerr << "guichet-fleet-bench: " << e.what() << "\n";
        return 1;
    }
    return 0;
}

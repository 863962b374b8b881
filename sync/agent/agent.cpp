#include "agent/agent.hpp"

#include "common/file.hpp"
#include "protocol/routes.hpp"
#include "common/staff_language.hpp"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <algorithm>
#include <cmath>
#include <ctime>
#include <iostream>

namespace guichet::sync::agent {

namespace {

struct Enrolment {
    std::string kiosk_id;
    std::string hub;
    TlsTrust tls;  // "tls": {"ca": FILE, "pin": "sha256//…"}, each optional
};

Result<Enrolment> read_enrolment(const std::filesystem::path& dir) {
    auto text = read_text_file(dir / kConfigFile, 64 << 10);
    if (!text)
        return fail(text.error().message + " (enrol first: guichet-sync enroll --state DIR --hub URL --token T)");
    try {
        auto j = nlohmann::json::parse(*text);
        Enrolment e{j.at("kiosk_id").get<std::string>(), j.at("hub").get<std::string>(), {}};
        if (auto tls = j.find("tls"); tls != j.end()) {
            e.tls.ca_file = tls->value("ca", "");
            e.tls.pin = tls->value("pin", "");
        }
        return e;
    } catch (const std::exception& e) {
        return fail((dir / kConfigFile).string() + ": " + e.what());
    }
}

}  // namespace

Result<std::string> enrolled_kiosk_id(const std::filesystem::path& state_dir) {
    auto enrolment = read_enrolment(state_dir);
    if (!enrolment) return enrolment.error();
    return enrolment->kiosk_id;
}

Result<LockFile> LockFile::acquire(const std::filesystem::path& path) {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return fail("cannot open " + path.string() + ": " + errno_text());
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return fail(path.string() + " is locked: another guichet-sync is running for this kiosk");
    }
    return LockFile(fd);
}

LockFile& LockFile::operator=(LockFile&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = other.fd_;
        other.fd_ = -1;
    }
    return *this;
}

LockFile::~LockFile() {
    if (fd_ >= 0) ::close(fd_);  // releases the flock
}

Agent::Agent(AgentOptions options, store::Store store, HubClient hub, HubClient second_hub, LockFile lock)
    : options_(std::move(options)),
      lock_(std::move(lock)),
      store_(std::move(store)),
      hub_(std::move(hub)),
      second_hub_(std::move(second_hub)) {
    steps_ = {{"probe", probe_step},
              {"outbox", outbox_step},
              {"purge", purge_step},
              {"statuses", statuses_step},
              {"heartbeat", heartbeat_step}};
    rng_.seed(options_.seed ? options_.seed : std::random_device{}());
}

Result<Agent> Agent::open(AgentOptions options) {
    if (!options.clock) options.clock = [] { return static_cast<std::int64_t>(std::time(nullptr)); };
    auto lock = LockFile::acquire(options.state_dir / kLockFile);
    if (!lock) return lock.error();
    auto enrolment = read_enrolment(options.state_dir);
    if (!enrolment) return enrolment.error();
    if (options.hub_url.empty()) options.hub_url = enrolment->hub;
    if (options.tls.empty()) options.tls = enrolment->tls;
    auto key = RequestKey::load(options.state_dir / kKeyFile);
    if (!key) return key.error();
    HubClientOptions client_options;
    client_options.deadline = std::chrono::milliseconds(options.request_timeout_ms);
    client_options.connect_timeout =
        std::chrono::milliseconds(std::min<std::int64_t>(options.request_timeout_ms, 5000));
    // Never shorter than the deadline: a hub slow to answer (fsync under load) is the deadline's business.
    client_options.low_speed_time =
        std::chrono::seconds(std::clamp<std::int64_t>((options.request_timeout_ms + 999) / 1000, 1, 15));
    client_options.clock = options.clock;
    client_options.bandwidth = options.bandwidth;
    client_options.stop = options.stop;
    client_options.tls = options.tls;
    auto hub = HubClient::create(options.hub_url, client_options);
    if (!hub) return hub.error();
    auto second_key = RequestKey::load(options.state_dir / kKeyFile);
    if (!second_key) return second_key.error();
    auto second_hub = HubClient::create(options.hub_url, client_options);
    if (!second_hub) return second_hub.error();
    hub->set_identity({enrolment->kiosk_id, std::move(*key)});
    second_hub->set_identity({enrolment->kiosk_id, std::move(*second_key)});
    store::StoreOptions store_options;
    // Created when missing, so that the agent may start before the kiosk (scripts);
    // creation and migration are safe against the kiosk doing the same (docs/store.md §2).
    store_options.create = true;
    store_options.clock = options.clock;
    store_options.lease_seconds = options.lease_seconds;
    auto store = store::Store::open(options.state_dir / store::kDatabaseFile, store_options);
    if (!store) return store.error();
    // We hold the lock, so no other agent is sending: every 'sending' claim is a
    // dead agent's. Asking at now + lease requeues all claims made until now.
    if (auto r = store->requeue_expired(options.clock() + options.lease_seconds); !r) return r.error();
    return Agent(std::move(options), std::move(*store), std::move(*hub), std::move(*second_hub), std::move(*lock));
}

void Agent::add_step(CycleStep step, std::string_view before) {
    auto it = std::find_if(steps_.begin(), steps_.end(), [&](const CycleStep& s) { return s.name == before; });
    steps_.insert(it, std::move(step));
}

std::int64_t retry_delay_seconds(int attempts, std::int64_t base, std::int64_t cap, double jitter) {
    const double raw = std::min(static_cast<double>(cap),
                                static_cast<double>(base) * std::ldexp(1.0, std::clamp(attempts - 1, 0, 30)));
    return static_cast<std::int64_t>(std::llround(raw * std::clamp(jitter, 0.5, 1.0)));
}

std::int64_t Agent::backoff(int attempts) {
    std::uniform_real_distribution<double> jitter(0.5, 1.0);
    return retry_delay_seconds(attempts, options_.retry_base_seconds, options_.retry_cap_seconds, jitter(rng_));
}

CycleReport Agent::run_cycle(const std::atomic<bool>& stop) {
    CycleReport report;
    CycleContext ctx{*this, store_, hub_, options_, options_.clock(), report, stop, &second_hub_};
    for (const auto& step : steps_) {
        if (stop) break;
        ctx.now = options_.clock();
        auto r = step.run(ctx);
        if (!r) {
            report.errors.push_back(step.name + ": " + r.error().message);
            if (step.name == "probe") break;
        } else if (step.name == "probe") {
            report.line_up = true;
        }
    }
    return report;
}

void Agent::run(const std::atomic<bool>& stop, int signal_fd) {
    const auto request = options_.state_dir / kSyncRequestFile;
    int watch = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (watch >= 0) inotify_add_watch(watch, options_.state_dir.c_str(), IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE);
    while (!stop) {
        std::error_code ec;
        std::filesystem::remove(request, ec);  // the cycle about to start serves any pending request
        auto report = run_cycle(stop);
        std::cerr << staff::msg(report.line_up ? "guichet-sync: hub reachable, delivered {1}, failed {2}, statuses {3}\n"
                                               : "guichet-sync: hub unreachable, delivered {1}, failed {2}, statuses {3}\n",
                                {std::to_string(report.delivered), std::to_string(report.failed), std::to_string(report.statuses)});
        for (const auto& e : report.errors) std::cerr << "guichet-sync:   " << e << "\n";
        // Wait for the interval, a sync request or a signal.
        const auto deadline = options_.clock() + options_.interval_seconds;
        while (!stop && !std::filesystem::exists(request, ec)) {
            const auto left = deadline - options_.clock();
            if (left <= 0) break;
            pollfd fds[2] = {{watch, POLLIN, 0}, {signal_fd, POLLIN, 0}};
            int n = ::poll(fds, 2, static_cast<int>(std::min<std::int64_t>(left, 3600) * 1000));
            if (n > 0 && (fds[0].revents & POLLIN)) {
                char buf[4096];
                while (::read(watch, buf, sizeof buf) > 0) {
                }
            }
            if (n > 0 && (fds[1].revents & POLLIN)) break;  // the caller's signal handling sets STOP
        }
    }
    if (watch >= 0) ::close(watch);
}

Result<std::string> enroll(const std::filesystem::path& state_dir, const std::string& hub_url, std::string_view token,
                           std::string_view name, const TlsTrust& tls) {
    namespace fs = std::filesystem;
    if (fs::exists(state_dir / kConfigFile))
        return fail((state_dir / kConfigFile).string() + " exists: this kiosk is already enrolled");
    // Everything local first: the hub's answer spends the token, so a kiosk that
    // could not record its enrolment must find out before asking (issue #21).
    const std::string unspent = "; nothing was sent to the hub, the token is still valid";
    std::error_code ec;
    fs::create_directories(state_dir, ec);
    if (ec || !fs::is_directory(state_dir, ec))
        return fail("state directory " + state_dir.string() + ": cannot create it (" +
                    (ec ? ec.message() : std::string("not a directory")) + ")" + unspent);
    struct statvfs fs_info {};
    if (::statvfs(state_dir.c_str(), &fs_info) != 0)
        return fail("state directory " + state_dir.string() + ": cannot read its free space (" + errno_text() + ")" +
                    unspent);
    const auto free_bytes = static_cast<std::uint64_t>(fs_info.f_bavail) * fs_info.f_frsize;
    if (free_bytes < kEnrolMinFreeBytes)
        return fail("state directory " + state_dir.string() + ": " + std::to_string(free_bytes >> 20) +
                    " MiB free, at least " + std::to_string(kEnrolMinFreeBytes >> 20) + " MiB needed" + unspent);
    auto key = RequestKey::generate();
    // The key is written (atomically, fsynced) before the request: the test that the directory takes it.
    const auto pending = state_dir / (std::string(kKeyFile) + ".pending");
    if (auto r = key.save(pending, "this kiosk (enrolment pending)"); !r)
        return fail("state directory " + state_dir.string() + ": cannot write the kiosk's key (" + r.error().message +
                    ")" + unspent);
    struct RemovePending {
        fs::path path;
        ~RemovePending() {
            std::error_code ignored;
            fs::remove(path, ignored);
        }
    } remove_pending{pending};

    TlsTrust trust = tls;
    if (!trust.ca_file.empty()) {  // recorded for later runs, which may start elsewhere
        auto absolute = fs::absolute(trust.ca_file, ec);
        if (!ec) trust.ca_file = absolute.lexically_normal().string();
    }
    HubClientOptions client_options;
    client_options.tls = trust;
    auto hub = HubClient::create(hub_url, client_options);
    if (!hub) return hub.error();
    EnrollRequest request{std::string(token), public_key_base64(key.public_key()), std::string(name)};
    auto body = to_json(request);
    auto answer = hub->send("POST", paths::kEnroll, {}, as_bytes(body), "application/json");
    if (!answer) return answer.error();
    if (answer->status != 200) return fail("enrolment refused: " + describe_answer("POST", paths::kEnroll, *answer));
    auto response = parse_enroll_response(answer->body);
    if (!response) return response.error();
    const std::string lost = "the hub enrolled this kiosk as " + response->kiosk_id +
                             " but it cannot be recorded here (revoke it at the hub and enrol with a new token): ";
    if (auto r = key.save(state_dir / kKeyFile, response->kiosk_id); !r) return fail(lost + r.error().message);
    auto json = nlohmann::json{{"kiosk_id", response->kiosk_id}, {"hub", hub->base_url()}};
    if (!trust.empty()) {
        json["tls"] = nlohmann::json::object();
        if (!trust.ca_file.empty()) json["tls"]["ca"] = trust.ca_file;
        if (!trust.pin.empty()) json["tls"]["pin"] = trust.pin;
    }
    auto config = json.dump(2) + "\n";
    if (auto r = write_file_atomic(state_dir / kConfigFile, as_bytes(config), 0600); !r)
        return fail(lost + r.error().message);
    return response->kiosk_id;
}

}  // namespace guichet::sync::agent

#include "sync_test_util.hpp"

#include "common/file.hpp"
#include "crypto/hash.hpp"
#include "hub/hub_db.hpp"
#include "hub/hub_server.hpp"
#include "hub/staff_accounts.hpp"
#include "hub/staff_gate.hpp"
#include "protocol/routes.hpp"
#include "sql/sql.hpp"

#include <doctest/doctest.h>
#include <sodium.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <fstream>
#include <csignal>
#include <cstdlib>
#include <ctime>

namespace guichet::test::sync {

namespace {

// The tests' HTTP clients meet reset connections: an error, not a silent death.
const bool kSigpipeIgnored = (std::signal(SIGPIPE, SIG_IGN), true);

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace

long env_long(const char* name, long fallback) {
    const char* v = std::getenv(name);
    if (!v || !*v) return fallback;
    char* end = nullptr;
    long x = std::strtol(v, &end, 10);
    return (end && *end == '\0' && x > 0) ? x : fallback;
}

void add_staff_account(const std::filesystem::path& hub_data, const std::string& name, const std::string& role,
                       const std::string& password) {
    auto db = open_hub_db(hub_data);
    REQUIRE_MESSAGE(db.ok(), (db.ok() ? "" : db.error().message));
    auto hash = guichet::sync::hub::hash_password(password);
    REQUIRE(hash.ok());
    auto parsed = guichet::sync::hub::parse_staff_role(role);
    REQUIRE(parsed.has_value());
    REQUIRE(guichet::sync::hub::StaffAccounts(db->db()).add(name, *hash, *parsed, std::time(nullptr)).ok());
}

StaffLogin staff_sign_in(const std::string& url, const std::string& name, const std::string& password) {
    auto client = guichet::sync::HubClient::create(url);
    REQUIRE(client.ok());
    const std::string body = nlohmann::json{{"name", name}, {"password", password}}.dump();
    auto a = client->send("POST", guichet::sync::paths::kStaffSession, {}, as_bytes(body), "application/json");
    REQUIRE(a.ok());
    REQUIRE_MESSAGE(a->status == 200, a->body);
    const auto set = a->header("Set-Cookie");
    const auto end = set.find(';');
    REQUIRE(end != std::string::npos);
    return {set.substr(0, end), nlohmann::json::parse(a->body).at("csrf").get<std::string>()};
}

guichet::sync::HttpAnswer staff_call(const std::string& url, const StaffLogin& login, std::string_view method,
                                     std::string_view path, const std::string& body, bool with_csrf) {
    auto client = guichet::sync::HubClient::create(url);
    REQUIRE(client.ok());
    std::vector<guichet::sync::Header> headers{{"Cookie", login.cookie}};
    if (with_csrf) headers.push_back({guichet::sync::hub::kCsrfHeader, login.csrf});
    const bool has_body = method != "GET";
    auto a = client->send(method, path, {}, as_bytes(std::string_view(has_body ? (body.empty() ? "{}" : body) : "")),
                          has_body ? "application/json" : "", headers);
    REQUIRE_MESSAGE(a.ok(), (a.ok() ? "" : a.error().message));
    return *a;
}

StaffLogin staff_admin(const std::filesystem::path& hub_data, const std::string& url) {
    add_staff_account(hub_data, "admin.test", "admin");
    return staff_sign_in(url, "admin.test");
}

int free_loopback_port(int socket_type) {
    const int fd = ::socket(AF_INET, socket_type, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    ::close(fd);
    return ntohs(addr.sin_port);
}

ChildProcess ChildProcess::spawn(const std::vector<std::string>& argv, bool capture, bool merge_stderr,
                                 int death_signal) {
    int fds[2] = {-1, -1};
    if (capture) REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const pid_t parent = ::getpid();
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        // The parent may have died between fork() and prctl(): then exit at once.
        if (::prctl(PR_SET_PDEATHSIG, death_signal) != 0 || ::getppid() != parent) _exit(127);
        int null = ::open("/dev/null", O_WRONLY);
        ::dup2(capture ? fds[1] : null, 1);
        ::dup2(capture && merge_stderr ? fds[1] : null, 2);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        ::execv(args[0], args.data());
        _exit(127);
    }
    ChildProcess p;
    p.pid_ = pid;
    if (capture) {
        ::close(fds[1]);
        p.out_ = fds[0];
        ::fcntl(p.out_, F_SETFL, O_NONBLOCK);
    }
    return p;
}

ChildProcess::ChildProcess(ChildProcess&& o) noexcept
    : pid_(o.pid_), out_(o.out_), output_(std::move(o.output_)), consumed_(o.consumed_), reaped_(o.reaped_) {
    o.pid_ = -1;
    o.out_ = -1;
}

ChildProcess& ChildProcess::operator=(ChildProcess&& o) noexcept {
    if (this != &o) {
        this->~ChildProcess();
        new (this) ChildProcess(std::move(o));
    }
    return *this;
}

ChildProcess::~ChildProcess() {
    if (pid_ > 0 && !reaped_) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) ::close(out_);
}

void ChildProcess::drain() {
    if (out_ < 0) return;
    char buf[4096];
    for (;;) {
        ssize_t n = ::read(out_, buf, sizeof buf);
        if (n > 0) {
            output_.append(buf, static_cast<std::size_t>(n));
            continue;
        }
        if (n == 0) {
            ::close(out_);
            out_ = -1;
        }
        return;
    }
}

bool ChildProcess::wait_for(std::string_view needle, int timeout_ms) {
    const auto deadline = now_ms() + timeout_ms;
    for (;;) {
        drain();
        auto at = output_.find(needle, consumed_);
        if (at != std::string::npos) {
            consumed_ = at + needle.size();
            return true;
        }
        if (out_ < 0) return false;
        const auto left = deadline - now_ms();
        if (left <= 0) return false;
        pollfd fd{out_, POLLIN, 0};
        ::poll(&fd, 1, static_cast<int>(left));
    }
}

void ChildProcess::signal(int sig) {
    if (pid_ > 0 && !reaped_) ::kill(pid_, sig);
}

bool ChildProcess::running() {
    if (pid_ <= 0 || reaped_) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        reaped_ = true;
        return false;
    }
    return true;
}

int ChildProcess::wait(int timeout_ms) {
    if (pid_ <= 0) return -1;
    const auto deadline = now_ms() + timeout_ms;
    for (;;) {
        drain();
        int status = 0;
        pid_t r = ::waitpid(pid_, &status, WNOHANG);
        if (r == pid_) {
            reaped_ = true;
            drain();
            return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        }
        if (now_ms() > deadline) return -1;
        // Wake on output or poll the exit every 5 ms (waitpid has no timeout).
        pollfd fd{out_, POLLIN, 0};
        ::poll(&fd, out_ >= 0 ? 1 : 0, 5);
    }
}

InProcessHub::InProcessHub(const std::filesystem::path& data) {
    prepare_hub_dir(data);
    guichet::sync::hub::HubOptions options;
    options.data_dir = data;
    auto h = guichet::sync::hub::Hub::open(std::move(options));
    REQUIRE_MESSAGE(h.ok(), (h.ok() ? "" : h.error().message));
    hub_ = std::move(*h);
    auto port = hub_->bind("127.0.0.1", 0);
    REQUIRE(port.ok());
    port_ = *port;
    thread_ = std::thread([this] { hub_->listen(); });
}

InProcessHub::~InProcessHub() {
    hub_->stop();
    thread_.join();
}

bool hub_on_postgres() {
    const char* server = std::getenv("GUICHET_TEST_HUB_POSTGRES");
    return server != nullptr && *server != '\0';
}

void prepare_hub_dir(const std::filesystem::path& data_dir) {
    const char* server = std::getenv("GUICHET_TEST_HUB_POSTGRES");
    if (server == nullptr || *server == '\0') return;
    // A hub.db here means something opened this hub on SQLite first: the run would not test PostgreSQL.
    REQUIRE_MESSAGE(!std::filesystem::exists(data_dir / guichet::sync::hub::kHubDatabaseFile),
                    (data_dir.string() + ": the hub was opened on SQLite before prepare_hub_dir"));
    const auto conf = data_dir / guichet::sync::hub::kPostgresConfigFile;
    if (std::filesystem::exists(conf)) return;
    std::filesystem::create_directories(data_dir);
    auto admin = guichet::sql::Database::open_postgres(std::string(server) + " dbname=postgres");
    REQUIRE_MESSAGE(admin.ok(), (admin.ok() ? "" : admin.error().message));
    std::array<std::uint8_t, 8> raw{};
    randombytes_buf(raw.data(), raw.size());
    const std::string name = "hub_" + to_hex(raw);
    REQUIRE(admin->exec("CREATE DATABASE " + name).ok());
    std::ofstream(conf) << server << " dbname=" << name << "\n";
    std::filesystem::permissions(conf, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

Result<guichet::sync::hub::HubDb> open_hub_db(const std::filesystem::path& data_dir) {
    prepare_hub_dir(data_dir);
    return guichet::sync::hub::HubDb::open(data_dir);
}

HubProcess start_hub(const std::filesystem::path& data_dir, const std::vector<std::string>& extra) {
    prepare_hub_dir(data_dir);
    std::vector<std::string> argv{GUICHET_HUB_TOOL, "--data", data_dir.string(), "--listen", "127.0.0.1:0"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    HubProcess hub{ChildProcess::spawn(argv), 0, {}};
    REQUIRE_MESSAGE(hub.process.wait_for("\n", 20000), (std::string("the hub did not start: ") + hub.process.output()));
    const auto& out = hub.process.output();
    // http:// or, with --tls-cert, https://
    const std::string scheme = out.find("listening on https://") != std::string::npos ? "https://" : "http://";
    const std::string line = "listening on " + scheme + "127.0.0.1:";
    auto at = out.find(line);
    REQUIRE_MESSAGE(at != std::string::npos, out);
    hub.port = std::atoi(out.c_str() + at + line.size());
    REQUIRE(hub.port > 0);
    hub.url = scheme + "127.0.0.1:" + std::to_string(hub.port);
    return hub;
}

DemoPartner register_demo_partner(const std::filesystem::path& dir, const std::filesystem::path& hub_data,
                                  const std::string& id) {
    DemoPartner p;
    p.id = id;
    std::filesystem::create_directories(dir);
    p.box_key_file = dir / (id + ".box.key");
    std::filesystem::copy_file(
        std::filesystem::path(GUICHET_SOURCE_DIR) / "assets/demo-keys/recipients" / (id + ".box.key"), p.box_key_file,
        std::filesystem::copy_options::overwrite_existing);
    auto box = crypto::BoxKeyPair::load(p.box_key_file);
    REQUIRE(box.ok());
    p.box = std::move(*box);
    p.signing = guichet::sync::RequestKey::generate();
    p.sign_key_file = dir / (id + ".sign.key");
    REQUIRE(p.signing.save(p.sign_key_file, id).ok());
    auto db = open_hub_db(hub_data);
    REQUIRE_MESSAGE(db.ok(), (db.ok() ? "" : db.error().message));
    REQUIRE(db->add_partner(id, p.signing.public_key(), std::time(nullptr)).ok());
    return p;
}

std::string enroll_kiosk_directly(const std::filesystem::path& hub_data, const std::filesystem::path& state_dir,
                                  const std::string& hub_url) {
    auto db = open_hub_db(hub_data);
    REQUIRE_MESSAGE(db.ok(), (db.ok() ? "" : db.error().message));
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    auto token = db->create_enroll_token(now, 3600);
    REQUIRE(token.ok());
    auto key = guichet::sync::RequestKey::generate();
    auto id = db->enroll_kiosk(*token, key.public_key(), "test kiosk", now);
    REQUIRE(id.ok());
    std::filesystem::create_directories(state_dir);
    REQUIRE(key.save(state_dir / "sync-key", *id).ok());
    auto config = nlohmann::json{{"kiosk_id", *id}, {"hub", hub_url}}.dump();
    REQUIRE(write_file_atomic(state_dir / "sync.json", as_bytes(config), 0600).ok());
    return *id;
}

EnrolledKiosk enroll_kiosk_with_key(const std::filesystem::path& hub_data, const std::filesystem::path& state_dir,
                                    const std::string& hub_url) {
    auto id = enroll_kiosk_directly(hub_data, state_dir, hub_url);
    auto key = guichet::sync::RequestKey::load(state_dir / "sync-key");
    REQUIRE(key.ok());
    return {id, std::move(*key)};
}

guichet::sync::HubClient signed_client(const std::string& url, const std::string& id,
                                       const guichet::sync::RequestKey& key) {
    auto c = guichet::sync::HubClient::create(url);
    REQUIRE(c.ok());
    c->set_identity({id, key});
    return std::move(*c);
}

std::vector<Submitted> submit_demarches(const std::filesystem::path& state_dir, int n, const std::string& recipient_id,
                                        const crypto::BoxPublicKey& recipient_key,
                                        const std::vector<std::size_t>& attachment_sizes, std::mt19937_64& rng) {
    store::StoreOptions options;
    options.tracking_prefix = "ANR";
    auto st = store::Store::open(state_dir / store::kDatabaseFile, options);
    REQUIRE_MESSAGE(st.ok(), (st.ok() ? "" : st.error().message));
    std::vector<Submitted> out;
    for (int i = 0; i < n; ++i) {
        Submitted s;
        store::Submission sub;
        sub.form_id = "etat-civil-acte";
        sub.form_version = 1;
        sub.recipient_id = recipient_id;
        sub.recipient_key = recipient_key;
        const auto size =
            attachment_sizes.empty() ? 0 : attachment_sizes[static_cast<std::size_t>(i) % attachment_sizes.size()];
        nlohmann::json payload = {{"format", 1}, {"answers", {{"nom", "Dupont-" + std::to_string(rng())}}}};
        payload["attachments"] = nlohmann::json::array();
        if (size > 0) {
            Bytes data(size);
            for (auto& b : data) b = static_cast<std::uint8_t>(rng());
            // As demarche::submit declares them (docs/forms.md §4): the partner CLI checks the hash.
            payload["attachments"].push_back(
                {{"name", "justificatif.pdf"}, {"blake2b", to_hex(crypto::blake2b_256(data))}});
            s.attachments.push_back(data);
            s.attachment_names.push_back("justificatif " + std::to_string(i) + ".pdf");
            sub.attachments.emplace_back(s.attachment_names.back(), "application/pdf", std::move(data));
        }
        const auto json = payload.dump();
        s.payload.assign(json.begin(), json.end());
        sub.payload = s.payload;
        auto receipt = st->submit(sub);
        REQUIRE_MESSAGE(receipt.ok(), (receipt.ok() ? "" : receipt.error().message));
        s.uuid = receipt->uuid;
        s.tracking_code = receipt->tracking_code;
        auto sealed = st->load_sealed(s.uuid);
        REQUIRE(sealed.ok());
        s.sealed_payload = sealed->sealed_payload;
        for (const auto& a : sealed->attachments) s.sealed_attachments.push_back(a.sealed_data);
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace guichet::test::sync

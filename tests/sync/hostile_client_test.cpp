// The hub against hostile clients (issue #21, docs/protocol.md §1): a real
// guichet-hub process on loopback, attacked through raw sockets. Each attack
// is bounded in count and time; the hub's resident memory may grow by at most
// 64 MiB during any of them, and waits are polls with deadlines.
#include "protocol/messages.hpp"
#include "sync_test_util.hpp"
#include "transport/hub_client.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fstream>

using namespace guichet;
using namespace guichet::sync;
using namespace guichet::test;
using namespace guichet::test::sync;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

constexpr long kMaxGrowthKib = 64 << 10;

long rss_kib(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.starts_with("VmRSS:")) return std::atol(line.c_str() + 6);
    return -1;
}

struct AttackedHub {
    ChildProcess process;
    int port = 0;
    long rss_before = 0;

    pid_t pid() const { return process.pid(); }
    long growth_kib() const { return rss_kib(process.pid()) - rss_before; }
};

AttackedHub start_attacked_hub(const std::filesystem::path& data, const std::vector<std::string>& flags = {}) {
    // Under AddressSanitizer freed memory waits in a quarantine (256 MiB by
    // default) before reuse, which the hub's resident size would count: a
    // small one measures the hub, not the sanitizer.
    const char* asan = std::getenv("ASAN_OPTIONS");
    if (!asan || !std::strstr(asan, "quarantine_size_mb"))
        ::setenv("ASAN_OPTIONS", (std::string(asan ? asan : "") + ":quarantine_size_mb=8").c_str(), 1);
    std::vector<std::string> argv{GUICHET_HUB_TOOL, "--data", data.string(), "--listen", "127.0.0.1:0"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    AttackedHub hub{ChildProcess::spawn(argv, true, true)};
    REQUIRE_MESSAGE(hub.process.wait_for("listening on http://127.0.0.1:", 20000), hub.process.output());
    REQUIRE(hub.process.wait_for("\n", 5000));
    const auto& out = hub.process.output();
    hub.port = std::atoi(out.c_str() + out.find("listening on http://127.0.0.1:") + 30);
    REQUIRE(hub.port > 0);
    hub.rss_before = rss_kib(hub.pid());
    REQUIRE(hub.rss_before > 0);
    return hub;
}

// Sockets of the attacker: non-blocking, from SOURCE (127.0.0.x) when given.
struct Socket {
    int fd = -1;
    explicit Socket(int port, const char* source = nullptr) {
        fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        REQUIRE(fd >= 0);
        if (source) {
            sockaddr_in from{};
            from.sin_family = AF_INET;
            ::inet_pton(AF_INET, source, &from.sin_addr);
            REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) == 0);
        }
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(static_cast<std::uint16_t>(port));
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0);
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    }
    Socket(Socket&& o) noexcept : fd(o.fd) { o.fd = -1; }
    Socket(const Socket&) = delete;
    ~Socket() {
        if (fd >= 0) ::close(fd);
    }
    // Sends what fits now; false once the hub closed its side.
    bool send_some(std::string_view data, std::size_t* sent = nullptr) {
        ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK;
        if (sent) *sent = static_cast<std::size_t>(n);
        return true;
    }
    // Reads what is there; true once the hub closed (end of stream or reset).
    bool read_some(std::string& into) {
        char buf[16384];
        for (;;) {
            ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n > 0) {
                if (into.size() < (1 << 20)) into.append(buf, static_cast<std::size_t>(n));
                continue;
            }
            if (n == 0) return true;
            return errno != EAGAIN && errno != EWOULDBLOCK;
        }
    }
    // Waits until the hub closes the connection or DEADLINE; true when closed.
    bool wait_closed(std::string& into, Clock::time_point deadline) {
        for (;;) {
            if (read_some(into)) return true;
            const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
            if (left <= 0) return false;
            pollfd p{fd, POLLIN, 0};
            ::poll(&p, 1, static_cast<int>(std::min<long>(left, 200)));
        }
    }
};

// Streams CHUNK again and again after PREFIX until the hub closes or LIMIT
// bytes are sent; returns the hub's answer. SENT: bytes sent.
std::string stream_until_closed(Socket& s, const std::string& prefix, const std::string& chunk, std::size_t limit,
                                std::size_t& sent, Clock::time_point deadline) {
    std::string answer;
    std::size_t n = 0;
    REQUIRE(s.send_some(prefix, &n));
    sent = n;
    std::string pending = prefix.substr(n);
    while (sent < limit && Clock::now() < deadline) {
        if (s.read_some(answer)) return answer;
        if (pending.empty()) pending = chunk;
        std::size_t k = 0;
        if (!s.send_some(pending, &k)) break;
        pending.erase(0, k);
        sent += k;
        if (k == 0) {
            pollfd p{s.fd, POLLIN | POLLOUT, 0};
            ::poll(&p, 1, 50);
        }
    }
    s.wait_closed(answer, std::min(deadline, Clock::now() + std::chrono::seconds(5)));
    return answer;
}

std::string error_kind(const std::string& body) {
    try {
        return nlohmann::json::parse(body).at("error").get<std::string>();
    } catch (const std::exception&) {
        return "(no error kind: " + body + ")";
    }
}

std::string body_of(const std::string& answer) {
    auto at = answer.find("\r\n\r\n");
    return at == std::string::npos ? std::string() : answer.substr(at + 4);
}

void raise_file_limit() {
    rlimit files{};
    REQUIRE(::getrlimit(RLIMIT_NOFILE, &files) == 0);
    files.rlim_cur = files.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &files);
}

HubClient signed_client(int port, const std::string& id, const RequestKey& key) {
    auto c = HubClient::create("http://127.0.0.1:" + std::to_string(port));
    REQUIRE(c.ok());
    c->set_identity({id, key});
    return std::move(*c);
}

// Each body differs: SQLite does not write a row that an upsert leaves as it
// was, and a write that needs no new page would not meet the full disk.
std::string heartbeat_body() {
    static int n = 0;
    Heartbeat beat;
    beat.queued = ++n;
    beat.software_version = "test";
    beat.sent_at = std::time(nullptr);
    return to_json(beat);
}

}  // namespace

TEST_CASE("hostile client: a million small headers get 431 and the connection closed, memory bounded") {
    TempDir dir;
    auto hub = start_attacked_hub(dir / "hub");
    Socket s(hub.port);
    std::size_t sent = 0;
    std::string chunk;
    for (int i = 0; i < 4096; ++i) chunk += "a: b\r\n";  // 4096 headers per chunk
    const std::size_t million_headers = 6u * 1'000'000;
    auto answer = stream_until_closed(s, "GET /v1/ping HTTP/1.1\r\nHost: x\r\n", chunk, million_headers, sent,
                                      Clock::now() + std::chrono::seconds(20));
    CHECK(answer.starts_with("HTTP/1.1 431"));
    CHECK(error_kind(body_of(answer)) == "header-too-large");
    CHECK(sent < million_headers);  // cut before the million
    CHECK(hub.growth_kib() <= kMaxGrowthKib);
    // A header count over 100 within the byte limit is refused too.
    Socket t(hub.port);
    std::string many = "GET /v1/ping HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 150; ++i) many += "a: b\r\n";
    REQUIRE(t.send_some(many + "\r\n"));
    std::string second;
    CHECK(t.wait_closed(second, Clock::now() + std::chrono::seconds(5)));
    CHECK(second.starts_with("HTTP/1.1 431"));
}

TEST_CASE("hostile client: an endless request line gets 414 and the connection closed") {
    TempDir dir;
    auto hub = start_attacked_hub(dir / "hub");
    Socket s(hub.port);
    std::size_t sent = 0;
    auto answer = stream_until_closed(s, "GET /", std::string(64 << 10, 'a'), 100u << 20, sent,
                                      Clock::now() + std::chrono::seconds(20));
    CHECK(answer.starts_with("HTTP/1.1 414"));
    CHECK(sent < (100u << 20));
    CHECK(hub.growth_kib() <= kMaxGrowthKib);
}

TEST_CASE("hostile client: an endless header stream is cut at the header deadline") {
    TempDir dir;
    auto hub = start_attacked_hub(dir / "hub", {"--header-timeout", "2"});
    Socket s(hub.port);
    const auto start = Clock::now();
    REQUIRE(s.send_some("GET /v1/ping HTTP/1.1\r\nHost: x\r\n"));
    // One short header line every 50 ms, for at most 8 s: far below the byte
    // limit, so only the deadline can end it.
    std::string answer;
    bool closed = false;
    for (int i = 0; i < 160 && !closed; ++i) {
        if (!s.send_some("X-Slow: 1\r\n")) closed = true;
        pollfd p{s.fd, POLLIN, 0};
        ::poll(&p, 1, 50);
        closed = closed || s.read_some(answer);
    }
    const auto took = std::chrono::duration_cast<milliseconds>(Clock::now() - start).count();
    CHECK(closed);
    CHECK(took >= 1500);
    CHECK(took <= 5000);
    CHECK(hub.growth_kib() <= kMaxGrowthKib);
}

TEST_CASE("hostile client: an oversized body gets 413 and the connection is closed at once") {
    TempDir dir;
    auto hub = start_attacked_hub(dir / "hub");
    Socket s(hub.port);
    const auto start = Clock::now();
    std::size_t sent = 0;
    // The client sends the body without waiting: the hub must neither read it
    // for 30 s nor keep the connection.
    auto answer =
        stream_until_closed(s,
                            "PUT /v1/demarches/0b3c6a7e-1f2d-4c3b-8a9e-112233445566 HTTP/1.1\r\nHost: "
                            "x\r\nContent-Length: 100000000\r\n\r\n",
                            std::string(64 << 10, 'x'), 100'000'000, sent, Clock::now() + std::chrono::seconds(20));
    const auto took = std::chrono::duration_cast<milliseconds>(Clock::now() - start).count();
    CHECK(answer.starts_with("HTTP/1.1 413"));
    CHECK(error_kind(body_of(answer)) == "too-large");
    CHECK(answer.find("Connection: close") != std::string::npos);
    CHECK(took < 5000);
    CHECK(sent < 100'000'000u / 4);
    CHECK(hub.growth_kib() <= kMaxGrowthKib);
}

TEST_CASE("hostile client: a body that is not UTF-8 or not the expected JSON gets 400 with a JSON error") {
    TempDir dir;
    auto hub = start_attacked_hub(dir / "hub");
    auto exchange = [&](const std::string& method, const std::string& path, const std::string& body) {
        Socket s(hub.port);
        const std::string req = method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
                                "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
                                body;
        REQUIRE(s.send_some(req));
        std::string answer;
        CHECK(s.wait_closed(answer, Clock::now() + std::chrono::seconds(5)));
        return answer;
    };
    for (const std::string& body :
         {std::string("{\"token\": \"\xff\xfe\"}"), std::string("{\"token\": \"\xc0\xaf\"}"), std::string("[1, 2]"),
          std::string("{\"token\": 3}"), std::string("{"), std::string("\xef\xbb\xbf\xed\xa0\x80")}) {
        auto answer = exchange("POST", "/v1/enroll", body);
        CHECK(answer.starts_with("HTTP/1.1 400"));
        CHECK(answer.find("application/json") != std::string::npos);
        CHECK(error_kind(body_of(answer)) == "malformed");
    }
    // A signed request with such a body too.
    const auto id = enroll_kiosk_directly(dir / "hub", dir / "kiosk", "http://127.0.0.1:" + std::to_string(hub.port));
    auto key = RequestKey::load(dir / "kiosk" / "sync-key");
    REQUIRE(key.ok());
    auto c = signed_client(hub.port, id, *key);
    for (const std::string& body : {std::string("{\"queued\": \"\xff\"}"), std::string("{\"queued\": \"x\"}")}) {
        auto a = c.send("POST", "/v1/kiosk/heartbeat", {}, as_bytes(body), "application/json");
        REQUIRE(a.ok());
        CHECK(a->status == 400);
        CHECK(error_kind(a->body) == "malformed");
    }
}

TEST_CASE("hostile client: 1,000 slow connections from 40 addresses hold no thread, a signed client keeps its pace") {
    raise_file_limit();
    TempDir dir;
    auto hub = start_attacked_hub(dir / "hub");
    const auto id = enroll_kiosk_directly(dir / "hub", dir / "kiosk", "http://127.0.0.1:" + std::to_string(hub.port));
    auto key = RequestKey::load(dir / "kiosk" / "sync-key");
    REQUIRE(key.ok());

    // Slowloris: 25 connections from each of 127.0.0.2 … 127.0.0.41 (the
    // per-address limit is 32), each a request that never ends.
    std::vector<Socket> slow;
    slow.reserve(1000);
    for (int i = 0; i < 1000; ++i) {
        const std::string source = "127.0.0." + std::to_string(2 + i / 25);
        slow.emplace_back(hub.port, source.c_str());
        REQUIRE(slow.back().send_some("GET /v1/ping HTTP/1.1\r\nHost: x\r\n"));
    }
    auto c = signed_client(hub.port, id, *key);
    std::vector<double> ms;
    const auto attack_end = Clock::now() + std::chrono::seconds(4);
    std::size_t drip = 0;
    while (Clock::now() < attack_end && ms.size() < 400) {
        // A byte now and then on some slow connections, as slowloris does.
        for (int k = 0; k < 50; ++k) slow[drip++ % slow.size()].send_some("X");
        const auto t0 = Clock::now();
        auto a = c.send("GET", "/v1/kiosk/statuses");
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        REQUIRE_MESSAGE(a.ok(), (a.ok() ? "" : a.error().message));
        CHECK(a->status == 200);
    }
    REQUIRE(ms.size() >= 20);
    std::sort(ms.begin(), ms.end());
    const double p99 = ms[ms.size() * 99 / 100];
    MESSAGE(ms.size() << " signed requests during the attack, p50 " << ms[ms.size() / 2] << " ms, p99 " << p99
                      << " ms, max " << ms.back() << " ms");
    CHECK(p99 <= 1000.0);
    // The slow connections were all held (none over a limit), none answered yet.
    int closed = 0;
    for (auto& s : slow) {
        std::string got;
        if (s.read_some(got)) ++closed;
    }
    CHECK(closed == 0);
    MESSAGE("hub resident memory grew by " << hub.growth_kib() / 1024 << " MiB with 1,000 slow connections");
    CHECK(hub.growth_kib() <= kMaxGrowthKib);
}

TEST_CASE("hostile client: connections over the per-address and the total limits are closed at once") {
    raise_file_limit();
    TempDir dir;
    auto hub = start_attacked_hub(dir / "hub", {"--max-connections", "64", "--max-connections-per-address", "8"});
    auto count_closed = [](std::vector<Socket>& socks, std::size_t expected, std::string* sample) {
        // Polls until EXPECTED of them are closed by the hub, or 5 s.
        const auto deadline = Clock::now() + std::chrono::seconds(5);
        std::vector<bool> closed(socks.size(), false);
        std::size_t n = 0;
        for (;;) {
            for (std::size_t i = 0; i < socks.size(); ++i) {
                std::string got;
                if (!closed[i] && socks[i].read_some(got)) {
                    closed[i] = true;
                    ++n;
                    if (sample && sample->empty()) *sample = got;
                }
            }
            if (n >= expected || Clock::now() >= deadline) return n;
            pollfd p{socks.back().fd, POLLIN, 0};
            ::poll(&p, 1, 20);
        }
    };
    std::vector<Socket> one;
    for (int i = 0; i < 20; ++i) one.emplace_back(hub.port, "127.0.0.2");
    std::string refusal;
    CHECK(count_closed(one, 12, &refusal) == 12);  // 8 held
    CHECK(refusal.starts_with("HTTP/1.1 503"));
    CHECK(error_kind(body_of(refusal)) == "too-many-connections");
    CHECK(refusal.find("Content-Length: " + std::to_string(body_of(refusal).size()) + "\r\n") != std::string::npos);

    // 7 more addresses × 8 = 56: the total (64) is reached; 8 more are refused.
    std::vector<Socket> many;
    for (int a = 3; a < 10; ++a)
        for (int i = 0; i < 8; ++i) many.emplace_back(hub.port, ("127.0.0." + std::to_string(a)).c_str());
    for (int i = 0; i < 8; ++i) many.emplace_back(hub.port, "127.0.0.10");
    CHECK(count_closed(many, 8, nullptr) == 8);
    CHECK(count_closed(one, 12, nullptr) == 12);  // the 8 held ones still are

    // Freed slots are taken again.
    one.clear();
    auto c = HubClient::create("http://127.0.0.1:" + std::to_string(hub.port));
    REQUIRE(c.ok());
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    int status = 0;
    while (status != 200 && Clock::now() < deadline) {
        auto a = c->send("GET", "/v1/ping");
        status = a.ok() ? a->status : 0;
    }
    CHECK(status == 200);
    CHECK(hub.growth_kib() <= kMaxGrowthKib);
}

TEST_CASE("hostile client: unsigned requests and refused signatures are rate limited per address (429)") {
    TempDir dir;
    auto hub = start_attacked_hub(dir / "hub", {"--public-rate", "5"});
    auto c = HubClient::create("http://127.0.0.1:" + std::to_string(hub.port));
    REQUIRE(c.ok());
    int ok = 0, limited = 0;
    for (int i = 0; i < 400 && limited == 0; ++i) {
        auto a = c->send("GET", "/v1/ping");
        REQUIRE(a.ok());
        if (a->status == 200) ++ok;
        if (a->status == 429) {
            ++limited;
            CHECK(a->header("Retry-After") == "5");
            CHECK(error_kind(a->body) == "rate-limited");
        }
    }
    CHECK(limited == 1);
    CHECK(ok >= 200);  // the burst
    CHECK(ok < 300);
    // A signed request from the same address goes on.
    const auto id = enroll_kiosk_directly(dir / "hub", dir / "kiosk", "http://127.0.0.1:" + std::to_string(hub.port));
    auto key = RequestKey::load(dir / "kiosk" / "sync-key");
    REQUIRE(key.ok());
    auto k = signed_client(hub.port, id, *key);
    auto statuses = k.send("GET", "/v1/kiosk/statuses");
    REQUIRE(statuses.ok());
    CHECK(statuses->status == 200);
    // Forged signatures are not a way around: each refusal (401) spends a
    // token of the address, and once they are spent its signed requests wait too.
    auto forger = signed_client(hub.port, "k-forged", RequestKey::generate());
    int refused = 0, forged_limited = 0;
    for (int i = 0; i < 400 && forged_limited == 0; ++i) {
        auto a = forger.send("GET", "/v1/kiosk/statuses");
        REQUIRE(a.ok());
        if (a->status == 401) ++refused;
        if (a->status == 429) ++forged_limited;
    }
    CHECK(forged_limited == 1);
    CHECK(refused >= 200);
    CHECK(refused < 300);
    // Another address is not affected.
    Socket s(hub.port, "127.0.0.7");
    REQUIRE(s.send_some("GET /v1/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    std::string answer;
    CHECK(s.wait_closed(answer, Clock::now() + std::chrono::seconds(5)));
    CHECK(answer.starts_with("HTTP/1.1 200"));
}

TEST_CASE("hostile client: a full disk answers writes 507 and reads 200, then the hub recovers by itself") {
    TempDir dir;
    const auto mnt = dir / "small-disk";
    std::filesystem::create_directories(mnt);
    const auto data = mnt / "hub";
    // The hub's database with an enrolled kiosk is made on the ordinary disk
    // and copied onto the small one by whoever mounts it.
    const auto prepared = dir / "prepared";
    const auto id = enroll_kiosk_directly(prepared, dir / "kiosk", "http://127.0.0.1:1");
    // A 4 MiB tmpfs: mounted here when this process may (root), else in a
    // mount namespace of the hub's own (`unshare -Urm`, an unprivileged user
    // namespace), which this test reaches through /proc/PID/root (for plain
    // files only: SQLite would resolve that link to this namespace's path).
    std::filesystem::path seen = mnt;  // where this process sees the small disk
    std::vector<std::string> wrapper;
    struct Unmount {
        std::filesystem::path at;
        ~Unmount() {
            if (!at.empty()) ::umount2(at.c_str(), MNT_DETACH);
        }
    } unmount;
    if (::mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=4m,mode=0700") == 0) {
        unmount.at = mnt;
        std::filesystem::copy(prepared, data, std::filesystem::copy_options::recursive);
    } else if (run_command("/usr/bin/unshare -Urm true") == 0) {
        wrapper = {
            "/usr/bin/unshare",
            "-Urm",
            "sh",
            "-c",
            "mount -t tmpfs -o size=4m,mode=0700 tmpfs \"$0\" && cp -r \"$1\" \"$0/hub\" && shift && exec \"$@\"",
            mnt.string(),
            prepared.string()};
    } else {
        WARN_MESSAGE(false, "neither a tmpfs mount nor a user namespace is allowed here: full-disk case not run");
        return;
    }
    {
        std::vector<std::string> argv = wrapper;
        for (const auto& a : {std::string(GUICHET_HUB_TOOL), std::string("--data"), data.string(),
                              std::string("--listen"), std::string("127.0.0.1:0")})
            argv.push_back(a);
        AttackedHub hub{ChildProcess::spawn(argv, true, true)};
        REQUIRE_MESSAGE(hub.process.wait_for("listening on http://127.0.0.1:", 20000), hub.process.output());
        REQUIRE(hub.process.wait_for("\n", 5000));
        const auto& out = hub.process.output();
        hub.port = std::atoi(out.c_str() + out.find("listening on http://127.0.0.1:") + 30);
        REQUIRE(hub.port > 0);
        if (!wrapper.empty()) seen = "/proc/" + std::to_string(hub.pid()) + "/root" + mnt.string();
        REQUIRE(std::filesystem::exists(seen / "hub" / "hub.db"));
        auto key = RequestKey::load(dir / "kiosk" / "sync-key");
        REQUIRE(key.ok());
        auto c = signed_client(hub.port, id, *key);
        const auto beat = heartbeat_body();
        auto first = c.send("POST", "/v1/kiosk/heartbeat", {}, as_bytes(beat), "application/json");
        REQUIRE(first.ok());
        CHECK(first->status == 204);

        // Fill the disk to the last byte.
        const auto filler = seen / "filler";
        {
            std::FILE* f = std::fopen(filler.c_str(), "wb");
            REQUIRE(f);
            const std::string block(64 << 10, 'f');
            for (int i = 0; i < 1000 && std::fwrite(block.data(), 1, block.size(), f) == block.size(); ++i) {
            }
            std::fclose(f);
            std::FILE* g = std::fopen(filler.c_str(), "ab");
            REQUIRE(g);
            for (int i = 0; i < 70000 && std::fputc('f', g) != EOF && std::fflush(g) == 0; ++i) {
            }
            std::fclose(g);
        }
        // Writes: 507 as soon as SQLite needs a page it cannot get.
        int status = 0;
        std::string kind;
        for (int i = 0; i < 200 && status != 507; ++i) {
            auto a = c.send("POST", "/v1/kiosk/heartbeat", {}, as_bytes(heartbeat_body()), "application/json");
            REQUIRE(a.ok());
            status = a->status;
            kind = error_kind(a->body);
            REQUIRE((status == 204 || status == 507));
        }
        CHECK(status == 507);
        CHECK(kind == "insufficient-storage");
        auto again = c.send("POST", "/v1/kiosk/heartbeat", {}, as_bytes(heartbeat_body()), "application/json");
        REQUIRE(again.ok());
        CHECK(again->status == 507);
        // Reads still work (their nonces are kept in memory), and a replay
        // of one is still refused.
        for (int i = 0; i < 5; ++i) {
            auto r = c.send("GET", "/v1/kiosk/statuses");
            REQUIRE(r.ok());
            CHECK(r->status == 200);
        }
        auto plain = HubClient::create("http://127.0.0.1:" + std::to_string(hub.port));
        REQUIRE(plain.ok());
        const auto captured = sign_request(*key, id, "GET", "/v1/kiosk/statuses", {}, std::time(nullptr));
        auto once = plain->send("GET", "/v1/kiosk/statuses", {}, {}, "", captured);
        REQUIRE(once.ok());
        CHECK(once->status == 200);
        auto replay = plain->send("GET", "/v1/kiosk/statuses", {}, {}, "", captured);
        REQUIRE(replay.ok());
        CHECK(replay->status == 401);
        CHECK(error_kind(replay->body) == "replayed-nonce");
        // Logged once, not per request.
        hub.process.drain();
        const auto& log = hub.process.output();
        CHECK(log.find("disk full") != std::string::npos);
        CHECK(log.find("disk full") == log.rfind("disk full"));

        // Space returns: the next write succeeds, without a restart.
        std::filesystem::remove(filler);
        auto back = c.send("POST", "/v1/kiosk/heartbeat", {}, as_bytes(heartbeat_body()), "application/json");
        REQUIRE(back.ok());
        CHECK(back->status == 204);
        CHECK(hub.process.wait_for("disk space is back", 5000));
        hub.process.signal(SIGTERM);
        CHECK(hub.process.wait() == 0);
    }
}

// Crash test: a child process (store_crash_child) submits démarches in a loop,
// some with a 300 KB attachment, and reports each UUID on a pipe only after
// submit() returned. The parent SIGKILLs it after a random delay (seeded RNG,
// 0–20 ms), then opens the database: integrity_check is "ok", every reported
// démarche is there exactly once, and it opens with the recipient's secret key
// to exactly what was submitted. Every other row found (committed, killed
// before reporting) must be whole too.
//
// GUICHET_STORE_CRASH_KILLS sets the number of kills (default 200),
// GUICHET_STORE_CRASH_SEED the seed.
#include "store_test_util.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <cstdlib>
#include <map>
#include <random>
#include <set>

using namespace guichet;
using namespace guichet::test;

namespace {

long env_long(const char* name, long fallback) {
    const char* v = std::getenv(name);
    if (!v || !*v) return fallback;
    char* end = nullptr;
    long x = std::strtol(v, &end, 10);
    return (end && *end == '\0' && x > 0) ? x : fallback;
}

// Reads from FD until NEEDLE has been seen (true) or EOF (false).
bool read_until(int fd, std::string& buf, std::string_view needle) {
    char tmp[4096];
    while (buf.find(needle) == std::string::npos) {
        ssize_t n = ::read(fd, tmp, sizeof tmp);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        buf.append(tmp, static_cast<std::size_t>(n));
    }
    return true;
}

void read_to_eof(int fd, std::string& buf) {
    char tmp[4096];
    for (;;) {
        ssize_t n = ::read(fd, tmp, sizeof tmp);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        buf.append(tmp, static_cast<std::size_t>(n));
    }
}

}  // namespace

TEST_CASE("crash: SIGKILL at random moments never loses nor damages an acknowledged démarche") {
    const long kills = env_long("GUICHET_STORE_CRASH_KILLS", 200);
    const auto seed = static_cast<std::uint64_t>(env_long("GUICHET_STORE_CRASH_SEED", 20'240'601));
    TempDir dir;
    const auto db = dir / store::kDatabaseFile;
    auto keys = crypto::BoxKeyPair::generate();
    const std::string pub = keys.public_key.to_base64();
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<int> delay_us(0, 20'000);

    std::map<std::string, std::int64_t> acknowledged;  // UUID → n, across all runs
    std::set<std::int64_t> counters_seen;              // n of every row verified
    std::int64_t last_row = 0;                         // rows up to here were verified already
    long killed_before_ready = 0, killed_mid_run = 0, unreported_rows = 0, verified_rows = 0;

    for (long run = 0; run < kills; ++run) {
        CAPTURE(run);
        int fds[2];
        REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
        const std::string first = std::to_string(run * 1'000'000 + 1);
        pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::dup2(fds[1], STDOUT_FILENO);
            ::execl(GUICHET_STORE_CRASH_CHILD, GUICHET_STORE_CRASH_CHILD, db.c_str(), pub.c_str(), first.c_str(),
                    static_cast<char*>(nullptr));
            ::_exit(127);
        }
        ::close(fds[1]);
        std::string out;
        // Mostly kill while submitting; one run in eight anywhere from the start
        // (during exec, opening, WAL recovery or migration).
        const bool wait_ready = rng() % 8 != 0;
        const int delay = delay_us(rng);
        if (wait_ready) {
            bool ready = read_until(fds[0], out, "ready\n");
            REQUIRE_MESSAGE(ready, "the child ended before opening the store");
        }
        ::usleep(static_cast<useconds_t>(delay));  // a random instant, not a wait for a condition
        ::kill(pid, SIGKILL);
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        read_to_eof(fds[0], out);
        ::close(fds[0]);
        REQUIRE_MESSAGE((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL),
                        "the child stopped by itself (status " << status << ")");
        if (out.find("ready\n") == std::string::npos)
            ++killed_before_ready;
        else
            ++killed_mid_run;

        std::vector<std::pair<std::string, std::int64_t>> reported;
        std::size_t pos = 0;
        while (true) {
            auto nl = out.find('\n', pos);
            if (nl == std::string::npos) break;  // a line is written in one write(): never partial
            std::string line = out.substr(pos, nl - pos);
            pos = nl + 1;
            if (line == "ready") continue;
            auto sp = line.find(' ');
            REQUIRE(sp != std::string::npos);
            reported.emplace_back(line.substr(sp + 1), std::stoll(line.substr(0, sp)));
        }
        CHECK(pos == out.size());

        auto st = open_store(db);
        auto& d = st.database();
        REQUIRE(integrity(d) == "ok");
        // Every row added since the last check is whole.
        auto fresh = d.prepare("SELECT id, uuid FROM demarche WHERE id > ?1 ORDER BY id");
        REQUIRE(fresh.ok());
        fresh->bind(1, last_row);
        std::vector<std::pair<std::int64_t, std::string>> rows;
        for (;;) {
            auto row = fresh->step();
            REQUIRE(row.ok());
            if (!*row) break;
            rows.emplace_back(fresh->column_int64(0), fresh->column_text(1));
        }
        std::set<std::string> fresh_uuids;
        for (const auto& [id, uuid] : rows) {
            auto n = verify_demarche(st, uuid, keys);
            REQUIRE_MESSAGE(n.ok(), (n.ok() ? "" : n.error().message));
            CHECK(counters_seen.insert(*n).second);  // no démarche twice
            fresh_uuids.insert(uuid);
            ++verified_rows;
            last_row = id;
        }
        // Every reported one is among them, holding its own démarche.
        for (const auto& [uuid, n] : reported) {
            CAPTURE(uuid);
            CHECK(fresh_uuids.count(uuid) == 1);
            CHECK(acknowledged.emplace(uuid, n).second);
            auto again = verify_demarche(st, uuid, keys, n);
            CHECK_MESSAGE(again.ok(), (again.ok() ? "" : again.error().message));
        }
        unreported_rows += static_cast<long>(rows.size()) - static_cast<long>(reported.size());
    }

    // At the end, each acknowledged UUID is present exactly once.
    auto st = open_store(db);
    auto q = st.database().prepare("SELECT count(*) FROM demarche WHERE uuid = ?1");
    REQUIRE(q.ok());
    for (const auto& [uuid, n] : acknowledged) {
        q->reset(true);
        q->bind(1, uuid);
        auto row = q->step();
        REQUIRE(row.ok());
        CHECK(q->column_int64(0) == 1);
    }
    CHECK(query_int(st.database(), "SELECT count(*) FROM demarche") == verified_rows);
    CHECK(integrity(st.database()) == "ok");
    long with_attachment = 0;
    for (auto n : counters_seen) with_attachment += has_attachment(static_cast<std::uint64_t>(n)) ? 1 : 0;
    MESSAGE("crash test: " << kills << " kills (" << killed_mid_run << " while submitting, " << killed_before_ready
                           << " before the store was open), " << acknowledged.size()
                           << " acknowledged démarches all present once and opened, " << verified_rows
                           << " rows verified (" << with_attachment << " with a 300 KB attachment, " << unreported_rows
                           << " committed but killed before reporting)");
    CHECK(acknowledged.size() > 0);
}

#include "pg_cluster.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace guichet::test::sync {

namespace {

constexpr const char* kBin = "/usr/lib/postgresql/15/bin";

std::string quoted(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

}  // namespace

std::optional<PgCluster> PgCluster::start(std::string* why) {
    if (!std::filesystem::exists(std::string(kBin) + "/initdb")) {
        if (why) *why = "PostgreSQL 15 is not installed (apt-get install postgresql)";
        return std::nullopt;
    }
    PgCluster c;
    char tmpl[] = "/tmp/guichet-pg-XXXXXX";
    if (!mkdtemp(tmpl)) {
        if (why) *why = "mkdtemp failed";
        return std::nullopt;
    }
    c.dir_ = tmpl;
    if (geteuid() == 0) {
        const passwd* pw = getpwnam("postgres");
        if (pw == nullptr) {
            if (why) *why = "no postgres user to own the cluster";
            std::filesystem::remove_all(c.dir_);
            return std::nullopt;
        }
        c.user_ = "postgres";
        if (::chown(c.dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
            if (why) *why = "cannot give the cluster's folder to postgres";
            std::filesystem::remove_all(c.dir_);
            return std::nullopt;
        }
    }
    const auto data = (c.dir_ / "data").string();
    const std::string init = std::string(kBin) + "/initdb -D " + quoted(data) +
                             " -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync > " +
                             quoted((c.dir_ / "initdb.log").string()) + " 2>&1";
    // Unix socket in DIR only, no TCP; fsync off: a test cluster, thrown away.
    const std::string start = std::string(kBin) + "/pg_ctl -D " + quoted(data) + " -l " +
                              quoted((c.dir_ / "server.log").string()) + " -w -t 30 -o " +
                              quoted("-k " + c.dir_.string() + " -c listen_addresses= -c fsync=off -p 5432") +
                              " start > /dev/null";
    if (!c.run(init) || !c.run(start)) {
        if (why) *why = "the cluster did not start (see " + c.dir_.string() + "/*.log)";
        return std::nullopt;  // the destructor removes what was made
    }
    c.running_ = true;
    c.start_guard();
    return c;
}

// A shell that waits for the end of its stdin, a pipe only this process
// writes to (close-on-exec, so no other child holds it), then stops the
// server and removes the folder. It ignores the signals that a Ctrl-C or
// ctest's timeout send to the test's process group.
void PgCluster::start_guard() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return;
    const std::string script = "trap '' INT TERM HUP; read -r _; " +
                               as_owner(std::string(kBin) + "/pg_ctl -D " + quoted((dir_ / "data").string()) +
                                        " -m immediate -w stop") +
                               " > /dev/null 2>&1; rm -rf " + quoted(dir_.string());
    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return;
    }
    if (pid == 0) {
        ::dup2(fds[0], 0);
        ::execl("/bin/sh", "sh", "-c", script.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    ::close(fds[0]);
    guard_pid_ = pid;
    guard_fd_ = fds[1];
}

void PgCluster::stop_guard() {
    if (guard_pid_ > 0) {
        ::kill(guard_pid_, SIGKILL);
        ::waitpid(guard_pid_, nullptr, 0);
    }
    if (guard_fd_ >= 0) ::close(guard_fd_);
    guard_pid_ = -1;
    guard_fd_ = -1;
}

PgCluster::PgCluster(PgCluster&& other) noexcept
    : dir_(std::move(other.dir_)),
      user_(std::move(other.user_)),
      running_(other.running_),
      guard_pid_(other.guard_pid_),
      guard_fd_(other.guard_fd_) {
    other.dir_.clear();
    other.running_ = false;
    other.guard_pid_ = -1;
    other.guard_fd_ = -1;
}

PgCluster::~PgCluster() {
    stop_guard();
    if (dir_.empty()) return;
    if (running_) run(std::string(kBin) + "/pg_ctl -D " + quoted((dir_ / "data").string()) + " -m immediate -w stop > /dev/null 2>&1");
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

std::string PgCluster::conninfo() const {
    return "host=" + dir_.string() + " port=5432 dbname=postgres user=postgres connect_timeout=10";
}

bool PgCluster::restart() {
    const auto data = quoted((dir_ / "data").string());
    return run(std::string(kBin) + "/pg_ctl -D " + data + " -m immediate -w stop > /dev/null 2>&1") &&
           run(std::string(kBin) + "/pg_ctl -D " + data + " -l " + quoted((dir_ / "server.log").string()) +
               " -w -t 30 -o " + quoted("-k " + dir_.string() + " -c listen_addresses= -c fsync=off -p 5432") +
               " start > /dev/null");
}

std::string PgCluster::as_owner(const std::string& command) const {
    return user_.empty() ? command : "runuser -u " + user_ + " -- sh -c " + quoted(command);
}

bool PgCluster::run(const std::string& command) const { return std::system(as_owner(command).c_str()) == 0; }

}  // namespace guichet::test::sync

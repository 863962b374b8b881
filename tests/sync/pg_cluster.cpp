#include "pg_cluster.hpp"

#include <pwd.h>
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
    return c;
}

PgCluster::PgCluster(PgCluster&& other) noexcept
    : dir_(std::move(other.dir_)), user_(std::move(other.user_)), running_(other.running_) {
    other.dir_.clear();
    other.running_ = false;
}

PgCluster::~PgCluster() {
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

bool PgCluster::run(const std::string& command) const {
    const std::string line = user_.empty() ? command : "runuser -u " + user_ + " -- sh -c " + quoted(command);
    return std::system(line.c_str()) == 0;
}

}  // namespace guichet::test::sync

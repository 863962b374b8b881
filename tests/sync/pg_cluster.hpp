// A throw-away PostgreSQL cluster for the tests (issue #20): initdb in a
// temporary folder, the server on a Unix socket there only (no TCP port, so
// parallel tests never collide), stopped and removed by the destructor. As
// root, the cluster belongs to the `postgres` user (initdb refuses root) and
// its commands run through runuser. Needs Debian's postgresql-15.
// pg_ctl detaches the server from the test, so a guard process stops it and
// removes the folder if the test dies without running the destructor.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include <sys/types.h>

namespace guichet::test::sync {

class PgCluster {
public:
    // nullopt, with WHY set, when PostgreSQL is not installed or does not start.
    static std::optional<PgCluster> start(std::string* why);
    PgCluster(PgCluster&& other) noexcept;
    PgCluster& operator=(PgCluster&&) = delete;
    ~PgCluster();

    // libpq's connection string for the database "postgres".
    std::string conninfo() const;
    // Stops the server at once (as a crash would) and starts it again: connections are lost.
    bool restart();
    const std::filesystem::path& dir() const { return dir_; }

private:
    PgCluster() = default;
    bool run(const std::string& command) const;  // as the cluster's owner
    std::string as_owner(const std::string& command) const;
    void start_guard();
    void stop_guard();
    std::filesystem::path dir_;
    std::string user_;
    bool running_ = false;
    pid_t guard_pid_ = -1;
    int guard_fd_ = -1;  // the guard acts when this pipe closes: at the test's death
};

}  // namespace guichet::test::sync

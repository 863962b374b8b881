// One publication at a time in a pack repository (docs/pack-repository.md
// §3): `guichet-pack publish` and the hub's staff upload read the served
// index, write files, then the index. Several hubs may share one repository
// folder (docs/hub-storage.md §5.2); two publications interleaved would make
// the second index forget the first one's pack. flock(2) on
// DIR/.publish.lock, released when the lock is destroyed (or the process dies).
#pragma once

#include "common/result.hpp"

#include <filesystem>

namespace guichet::repo {

inline constexpr const char* kPublishLockName = ".publish.lock";

class PublishLock {
public:
    // Does not wait: an error whose message is kPublishBusy when another
    // publication holds the repository, the system's reason otherwise.
    static Result<PublishLock> try_acquire(const std::filesystem::path& repo_dir);
    PublishLock(PublishLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    PublishLock& operator=(PublishLock&&) = delete;
    PublishLock(const PublishLock&) = delete;
    PublishLock& operator=(const PublishLock&) = delete;
    ~PublishLock();

private:
    explicit PublishLock(int fd) : fd_(fd) {}
    int fd_ = -1;
};

inline constexpr const char* kPublishBusy = "another publication is in progress in this repository";

}  // namespace guichet::repo

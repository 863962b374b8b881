#include "publish_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace guichet::repo {

Result<PublishLock> PublishLock::try_acquire(const std::filesystem::path& repo_dir) {
    const auto file = repo_dir / kPublishLockName;
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return fail(file.string() + ": " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int e = errno;
        ::close(fd);
        if (e == EWOULDBLOCK) return fail(kPublishBusy);
        return fail(file.string() + ": " + std::strerror(e));
    }
    return PublishLock(fd);
}

PublishLock::~PublishLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

}  // namespace guichet::repo

#include "download.hpp"

#include "common/file.hpp"
#include "index.hpp"

#include <fcntl.h>
#include <unistd.h>

namespace guichet::repo {

namespace fs = std::filesystem;

namespace {

class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

Result<void> write_all(int fd, ByteView data, const fs::path& path) {
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail("cannot write " + path.string() + ": " + errno_text());
        }
        data = data.subspan(static_cast<std::size_t>(n));
    }
    return {};
}

}  // namespace

fs::path part_path(const fs::path& dir, const ExpectedFile& file) {
    std::string base = file.name.substr(file.name.rfind('/') + 1);
    return dir / (base + "." + hash_hex(file.hash).substr(0, 16) + ".part");
}

Result<crypto::Hash256> hash_file(const fs::path& path) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) return fail("cannot open " + path.string() + ": " + errno_text());
    crypto::Blake2b state(32);
    Bytes buffer(256 * 1024);
    for (;;) {
        ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail("cannot read " + path.string() + ": " + errno_text());
        }
        if (n == 0) break;
        state.update(ByteView(buffer.data(), static_cast<std::size_t>(n)));
    }
    crypto::Hash256 out;
    state.final(out.data());
    return out;
}

Result<void> sync_file(const fs::path& path) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0 || ::fsync(fd.get()) != 0) return fail("cannot sync " + path.string() + ": " + errno_text());
    return {};
}

Result<fs::path> download_verified(Transport& transport, const ExpectedFile& file, const fs::path& dir,
                                   DownloadStats& stats) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return fail("cannot create " + dir.string() + ": " + ec.message());
    const fs::path part = part_path(dir, file);
    std::uint64_t have = fs::exists(part, ec) ? fs::file_size(part, ec) : 0;
    if (ec) have = 0;
    if (have > file.size) {  // not ours, or a damaged tail: start over
        fs::remove(part, ec);
        have = 0;
    }
    stats.resumed_from = have;
    {
        Fd fd(::open(part.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
        if (fd.get() < 0) return fail("cannot open " + part.string() + ": " + errno_text());
        std::uint64_t received = have;
        bool overflow = false;
        Result<void> transfer;
        if (have < file.size) {
            transfer = transport.fetch(file.name, have, file.size - have, [&](ByteView chunk) -> Result<void> {
                if (chunk.size() > file.size - received) {
                    overflow = true;
                    return fail(file.name + ": the server sent more than the " + std::to_string(file.size) +
                                " bytes the index lists; transfer cut");
                }
                if (auto w = write_all(fd.get(), chunk, part); !w) return w;
                received += chunk.size();
                stats.fetched += chunk.size();
                return {};
            });
        }
        if (overflow) {  // not the file the index lists: nothing worth resuming
            fs::remove(part, ec);
            stats.discarded = true;
            return transfer.error();
        }
        if (::fsync(fd.get()) != 0) return fail("cannot sync " + part.string() + ": " + errno_text());
        if (!transfer && transport.last_fetch_missing()) {
            stats.missing = true;
            fs::remove(part, ec);  // nothing to resume
            return fail(file.name + ": not on the server (" + transfer.error().message + ")");
        }
        if (!transfer) return fail(file.name + ": download interrupted at " + std::to_string(received) + " of " +
                                   std::to_string(file.size) + " bytes (" + transfer.error().message + ")");
        if (received < file.size)
            return fail(file.name + ": download interrupted at " + std::to_string(received) + " of " +
                        std::to_string(file.size) + " bytes");
    }
    auto hash = hash_file(part);
    if (!hash) return hash.error();
    if (*hash != file.hash) {
        fs::remove(part, ec);
        stats.discarded = true;
        return fail(file.name + ": content does not match the hash in the signed index (damaged or substituted); "
                                "discarded");
    }
    return part;
}

}  // namespace guichet::repo

#include "common/file.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace guichet {

std::string errno_text() { return std::strerror(errno); }

namespace {

class FdGuard {
public:
    explicit FdGuard(int fd) : fd_(fd) {}
    ~FdGuard() { if (fd_ >= 0) ::close(fd_); }
    FdGuard(const FdGuard&) = delete;
    FdGuard& operator=(const FdGuard&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

Result<void> fsync_parent_dir(const std::filesystem::path& path) {
    auto dir = path.parent_path();
    if (dir.empty()) dir = ".";
    FdGuard fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() < 0) return fail("cannot open directory " + dir.string() + ": " + errno_text());
    if (::fsync(fd.get()) != 0) return fail("cannot sync directory " + dir.string() + ": " + errno_text());
    return {};
}

}  // namespace

Result<MappedFile> MappedFile::open(const std::filesystem::path& path) {
    FdGuard fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) return fail("cannot open " + path.string() + ": " + errno_text());
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return fail("cannot stat " + path.string() + ": " + errno_text());
    if (!S_ISREG(st.st_mode)) return fail(path.string() + " is not a regular file");
    MappedFile file;
    file.size_ = static_cast<std::size_t>(st.st_size);
    if (file.size_ == 0) return file;
    void* p = ::mmap(nullptr, file.size_, PROT_READ, MAP_SHARED, fd.get(), 0);
    if (p == MAP_FAILED) return fail("cannot map " + path.string() + ": " + errno_text());
    file.data_ = static_cast<const std::uint8_t*>(p);
    return file;
}

MappedFile::MappedFile(MappedFile&& other) noexcept : data_(other.data_), size_(other.size_) {
    other.data_ = nullptr;
    other.size_ = 0;
}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
    if (this != &other) {
        release();
        data_ = other.data_;
        size_ = other.size_;
        other.data_ = nullptr;
        other.size_ = 0;
    }
    return *this;
}

MappedFile::~MappedFile() { release(); }

void MappedFile::release() {
    if (data_) ::munmap(const_cast<std::uint8_t*>(data_), size_);
    data_ = nullptr;
    size_ = 0;
}

Result<Bytes> read_file(const std::filesystem::path& path, std::uint64_t max_size) {
    FdGuard fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) return fail("cannot open " + path.string() + ": " + errno_text());
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return fail("cannot stat " + path.string() + ": " + errno_text());
    if (static_cast<std::uint64_t>(st.st_size) > max_size)
        return fail(path.string() + " is " + std::to_string(st.st_size) + " bytes, over the limit of " +
                    std::to_string(max_size));
    Bytes data(static_cast<std::size_t>(st.st_size));
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::read(fd.get(), data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail("cannot read " + path.string() + ": " + errno_text());
        if (n == 0) return fail(path.string() + " shrank while being read");
        done += static_cast<std::size_t>(n);
    }
    return data;
}

Result<std::string> read_text_file(const std::filesystem::path& path, std::uint64_t max_size) {
    auto data = read_file(path, max_size);
    if (!data) return data.error();
    return std::string(data->begin(), data->end());
}

Result<AtomicFileWriter> AtomicFileWriter::create(const std::filesystem::path& path, unsigned mode) {
    AtomicFileWriter w;
    w.path_ = path;
    w.tmp_ = path;
    w.tmp_ += ".tmp";
    w.fd_ = ::open(w.tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (w.fd_ < 0) return fail("cannot create " + w.tmp_.string() + ": " + errno_text());
    return w;
}

AtomicFileWriter::AtomicFileWriter(AtomicFileWriter&& other) noexcept
    : path_(std::move(other.path_)), tmp_(std::move(other.tmp_)), fd_(other.fd_), written_(other.written_) {
    other.fd_ = -1;
}

AtomicFileWriter::~AtomicFileWriter() {
    if (fd_ >= 0) {
        ::close(fd_);
        ::unlink(tmp_.c_str());
    }
}

Result<void> AtomicFileWriter::write(ByteView data) {
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail("cannot write " + tmp_.string() + ": " + errno_text());
        done += static_cast<std::size_t>(n);
    }
    written_ += data.size();
    return {};
}

Result<void> AtomicFileWriter::commit() {
    if (::fsync(fd_) != 0) return fail("cannot sync " + tmp_.string() + ": " + errno_text());
    if (::close(fd_) != 0) {
        fd_ = -1;
        ::unlink(tmp_.c_str());
        return fail("cannot close " + tmp_.string() + ": " + errno_text());
    }
    fd_ = -1;
    if (::rename(tmp_.c_str(), path_.c_str()) != 0) {
        auto err = errno_text();
        ::unlink(tmp_.c_str());
        return fail("cannot rename " + tmp_.string() + " to " + path_.string() + ": " + err);
    }
    return fsync_parent_dir(path_);
}

Result<void> write_file_atomic(const std::filesystem::path& path, ByteView data, unsigned mode) {
    auto w = AtomicFileWriter::create(path, mode);
    if (!w) return w.error();
    if (auto r = w->write(data); !r) return r;
    return w->commit();
}

}  // namespace guichet

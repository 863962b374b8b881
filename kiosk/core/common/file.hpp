// Files: read-only memory maps and crash-safe writes.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"

#include <cstdint>
#include <filesystem>
#include <string>

namespace guichet {

// A read-only mapping of a whole file. Packs are replaced by rename, never
// rewritten in place, so a mapping stays valid for its lifetime.
class MappedFile {
public:
    static Result<MappedFile> open(const std::filesystem::path& path);

    MappedFile() = default;
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();

    ByteView bytes() const { return {data_, size_}; }
    std::uint64_t size() const { return size_; }

private:
    void release();
    const std::uint8_t* data_ = nullptr;
    std::size_t size_ = 0;
};

Result<Bytes> read_file(const std::filesystem::path& path, std::uint64_t max_size);
Result<std::string> read_text_file(const std::filesystem::path& path, std::uint64_t max_size);

// Writes to PATH.tmp, fsyncs, renames over PATH and fsyncs the directory, so a
// crash leaves either the old file or the new one, never a mix.
Result<void> write_file_atomic(const std::filesystem::path& path, ByteView data, unsigned mode = 0644);

// A file written incrementally then committed atomically with commit();
// destroyed without commit() it removes its temporary file.
class AtomicFileWriter {
public:
    static Result<AtomicFileWriter> create(const std::filesystem::path& path, unsigned mode = 0644);
    AtomicFileWriter(AtomicFileWriter&& other) noexcept;
    AtomicFileWriter& operator=(AtomicFileWriter&&) = delete;
    AtomicFileWriter(const AtomicFileWriter&) = delete;
    ~AtomicFileWriter();

    Result<void> write(ByteView data);
    Result<void> commit();
    std::uint64_t written() const { return written_; }

private:
    AtomicFileWriter() = default;
    std::filesystem::path path_, tmp_;
    int fd_ = -1;
    std::uint64_t written_ = 0;
};

std::string errno_text();

}  // namespace guichet

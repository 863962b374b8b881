// An AVIOContext that reads a span of bytes in memory: a pack entry (mmapped
// or decompressed) is demuxed in place, with no temporary file.
//
// The bytes must outlive the MemoryInput and every AVFormatContext using it.
// Not thread-safe: one demuxer on one thread at a time.
#pragma once

#include "common/bytes.hpp"
#include "media/ffmpeg_handles.hpp"

#include <cstdint>
#include <memory>

namespace guichet::media {

class MemoryInput {
public:
    explicit MemoryInput(ByteView bytes);  // aborts only if FFmpeg cannot allocate 32 KiB

    AVIOContext* context() const { return io_.get(); }
    std::int64_t position() const { return cursor_->position; }
    std::size_t size() const { return cursor_->bytes.size(); }

    // The callbacks FFmpeg calls; public so that tests can check seek and EOF semantics.
    static int read(void* opaque, std::uint8_t* buffer, int size);
    static std::int64_t seek(void* opaque, std::int64_t offset, int whence);  // incl. AVSEEK_SIZE

    struct Cursor {
        ByteView bytes;
        std::int64_t position = 0;
    };

private:
    std::unique_ptr<Cursor> cursor_;  // stable address: FFmpeg keeps it as `opaque`
    ff::IoContext io_;
};

}  // namespace guichet::media

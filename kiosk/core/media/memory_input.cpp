#include "media/memory_input.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace guichet::media {
namespace {
constexpr int kIoBufferSize = 32 * 1024;
}

MemoryInput::MemoryInput(ByteView bytes) : cursor_(std::make_unique<Cursor>(Cursor{bytes, 0})) {
    auto* buffer = static_cast<unsigned char*>(av_malloc(kIoBufferSize));
    if (!buffer) std::abort();
    io_.reset(avio_alloc_context(buffer, kIoBufferSize, 0, cursor_.get(), &MemoryInput::read, nullptr, &MemoryInput::seek));
    if (!io_) {
        av_free(buffer);
        std::abort();
    }
}

int MemoryInput::read(void* opaque, std::uint8_t* buffer, int size) {
    auto* cursor = static_cast<Cursor*>(opaque);
    const auto total = static_cast<std::int64_t>(cursor->bytes.size());
    if (size <= 0) return 0;
    if (cursor->position >= total) return AVERROR_EOF;
    const auto count = static_cast<std::size_t>(std::min<std::int64_t>(size, total - cursor->position));
    std::memcpy(buffer, cursor->bytes.data() + cursor->position, count);
    cursor->position += static_cast<std::int64_t>(count);
    return static_cast<int>(count);
}

std::int64_t MemoryInput::seek(void* opaque, std::int64_t offset, int whence) {
    auto* cursor = static_cast<Cursor*>(opaque);
    const auto total = static_cast<std::int64_t>(cursor->bytes.size());
    whence &= ~AVSEEK_FORCE;  // a memory span seeks cheaply anyway
    if (whence == AVSEEK_SIZE) return total;
    std::int64_t base = 0;
    switch (whence) {
        case SEEK_SET: base = 0; break;
        case SEEK_CUR: base = cursor->position; break;
        case SEEK_END: base = total; break;
        default: return AVERROR(EINVAL);
    }
    // Reject overflow and positions outside [0, size]; FFmpeg then reports the seek failure.
    if ((offset > 0 && base > INT64_MAX - offset) || (offset < 0 && base < INT64_MIN - offset)) return AVERROR(EINVAL);
    const std::int64_t target = base + offset;
    if (target < 0 || target > total) return AVERROR(EINVAL);
    cursor->position = target;
    return target;
}

}  // namespace guichet::media

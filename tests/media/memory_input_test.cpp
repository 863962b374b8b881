// The AVIOContext over a span of memory: read, seek (incl. AVSEEK_SIZE), EOF,
// and out-of-range seeks refused.
#include "media/memory_input.hpp"

#include <doctest/doctest.h>

#include <cstdio>

using namespace guichet;
using namespace guichet::media;

TEST_CASE("MemoryInput reads, seeks and reports its size") {
    const Bytes bytes = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    MemoryInput input(bytes);
    AVIOContext* io = input.context();
    REQUIRE(io != nullptr);
    CHECK(avio_size(io) == 10);
    std::uint8_t buffer[4] = {};
    CHECK(avio_read(io, buffer, 4) == 4);
    CHECK(buffer[0] == 1);
    CHECK(buffer[3] == 4);
    CHECK(avio_seek(io, 8, SEEK_SET) == 8);
    CHECK(avio_read(io, buffer, 4) == 2);
    CHECK(buffer[0] == 9);
    CHECK(avio_feof(io));
    CHECK(avio_seek(io, 2, SEEK_SET) == 2);
    CHECK(avio_r8(io) == 3);
}

TEST_CASE("MemoryInput callbacks follow FFmpeg's contract") {
    const Bytes bytes = {1, 2, 3, 4, 5};
    MemoryInput::Cursor cursor{bytes, 0};
    std::uint8_t buffer[8] = {};
    CHECK(MemoryInput::seek(&cursor, 0, AVSEEK_SIZE) == 5);
    CHECK(MemoryInput::seek(&cursor, -2, SEEK_END) == 3);
    CHECK(MemoryInput::read(&cursor, buffer, 8) == 2);
    CHECK(buffer[0] == 4);
    CHECK(MemoryInput::read(&cursor, buffer, 8) == AVERROR_EOF);
    CHECK(MemoryInput::seek(&cursor, -1, SEEK_CUR) == 4);
    CHECK(MemoryInput::seek(&cursor, 1, SEEK_SET | AVSEEK_FORCE) == 1);
    CHECK(MemoryInput::seek(&cursor, 6, SEEK_SET) < 0);
    CHECK(MemoryInput::seek(&cursor, -1, SEEK_SET) < 0);
    CHECK(MemoryInput::seek(&cursor, INT64_MAX, SEEK_CUR) < 0);
    CHECK(MemoryInput::seek(&cursor, 0, 42) < 0);
    CHECK(cursor.position == 1);  // failed seeks leave the position alone
    MemoryInput::Cursor empty{ByteView{}, 0};
    CHECK(MemoryInput::read(&empty, buffer, 8) == AVERROR_EOF);
}

// Every byte of the header, manifest, signature and index corrupted in turn,
// every truncation, and crafted hostile sizes: each refused with a specific
// error, never a crash (the test runs under ASan and UBSan).
#include "pack/reader.hpp"
#include "pack_test_util.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace guichet;
using namespace guichet::pack;

namespace {

struct Fixture {
    test::TempDir dir;
    crypto::SecretKey key = crypto::SecretKey::generate();
    crypto::KeyRing ring;
    Bytes bytes;
    Header header;

    Fixture() {
        test::build_pack(dir / "t.gpk", test::sample_entries(), key);
        ring = test::ring_of(key);
        bytes = test::read_all(dir / "t.gpk");
        header = *Header::decode(bytes, bytes.size());
    }

    std::string open_error(const Bytes& b) const {
        auto r = PackReader::open_memory(b, ring);
        return r.ok() ? std::string("(opened)") : r.error().message;
    }
};

bool contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("each header byte corrupted is refused with a specific error") {
    Fixture f;
    for (std::size_t i = 0; i < kHeaderSize; ++i) {
        Bytes b = f.bytes;
        b[i] ^= 0xFF;
        std::string e = f.open_error(b);
        INFO("header byte " << i << ": " << e);
        if (i < 8) CHECK(e == "not a Guichet pack (bad magic)");
        else if (i < 10) CHECK(contains(e, "unsupported pack format version"));
        else if (i < 12) CHECK(e == "bad header: header size field is not 128");
        else CHECK(e == "bad header: header checksum mismatch (the header is corrupted)");
    }
}

TEST_CASE("each manifest and signature byte corrupted is refused") {
    Fixture f;
    const std::uint64_t end = f.header.manifest_offset + f.header.manifest_size + f.header.signature_size;
    for (std::uint64_t i = f.header.manifest_offset; i < end; ++i) {
        Bytes b = f.bytes;
        b[i] ^= 0x01;
        std::string e = f.open_error(b);
        INFO("byte " << i << ": " << e);
        if (i < f.header.manifest_offset + f.header.manifest_size)
            CHECK(e == "manifest: signature verification failed (key id " + crypto::key_id_hex(f.key.id) + ")");
        else
            CHECK((contains(e, "embedded signature:") || contains(e, "manifest:")));
    }
}

TEST_CASE("each index byte corrupted is refused") {
    Fixture f;
    for (std::uint64_t i = f.header.index_offset; i < f.header.index_offset + f.header.index_size; ++i) {
        Bytes b = f.bytes;
        b[i] ^= 0x20;
        std::string e = f.open_error(b);
        INFO("index byte " << i - f.header.index_offset);
        CHECK(e == "index hash mismatch: the entry table is corrupted or was tampered with");
    }
}

TEST_CASE("corrupted dictionary bytes are refused") {
    Fixture f;
    REQUIRE(f.header.dict_size > 0);
    for (std::uint64_t i = f.header.dict_offset; i < f.header.dict_offset + f.header.dict_size; i += 7) {
        Bytes b = f.bytes;
        b[i] ^= 0x80;
        CHECK(f.open_error(b) == "dictionary hash mismatch: the compression dictionary is corrupted");
    }
}

TEST_CASE("truncation at every KiB and by one byte is refused") {
    Fixture f;
    std::vector<std::size_t> lengths = {0, 1, 64, 127, f.bytes.size() - 1};
    for (std::size_t n = 1024; n < f.bytes.size(); n += 1024) lengths.push_back(n);
    for (auto n : lengths) {
        Bytes b(f.bytes.begin(), f.bytes.begin() + static_cast<long>(n));
        std::string e = f.open_error(b);
        INFO("truncated to " << n << " bytes: " << e);
        if (n < kHeaderSize) CHECK(contains(e, "smaller than the 128-byte header"));
        else CHECK(contains(e, "truncated or extended pack: header says"));
    }
    Bytes longer = f.bytes;
    longer.push_back(0);
    CHECK(contains(f.open_error(longer), "truncated or extended pack"));
}

TEST_CASE("a header claiming more than the file holds is refused before any allocation") {
    Fixture f;
    auto with = [&](const std::function<void(Header&)>& edit) {
        Bytes b = f.bytes;
        test::edit_header(b, edit);
        return f.open_error(b);
    };
    CHECK(with([](Header& h) { h.index_size = 1ull << 40; }) == "bad header: index size 1099511627776 over the limit");
    CHECK(with([](Header& h) { h.index_size += 1; }) == "bad header: data offset does not follow the index");
    CHECK(with([](Header& h) { h.entry_count = 5'000'000; }) == "bad header: entry count 5000000 over the limit");
    CHECK(with([](Header& h) { h.entry_count += 1000; }) ==
          "bad header: index size too small for " + std::to_string(f.header.entry_count + 1000) + " entries");
    CHECK(with([](Header& h) { h.manifest_size = 0x7fffffff; }) == "bad header: manifest size 2147483647 out of range");
    CHECK(with([](Header& h) { h.dict_size = 0xffffffff; }) == "bad header: dictionary size 4294967295 over the limit");
    CHECK(with([](Header& h) { h.data_size = ~0ull - 10; }) == "bad header: data region does not end at the end of the file");
    CHECK(with([](Header& h) { h.file_size = ~0ull; }) == "truncated or extended pack: header says 18446744073709551615 bytes, file has " + std::to_string(f.bytes.size()));
    CHECK(with([](Header& h) { h.flags = 4; }) == "bad header: unknown flags 4");
}

TEST_CASE("a signed but hostile index is refused entry by entry") {
    Fixture f;
    auto with = [&](const std::function<void(std::uint8_t*, std::uint32_t)>& edit) {
        Bytes b = f.bytes;
        test::edit_index_and_resign(b, f.key, edit);
        return f.open_error(b);
    };
    CHECK(with([](std::uint8_t*, std::uint32_t) {}) == "(opened)");  // the re-signing itself is sound
    CHECK(contains(with([](std::uint8_t* idx, std::uint32_t) { store_le64(idx + 0, 1ull << 50); }),
                   "data outside the data region"));
    CHECK(contains(with([](std::uint8_t* idx, std::uint32_t) { store_le64(idx + 8, ~0ull); }),
                   "data outside the data region"));
    CHECK(contains(with([](std::uint8_t* idx, std::uint32_t) { store_le64(idx + 16, 1ull << 40); }),
                   "declared size 1099511627776 over the limit"));
    CHECK(contains(with([](std::uint8_t* idx, std::uint32_t) { idx[30] = 9; }), "unknown codec 9"));
    CHECK(contains(with([](std::uint8_t* idx, std::uint32_t) { idx[31] = 200; }), "unknown media type"));
    CHECK(contains(with([](std::uint8_t* idx, std::uint32_t) { store_le32(idx + 24, 1u << 30); }),
                   "path outside the path table"));
    CHECK(contains(with([](std::uint8_t* idx, std::uint32_t count) {
                       // Swap the first two records: paths no longer sorted.
                       std::swap_ranges(idx, idx + kIndexEntrySize, idx + kIndexEntrySize);
                       (void)count;
                   }),
                   "entries not sorted by path or duplicated"));
    CHECK(contains(with([](std::uint8_t* idx, std::uint32_t count) {
                       // Turn the first path into "../.." style garbage.
                       auto off = load_le32(idx + 24);
                       idx[count * kIndexEntrySize + off] = '/';
                   }),
                   "invalid path"));
}

TEST_CASE("a flipped byte inside an entry is caught when that entry is read, naming it") {
    Fixture f;
    auto reader = PackReader::open_memory(f.bytes, f.ring);
    REQUIRE(reader.ok());
    auto victim = *reader->find("pages/p1007.md");
    auto e = reader->entry(victim).index;
    Bytes b = f.bytes;
    b[f.header.data_offset + e.data_offset + e.stored_size / 2] ^= 0x04;
    auto damaged = PackReader::open_memory(b, f.ring);
    REQUIRE(damaged.ok());  // opening does not read entries
    auto r = damaged->read("pages/p1007.md");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "entry 'pages/p1007.md' is corrupted (hash mismatch)");
    CHECK(damaged->read("pages/p1008.md").ok());
    auto all = damaged->verify_all();
    REQUIRE_FALSE(all.ok());
    CHECK(all.error().message == "entry 'pages/p1007.md' is corrupted (hash mismatch)");
}

TEST_CASE("a pack signed by another key is refused, naming the key id") {
    Fixture f;
    auto stranger = crypto::SecretKey::generate();
    auto r = PackReader::open_memory(f.bytes, test::ring_of(stranger));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message ==
          "manifest: signed with key id " + crypto::key_id_hex(f.key.id) + ", which is not a trusted key");
}

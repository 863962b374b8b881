#include "pack/reader.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <map>

using namespace guichet;
using namespace guichet::pack;

TEST_CASE("every entry reads back as written, with the codec its type calls for") {
    test::TempDir dir;
    auto key = crypto::SecretKey::generate();
    auto entries = test::sample_entries();
    test::build_pack(dir / "t.gpk", entries, key);

    auto reader = PackReader::open(dir / "t.gpk", test::ring_of(key));
    REQUIRE_MESSAGE(reader.ok(), (reader.ok() ? "" : reader.error().message));
    CHECK(reader->manifest().id == "test");
    CHECK(reader->manifest().title == "Pack d’essai — « test »");
    REQUIRE(reader->entry_count() == entries.size());
    for (const auto& e : entries) {
        auto data = reader->read(e.path);
        REQUIRE_MESSAGE(data.ok(), e.path);
        CHECK(test::to_string(*data) == e.content);
    }
    for (std::size_t i = 1; i < reader->entry_count(); ++i) CHECK(reader->entry(i - 1).path < reader->entry(i).path);

    auto codec_of = [&](const char* path) { return reader->entry(*reader->find(path)).index.codec; };
    CHECK(reader->dictionary().size() > 0);
    CHECK(codec_of("pages/p1000.md") == Codec::zstd_dict);
    CHECK(codec_of("media/compressible.bin") == Codec::zstd);
    CHECK(codec_of("media/photo.jpg") == Codec::raw);
    auto photo = reader->entry(*reader->find("media/photo.jpg")).index;
    auto copy = reader->entry(*reader->find("media/copy-of-photo.jpg")).index;
    CHECK(photo.data_offset == copy.data_offset);  // identical content stored once
    auto raw = reader->read_raw(*reader->find("media/photo.jpg"));
    REQUIRE(raw.ok());
    CHECK(raw->size() == 50000);

    CHECK_FALSE(reader->find("pages/absent.md").has_value());
    auto missing = reader->read("pages/absent.md");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message.find("pages/absent.md") != std::string::npos);
    CHECK(reader->verify_all(true).ok());
}

TEST_CASE("the same sources, key, version and time give the same bytes") {
    test::TempDir dir;
    auto key = crypto::SecretKey::generate();
    auto entries = test::sample_entries();
    test::build_pack(dir / "a.gpk", entries, key);
    std::reverse(entries.begin(), entries.end());  // input order must not matter
    test::build_pack(dir / "b.gpk", entries, key);
    CHECK(test::read_all(dir / "a.gpk") == test::read_all(dir / "b.gpk"));
    CHECK(test::read_all(dir / "a.gpk.minisig").size() > 0);
    test::build_pack(dir / "c.gpk", entries, key, test::sample_manifest(2));
    CHECK(test::read_all(dir / "a.gpk") != test::read_all(dir / "c.gpk"));
}

TEST_CASE("opening reads only the header, manifest, dictionary and index") {
    test::TempDir dir;
    auto key = crypto::SecretKey::generate();
    test::build_pack(dir / "t.gpk", test::sample_entries(), key);
    auto bytes = test::read_all(dir / "t.gpk");
    auto h = Header::decode(bytes, bytes.size());
    REQUIRE(h.ok());
    // Wipe the whole data region: open still succeeds, reads then fail by name.
    std::fill(bytes.begin() + static_cast<long>(h->data_offset), bytes.end(), 0);
    auto reader = PackReader::open_memory(bytes, test::ring_of(key));
    REQUIRE(reader.ok());
    auto r = reader->read("pages/p1003.md");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "entry 'pages/p1003.md' is corrupted (hash mismatch)");
}

TEST_CASE("an empty pack is valid") {
    test::TempDir dir;
    auto key = crypto::SecretKey::generate();
    test::build_pack(dir / "e.gpk", {}, key);
    auto reader = PackReader::open(dir / "e.gpk", test::ring_of(key));
    REQUIRE(reader.ok());
    CHECK(reader->entry_count() == 0);
    CHECK(reader->verify_all(true).ok());
}

TEST_CASE("an entry declared larger than the reader's limit is refused at open") {
    test::TempDir dir;
    auto key = crypto::SecretKey::generate();
    test::build_pack(dir / "t.gpk", test::sample_entries(), key);
    auto r = PackReader::open(dir / "t.gpk", test::ring_of(key), ReadLimits{100'000});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("media/compressible.bin") != std::string::npos);
    CHECK(r.error().message.find("over the limit of 100000") != std::string::npos);
}

TEST_CASE("entry paths are checked") {
    CHECK(is_valid_entry_path("pages/vie-pratique/horaires.md"));
    CHECK(is_valid_entry_path("media/été.jpg"));
    CHECK_FALSE(is_valid_entry_path(""));
    CHECK_FALSE(is_valid_entry_path("/etc/passwd"));
    CHECK_FALSE(is_valid_entry_path("pages/../../etc/passwd"));
    CHECK_FALSE(is_valid_entry_path("pages//x.md"));
    CHECK_FALSE(is_valid_entry_path("pages/./x.md"));
    CHECK_FALSE(is_valid_entry_path("pages\\x.md"));
    CHECK_FALSE(is_valid_entry_path("pages/x.md/"));
    CHECK_FALSE(is_valid_entry_path("bad\xff.md"));
}

TEST_CASE("empty entries read back empty and pass full verification") {
    test::TempDir dir;
    auto key = crypto::SecretKey::generate();
    auto entries = test::sample_entries(4);
    entries.push_back({"pages/vide.md", ""});
    entries.push_back({"pages/vide2.md", ""});
    test::build_pack(dir / "t.gpk", entries, key);
    auto reader = PackReader::open(dir / "t.gpk", test::ring_of(key));
    REQUIRE(reader.ok());
    auto empty = reader->read("pages/vide.md");
    REQUIRE(empty.ok());
    CHECK(empty->empty());
    CHECK(reader->verify_all(true).ok());
}

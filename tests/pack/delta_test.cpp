#include "delta_writer.hpp"
#include "pack/delta.hpp"
#include "pack/reader.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace guichet;
using namespace guichet::pack;

namespace {

struct Versions {
    test::TempDir dir;
    crypto::SecretKey key = crypto::SecretKey::generate();

    Versions() {
        auto entries = test::sample_entries(100);
        test::build_pack(dir / "v1.gpk", entries, key, test::sample_manifest(1));
        auto v1 = PackReader::open(dir / "v1.gpk", test::ring_of(key));
        REQUIRE(v1.ok());
        Bytes dict(v1->dictionary().begin(), v1->dictionary().end());
        entries[3].content += "\nUne ligne ajoutée.";
        entries.push_back({"pages/nouvelle.md", "# Nouvelle page\n"});
        test::build_pack(dir / "v2.gpk", entries, key, test::sample_manifest(2, 1'800'100'000), dict);
    }
};

}  // namespace

TEST_CASE("a delta holds only what the base lacks and rebuilds the target byte for byte") {
    Versions v;
    auto stats = make_delta(v.dir / "v1.gpk", v.dir / "v2.gpk", v.dir / "d");
    REQUIRE(stats.ok());
    auto v2_size = std::filesystem::file_size(v.dir / "v2.gpk");
    CHECK(stats->target_size == v2_size);
    CHECK(stats->copied_bytes > 0);
    CHECK(stats->delta_size < v2_size / 2);
    REQUIRE(apply_delta(v.dir / "v1.gpk", v.dir / "d", v.dir / "v2-rebuilt.gpk").ok());
    CHECK(test::read_all(v.dir / "v2-rebuilt.gpk") == test::read_all(v.dir / "v2.gpk"));
    CHECK(PackReader::open(v.dir / "v2-rebuilt.gpk", test::ring_of(v.key)).ok());
}

TEST_CASE("a delta applied to the wrong base is refused and writes nothing") {
    Versions v;
    REQUIRE(make_delta(v.dir / "v1.gpk", v.dir / "v2.gpk", v.dir / "d").ok());
    auto r = apply_delta(v.dir / "v2.gpk", v.dir / "d", v.dir / "out.gpk");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("this delta was made for another base pack") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(v.dir / "out.gpk"));
    CHECK_FALSE(std::filesystem::exists(v.dir / "out.gpk.tmp"));
}

TEST_CASE("a damaged or truncated delta is refused and writes nothing") {
    Versions v;
    REQUIRE(make_delta(v.dir / "v1.gpk", v.dir / "v2.gpk", v.dir / "d").ok());
    Bytes delta = test::read_all(v.dir / "d");

    SUBCASE("flipped byte in the carried data") {
        delta[kDeltaHeaderSize + kDeltaOpHeaderSize + 20] ^= 1;  // inside the target's header
        test::write_all(v.dir / "bad", delta);
        auto r = apply_delta(v.dir / "v1.gpk", v.dir / "bad", v.dir / "out.gpk");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message.find("does not match the target hash") != std::string::npos);
    }
    SUBCASE("truncated") {
        delta.resize(delta.size() - 1);
        test::write_all(v.dir / "bad", delta);
        auto r = apply_delta(v.dir / "v1.gpk", v.dir / "bad", v.dir / "out.gpk");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message.find("truncated") != std::string::npos);
    }
    SUBCASE("not a delta") {
        test::write_all(v.dir / "bad", as_bytes("hello"));
        CHECK_FALSE(apply_delta(v.dir / "v1.gpk", v.dir / "bad", v.dir / "out.gpk").ok());
    }
    CHECK_FALSE(std::filesystem::exists(v.dir / "out.gpk"));
}

TEST_CASE("deltas handle empty entries") {
    test::TempDir dir;
    auto key = crypto::SecretKey::generate();
    auto entries = test::sample_entries(4);
    entries.push_back({"pages/vide.md", ""});
    test::build_pack(dir / "v1.gpk", entries, key, test::sample_manifest(1));
    entries.push_back({"pages/vide2.md", ""});
    entries[0].content += "!";
    test::build_pack(dir / "v2.gpk", entries, key, test::sample_manifest(2));
    REQUIRE(make_delta(dir / "v1.gpk", dir / "v2.gpk", dir / "d").ok());
    REQUIRE(apply_delta(dir / "v1.gpk", dir / "d", dir / "v2b.gpk").ok());
    CHECK(test::read_all(dir / "v2b.gpk") == test::read_all(dir / "v2.gpk"));
}

TEST_CASE("a changed entry travels as a patch against its previous version") {
    test::TempDir dir;
    auto key = crypto::SecretKey::generate();
    auto entries = test::sample_entries(4);
    std::string video(400'000, '\0');
    std::uint32_t x = 7;
    for (auto& c : video) c = static_cast<char>((x = x * 1103515245 + 12345) >> 24);  // incompressible
    entries.push_back({"zz/guide.mp4", video});  // sorts last: its patch is the last operation
    test::build_pack(dir / "v1.gpk", entries, key, test::sample_manifest(1));
    entries.back().content.replace(200'000, 5, "EDIT!");  // five bytes changed in a 400 KB raw entry
    test::build_pack(dir / "v2.gpk", entries, key, test::sample_manifest(2));

    auto stats = make_delta(dir / "v1.gpk", dir / "v2.gpk", dir / "d");
    REQUIRE(stats.ok());
    CHECK(stats->patched_bytes >= 400'000);
    CHECK(stats->delta_size < 60'000);  // the whole entry would be 400 KB
    REQUIRE(apply_delta(dir / "v1.gpk", dir / "d", dir / "v2b.gpk").ok());
    CHECK(test::read_all(dir / "v2b.gpk") == test::read_all(dir / "v2.gpk"));

    SUBCASE("a damaged patch is refused") {
        Bytes delta = test::read_all(dir / "d");
        delta[delta.size() - 3] ^= 0x10;  // the last operation is the video's patch
        test::write_all(dir / "bad", delta);
        auto r = apply_delta(dir / "v1.gpk", dir / "bad", dir / "out.gpk");
        REQUIRE_FALSE(r.ok());
        CHECK_FALSE(std::filesystem::exists(dir / "out.gpk"));
    }
}

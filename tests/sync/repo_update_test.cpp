// The update path end to end: publish with guichet-pack, update a kiosk through
// a directory transport; deltas when the kiosk has a base, whole packs otherwise.
#include "download.hpp"
#include "index.hpp"
#include "repo_fixture.hpp"
#include "repo_state.hpp"

#include <doctest/doctest.h>

using namespace guichet;
namespace fs = std::filesystem;

TEST_CASE("publish then update: whole pack first, then a delta much smaller than the pack") {
    test::RepoFixture f;
    REQUIRE(f.publish(f.build(1)) == 0);
    test::CountingTransport t(f.repo);
    auto first = f.update(t);
    REQUIRE_MESSAGE(first.ok(), (first.ok() ? "" : first.error().message));
    REQUIRE(first->packs.size() == 1);
    CHECK(first->packs[0].action == repo::PackAction::installed_whole);
    CHECK(f.kiosk_version() == 1u);
    CHECK(test::read_all(f.packs / "test-1.gpk") == test::read_all(f.repo / "packs/test/test-1.gpk"));

    std::string out;
    REQUIRE(f.publish(f.build(2), "", &out) == 0);
    CHECK(out.find("delta from version 1") != std::string::npos);
    const auto whole_size = fs::file_size(f.repo / "packs/test/test-2.gpk");
    test::CountingTransport t2(f.repo);
    auto second = f.update(t2);
    REQUIRE_MESSAGE(second.ok(), (second.ok() ? "" : second.error().message));
    REQUIRE(second->packs.size() == 1);
    CHECK(second->packs[0].action == repo::PackAction::installed_from_delta);
    CHECK(second->packs[0].installed_version == 1);
    CHECK(second->index_version == 2);
    CHECK(f.kiosk_version() == 2u);
    CHECK(f.installed_files() == 1);  // version 1 removed once version 2 is recorded
    CHECK(test::read_all(f.packs / "test-2.gpk") == test::read_all(f.repo / "packs/test/test-2.gpk"));
    CHECK(t2.bytes == second->bytes_fetched);
    CHECK(t2.bytes < whole_size / 4);
    for (const auto& r : t2.requests) CHECK(r.name.find("packs/") != 0);  // never the whole pack

    auto accepted = repo::load_accepted_index(f.state);
    REQUIRE(accepted.ok());
    REQUIRE(accepted->has_value());
    CHECK((*accepted)->version == 2);

    SUBCASE("nothing to do when up to date: only the index is fetched") {
        test::CountingTransport t3(f.repo);
        auto third = f.update(t3);
        REQUIRE(third.ok());
        CHECK(third->packs[0].action == repo::PackAction::up_to_date);
        CHECK_FALSE(third->index_changed);
        CHECK(t3.requests.size() == 1);
    }
}

TEST_CASE("the whole pack is downloaded when the kiosk has no base the index lists a delta from") {
    test::RepoFixture f;
    auto v1 = f.build(1);
    REQUIRE(f.publish(v1) == 0);
    REQUIRE(f.publish(f.build(2)) == 0);
    REQUIRE(f.publish(f.build(3), "--keep 2") == 0);  // delta from 2 only; version 1 pruned
    CHECK_FALSE(fs::exists(f.repo / "packs/test/test-1.gpk"));
    CHECK_FALSE(fs::exists(f.repo / repo::delta_path("test", 1, 2)));
    fs::copy_file(v1, f.packs / "test-1.gpk");

    test::CountingTransport t(f.repo);
    auto r = f.update(t);
    REQUIRE(r.ok());
    CHECK(r->packs[0].action == repo::PackAction::installed_whole);
    CHECK(f.kiosk_version() == 3u);
}

TEST_CASE("a damaged delta is discarded and the whole pack installed instead") {
    test::RepoFixture f;
    auto v1 = f.build(1);
    REQUIRE(f.publish(v1) == 0);
    REQUIRE(f.publish(f.build(2)) == 0);
    fs::copy_file(v1, f.packs / "test-1.gpk");
    const fs::path delta = f.repo / repo::delta_path("test", 1, 2);
    Bytes bytes = test::read_all(delta);
    bytes[bytes.size() / 2] ^= 0x40;
    test::write_all(delta, bytes);

    test::CountingTransport t(f.repo);
    auto r = f.update(t);
    REQUIRE(r.ok());
    CHECK(r->packs[0].action == repo::PackAction::installed_whole);
    CHECK(r->packs[0].message.find("delta not used") != std::string::npos);
    CHECK(f.kiosk_version() == 2u);
    CHECK(fs::is_empty(f.packs / ".incoming"));
}

TEST_CASE("a pack the kiosk's trust store already passed is not installed again (rollback by the index)") {
    test::RepoFixture f;
    REQUIRE(f.publish(f.build(1)) == 0);
    test::CountingTransport t(f.repo);
    REQUIRE(f.update(t).ok());
    // A newer pack was installed from elsewhere (USB) and recorded; the index still lists 1.
    auto store = pack::TrustStore::load(f.packs, test::ring_of(f.key));
    REQUIRE(store.ok());
    auto v3 = pack::PackReader::open(f.build(3), test::ring_of(f.key));
    REQUIRE(v3.ok());
    REQUIRE(store->record_installed(v3->manifest()).ok());
    fs::remove(f.packs / "test-1.gpk");
    auto r = f.update(t);
    REQUIRE(r.ok());
    CHECK(r->packs[0].action == repo::PackAction::refused);
    CHECK(r->packs[0].message.find("rollback refused") != std::string::npos);
    CHECK(f.installed_files() == 0);
}

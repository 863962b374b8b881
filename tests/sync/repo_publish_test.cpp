// guichet-pack publish as staff use it: help, precise refusals, pruning, re-signing.
#include "index.hpp"
#include "publish_lock.hpp"
#include "repo_fixture.hpp"

#include <doctest/doctest.h>

using namespace guichet;
namespace fs = std::filesystem;

namespace {

repo::Index read_index(const test::RepoFixture& f) {
    auto index = repo::verify_index_file(test::to_string(test::read_all(f.repo / "index.gpi")), test::ring_of(f.key));
    REQUIRE_MESSAGE(index.ok(), (index.ok() ? "" : index.error().message));
    return *index;
}

}  // namespace

TEST_CASE("publish: --help, usage errors exit 2, staff errors exit 1 with the reason") {
    test::RepoFixture f;
    std::string out;
    CHECK(test::run_command(std::string(GUICHET_PACK_TOOL) + " publish --help", &out) == 0);
    CHECK(out.find("Usage: guichet-pack publish") == 0);
    CHECK(test::run_command(std::string(GUICHET_PACK_TOOL) + " publish x.gpk --key k", &out) == 2);
    CHECK(out.find("missing --repo") != std::string::npos);

    CHECK(f.publish({}, "", &out) == 1);
    CHECK(out.find("index.gpi does not exist: publish a pack first") != std::string::npos);
    CHECK(f.publish(f.build(1), "--expires 0", &out) == 1);
    CHECK(out.find("--expires must be a number of days from 1 to 366") != std::string::npos);

    const auto v2 = f.build(2);
    REQUIRE(f.publish(v2) == 0);
    CHECK(f.publish(v2, "", &out) == 1);
    CHECK(out.find("'test' version 2 is already published") != std::string::npos);
    CHECK(f.publish(f.build(1), "", &out) == 1);

    auto other = crypto::SecretKey::generate();
    CHECK(f.publish(f.build(3, &other), "", &out) == 1);
    CHECK(out.find("is --key the key that signed this pack?") != std::string::npos);
    CHECK(read_index(f).version == 1);  // nothing changed by the refusals
}

TEST_CASE("publish: deltas from the kept versions, --base for a version not in the repository, pruning, re-signing") {
    test::RepoFixture f;
    const auto v1 = f.build(1);
    REQUIRE(f.publish(f.build(2), "--base " + v1.string()) == 0);
    auto index = read_index(f);
    REQUIRE(index.packs.size() == 1);
    CHECK(index.packs[0].version == 2);
    REQUIRE(index.packs[0].deltas.size() == 1);
    CHECK(index.packs[0].deltas[0].from == 1);
    CHECK(index.packs[0].deltas[0].size == fs::file_size(f.repo / repo::delta_path("test", 1, 2)));

    REQUIRE(f.publish(f.build(3)) == 0);
    REQUIRE(f.publish(f.build(4)) == 0);  // keeps 4, 3, 2 (default --keep 3)
    index = read_index(f);
    CHECK(index.version == 3);
    CHECK(index.packs[0].deltas.size() == 2);
    CHECK(index.packs[0].delta_from(3) != nullptr);
    CHECK(index.packs[0].delta_from(2) != nullptr);
    CHECK_FALSE(fs::exists(f.repo / "packs/test/test-1.gpk"));
    CHECK_FALSE(fs::exists(f.repo / repo::delta_path("test", 2, 3)));  // deltas to older versions go

    std::string out;
    REQUIRE(f.publish({}, "--expires 30", &out) == 0);
    auto refreshed = read_index(f);
    CHECK(refreshed.version == 4);
    CHECK(refreshed.expires == test::kCreated + 30 * 86400);
    CHECK(refreshed.packs[0].hash == index.packs[0].hash);
}

TEST_CASE("publish: one publication at a time in a repository that several hubs share") {
    test::RepoFixture f;
    REQUIRE(f.publish(f.build(1)) == 0);
    std::string out;
    {
        // Another publication (a colleague, a hub receiving an upload) holds the repository.
        auto held = repo::PublishLock::try_acquire(f.repo);
        REQUIRE(held.ok());
        auto second = repo::PublishLock::try_acquire(f.repo);
        REQUIRE_FALSE(second.ok());
        CHECK(second.error().message == repo::kPublishBusy);
        CHECK(f.publish(f.build(2), "", &out) == 1);
        CHECK(out.find("another publication is in progress in this repository") != std::string::npos);
        CHECK(read_index(f).version == 1);  // nothing written
        CHECK_FALSE(fs::exists(f.repo / "packs/test/test-2.gpk"));
    }
    // Released: the same command goes through.
    CHECK_MESSAGE(f.publish(f.build(2), "", &out) == 0, out);
    CHECK(read_index(f).version == 2);
}

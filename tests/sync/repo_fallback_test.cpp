// Pack updates against a repository that lost or damaged files (issue #21):
// a listed delta that is missing gives way to the whole pack; a file that
// fails verification waits for an exponential backoff kept in repo-state.json
// (a restart does not reset it) and is reported for the heartbeat; .part files
// stay at one per pack id.
#include "agent/pack_step.hpp"
#include "index.hpp"
#include "repo_fixture.hpp"
#include "repo_state.hpp"
#include "updater.hpp"

#include <doctest/doctest.h>

using namespace guichet;
namespace fs = std::filesystem;

namespace {

std::size_t downloads_of(const fs::path& incoming, const std::string& id) {
    std::size_t n = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(incoming, ec))
        if (e.path().filename().string().starts_with(id + "-")) ++n;
    return n;
}

std::size_t requests_for(const test::CountingTransport& t, std::string_view prefix) {
    std::size_t n = 0;
    for (const auto& r : t.requests)
        if (r.name.starts_with(prefix)) ++n;
    return n;
}

}  // namespace

TEST_CASE("a delta listed in the index but missing on the server gives way to the whole pack") {
    test::RepoFixture f;
    auto v1 = f.build(1);
    REQUIRE(f.publish(v1) == 0);
    REQUIRE(f.publish(f.build(2)) == 0);
    fs::copy_file(v1, f.packs / "test-1.gpk");
    const fs::path delta = f.repo / repo::delta_path("test", 1, 2);
    REQUIRE(fs::remove(delta));

    test::CountingTransport t(f.repo);
    auto r = f.update(t);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    CHECK(r->packs[0].action == repo::PackAction::installed_whole);
    CHECK(r->packs[0].message.find("delta not used") != std::string::npos);
    CHECK(r->packs[0].message.find("not on the server") != std::string::npos);
    CHECK(f.kiosk_version() == 2u);
    CHECK(r->failures.empty());  // installed: nothing left to retry
    CHECK(downloads_of(f.packs / ".incoming", "test") == 0);
}

TEST_CASE("a damaged pack is not downloaded again before its backoff, which survives a restart") {
    test::RepoFixture f;
    REQUIRE(f.publish(f.build(1)) == 0);
    const fs::path pack = f.repo / "packs/test/test-1.gpk";
    const Bytes good = test::read_all(pack);
    Bytes bad = good;
    bad[bad.size() / 2] ^= 0x01;
    test::write_all(pack, bad);

    auto opts = f.options();  // backoff 600 s, doubling, at most a day
    test::CountingTransport t(f.repo);
    auto first = repo::update_packs(t, opts, test::kNow);
    REQUIRE(first.ok());
    CHECK(first->packs[0].action == repo::PackAction::failed);
    REQUIRE(first->failures.size() == 1);
    CHECK(first->failures[0].name == "packs/test/test-1.gpk");
    CHECK(first->failures[0].failures == 1);
    CHECK(first->failures[0].retry_at == test::kNow + 600);
    CHECK(requests_for(t, "packs/") == 1);

    // Every cycle before the backoff: only the index is fetched (each update_packs reloads the state: a restart).
    for (std::int64_t later : {10, 300, 599}) {
        test::CountingTransport again(f.repo);
        auto r = repo::update_packs(again, opts, test::kNow + later);
        REQUIRE(r.ok());
        CHECK(r->packs[0].action == repo::PackAction::deferred);
        CHECK(r->packs[0].message.find("next try after") != std::string::npos);
        CHECK(again.requests.size() == 1);
    }
    // The heartbeat reports it.
    auto problems = repo::pack_problems(f.state);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].id == "test");
    CHECK(problems[0].version == 1);
    CHECK(problems[0].failures == 1);
    CHECK(problems[0].error.find("does not match the hash") != std::string::npos);

    // Due: downloaded again, fails again, waits twice as long.
    test::CountingTransport second(f.repo);
    auto r2 = repo::update_packs(second, opts, test::kNow + 600);
    REQUIRE(r2.ok());
    CHECK(r2->packs[0].action == repo::PackAction::failed);
    CHECK(requests_for(second, "packs/") == 1);
    REQUIRE(r2->failures.size() == 1);
    CHECK(r2->failures[0].failures == 2);
    CHECK(r2->failures[0].retry_at == test::kNow + 600 + 1200);

    // Repaired on the hub: installed at the next try, and the failure forgotten.
    test::write_all(pack, good);
    test::CountingTransport third(f.repo);
    auto r3 = repo::update_packs(third, opts, test::kNow + 600 + 1200);
    REQUIRE(r3.ok());
    CHECK(r3->packs[0].action == repo::PackAction::installed_whole);
    CHECK(r3->failures.empty());
    CHECK(repo::pack_problems(f.state).empty());
    CHECK(f.kiosk_version() == 1u);
}

TEST_CASE("a new publication of a pack that failed is tried at once, and a USB import ignores the backoff") {
    test::RepoFixture f;
    REQUIRE(f.publish(f.build(1)) == 0);
    const fs::path pack = f.repo / "packs/test/test-1.gpk";
    const Bytes good = test::read_all(pack);
    Bytes bad = good;
    bad[100] ^= 0x01;
    test::write_all(pack, bad);
    test::CountingTransport t(f.repo);
    REQUIRE(f.update(t).ok());
    auto state = repo::load_repo_state(f.state);
    REQUIRE(state.ok());
    REQUIRE(state->failures.size() == 1);

    SUBCASE("the same file, from staff's USB stick") {
        auto opts = f.options();
        opts.honour_backoff = false;
        test::CountingTransport usb(f.repo);
        auto r = repo::update_packs(usb, opts, test::kNow + 1);
        REQUIRE(r.ok());
        CHECK(r->packs[0].action == repo::PackAction::failed);  // tried (and still damaged)
        CHECK(requests_for(usb, "packs/") == 1);
    }
    SUBCASE("version 2 published: its failure record is not version 1's") {
        test::write_all(pack, good);  // publish checks the versions it makes deltas from
        REQUIRE(f.publish(f.build(2)) == 0);
        test::CountingTransport t2(f.repo);
        auto r = f.update(t2, test::kNow + 1);
        REQUIRE(r.ok());
        CHECK(r->packs[0].action == repo::PackAction::installed_whole);
        CHECK(r->failures.empty());  // version 1 is no longer listed: forgotten
        CHECK(f.kiosk_version() == 2u);
    }
}

TEST_CASE("part files stay at one per pack id, the superseded one removed") {
    test::RepoFixture f;
    REQUIRE(f.publish(f.build(1)) == 0);
    const auto index1 = fs::file_size(f.repo / "index.gpi");
    test::CountingTransport t(f.repo);
    t.budget = index1 + 500;  // version 1's download cut after 500 bytes
    auto r1 = f.update(t);
    REQUIRE(r1.ok());
    CHECK(r1->packs[0].action == repo::PackAction::failed);
    CHECK(downloads_of(f.packs / ".incoming", "test") == 1);

    REQUIRE(f.publish(f.build(2)) == 0);  // version 1's part is superseded
    const auto index2 = fs::file_size(f.repo / "index.gpi");
    test::CountingTransport t2(f.repo);
    t2.budget = index2 + 500;
    auto r2 = f.update(t2);
    REQUIRE(r2.ok());
    CHECK(r2->packs[0].action == repo::PackAction::failed);
    CHECK(downloads_of(f.packs / ".incoming", "test") == 1);
    for (const auto& e : fs::directory_iterator(f.packs / ".incoming")) {
        const auto name = e.path().filename().string();
        CHECK(name.starts_with("test-2.gpk."));  // the current version's, not version 1's
        CHECK(name.ends_with(".part"));
    }
}

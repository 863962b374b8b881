// The USB navette, hub to kiosk: a copy of the hub's repository on a stick is
// applied with the checks of a network update.
#include "agent/pack_bundle.hpp"
#include "index.hpp"
#include "repo_fixture.hpp"

#include <doctest/doctest.h>

using namespace guichet;
namespace fs = std::filesystem;

namespace {

repo::PackStepOptions kiosk_packs(const test::RepoFixture& f) {
    repo::PackStepOptions p;
    p.packs_dir = f.packs;
    test::write_all(f.packs / "staff.pub", as_bytes(f.key.public_key().to_file_text()));
    return p;
}

fs::path copy_to_stick(const test::RepoFixture& f) {
    const fs::path stick = f.dir / "usb";
    fs::remove_all(stick);
    fs::create_directories(stick);
    fs::copy(f.repo, stick / "repo", fs::copy_options::recursive);
    return stick;
}

}  // namespace

TEST_CASE("a repository copied to a stick updates the kiosk: whole pack, then a delta") {
    test::RepoFixture f;
    const auto packs = kiosk_packs(f);
    REQUIRE(f.publish(f.build(1)) == 0);
    auto first = repo::import_pack_bundle(copy_to_stick(f), packs, f.state, test::kNow);
    REQUIRE_MESSAGE(first.ok(), (first.ok() ? "" : first.error().message));
    CHECK(first->packs[0].action == repo::PackAction::installed_whole);

    REQUIRE(f.publish(f.build(2)) == 0);
    auto second = repo::import_pack_bundle(copy_to_stick(f), packs, f.state, test::kNow);
    REQUIRE(second.ok());
    CHECK(second->packs[0].action == repo::PackAction::installed_from_delta);
    CHECK(f.kiosk_version() == 2u);
}

TEST_CASE("an old stick (rollback), a tampered stick or an empty one installs nothing") {
    test::RepoFixture f;
    const auto packs = kiosk_packs(f);
    REQUIRE(f.publish(f.build(1)) == 0);
    const fs::path old_stick = copy_to_stick(f);
    fs::rename(old_stick, f.dir / "old-usb");
    REQUIRE(f.publish(f.build(2)) == 0);
    REQUIRE(repo::import_pack_bundle(copy_to_stick(f), packs, f.state, test::kNow).ok());
    REQUIRE(f.kiosk_version() == 2u);

    auto rollback = repo::import_pack_bundle(f.dir / "old-usb", packs, f.state, test::kNow);
    REQUIRE_FALSE(rollback.ok());
    CHECK(rollback.error().message.find("rollback refused") != std::string::npos);

    REQUIRE(f.publish(f.build(3)) == 0);
    const fs::path stick = copy_to_stick(f);
    for (const auto& e : fs::directory_iterator(stick / "repo/deltas/test")) fs::remove(e.path());
    Bytes pack = test::read_all(stick / "repo/packs/test/test-3.gpk");
    pack[pack.size() / 2] ^= 4;
    test::write_all(stick / "repo/packs/test/test-3.gpk", pack);
    auto tampered = repo::import_pack_bundle(stick, packs, f.state, test::kNow);
    REQUIRE(tampered.ok());
    CHECK(tampered->packs[0].action == repo::PackAction::failed);

    auto empty = repo::import_pack_bundle(f.dir / "nowhere", packs, f.state, test::kNow);
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().message.find("no pack repository here") != std::string::npos);
    CHECK(f.kiosk_version() == 2u);
    CHECK(f.installed_files() == 1);
}

TEST_CASE("guichet-sync import-bundle on the command line") {
    test::RepoFixture f;
    kiosk_packs(f);
    REQUIRE(f.publish(f.build(1)) == 0);
    const std::string tool = GUICHET_SYNC_TOOL;
    std::string out;
    CHECK(test::run_command(tool + " --help", &out) == 0);
    CHECK(out.find("import-bundle") != std::string::npos);
    CHECK(test::run_command(tool + " import-bundle --state " + f.state.string() + " --packs " + f.packs.string(), &out) == 2);
    CHECK(out.find("needs --bundle DIR") != std::string::npos);
    CHECK(test::run_command(tool + " import-bundle --state " + f.state.string() + " --packs " + f.packs.string() +
                                " --bundle " + copy_to_stick(f).string(),
                            &out) == 0);
    CHECK(out.find("pack 'test': installed version 1") != std::string::npos);
    CHECK(fs::exists(f.packs / "test-1.gpk"));
}

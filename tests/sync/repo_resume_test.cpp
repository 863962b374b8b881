// Interrupted downloads resume instead of restarting; a crash (the process
// exits) after any step leaves a valid pack installed and the next run finishes.
#include "download.hpp"
#include "index.hpp"
#include "repo_fixture.hpp"

#include <doctest/doctest.h>
#include <functional>
#include <sys/wait.h>
#include <unistd.h>

using namespace guichet;
namespace fs = std::filesystem;

namespace {

// Re-signs the repository's index (next version) after CHANGE to its packs:
// a pack withdrawn, or one listed whose file the repository does not serve
// (unserved(): its download fails and leaves the other files alone).
void relist(const test::RepoFixture& f, const std::function<void(std::vector<repo::PackRecord>&)>& change) {
    const fs::path file = f.repo / std::string(repo::kIndexName);
    auto index = repo::verify_index_file(test::to_string(test::read_all(file)), test::ring_of(f.key));
    REQUIRE(index.ok());
    index->version += 1;
    change(index->packs);
    const std::string body = index->to_json();
    auto sig = crypto::sign(f.key, as_bytes(body), std::string(repo::kIndexUntrustedComment),
                            repo::index_comment(index->version));
    test::write_all(file, as_bytes(sig.to_file_text() + body));
}

repo::PackRecord unserved(const std::string& id, std::uint64_t version) {
    repo::PackRecord r;
    r.id = id;
    r.version = version;
    r.size = 10;
    return r;
}

}  // namespace

TEST_CASE("an interrupted download resumes from its part file: every byte is fetched once") {
    test::RepoFixture f;
    REQUIRE(f.publish(f.build(1)) == 0);
    const auto index_size = fs::file_size(f.repo / "index.gpi");
    const auto pack_size = fs::file_size(f.repo / "packs/test/test-1.gpk");
    REQUIRE(pack_size > 3000);

    test::CountingTransport t(f.repo);
    std::uint64_t cut = 1000;
    std::uint64_t pack_bytes = 0;
    int attempts = 0;
    for (;;) {
        REQUIRE(++attempts < 200);
        t.budget = index_size + cut;  // the line drops 1000 bytes into each pack transfer
        const auto before = t.bytes;
        auto r = f.update(t);
        REQUIRE(r.ok());
        pack_bytes += t.bytes - before - index_size;
        if (r->packs[0].action == repo::PackAction::installed_whole) break;
        CHECK(r->packs[0].action == repo::PackAction::failed);
        CHECK(r->packs[0].message.find("will resume") == std::string::npos);  // whole pack: plain failure
        CHECK(f.installed_files() == 0);
        cut = 1000;
    }
    CHECK(pack_bytes == pack_size);  // resumed, never restarted
    CHECK(attempts == static_cast<int>((pack_size + 999) / 1000));
    // Each retry asked for the rest from where the part file ended.
    std::uint64_t expected_offset = 0;
    for (const auto& req : t.requests) {
        if (req.name == repo::kIndexName) continue;
        CHECK(req.offset == expected_offset);
        expected_offset += 1000;
    }
    CHECK(f.kiosk_version() == 1u);
}

TEST_CASE("a part file that grew past the listed size, or holds other bytes, is not trusted") {
    test::RepoFixture f;
    REQUIRE(f.publish(f.build(1)) == 0);
    const auto pack_size = fs::file_size(f.repo / "packs/test/test-1.gpk");
    auto index = repo::verify_index_file(test::to_string(test::read_all(f.repo / "index.gpi")), test::ring_of(f.key));
    REQUIRE(index.ok());
    const auto& rec = index->packs[0];
    const fs::path part = repo::part_path(f.packs / ".incoming", {repo::pack_path("test", 1), rec.size, rec.hash});
    fs::create_directories(part.parent_path());
    test::CountingTransport t(f.repo);

    SUBCASE("too long: started over") {
        test::write_all(part, Bytes(pack_size + 10, 'x'));
        auto r = f.update(t);
        REQUIRE(r.ok());
        CHECK(r->packs[0].action == repo::PackAction::installed_whole);
    }
    SUBCASE("wrong prefix: resumed, fails the hash, discarded; the next run succeeds") {
        test::write_all(part, Bytes(500, 'x'));
        auto r = f.update(t);
        REQUIRE(r.ok());
        CHECK(r->packs[0].action == repo::PackAction::failed);
        CHECK_FALSE(fs::exists(part));
        auto again = f.update(t);
        REQUIRE(again.ok());
        CHECK(again->packs[0].action == repo::PackAction::installed_whole);
    }
    CHECK(f.kiosk_version() == 1u);
}

namespace {

// Runs an update in a child process that exits right after STEP, as a crash would.
// Empties the kiosk's packs and state, then installs V1 (version 1) alone.
void fresh_kiosk_with(const test::RepoFixture& f, const fs::path& v1) {
    for (const auto& d : {f.packs, f.state}) {
        fs::remove_all(d);
        fs::create_directories(d);
    }
    fs::copy_file(v1, f.packs / "test-1.gpk");
}

int update_and_crash_after(const test::RepoFixture& f, const std::string& step) {
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        auto options = f.options();
        options.after_step = [&](std::string_view s) {
            if (s == step) _exit(42);
        };
        test::CountingTransport t(f.repo);
        auto r = repo::update_packs(t, options, test::kNow);
        _exit(r.ok() ? 0 : 1);
    }
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("a crash after any step leaves the previous or the new pack installed, never a broken one") {
    test::RepoFixture f;
    auto v1 = f.build(1);
    REQUIRE(f.publish(v1) == 0);
    REQUIRE(f.publish(f.build(2)) == 0);
    for (std::string step : {"index-accepted", "downloaded", "rebuilt", "verified", "renamed", "recorded"}) {
        CAPTURE(step);
        fresh_kiosk_with(f, v1);

        REQUIRE(update_and_crash_after(f, step) == 42);
        const auto after_crash = f.kiosk_version();
        REQUIRE(after_crash.has_value());
        CHECK(*after_crash == ((step == "renamed" || step == "recorded") ? 2u : 1u));

        test::CountingTransport t(f.repo);
        auto r = f.update(t);
        REQUIRE(r.ok());
        CHECK(f.kiosk_version() == 2u);
        CHECK(f.installed_files() == 1);
        auto store = pack::TrustStore::load(f.packs, test::ring_of(f.key));
        REQUIRE(store.ok());
        CHECK(store->highest_version("test") == 2u);
    }
}

// The restart the fault test saw (docs/sync-faults.md): the agent was SIGKILLed
// after the last range of a delta arrived, while it rebuilt or verified the
// pack; the delta's part file had been deleted once applied, so the next cycle
// downloaded the whole delta again from byte 0. The part now stays until the
// pack is installed, and the next cycle asks for none of its bytes again.
TEST_CASE("a crash after the delta is downloaded, applied or verified never downloads it again") {
    test::RepoFixture f;
    auto v1 = f.build(1);
    REQUIRE(f.publish(v1) == 0);
    REQUIRE(f.publish(f.build(2)) == 0);
    const auto index_size = fs::file_size(f.repo / "index.gpi");
    const std::string delta = repo::delta_path("test", 1, 2);
    REQUIRE(fs::exists(f.repo / delta));
    for (std::string step : {"downloaded", "rebuilt", "verified"}) {
        CAPTURE(step);
        fresh_kiosk_with(f, v1);
        REQUIRE(update_and_crash_after(f, step) == 42);
        int parts = 0;
        for (const auto& e : fs::directory_iterator(f.packs / ".incoming"))
            parts += e.path().filename().string().starts_with("test-1-to-2.gpd.") && e.path().extension() == ".part";
        CHECK(parts == 1);  // the whole delta, verified, kept

        test::CountingTransport t(f.repo);
        auto r = f.update(t);
        REQUIRE(r.ok());
        CHECK(r->packs[0].action == repo::PackAction::installed_from_delta);
        for (const auto& req : t.requests) CHECK(req.name == repo::kIndexName);
        CHECK(t.bytes == index_size);  // the index, and not one byte of the delta
        CHECK(f.kiosk_version() == 2u);
        CHECK(fs::is_empty(f.packs / ".incoming"));  // tidied once installed
    }
}

TEST_CASE("installing a pack removes its own downloads, not those of a pack whose id starts the same") {
    test::RepoFixture f;
    REQUIRE(f.publish(f.build(1)) == 0);
    const auto incoming = f.packs / ".incoming";
    fs::create_directories(incoming);
    const std::vector<std::string> others = {"test-extra-1.gpk.0123456789abcdef.part",
                                             "test-extra-1-to-2.gpd.0123456789abcdef.part",
                                             "test-extra-2.gpk.staged", "test-2-extra.gpk.staged"};
    const std::vector<std::string> own = {"test-1-to-2.gpd.0123456789abcdef.part", "test-3.gpk.staged",
                                          "test-3.gpk.fedcba9876543210.part"};
    for (const auto& n : others) test::write_all(incoming / n, Bytes(10, 'x'));
    for (const auto& n : own) test::write_all(incoming / n, Bytes(10, 'x'));
    // "test-extra" listed too (not served), or its files would go as a withdrawn pack's.
    relist(f, [](std::vector<repo::PackRecord>& packs) { packs.push_back(unserved("test-extra", 2)); });
    test::CountingTransport t(f.repo);
    auto r = f.update(t);
    REQUIRE(r.ok());
    CHECK(r->packs[0].action == repo::PackAction::installed_whole);
    for (const auto& n : others) CHECK_MESSAGE(fs::exists(incoming / n), n);
    for (const auto& n : own) CHECK_MESSAGE(!fs::exists(incoming / n), n);
}

TEST_CASE("after the index is accepted, downloads of a pack it no longer lists and not installed are removed") {
    test::RepoFixture f;
    REQUIRE(f.publish(f.build(1)) == 0);
    test::CountingTransport t(f.repo);
    auto first = f.update(t);
    REQUIRE(first.ok());
    CHECK(first->withdrawn_downloads_removed == 0);
    REQUIRE(f.kiosk_version() == 1u);  // "test" is installed
    // The hub withdraws "test" and lists "anor" (not served).
    relist(f, [](std::vector<repo::PackRecord>& packs) { packs = {unserved("anor", 5)}; });

    const auto incoming = f.packs / ".incoming";
    fs::create_directories(incoming);
    // Withdrawn and not installed: "gone", and "test-extra" (whose id starts like the installed "test").
    const std::vector<std::string> withdrawn = {"gone-1.gpk.0123456789abcdef.part",
                                                "gone-1-to-2.gpd.0123456789abcdef.part", "gone-2.gpk.staged",
                                                "test-extra-3.gpk.staged"};
    // Of a listed id ("anor") or an installed one ("test"), or no download's name at all.
    const std::vector<std::string> kept = {"anor-4-to-5.gpd.0123456789abcdef.part", "anor-6.gpk.staged",
                                           "test-2.gpk.fedcba9876543210.part", "test-1-to-2.gpd.0123456789abcdef.part",
                                           "notes.txt", "gone.gpk.staged", "gone-1.gpk.part"};
    for (const auto& n : withdrawn) test::write_all(incoming / n, Bytes(10, 'x'));
    for (const auto& n : kept) test::write_all(incoming / n, Bytes(10, 'x'));
    auto r = f.update(t);
    REQUIRE(r.ok());
    CHECK(r->index_version == first->index_version + 1);
    CHECK(r->withdrawn_downloads_removed == static_cast<int>(withdrawn.size()));
    for (const auto& n : withdrawn) CHECK_MESSAGE(!fs::exists(incoming / n), n);
    for (const auto& n : kept) CHECK_MESSAGE(fs::exists(incoming / n), n);
    CHECK(f.kiosk_version() == 1u);  // an installed pack is never removed for not being listed

    // An index that cannot be accepted removes nothing.
    test::write_all(incoming / "gone-3.gpk.staged", Bytes(10, 'x'));
    test::write_all(f.repo / std::string(repo::kIndexName), Bytes(20, 'x'));
    REQUIRE_FALSE(f.update(t).ok());
    CHECK(fs::exists(incoming / "gone-3.gpk.staged"));
}

// What the kiosk refuses: unsigned or altered indexes, rollback, freeze,
// mix-and-match, tampered packs, endless responses. Nothing refused is installed.
#include "crypto/signed_document.hpp"
#include "index.hpp"
#include "repo_fixture.hpp"

#include <doctest/doctest.h>

using namespace guichet;
namespace fs = std::filesystem;

namespace {

std::string error_of(const Result<repo::UpdateReport>& r) { return r.ok() ? std::string("(accepted)") : r.error().message; }

}  // namespace

TEST_CASE("an index altered after signing, or signed by an untrusted key, is refused") {
    test::RepoFixture f;
    REQUIRE(f.publish(f.build(1)) == 0);
    const fs::path index = f.repo / "index.gpi";
    const Bytes original = test::read_all(index);
    test::CountingTransport t(f.repo);

    SUBCASE("one byte of the body changed") {
        Bytes bytes = original;
        auto pos = test::to_string(bytes).find("\"version\":1}");
        REQUIRE(pos != std::string::npos);
        bytes[pos + 10] = '9';
        test::write_all(index, bytes);
        auto r = f.update(t);
        CHECK(error_of(r).find("signature verification failed") != std::string::npos);
    }
    SUBCASE("signed by another key") {
        auto other = crypto::SecretKey::generate();
        REQUIRE(other.save_unencrypted(f.key_file).ok());  // publish now signs with OTHER
        REQUIRE(f.publish(f.build(1, &other)) != 0);  // the pack must match the key's repository…
        fs::remove_all(f.repo);
        REQUIRE(f.publish(f.build(1, &other)) == 0);  // …a fresh repository signed by OTHER
        auto r = f.update(t);
        CHECK(error_of(r).find("not a trusted key") != std::string::npos);
    }
    SUBCASE("a pack signature cannot pass for an index") {
        Bytes bytes = original;
        std::string text = test::to_string(bytes);
        auto split = crypto::split_signed_document(text, repo::kIndexUntrustedComment, "index", "guichet-pack publish");
        REQUIRE(split.ok());
        auto sig = crypto::sign(f.key, as_bytes(split->body), "guichet pack index", "guichet-pack manifest id=test version=1");
        test::write_all(index, as_bytes(sig.to_file_text() + std::string(split->body)));
        CHECK(error_of(f.update(t)).find("trusted comment does not match") != std::string::npos);
    }
    CHECK(f.installed_files() == 0);
    CHECK_FALSE(fs::exists(f.state / "repo-state.json"));
}

TEST_CASE("index rollback, a same-version substitute and freeze (an expired index) are refused") {
    test::RepoFixture f;
    REQUIRE(f.publish(f.build(1)) == 0);
    const Bytes index_v1 = test::read_all(f.repo / "index.gpi");
    REQUIRE(f.publish({}, "--expires 1") == 0);  // re-signed: index version 2
    test::CountingTransport t(f.repo);
    REQUIRE(f.update(t).ok());

    SUBCASE("rollback: an older, validly signed index") {
        test::write_all(f.repo / "index.gpi", index_v1);
        CHECK(error_of(f.update(t)).find("older than the accepted version 2 (rollback refused)") != std::string::npos);
    }
    SUBCASE("freeze: the index has expired") {
        auto r = f.update(t, test::kCreated + 86400);
        CHECK(error_of(r).find("freeze refused") != std::string::npos);
        CHECK(f.update(t, test::kCreated + 86400 - 1).ok());
    }
    SUBCASE("another index with the accepted version") {
        fs::remove_all(f.repo);
        REQUIRE(f.publish(f.build(1)) == 0);
        REQUIRE(f.publish({}, "--expires 3") == 0);  // version 2 again, other bytes
        CHECK(error_of(f.update(t)).find("differs from the accepted index") != std::string::npos);
    }
    CHECK(f.kiosk_version() == 1u);
}

TEST_CASE("mix-and-match: a file that is not the one the index lists is refused and not installed") {
    test::RepoFixture f;
    REQUIRE(f.publish(f.build(1)) == 0);
    test::CountingTransport t(f.repo);
    REQUIRE(f.update(t).ok());
    REQUIRE(f.publish(f.build(2)) == 0);
    fs::remove_all(f.packs);  // the kiosk lost its packs: the whole pack will be fetched
    fs::create_directories(f.packs);

    SUBCASE("a validly signed pack with the same id and version, other content") {
        auto other_entries = test::sample_entries(60);  // larger than the listed size
        const fs::path other = f.dir / "other.gpk";
        test::build_pack(other, other_entries, f.key, test::sample_manifest(2, test::kCreated));
        fs::copy_file(other, f.repo / "packs/test/test-2.gpk", fs::copy_options::overwrite_existing);
    }
    SUBCASE("the previous version served under the current name") {
        fs::copy_file(f.repo / "packs/test/test-1.gpk", f.repo / "packs/test/test-2.gpk",
                      fs::copy_options::overwrite_existing);
    }
    SUBCASE("one byte of the pack's data flipped") {
        Bytes bytes = test::read_all(f.repo / "packs/test/test-2.gpk");
        bytes[bytes.size() - 100] ^= 1;
        test::write_all(f.repo / "packs/test/test-2.gpk", bytes);
    }
    auto r = f.update(t);
    REQUIRE(r.ok());
    CHECK(r->packs[0].action == repo::PackAction::failed);
    const auto& why = r->packs[0].message;
    CHECK((why.find("does not match the hash in the signed index") != std::string::npos ||
           why.find("more than the") != std::string::npos));
    CHECK(f.installed_files() == 0);
    CHECK(fs::is_empty(f.packs / ".incoming"));  // the bad download is not kept for resuming
}

TEST_CASE("an endless response is cut at its limit: the index at 1 MiB, a pack at its listed size") {
    test::RepoFixture f;
    REQUIRE(f.publish(f.build(1)) == 0);

    SUBCASE("index") {
        test::EndlessTransport t(f.repo, true);
        auto r = f.update(t);
        CHECK(error_of(r).find("larger than 1 MiB; cut and refused") != std::string::npos);
        CHECK(t.endless_bytes <= repo::kMaxIndexSize + 16 * 1024);
    }
    SUBCASE("pack") {
        test::EndlessTransport t(f.repo, false);
        auto r = f.update(t);
        REQUIRE(r.ok());
        CHECK(r->packs[0].action == repo::PackAction::failed);
        CHECK(r->packs[0].message.find("more than the") != std::string::npos);
        const auto listed = fs::file_size(f.repo / "packs/test/test-1.gpk");
        CHECK(t.endless_bytes <= listed + 16 * 1024);
        CHECK(f.installed_files() == 0);
    }
}

TEST_CASE("an expired pack listed by a valid index is downloaded but never installed") {
    test::RepoFixture f;
    REQUIRE(f.publish(f.build(1), "--expires 60") == 0);
    test::CountingTransport t(f.repo);
    auto r = f.update(t, test::kCreated + 31 * 86400);  // the pack expires after 30 days, the index after 60
    REQUIRE(r.ok());
    CHECK(r->packs[0].action == repo::PackAction::refused);
    CHECK(r->packs[0].message.find("expired") != std::string::npos);
    CHECK(f.installed_files() == 0);
}

#include "pack/reader.hpp"
#include "pack/trust_store.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace guichet;
using namespace guichet::pack;

namespace {
constexpr std::int64_t kCreated = 1'800'000'000;
const KioskIdentity kKiosk{"anor-hall", 1};

std::string key_list(std::uint64_t version, std::initializer_list<const crypto::SecretKey*> keys) {
    nlohmann::json j;
    j["format"] = 1;
    j["version"] = version;
    j["keys"] = nlohmann::json::array();
    for (auto* k : keys) j["keys"].push_back(k->public_key().to_base64());
    return j.dump();
}
}  // namespace

TEST_CASE("policy: expiry, kiosk version and audience") {
    test::TempDir dir;
    auto key = crypto::SecretKey::generate();
    auto store = TrustStore::load(dir.path(), test::ring_of(key));
    REQUIRE(store.ok());
    Manifest m = test::sample_manifest(3, kCreated);
    CHECK(store->admit(m, kCreated + 10, kKiosk).ok());

    auto expired = store->admit(m, m.expires, kKiosk);
    REQUIRE_FALSE(expired.ok());
    CHECK(expired.error().message.find("pack 'test' version 3 expired on") == 0);
    CHECK(expired.error().message.find("install a newer version") != std::string::npos);

    m.min_kiosk_version = 2;
    auto too_new = store->admit(m, kCreated, kKiosk);
    REQUIRE_FALSE(too_new.ok());
    CHECK(too_new.error().message.find("needs kiosk software version 2") != std::string::npos);

    m.min_kiosk_version = 1;
    m.audience = {"other-kiosk"};
    CHECK_FALSE(store->admit(m, kCreated, kKiosk).ok());
    m.audience = {"other-kiosk", "anor-hall"};
    CHECK(store->admit(m, kCreated, kKiosk).ok());
}

TEST_CASE("this kiosk software admits a pack with a network map (min_kiosk_version 2), a version 1 kiosk refuses it") {
    test::TempDir dir;
    auto key = crypto::SecretKey::generate();
    auto store = TrustStore::load(dir.path(), test::ring_of(key));
    REQUIRE(store.ok());
    Manifest m = test::sample_manifest(3, kCreated);
    m.min_kiosk_version = 2;  // what guichet-pack writes for a pack with line layers (docs/content-format.md § 2)
    KioskIdentity me;
    me.kiosk_id = "anor-hall";
    CHECK(me.kiosk_version == GUICHET_KIOSK_VERSION);  // by default, this software's version
    CHECK(store->admit(m, kCreated, me).ok());
    auto old = store->admit(m, kCreated, KioskIdentity{"anor-hall", 1});
    REQUIRE_FALSE(old.ok());
    CHECK(old.error().message == "pack 'test' version 3 needs kiosk software version 2 or later (this kiosk is version 1)");
}

TEST_CASE("rollback to a lower version is refused, also after a restart") {
    test::TempDir dir;
    auto key = crypto::SecretKey::generate();
    {
        auto store = TrustStore::load(dir.path(), test::ring_of(key));
        REQUIRE(store.ok());
        REQUIRE(store->record_installed(test::sample_manifest(5, kCreated)).ok());
    }
    auto store = TrustStore::load(dir.path(), test::ring_of(key));
    REQUIRE(store.ok());
    CHECK(store->highest_version("test") == 5u);
    auto old = store->admit(test::sample_manifest(4, kCreated), kCreated + 1, kKiosk);
    REQUIRE_FALSE(old.ok());
    CHECK(old.error().message == "pack 'test' version 4 is older than the installed version 5 (rollback refused)");
    CHECK(store->admit(test::sample_manifest(5, kCreated), kCreated + 1, kKiosk).ok());
    CHECK(store->admit(test::sample_manifest(6, kCreated), kCreated + 1, kKiosk).ok());
    auto other_five = test::sample_manifest(5, kCreated + 60);  // same version, different pack
    auto same = store->admit(other_five, kCreated + 100, kKiosk);
    REQUIRE_FALSE(same.ok());
    CHECK(same.error().message.find("differs from the installed pack with the same version") != std::string::npos);
}

TEST_CASE("keys rotate through a signed key list") {
    test::TempDir dir;
    auto old_key = crypto::SecretKey::generate();
    auto new_key = crypto::SecretKey::generate();
    auto stranger = crypto::SecretKey::generate();
    test::build_pack(dir / "new.gpk", test::sample_entries(4), new_key);
    auto store = TrustStore::load(dir / "state", test::ring_of(old_key));
    REQUIRE(store.ok());
    CHECK_FALSE(PackReader::open(dir / "new.gpk", store->keys()).ok());

    SUBCASE("a list signed by an untrusted key is refused") {
        auto list = key_list(1, {&stranger});
        auto sig = crypto::sign(stranger, as_bytes(list), "u", key_list_comment(1)).to_file_text();
        auto r = store->apply_key_list(list, sig);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message.find("not a trusted key") != std::string::npos);
    }
    SUBCASE("old key introduces the new one, then the new one retires the old one") {
        auto list1 = key_list(1, {&old_key, &new_key});
        REQUIRE(store->apply_key_list(list1, crypto::sign(old_key, as_bytes(list1), "u", key_list_comment(1)).to_file_text()).ok());
        CHECK(PackReader::open(dir / "new.gpk", store->keys()).ok());

        auto list2 = key_list(2, {&new_key});
        REQUIRE(store->apply_key_list(list2, crypto::sign(new_key, as_bytes(list2), "u", key_list_comment(2)).to_file_text()).ok());
        CHECK(store->keys().find(old_key.id) == nullptr);

        // Survives a restart, and an older list cannot be replayed.
        auto reloaded = TrustStore::load(dir / "state", test::ring_of(old_key));
        REQUIRE(reloaded.ok());
        CHECK(reloaded->key_list_version() == 2);
        CHECK(reloaded->keys().find(old_key.id) == nullptr);
        auto replay = reloaded->apply_key_list(list1, crypto::sign(old_key, as_bytes(list1), "u", key_list_comment(1)).to_file_text());
        REQUIRE_FALSE(replay.ok());  // signed by a key no longer trusted
        auto replay2 = reloaded->apply_key_list(list2, crypto::sign(new_key, as_bytes(list2), "u", key_list_comment(2)).to_file_text());
        REQUIRE_FALSE(replay2.ok());
        CHECK(replay2.error().message.find("rollback refused") != std::string::npos);
    }
    SUBCASE("a signature made for something else is refused") {
        auto list = key_list(1, {&new_key});
        auto r = store->apply_key_list(list, crypto::sign(old_key, as_bytes(list), "u", "guichet-pack manifest id=x version=1").to_file_text());
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message.find("trusted comment is not 'guichet key list version=1'") != std::string::npos);
    }
    SUBCASE("a tampered list is refused") {
        auto list = key_list(1, {&new_key});
        auto sig = crypto::sign(old_key, as_bytes(list), "u", key_list_comment(1)).to_file_text();
        auto tampered = key_list(1, {&stranger});
        CHECK_FALSE(store->apply_key_list(tampered, sig).ok());
    }
}

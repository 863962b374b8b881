// The content loader's rescan at session reset: a packs directory that did
// not change costs a listing and queues an `unchanged` result; a new or
// removed *.gpk triggers a full load.
#include "test_support.hpp"
#include "ui/content.hpp"
#include "ui/content_loader.hpp"

#include "crypto/signing/signing.hpp"

#include <doctest/doctest.h>
#include <ctime>
#include <map>

using namespace guichet;

TEST_CASE("the loader rescans the packs directory and loads again only when it changed") {
    test::TempDir dir;
    ui::LoaderOptions options;
    options.packs_dir = dir.path();
    ui::ContentLoader loader(options, nullptr);

    loader.request();
    ui::LoadResult first = loader.wait();
    CHECK_FALSE(first.unchanged);
    CHECK(first.content == nullptr);  // nothing installed yet

    REQUIRE(loader.rescan());
    ui::LoadResult same = loader.wait();
    CHECK(same.unchanged);
    CHECK(same.problems.empty());

    // An "installed" pack (not a valid one): the directory changed, so a full
    // load runs and reports it.
    test::write_all(dir / "anor-2.gpk", Bytes{'n', 'o', 't', ' ', 'a', ' ', 'p', 'a', 'c', 'k'});
    REQUIRE(loader.rescan());
    ui::LoadResult changed = loader.wait();
    CHECK_FALSE(changed.unchanged);
    bool named = false;
    for (const std::string& p : changed.problems) named = named || p.find("anor-2.gpk") != std::string::npos;
    CHECK(named);

    REQUIRE(loader.rescan());
    CHECK(loader.wait().unchanged);
}

TEST_CASE("a tracking code names its commune only on a kiosk with packs of several communes") {
    ui::Content c;
    c.communes_by_prefix = {{"ANR", "Anor"}};
    CHECK(c.commune_of("ANR-7K3Q-9P").empty());  // one commune: every code is hers, nothing to say
    c.communes_by_prefix["TRL"] = "Trélon";
    CHECK(c.commune_of("ANR-7K3Q-9P") == "Anor");
    CHECK(c.commune_of("TRL-7K3Q-9P") == "Trélon");
    CHECK(c.commune_of("GCH-7K3Q-9P").empty());  // a pack no longer installed: unknown
    CHECK(c.commune_of("").empty());
}

TEST_CASE("the loader maps every admitted pack's tracking prefix to its commune") {
    test::TempDir dir;
    const auto key = crypto::SecretKey::generate();
    test::write_all(dir / "staff.pub", as_bytes(key.public_key().to_file_text()));
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    auto pack = [&](const std::string& id, std::uint64_t version, const std::string& prefix, const std::string& commune) {
        pack::Manifest m = test::sample_manifest(version, now - 60);
        m.id = id;
        const std::string pack_json = R"({"format": 1, "id": ")" + id + R"(", "title": "Mairie", "home": "", "menu": [],
                                          "tracking_prefix": ")" + prefix + R"(", "commune_name": ")" + commune + R"("})";
        test::build_pack(dir / (id + ".gpk"), {{"pack.json", pack_json}, {"catalog.json", "[]"}}, key, m);
    };
    pack("anor", 3, "ANR", "Anor");
    pack("trelon", 5, "TRL", "Trélon");  // the higher version: shown
    ui::LoaderOptions options;
    options.packs_dir = dir.path();
    ui::LoadResult r = ui::load_content(options);
    REQUIRE_MESSAGE(r.content != nullptr, (r.problems.empty() ? "" : r.problems.front()));
    CHECK(r.content->pack->pack_id == "trelon");
    CHECK(r.content->pack->tracking_prefix == "TRL");  // the shown pack's démarches get TRL- codes
    CHECK(r.content->communes_by_prefix == std::map<std::string, std::string>{{"ANR", "Anor"}, {"TRL", "Trélon"}});
    CHECK(r.content->commune_of("ANR-7K3Q-9P") == "Anor");
    CHECK(r.content->commune_of("TRL-7K3Q-9P") == "Trélon");
}

TEST_CASE("the loader warns staff when two packs share a tracking prefix") {
    test::TempDir dir;
    const auto key = crypto::SecretKey::generate();
    test::write_all(dir / "staff.pub", as_bytes(key.public_key().to_file_text()));
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    auto pack = [&](const std::string& id, std::uint64_t version, const std::string& prefix, const std::string& commune) {
        pack::Manifest m = test::sample_manifest(version, now - 60);
        m.id = id;
        const std::string pack_json = R"({"format": 1, "id": ")" + id + R"(", "title": "Mairie", "home": "", "menu": [],
                                          "tracking_prefix": ")" + prefix + R"(", "commune_name": ")" + commune + R"("})";
        test::build_pack(dir / (id + ".gpk"), {{"pack.json", pack_json}, {"catalog.json", "[]"}}, key, m);
    };
    pack("anor", 3, "ANR", "Anor");
    pack("trelon", 5, "ANR", "Trélon");
    ui::LoaderOptions options;
    options.packs_dir = dir.path();
    ui::LoadResult r = ui::load_content(options);
    REQUIRE(r.content != nullptr);  // shown anyway: the resident is not the one to pay for it
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0] == "les packs 'anor' et 'trelon' ont le même préfixe de suivi ANR : les codes de suivi ne disent plus de "
                           "quelle commune ils sont ; donnez à chaque commune son propre 'tracking_prefix' et republiez l’un des deux");
}

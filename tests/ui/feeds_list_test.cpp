// Signed feeds in the kiosk (docs/feeds.md §7): the entries that load_feeds
// keeps join a jobs rubrique's list with its chips and search; an expired or
// tampered feed adds nothing; the loader's rescan sees a feed file appear.
#include "common/file.hpp"
#include "feeds/feed_publish.hpp"
#include "test_support.hpp"
#include "ui/content_loader.hpp"
#include "ui/list_model.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace guichet;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kNow = 1'800'000'000;
const std::string kToday = "2027-01-15";

feeds::Feed jobs_feed(std::int64_t expires = kNow + 86400) {
    feeds::Feed f;
    f.kind = "jobs";
    f.version = 7;
    f.created = kNow - 3600;
    f.expires = expires;
    f.items = {{"agent-accueil", {{"title", "Agent d’accueil"}, {"employer", "Mairie de Fourmies"}, {"contract", "CDI temps plein"},
                                  {"posted", "2027-01-10"}, {"expires", "2027-02-10"}, {"place", "Fourmies"}}},
               {"vieux", {{"title", "Saisonnier"}, {"employer", "Camping"}, {"contract", "CDD 2 mois"},
                          {"posted", "2026-06-01"}, {"expires", "2026-07-01"}}}};  // its own period is over
    return f;
}

void put(const fs::path& state, const std::string& kind, const std::string& file) {
    fs::create_directories(state / "feeds");
    test::write_all(state / "feeds" / (kind + ".gfd"), as_bytes(file));
}

// A pack with a « Offres d’emploi » rubrique holding one CDD offer of its own.
ui::Content jobs_content() {
    ui::PackContent model;
    ui::PageInfo p;
    p.path = "pages/emploi/cantine.md";
    p.title = "Agent de cantine";
    p.kind = "job_offer";
    p.fields = {{"employer", "Mairie d’Anor"}, {"contract", "CDD 6 mois"}, {"posted", "2027-01-05"}, {"expires", "2027-01-31"}};
    model.pages[p.path] = p;
    ui::MenuItem emploi{"emploi", "Offres d’emploi", "", "", {}, {}, {}};
    emploi.children.push_back(ui::MenuItem{"cantine", p.title, "", p.path, {}, {}, {}});
    model.menu.push_back(emploi);
    ui::Content c;
    c.pack = std::make_shared<const ui::PackContent>(std::move(model));
    return c;
}

std::vector<std::string> titles(const std::vector<const ui::PageInfo*>& entries) {
    std::vector<std::string> out;
    for (const ui::PageInfo* p : entries) out.push_back(p->title);
    return out;
}

}  // namespace

TEST_CASE("a signed jobs feed joins the jobs rubrique's list, chips and search") {
    test::TempDir dir;
    const auto key = crypto::SecretKey::generate();
    put(dir.path(), "jobs", feeds::sign_feed(jobs_feed(), key));
    put(dir.path(), "events", feeds::sign_feed([] {
        feeds::Feed f = jobs_feed();
        f.kind = "events";
        f.items = {{"loto", {{"title", "Loto"}, {"date_start", "2027-01-20"}}}};
        return f;
    }(), key));

    ui::Content c = jobs_content();
    ui::add_feeds(c, ui::load_feeds(dir.path(), test::ring_of(key), kNow));
    const ui::MenuItem& emploi = *c.find_menu("emploi");
    const auto entries = ui::list_entries(c, emploi, kToday);
    // Newest first; the feed's expired offer and the events feed's entry are not listed here.
    CHECK(titles(entries) == std::vector<std::string>{"Agent d’accueil", "Agent de cantine"});
    CHECK(entries[0]->path == "feed:jobs/agent-accueil");
    CHECK(entries[0]->body.blocks.empty());
    CHECK(c.page("feed:jobs/agent-accueil") == entries[0]);  // a tap opens it like a page
    CHECK(ui::facets(entries) == std::vector<std::string>{"CDI", "CDD"});
    CHECK(ui::facet_of(*entries[0]) == "CDI");
    CHECK(ui::matches_query(*entries[0], "fourmies"));
    CHECK_FALSE(ui::matches_query(*entries[1], "fourmies"));
    CHECK(c.feed_versions.at("jobs") == 7);

    // A rubrique with no job offer or event of its own lists no feed entry.
    ui::MenuItem other{"autre", "Autre", "", "", {}, {}, {}};
    CHECK(ui::list_entries(c, other, kToday).empty());
}

TEST_CASE("an expired or tampered jobs feed adds nothing to the list") {
    test::TempDir dir;
    const auto key = crypto::SecretKey::generate();
    const ui::Content base = jobs_content();

    put(dir.path(), "jobs", feeds::sign_feed(jobs_feed(kNow), key));  // the feed itself expires now
    ui::Content expired = base;
    ui::FeedContent read = ui::load_feeds(dir.path(), test::ring_of(key), kNow);
    CHECK(read.problems.size() == 1);
    ui::add_feeds(expired, std::move(read));
    CHECK(titles(ui::list_entries(expired, *expired.find_menu("emploi"), kToday)) ==
          std::vector<std::string>{"Agent de cantine"});

    std::string tampered = feeds::sign_feed(jobs_feed(), key);
    tampered[tampered.find("Fourmies")] = 'M';
    put(dir.path(), "jobs", tampered);
    ui::Content bad = base;
    ui::add_feeds(bad, ui::load_feeds(dir.path(), test::ring_of(key), kNow));
    CHECK(bad.feed_pages.empty());
    CHECK(titles(ui::list_entries(bad, *bad.find_menu("emploi"), kToday)) == std::vector<std::string>{"Agent de cantine"});
}

TEST_CASE("the loader's rescan sees a feed the agent installed") {
    test::TempDir dir;
    ui::LoaderOptions options;
    options.packs_dir = dir.path();
    ui::ContentLoader loader(options, nullptr);
    loader.request();
    CHECK_FALSE(loader.wait().unchanged);
    REQUIRE(loader.rescan());
    CHECK(loader.wait().unchanged);

    put(dir.path(), "jobs", feeds::sign_feed(jobs_feed(), crypto::SecretKey::generate()));
    REQUIRE(loader.rescan());
    CHECK_FALSE(loader.wait().unchanged);
    REQUIRE(loader.rescan());
    CHECK(loader.wait().unchanged);
}

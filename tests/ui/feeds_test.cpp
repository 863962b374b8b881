// The kiosk's feed reader (kiosk/ui/feeds.hpp, docs/feeds.md §7): what the
// agent left in STATE/feeds becomes list entries and slots only when it still
// verifies with the kiosk's keys, is of its kind and has not expired.
#include "common/file.hpp"
#include "feeds/feed_publish.hpp"
#include "test_support.hpp"
#include "ui/feeds.hpp"

#include <doctest/doctest.h>

using namespace guichet;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kNow = 1'800'000'000;

feeds::Feed feed_of(std::string kind, std::vector<feeds::FeedItem> items, std::int64_t expires = kNow + 86400) {
    feeds::Feed f;
    f.kind = std::move(kind);
    f.version = 4;
    f.created = kNow - 3600;
    f.expires = expires;
    f.items = std::move(items);
    return f;
}

void put(const fs::path& state, const std::string& kind, const std::string& file) {
    fs::create_directories(state / "feeds");
    test::write_all(state / "feeds" / (kind + ".gfd"), as_bytes(file));
}

}  // namespace

TEST_CASE("feeds in the state directory become list entries and slots") {
    test::TempDir dir;
    const auto key = crypto::SecretKey::generate();
    const auto ring = test::ring_of(key);
    put(dir.path(), "jobs", feeds::sign_feed(feed_of("jobs", {{"agent-accueil", {{"title", "Agent d’accueil"},
        {"employer", "Mairie d’Anor"}, {"contract", "CDD 6 mois"}, {"posted", "2027-01-10"}, {"expires", "2027-02-10"}}}}),
                                             key));
    put(dir.path(), "events", feeds::sign_feed(feed_of("events", {{"loto", {{"title", "Loto des écoles"},
        {"date_start", "2027-01-20"}, {"place", "Salle des fêtes"}}}}), key));
    put(dir.path(), "slots", feeds::sign_feed(feed_of("slots", {
        {"b", {{"title", "Conseiller emploi"}, {"agency", "France Travail"}, {"start", "2027-01-16T14:00"}, {"duration_min", "30"}}},
        {"a", {{"title", "Conseiller CAF"}, {"agency", "CAF du Nord"}, {"start", "2027-01-16T09:30"}, {"duration_min", "20"}}},
        {"old", {{"title", "Passé"}, {"agency", "CAF du Nord"}, {"start", "2027-01-14T09:30"}, {"duration_min", "20"}}}}),
                                              key));

    auto c = ui::load_feeds(dir.path(), ring, kNow, "2027-01-15T08:00");
    CHECK(c.problems.empty());
    REQUIRE(c.entries.size() == 2);
    CHECK(c.entries[0].path == "feed:jobs/agent-accueil");
    CHECK(c.entries[0].kind == "job_offer");
    CHECK(c.entries[0].title == "Agent d’accueil");
    CHECK(c.entries[0].fields.at("contract") == "CDD 6 mois");
    CHECK(c.entries[0].fields.count("title") == 0);
    CHECK(c.entries[1].kind == "event");
    CHECK(c.entries[1].fields.at("place") == "Salle des fêtes");
    REQUIRE(c.slots.size() == 2);  // the past one is left out, the others by start time
    CHECK(c.slots[0].id == "a");
    CHECK(c.slots[0].duration_min == 20);
    CHECK(c.slots[1].agency == "France Travail");
    CHECK(c.versions.at("slots") == 4);
}

TEST_CASE("the kiosk skips a feed that is expired, tampered, signed by another key or filed under another kind") {
    test::TempDir dir;
    const auto key = crypto::SecretKey::generate();
    const auto ring = test::ring_of(key);
    const feeds::FeedItem event{"loto", {{"title", "Loto"}, {"date_start", "2027-01-20"}}};
    CHECK(ui::load_feeds(dir.path(), ring, kNow).problems.empty());  // nothing fetched yet: no problem

    put(dir.path(), "events", feeds::sign_feed(feed_of("events", {event}, kNow), key));  // expires now
    auto expired = ui::load_feeds(dir.path(), ring, kNow);
    CHECK(expired.entries.empty());
    REQUIRE(expired.problems.size() == 1);
    CHECK(expired.problems[0].find("expired") != std::string::npos);

    std::string tampered = feeds::sign_feed(feed_of("events", {event}), key);
    tampered[tampered.find("Loto")] = 'M';
    put(dir.path(), "events", tampered);
    CHECK(ui::load_feeds(dir.path(), ring, kNow).entries.empty());

    put(dir.path(), "events", feeds::sign_feed(feed_of("events", {event}), crypto::SecretKey::generate()));
    CHECK(ui::load_feeds(dir.path(), ring, kNow).entries.empty());

    put(dir.path(), "jobs", feeds::sign_feed(feed_of("events", {event}), key));  // an events feed under jobs.gfd
    auto misfiled = ui::load_feeds(dir.path(), ring, kNow);
    CHECK(misfiled.entries.empty());
    CHECK(misfiled.problems.size() == 2);

    put(dir.path(), "events", feeds::sign_feed(feed_of("events", {event}), key));
    CHECK(ui::load_feeds(dir.path(), ring, kNow).entries.size() == 1);
}

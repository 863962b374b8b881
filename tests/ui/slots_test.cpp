// Appointment slots in a démarche's slot field (ui/slots.hpp, docs/forms.md
// « Appointment slots »): the signed slots feed's `service` member reaches the
// kiosk, the field offers the chosen service's slots only, and each slot reads
// in French with its weekday.
#include "common/file.hpp"
#include "feeds/feed_publish.hpp"
#include "test_support.hpp"
#include "ui/slots.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace guichet;

namespace {

constexpr std::int64_t kNow = 1'800'000'000;

feeds::Feed slots_feed() {
    feeds::Feed f;
    f.kind = "slots";
    f.version = 3;
    f.created = kNow - 3600;
    f.expires = kNow + 86400;
    f.items = {{"caf-1", {{"title", "Conseiller allocations"}, {"agency", "CAF du Nord"}, {"service", "caf"},
                          {"start", "2026-12-03T14:30"}, {"duration_min", "20"}}},
               {"ft-1", {{"title", "Conseiller emploi"}, {"agency", "France Travail Fourmies"}, {"service", "france_travail"},
                         {"start", "2026-12-01T10:00"}, {"duration_min", "30"}}},
               {"ft-passe", {{"title", "Conseiller emploi"}, {"agency", "France Travail Fourmies"}, {"service", "france_travail"},
                             {"start", "2026-11-20T09:00"}, {"duration_min", "30"}}}};
    return f;
}

std::vector<std::string> ids(const std::vector<const ui::FeedSlot*>& slots) {
    std::vector<std::string> out;
    for (const ui::FeedSlot* s : slots) out.push_back(s->id);
    return out;
}

}  // namespace

TEST_CASE("the slot field offers the future slots of the chosen service, by start time") {
    test::TempDir dir;
    const auto key = crypto::SecretKey::generate();
    std::filesystem::create_directories(dir.path() / "feeds");
    test::write_all(dir.path() / "feeds/slots.gfd", as_bytes(feeds::sign_feed(slots_feed(), key)));
    const ui::FeedContent feed = ui::load_feeds(dir.path(), test::ring_of(key), kNow, "2026-11-29T08:00");
    REQUIRE(feed.problems.empty());
    REQUIRE(feed.slots.size() == 2);  // the past one is left out
    CHECK(feed.slots[0].id == "ft-1");
    CHECK(feed.slots[0].service == "france_travail");

    const std::set<std::string> none;
    CHECK(ids(ui::slots_to_offer(feed.slots, true, "caf", none, "")) == std::vector<std::string>{"caf-1"});
    CHECK(ids(ui::slots_to_offer(feed.slots, true, "msa", none, "")).empty());
    CHECK(ids(ui::slots_to_offer(feed.slots, true, "", none, "")).empty());  // the service is not chosen yet
    CHECK(ids(ui::slots_to_offer(feed.slots, false, "", none, "")) == std::vector<std::string>{"ft-1", "caf-1"});
    REQUIRE(ui::find_slot(feed.slots, "caf-1") != nullptr);
    CHECK(ui::find_slot(feed.slots, "caf-1")->agency == "CAF du Nord");
    CHECK(ui::find_slot(feed.slots, "ft-passe") == nullptr);
}

TEST_CASE("a slot booked at this kiosk is no longer offered, except to the resident who chose it") {
    std::vector<ui::FeedSlot> feed(3);
    feed[0].id = "ft-1";
    feed[0].service = "france_travail";
    feed[1].id = "caf-1";
    feed[1].service = "caf";
    feed[2].id = "caf-2";
    feed[2].service = "caf";
    const std::set<std::string> booked = {"caf-1", "gone-from-the-feed"};
    CHECK(ids(ui::slots_to_offer(feed, true, "caf", booked, "")) == std::vector<std::string>{"caf-2"});
    CHECK(ids(ui::slots_to_offer(feed, false, "", booked, "")) == std::vector<std::string>{"ft-1", "caf-2"});
    // The answer already given stays offered (and so stays chosen) until the submit.
    CHECK(ids(ui::slots_to_offer(feed, true, "caf", booked, "caf-1")) == std::vector<std::string>{"caf-1", "caf-2"});
    CHECK(ids(ui::slots_to_offer(feed, true, "caf", booked, "caf-2")) == std::vector<std::string>{"caf-2"});
    // Booking every slot of a service leaves nothing to offer for it.
    CHECK(ids(ui::slots_to_offer(feed, true, "caf", {"caf-1", "caf-2"}, "")).empty());
}

TEST_CASE("a slot reads with its weekday, day, month and time in French") {
    ui::FeedSlot s;
    s.start = "2026-12-01T10:00";
    CHECK(ui::slot_when(s) == "mardi 1er\xC2\xA0" "d\xC3\xA9" "cembre \xC3\xA0 10\xE2\x80\xAFh\xE2\x80\xAF" "00");
    s.start = "2027-01-15T14:05";
    CHECK(ui::slot_when(s) == "vendredi 15\xC2\xA0janvier \xC3\xA0 14\xE2\x80\xAFh\xE2\x80\xAF" "05");
    s.start = "2026-02-30T10:00";  // no such day: shown as written rather than guessed
    CHECK(ui::slot_when(s) == "2026-02-30T10:00");
    s.start = "demain";
    CHECK(ui::slot_when(s) == "demain");

    s.start = "2026-12-01T10:00";
    s.duration_min = 30;
    s.agency = "France Travail Fourmies";
    s.title = "Conseiller emploi";
    ui::Strings pack;
    pack.texts["field.slot_line"] = "{when}, {minutes} min, {agency} ({title})";
    CHECK(ui::slot_line(&pack, s) ==
          "mardi 1er\xC2\xA0" "d\xC3\xA9" "cembre \xC3\xA0 10\xE2\x80\xAFh\xE2\x80\xAF" "00, 30 min, France Travail Fourmies (Conseiller emploi)");
}

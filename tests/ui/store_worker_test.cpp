// The kiosk's store thread: submit, tracking look-up and refresh run off the
// UI thread and come back through poll(); a refused draft comes back whole.
#include "crypto/box.hpp"
#include "crypto/recipient/box_open.hpp"
#include "test_support.hpp"
#include "sepa/sepa.hpp"
#include "ui/store_worker.hpp"

#include <doctest/doctest.h>

#include <atomic>

using namespace guichet;
using nlohmann::json;

namespace {

std::shared_ptr<const forms::CompiledForm> compile() {
    auto form = forms::Form::from_json(json::parse(R"({"id":"acte","version":1,"title":"Acte","recipient":"etat-civil",
      "sections":[{"title":"Vous","fields":[{"id":"nom","type":"text","label":"Nom","required":true}]}]})"));
    REQUIRE(form.ok());
    auto compiled = forms::CompiledForm::compile(std::move(*form));
    REQUIRE(compiled.ok());
    return std::make_shared<const forms::CompiledForm>(std::move(*compiled));
}

ui::SubmitRequest request(const crypto::BoxKeyPair& partner, const std::string& nom) {
    ui::SubmitRequest r;
    r.form = compile();
    r.recipients = {{"etat-civil", "État civil", partner.public_key}};
    r.tracking_prefix = "ANR";
    r.draft = std::make_unique<demarche::Draft>("acte");
    if (!nom.empty()) r.draft->answers()["nom"] = nom;
    return r;
}

ui::StoreEvent only_event(ui::StoreWorker& w) {
    w.wait_idle();
    auto events = w.poll();
    REQUIRE(events.size() == 1);
    return std::move(events[0]);
}

}  // namespace

TEST_CASE("store worker: a submit gives a receipt, the code is then found queued, an unknown code is not") {
    test::TempDir dir;
    std::atomic<int> wakes{0};
    ui::StoreWorker worker(dir.path(), [&] { ++wakes; });
    const auto partner = crypto::BoxKeyPair::generate();

    const auto ticket = worker.submit(request(partner, "Lefèvre"));
    ui::StoreEvent e = only_event(worker);
    CHECK(e.ticket == ticket);
    REQUIRE(e.kind == ui::StoreEvent::Submitted);
    REQUIRE(e.receipt);
    const std::string code = e.receipt->tracking_code;
    CHECK(code.rfind("ANR-", 0) == 0);
    CHECK(e.draft == nullptr);  // stored: the draft is not handed back
    CHECK(wakes.load() >= 1);
    CHECK(std::filesystem::exists(dir / "guichet.db"));

    worker.lookup(code);
    e = only_event(worker);
    REQUIRE(e.kind == ui::StoreEvent::Tracking);
    REQUIRE(e.tracking);
    CHECK(e.tracking->local_state == store::State::queued);

    worker.lookup("ANR-2222-22");
    e = only_event(worker);
    CHECK(e.error.empty());
    CHECK_FALSE(e.tracking);

    CHECK_FALSE(worker.snapshot().read);
    worker.refresh();
    e = only_event(worker);
    CHECK(e.kind == ui::StoreEvent::Refreshed);
    const ui::StoreSnapshot snap = worker.snapshot();
    CHECK(snap.read);
    REQUIRE(snap.summary);
    CHECK(snap.summary->queued == 1);
    CHECK_FALSE(snap.last_sync);
}

TEST_CASE("store worker: a refused draft comes back untouched with French problems; a bad store is reported") {
    test::TempDir dir;
    ui::StoreWorker worker(dir.path(), nullptr);
    const auto partner = crypto::BoxKeyPair::generate();
    worker.submit(request(partner, ""));
    ui::StoreEvent e = only_event(worker);
    REQUIRE(e.kind == ui::StoreEvent::SubmitRefused);
    REQUIRE(e.problems.size() == 1);
    CHECK(e.problems[0].message == "Ce champ est obligatoire.");
    REQUIRE(e.draft);
    CHECK(e.draft->form_id() == "acte");

    // A state "directory" that is a file: the store cannot open; the draft comes back.
    test::TempDir other;
    { std::FILE* f = std::fopen((other / "state").c_str(), "w"); REQUIRE(f); std::fclose(f); }
    ui::StoreWorker broken(other / "state", nullptr);
    broken.submit(request(partner, "Lefèvre"));
    e = only_event(broken);
    CHECK(e.kind == ui::StoreEvent::SubmitFailed);
    CHECK_FALSE(e.error.empty());
    REQUIRE(e.draft);
    CHECK(e.draft->answers()["nom"] == "Lefèvre");
}

TEST_CASE("store worker: a booked slot is known once the démarche is stored, and again after a restart") {
    test::TempDir dir;
    const auto partner = crypto::BoxKeyPair::generate();
    auto form = forms::Form::from_json(json::parse(R"({"id":"visio","version":1,"title":"Visio","recipient":"etat-civil",
      "sections":[{"title":"Rendez-vous","fields":[{"id":"creneau","type":"slot","label":"Créneau"}]}]})"));
    REQUIRE(form.ok());
    auto compiled = forms::CompiledForm::compile(std::move(*form));
    REQUIRE(compiled.ok());
    ui::SubmitRequest r;
    r.form = std::make_shared<const forms::CompiledForm>(std::move(*compiled));
    r.recipients = {{"etat-civil", "État civil", partner.public_key}};
    r.draft = std::make_unique<demarche::Draft>("visio");
    r.draft->answers()["creneau"] = "caf-1";
    {
        ui::StoreWorker worker(dir.path(), nullptr);
        REQUIRE(worker.booked_slots() != nullptr);
        CHECK(worker.booked_slots()->empty());
        worker.submit(std::move(r));
        ui::StoreEvent e = only_event(worker);
        REQUIRE(e.kind == ui::StoreEvent::Submitted);
        // Already there when the UI drains the event: the next form no longer offers it.
        CHECK(*worker.booked_slots() == std::set<std::string>{"caf-1"});
    }
    ui::StoreWorker restarted(dir.path(), nullptr);
    CHECK(restarted.booked_slots()->empty());  // nothing read yet
    restarted.refresh();
    ui::StoreEvent e = only_event(restarted);
    CHECK(e.kind == ui::StoreEvent::Refreshed);
    CHECK(e.error.empty());
    CHECK(*restarted.booked_slots() == std::set<std::string>{"caf-1"});
}

TEST_CASE("store worker: a session's usage counts are added on the store thread, with no event, and survive a restart") {
    test::TempDir dir;
    {
        ui::StoreWorker worker(dir.path(), [] {});
        usage::Tally t;
        t.add("2026-11-03", usage::Counter::session);
        t.add("2026-11-03", usage::Counter::page_viewed, "vie-pratique.horaires");
        worker.record_usage(t);
        worker.record_usage(t);
        worker.record_usage(usage::Tally{});  // nothing to post
        worker.wait_idle();
        CHECK(worker.poll().empty());
    }
    auto st = store::Store::open(dir.path() / store::kDatabaseFile);
    REQUIRE(st.ok());
    auto days = st->unsent_usage(5);
    REQUIRE(days.ok());
    REQUIRE(days->size() == 1);
    REQUIRE(days->front().counts.size() == 2);
    for (const auto& c : days->front().counts) CHECK(c.value == 2);
}

TEST_CASE("store worker: a SEPA mandate comes back with its RUM, made with the pack's prefix and this kiosk's id") {
    test::TempDir dir;
    ui::StoreWorker worker(dir.path(), [] {});
    const auto partner = crypto::BoxKeyPair::generate();
    auto form = forms::Form::from_json(json::parse(R"({"id":"mandat","version":2,"title":"Mandat","recipient":"regie",
      "sepa_mandate":{"payment_type":"type","ics":"FR56ZZZ590120","creditor":"Régie"},
      "sections":[{"title":"Le mandat","fields":[{"id":"type","type":"choice","label":"Type","required":true,
        "options":[{"value":"recurrent","label":"Récurrent"},{"value":"ponctuel","label":"Ponctuel"}]}]}]})"));
    REQUIRE(form.ok());
    auto compiled = forms::CompiledForm::compile(std::move(*form));
    REQUIRE(compiled.ok());
    ui::SubmitRequest r;
    r.form = std::make_shared<const forms::CompiledForm>(std::move(*compiled));
    r.recipients = {{"regie", "Régie", partner.public_key}};
    r.tracking_prefix = "TRL";
    r.kiosk_id = "borne-trelon";
    r.draft = std::make_unique<demarche::Draft>("mandat");
    r.draft->answers()["type"] = "recurrent";
    worker.submit(std::move(r));
    ui::StoreEvent e = only_event(worker);
    REQUIRE(e.kind == ui::StoreEvent::Submitted);
    const std::string rum = e.mandate_reference;
    CHECK(rum.starts_with("TRL1-"));
    // The kiosk part is the one made for this kiosk's id.
    CHECK(rum.substr(5, 4) == sepa::make_rum("TRL", "borne-trelon", 0, {})->substr(5, 4));
    CHECK(sepa::check_rum(rum));

    // An ordinary démarche has none.
    worker.submit(request(partner, "Lefèvre"));
    e = only_event(worker);
    REQUIRE(e.kind == ui::StoreEvent::Submitted);
    CHECK(e.mandate_reference.empty());
}

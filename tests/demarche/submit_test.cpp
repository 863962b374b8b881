// From draft to sealed démarche: what the kiosk does on "Envoyer".
#include "crypto/box.hpp"
#include "crypto/recipient/box_open.hpp"
#include "demarche/submit.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace guichet;
using nlohmann::json;

namespace {

const char* kFormV1 = R"({"id":"acte","version":1,"title":"Demander un acte","recipient":"etat-civil","sections":[
  {"title":"Vous","fields":[
    {"id":"nom","type":"text","label":"Nom de naissance","required":true},
    {"id":"lieu","type":"choice","label":"Où ?","required":true,
     "options":[{"value":"anor","label":"Anor"},{"value":"autre","label":"Une autre commune"}]},
    {"id":"commune_acte","type":"text","label":"Commune","show_if":"lieu == 'autre'","require_if":"lieu == 'autre'"},
    {"id":"piece","type":"attachment","label":"Pièce d’identité","required":true,"accept":["jpeg","pdf"],"max_size_kb":3000}]}]})";

forms::CompiledForm compile(const char* text) {
    auto form = forms::Form::from_json(json::parse(text));
    REQUIRE(form.ok());
    auto compiled = forms::CompiledForm::compile(std::move(*form));
    REQUIRE(compiled.ok());
    return std::move(*compiled);
}

struct Fixture {
    test::TempDir dir;
    crypto::BoxKeyPair partner = crypto::BoxKeyPair::generate();
    std::vector<demarche::Recipient> recipients{{"etat-civil", "État civil", partner.public_key}};
    store::Store db = [&] {
        store::StoreOptions options;
        options.tracking_prefix = "ANR";
        auto s = store::Store::open(dir / "guichet.db", options);
        REQUIRE(s.ok());
        return std::move(*s);
    }();
    demarche::SubmitContext context{nullptr, *forms::expr::Date::parse("2026-11-28"), 1'800'000'000};

    demarche::Draft filled_draft() {
        demarche::Draft d("acte");
        d.answers()["nom"] = "Lefebvre-MarqueurUnique";
        d.answers()["lieu"] = "anor";
        d.answers()["commune_acte"] = "Fourmies";  // hidden by the condition: must not be sent
        Bytes scan(300 * 1000, 0x5a);
        d.attach("piece", {"carte.jpg", "image/jpeg", scan});
        return d;
    }
};

}  // namespace

TEST_CASE("a valid draft is stored sealed, opens with the partner's key only, and is wiped") {
    Fixture f;
    auto form = compile(kFormV1);
    auto draft = f.filled_draft();
    auto out = demarche::submit(f.db, form, f.recipients, draft, f.context);
    REQUIRE(out.ok());
    REQUIRE(out->receipt.has_value());
    CHECK(out->receipt->tracking_code.starts_with("ANR-"));
    CHECK(draft.empty());  // wiped once durable

    auto batch = f.db.claim_next_batch(10, f.context.now + 1);
    REQUIRE(batch.ok());
    REQUIRE(batch->size() == 1);
    auto sealed = f.db.load_sealed((*batch)[0].uuid);
    REQUIRE(sealed.ok());
    auto opened = crypto::open_sealed(sealed->sealed_payload, f.partner);
    REQUIRE(opened.ok());
    auto payload = json::parse(opened->begin(), opened->end());
    CHECK(payload["format"] == 1);
    CHECK(payload["form"]["id"] == "acte");
    CHECK(payload["form"]["version"] == 1);
    CHECK(payload["answers"]["nom"] == "Lefebvre-MarqueurUnique");
    CHECK_FALSE(payload["answers"].contains("commune_acte"));
    CHECK(payload["fields"][0]["label"] == "Nom de naissance");
    REQUIRE(payload["attachments"].size() == 1);
    CHECK(payload["attachments"][0]["size"] == 300000);
    REQUIRE(sealed->attachments.size() == 1);
    auto scan = crypto::open_sealed(sealed->attachments[0].sealed_data, f.partner);
    REQUIRE(scan.ok());
    CHECK(scan->size() == 300000);
    CHECK(to_hex(crypto::blake2b_256(*scan)) == payload["attachments"][0]["blake2b"]);

    auto stranger = crypto::BoxKeyPair::generate();
    CHECK_FALSE(crypto::open_sealed(sealed->sealed_payload, stranger).ok());
    // Nothing the kiosk writes holds the answers in clear.
    for (const char* file : {"guichet.db", "guichet.db-wal"}) {
        if (!std::filesystem::exists(f.dir / file)) continue;
        CHECK(test::to_string(test::read_all(f.dir / file)).find("MarqueurUnique") == std::string::npos);
    }
}

TEST_CASE("a draft with problems is not stored and keeps its answers for correction") {
    Fixture f;
    auto form = compile(kFormV1);
    auto draft = f.filled_draft();
    draft.answers()["lieu"] = "autre";
    draft.answers().erase("commune_acte");  // now shown and required
    auto out = demarche::submit(f.db, form, f.recipients, draft, f.context);
    REQUIRE(out.ok());
    CHECK_FALSE(out->receipt.has_value());
    REQUIRE(out->check.problems.size() == 1);
    CHECK(out->check.problems[0].path == "commune_acte");
    CHECK(out->check.problems[0].message == "Ce champ est obligatoire.");
    CHECK(draft.answers()["nom"] == "Lefebvre-MarqueurUnique");
    auto summary = f.db.queue_summary(f.context.now);
    REQUIRE(summary.ok());
    CHECK(summary->queued == 0);
}

TEST_CASE("a démarche queued with form version 1 stays readable after the pack brings version 2") {
    Fixture f;
    auto v1 = compile(kFormV1);
    auto draft = f.filled_draft();
    REQUIRE(demarche::submit(f.db, v1, f.recipients, draft, f.context).ok());

    // Version 2 renames and drops fields; the kiosk now only has v2.
    std::string v2_text = kFormV1;
    v2_text.replace(v2_text.find("\"version\":1"), 11, "\"version\":2");
    v2_text.replace(v2_text.find("\"nom\""), 5, "\"nom_naissance\"");
    auto v2 = compile(v2_text.c_str());
    CHECK(v2.form().find("nom") == nullptr);

    auto batch = f.db.claim_next_batch(10, f.context.now + 1);
    REQUIRE(batch.ok());
    REQUIRE(batch->size() == 1);
    CHECK((*batch)[0].form_version == 1);
    auto sealed = f.db.load_sealed((*batch)[0].uuid);
    REQUIRE(sealed.ok());
    auto opened = crypto::open_sealed(sealed->sealed_payload, f.partner);
    REQUIRE(opened.ok());
    auto payload = json::parse(opened->begin(), opened->end());
    CHECK(payload["form"]["version"] == 1);
    CHECK(payload["answers"]["nom"] == "Lefebvre-MarqueurUnique");
    CHECK(payload["fields"][0]["id"] == "nom");  // labels travel with the answers
}

TEST_CASE("recipients come from pack.json") {
    auto kp = crypto::BoxKeyPair::generate();
    json pack = {{"recipients", {{{"id", "etat-civil"}, {"name", "État civil"}, {"public_key", kp.public_key.to_base64()}}}}};
    auto r = demarche::recipients_from_pack_json(pack);
    REQUIRE(r.ok());
    REQUIRE(r->size() == 1);
    CHECK((*r)[0].key.key == kp.public_key.key);
    pack["recipients"][0]["public_key"] = "garbage";
    CHECK_FALSE(demarche::recipients_from_pack_json(pack).ok());
}

TEST_CASE("a démarche books the slots its slot fields answer, never a hidden field's") {
    Fixture f;
    auto form = compile(R"({"id":"visio","version":1,"title":"Visio","recipient":"etat-civil","sections":[
      {"title":"Rendez-vous","fields":[
        {"id":"organisme","type":"choice","label":"Quel organisme ?","required":true,
         "options":[{"value":"caf","label":"CAF"},{"value":"msa","label":"MSA"}]},
        {"id":"creneau","type":"slot","label":"Créneau","service_from":"organisme"},
        {"id":"rappel","type":"slot","label":"Un second créneau","show_if":"organisme == 'msa'"}]}]})");
    demarche::Draft draft("visio");
    draft.answers()["organisme"] = "caf";
    draft.answers()["creneau"] = "caf-1";
    draft.answers()["rappel"] = "msa-2";  // hidden by the condition: not sent, not booked
    auto out = demarche::submit(f.db, form, f.recipients, draft, f.context);
    REQUIRE(out.ok());
    REQUIRE(out->receipt.has_value());
    auto booked = f.db.booked_slots();
    REQUIRE(booked.ok());
    CHECK(*booked == std::vector<std::string>{"caf-1"});
    CHECK(f.db.database()
              .query_int("SELECT count(*) FROM booked_slot WHERE tracking_code = '" + out->receipt->tracking_code + "'")
              .value() == 1);

    // « Aucun de ces créneaux » (no answer) books nothing.
    demarche::Draft none("visio");
    none.answers()["organisme"] = "caf";
    none.answers()["creneau"] = nullptr;
    auto out2 = demarche::submit(f.db, form, f.recipients, none, f.context);
    REQUIRE(out2.ok());
    REQUIRE(out2->receipt.has_value());
    CHECK(f.db.booked_slots().value() == std::vector<std::string>{"caf-1"});
}

// A SEPA mandate démarche (docs/sepa.md §2): the kiosk makes the RUM when it is sent, the sealed
// payload carries it with the creditor, and the outcome hands it to the receipt.
#include "crypto/box.hpp"
#include "crypto/recipient/box_open.hpp"
#include "demarche/submit.hpp"
#include "sepa/sepa.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace guichet;
using nlohmann::json;

namespace {

// As guichet-pack compiles forms/mandat-sepa.yaml: sepa_mandate with the recipient's creditor.
const char* kMandate = R"({"id":"mandat-sepa","version":2,"title":"Mandat","recipient":"regie",
  "sepa_mandate":{"payment_type":"type_paiement","ics":"FR56ZZZ590120","creditor":"Régie municipale d’Anor"},
  "sections":[{"title":"Le mandat","fields":[
    {"id":"type_paiement","type":"choice","label":"Type de paiement","required":true,
     "options":[{"value":"recurrent","label":"Récurrent"},{"value":"ponctuel","label":"Ponctuel"}]},
    {"id":"titulaire","type":"text","label":"Titulaire","required":true},
    {"id":"iban","type":"iban","label":"IBAN","required":true},
    {"id":"bic","type":"bic","label":"BIC","required":true}]}]})";

struct Fixture {
    test::TempDir dir;
    crypto::BoxKeyPair partner = crypto::BoxKeyPair::generate();
    std::vector<demarche::Recipient> recipients{{"regie", "Régie", partner.public_key}};
    store::Store db = [&] {
        store::StoreOptions options;
        options.tracking_prefix = "ANR";
        auto s = store::Store::open(dir / "guichet.db", options);
        REQUIRE(s.ok());
        return std::move(*s);
    }();

    json submit_and_open(const forms::CompiledForm& form, demarche::Draft& draft, const demarche::SubmitContext& context,
                         std::string* rum) {
        auto out = demarche::submit(db, form, recipients, draft, context);
        REQUIRE(out.ok());
        REQUIRE(out->receipt.has_value());
        *rum = out->mandate_reference;
        auto batch = db.claim_next_batch(10, context.now + 1);
        REQUIRE(batch.ok());
        REQUIRE(batch->size() == 1);
        auto sealed = db.load_sealed((*batch)[0].uuid);
        REQUIRE(sealed.ok());
        auto opened = crypto::open_sealed(sealed->sealed_payload, partner);
        REQUIRE(opened.ok());
        return json::parse(opened->begin(), opened->end());
    }
};

forms::CompiledForm compile(const char* text) {
    auto form = forms::Form::from_json(json::parse(text));
    REQUIRE(form.ok());
    auto compiled = forms::CompiledForm::compile(std::move(*form));
    REQUIRE(compiled.ok());
    return std::move(*compiled);
}

demarche::Draft mandate_draft(const char* type) {
    demarche::Draft d("mandat-sepa");
    d.answers()["type_paiement"] = type;
    d.answers()["titulaire"] = "Hélène Lefèvre";
    d.answers()["iban"] = "FR76 3000 6000 0112 3456 7890 189";
    d.answers()["bic"] = "AGRIFRPP";
    return d;
}

}  // namespace

TEST_CASE("a SEPA mandate gets its RUM at the kiosk, sealed with the creditor, payload format 2") {
    Fixture f;
    auto form = compile(kMandate);
    demarche::SubmitContext context{nullptr, *forms::expr::Date::parse("2026-12-07"), 1'800'000'000};
    context.tracking_prefix = "ANR";
    context.kiosk_id = "borne-mairie";
    context.random = [](std::span<std::uint8_t> out) { std::fill(out.begin(), out.end(), std::uint8_t{7}); };
    auto draft = mandate_draft("ponctuel");
    std::string rum;
    json payload = f.submit_and_open(form, draft, context, &rum);
    CHECK(rum == *sepa::make_rum("ANR", "borne-mairie", 1'800'000'000, {7, 7, 7, 7, 7}));
    CHECK(sepa::check_rum(rum));
    CHECK(payload["format"] == 2);
    const json& m = payload["sepa_mandate"];
    CHECK(m["format"] == 1);
    CHECK(m["rum"] == rum);
    CHECK(m["ics"] == "FR56ZZZ590120");
    CHECK(m["creditor"] == "Régie municipale d’Anor");
    CHECK(m["payment_type"] == "ponctuel");
    CHECK(m["signed_on"] == "2026-12-07");
    CHECK(payload["answers"]["titulaire"] == "Hélène Lefèvre");
}

TEST_CASE("two mandates sent in the same second on one kiosk get different RUMs (libsodium's randomness)") {
    Fixture f;
    auto form = compile(kMandate);
    demarche::SubmitContext context{nullptr, *forms::expr::Date::parse("2026-12-07"), 1'800'000'000};
    context.kiosk_id = "borne-mairie";
    std::set<std::string> rums;
    for (int i = 0; i < 2; ++i) {
        auto draft = mandate_draft("recurrent");
        auto out = demarche::submit(f.db, form, f.recipients, draft, context);
        REQUIRE(out.ok());
        REQUIRE(out->receipt.has_value());
        CHECK(sepa::parse_kiosk_rum(out->mandate_reference));
        rums.insert(out->mandate_reference);
    }
    CHECK(rums.size() == 2);
}

TEST_CASE("a refused mandate gets no RUM, and other démarches stay payload format 1 without one") {
    Fixture f;
    auto form = compile(kMandate);
    demarche::SubmitContext context{nullptr, *forms::expr::Date::parse("2026-12-07"), 1'800'000'000};
    auto draft = mandate_draft("recurrent");
    draft.answers()["iban"] = "FR76 3000 6000 0112 3456 7890 188";  // wrong check digits
    auto out = demarche::submit(f.db, form, f.recipients, draft, context);
    REQUIRE(out.ok());
    CHECK_FALSE(out->receipt.has_value());
    CHECK(out->mandate_reference.empty());
    // A form without sepa_mandate: no member, format 1 (tests/demarche/submit_test.cpp checks the rest).
    auto plain = forms::Form::from_json(json::parse(R"({"id":"x","version":1,"title":"X","recipient":"regie","sections":[]})"));
    REQUIRE(plain.ok());
    CHECK_FALSE(plain->sepa_mandate.has_value());
}

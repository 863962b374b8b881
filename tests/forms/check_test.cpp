// Checking filled démarches against the real Anor forms, as the kiosk and
// `guichet-pack test-form` do.
#include "content_source.hpp"
#include "forms/check.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace guichet;
using namespace guichet::forms;
using nlohmann::json;

namespace {

// The Anor pack's compiled entries, built once.
const packsrc::CompiledSource& anor() {
    static const packsrc::CompiledSource source = [] {
        packsrc::Diagnostics diags;
        auto compiled = packsrc::compile_source(std::filesystem::path(GUICHET_SOURCE_DIR) / "content_packs/anor", diags);
        REQUIRE(compiled.has_value());
        return std::move(*compiled);
    }();
    return source;
}

const pack::SourceEntry& entry(const std::string& path) {
    for (const auto& e : anor().entries)
        if (e.path == path) return e;
    FAIL("no entry " << path);
    throw 0;
}

CompiledForm anor_form(const std::string& id) {
    const auto& e = entry("forms/" + id + ".json");
    auto form = Form::from_json(json::parse(e.data.begin(), e.data.end()));
    REQUIRE(form.ok());
    auto compiled = CompiledForm::compile(std::move(*form));
    REQUIRE_MESSAGE(compiled.ok(), (compiled.ok() ? "" : compiled.error().message));
    return std::move(*compiled);
}

const CommuneDirectory& communes() {
    static const CommuneDirectory dir = [] {
        const auto& e = entry("data/communes.json");
        auto d = CommuneDirectory::from_json(as_chars(e.data));
        REQUIRE(d.ok());
        return std::move(*d);
    }();
    return dir;
}

const expr::Date kToday = *expr::Date::parse("2026-11-28");

json cantine_answers() {
    return json::parse(R"({
      "nom": "Martin", "prenom": "Julie", "lien": "mere",
      "adresse": {"line1": "12 rue de la Gare", "postal_code": "59186", "insee": "59012"},
      "telephone": "0327595111", "organisme": "caf", "numero_allocataire": "1234567",
      "qf_connu": "oui", "quotient_familial": "650",
      "enfants": [
        {"enfant_nom": "Martin", "enfant_prenom": "Léo", "enfant_date_naissance": "12/05/2017", "ecole": "École Jules Ferry",
         "classe": "CE2", "jours_cantine": ["lundi", "mardi", "jeudi"], "repas_semaine": "3", "journees_loisirs": "2"},
        {"enfant_nom": "Martin", "enfant_prenom": "Zoé", "enfant_date_naissance": "3/9/2019", "ecole": "École Jules Ferry",
         "classe": "CP", "repas_semaine": "4", "journees_loisirs": "0"}],
      "justificatif_domicile": {"name": "facture.pdf", "mime": "application/pdf", "size": 250000},
      "signature": "strokes"})");
}

bool has_problem(const CheckOutcome& o, const std::string& path, const std::string& part) {
    for (const auto& p : o.problems)
        if (p.path == path && p.message.find(part) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("every Anor form compiles: its expressions parse and type-check") {
    for (const auto& e : anor().entries)
        if (e.path.starts_with("forms/")) {
            INFO(e.path);
            auto form = Form::from_json(json::parse(e.data.begin(), e.data.end()));
            REQUIRE(form.ok());
            CHECK(CompiledForm::compile(std::move(*form)).ok());
        }
}

TEST_CASE("a complete canteen enrolment is accepted, normalised and priced") {
    auto form = anor_form("inscription-cantine");
    auto out = form.check(cantine_answers(), &communes(), kToday);
    for (const auto& p : out.problems) INFO(p.path << ": " << p.message);
    REQUIRE(out.accepted());
    CHECK(out.computed["prix_repas"] == "2,40\u00a0€");
    CHECK(out.computed["cout_repas_semaine"] == "16,80\u00a0€");  // 2.40 × (3 + 4)
    CHECK(out.computed["cout_loisirs_mois"] == "14,00\u00a0€");   // 7.00 × 2
    CHECK(out.computed["nombre_enfants"] == "2");
    CHECK(out.normalized["telephone"] == "03 27 59 51 11");
    CHECK(out.normalized["enfants"][1]["enfant_date_naissance"] == "2019-09-03");
    CHECK(out.normalized["adresse"]["commune"] == "Anor");
}

TEST_CASE("conditions hide fields, drop their answers and change the price") {
    auto form = anor_form("inscription-cantine");
    auto answers = cantine_answers();
    answers["qf_connu"] = "non";          // quotient_familial is hidden and no longer required
    answers["organisme"] = "aucun";       // numero_allocataire is hidden: its answer is not sent
    auto out = form.check(answers, &communes(), kToday);
    REQUIRE(out.accepted());
    CHECK_FALSE(out.normalized.contains("quotient_familial"));
    CHECK_FALSE(out.normalized.contains("numero_allocataire"));
    CHECK(std::find(out.hidden.begin(), out.hidden.end(), "numero_allocataire") != out.hidden.end());
    CHECK(out.computed["prix_repas"] == "3,60\u00a0€");  // highest tariff without a quotient

    answers["qf_connu"] = "oui";
    answers.erase("quotient_familial");  // now shown and required
    auto missing = form.check(answers, &communes(), kToday);
    CHECK(has_problem(missing, "quotient_familial", "Ce champ est obligatoire."));
}

TEST_CASE("each wrong answer gets its own French message, groups by item") {
    auto form = anor_form("inscription-cantine");
    auto answers = cantine_answers();
    answers.erase("nom");
    answers["telephone"] = "03 27 59";
    answers["lien"] = "oncle";
    answers["adresse"]["postal_code"] = "59000";
    answers["enfants"][1].erase("enfant_prenom");
    answers["enfants"][0]["enfant_date_naissance"] = "31/04/2017";
    answers["justificatif_domicile"]["size"] = 4'200'000;
    answers["quotient_familial"] = "douze";
    auto out = form.check(answers, &communes(), kToday);
    CHECK_FALSE(out.accepted());
    CHECK(has_problem(out, "nom", "Ce champ est obligatoire."));
    CHECK(has_problem(out, "telephone", "10"));
    CHECK(has_problem(out, "lien", "Choisissez une des réponses proposées."));
    CHECK(has_problem(out, "adresse", "ne correspond pas à la commune d’Anor"));
    CHECK(has_problem(out, "enfants[2].enfant_prenom", "Ce champ est obligatoire."));
    CHECK(has_problem(out, "enfants[1].enfant_date_naissance", "n’existe pas"));
    CHECK(has_problem(out, "justificatif_domicile", "trop lourd (4,2\u00a0Mo)"));
    CHECK(has_problem(out, "quotient_familial", ""));
    for (const auto& p : out.problems)
        if (p.path == "enfants[2].enfant_prenom") CHECK(p.label == "Enfant 2 — Prénom de l’enfant");
}

TEST_CASE("attachments of a type the form does not accept are refused") {
    auto form = anor_form("inscription-cantine");
    auto answers = cantine_answers();
    answers["justificatif_domicile"] = {{"name", "x.docx"}, {"mime", "application/msword"}, {"size", 1000}};
    auto out = form.check(answers, &communes(), kToday);
    CHECK(has_problem(out, "justificatif_domicile", "n’est pas accepté"));
}

TEST_CASE("a group needs its minimum number of items") {
    auto form = anor_form("inscription-cantine");
    auto answers = cantine_answers();
    answers["enfants"] = json::array();
    auto out = form.check(answers, &communes(), kToday);
    CHECK(has_problem(out, "enfants", "Ajoutez au moins 1 « Enfant »."));
}

TEST_CASE("expression errors name the field, the attribute and the position") {
    auto j = json::parse(R"({"id":"f","version":1,"recipient":"r","sections":[{"title":"s","fields":[
        {"id":"a","type":"choice","label":"A","options":[{"value":"oui","label":"Oui"}]},
        {"id":"b","type":"text","label":"B","show_if":"a == 'non'"},
        {"id":"c","type":"computed","label":"C","expr":"1 +"}]}]})");
    auto form = Form::from_json(j);
    REQUIRE(form.ok());
    std::vector<FormExpressionError> errors;
    REQUIRE_FALSE(CompiledForm::compile(std::move(*form), &errors).ok());
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].field_id == "b");
    CHECK(errors[0].attribute == "show_if");
    CHECK(errors[0].error.column == 6);
    CHECK(errors[1].field_id == "c");
    CHECK(errors[1].attribute == "expr");
}

TEST_CASE("wipe_json empties a draft") {
    json draft = cantine_answers();
    wipe_json(draft);
    CHECK(draft.is_null());
}

TEST_CASE("values are shown as a French resident reads them") {
    CHECK(format_for_display(*expr::Decimal::parse("1250.5"), "") == "1\u00a0250,5");
    CHECK(format_for_display(*expr::Decimal::parse("3.6"), "euros") == "3,60\u00a0€");
    CHECK(format_for_display(*expr::Date::parse("2026-12-05"), "") == "05/12/2026");
    CHECK(format_for_display(true, "") == "oui");
}

TEST_CASE("a visio appointment takes a slot id, or the days and moments when no slot is chosen") {
    CompiledForm form = anor_form("rendez-vous-visio");
    json answers = {{"organisme", "caf"}, {"objet", "Mon dossier logement"}, {"nom", "Martin"}, {"prenom", "Anne"},
                    {"date_naissance", "12/03/1990"}, {"telephone", "0612345678"}, {"creneau", "caf-1"}};
    auto booked = form.check(answers, &communes(), kToday);
    for (const auto& p : booked.problems) MESSAGE(p.path << ": " << p.message);
    CHECK(std::none_of(booked.problems.begin(), booked.problems.end(), [](const auto& p) { return p.path == "creneau" || p.path == "jours"; }));
    CHECK(booked.normalized["creneau"] == "caf-1");
    CHECK(std::find(booked.hidden.begin(), booked.hidden.end(), "jours") != booked.hidden.end());

    answers["creneau"] = "Pas un id !";
    auto bad = form.check(answers, &communes(), kToday);
    CHECK(std::any_of(bad.problems.begin(), bad.problems.end(), [](const auto& p) {
        return p.path == "creneau" && p.message == "Choisissez un des créneaux proposés.";
    }));

    answers.erase("creneau");  // no slot: the town hall calls back, so days and moments are asked
    auto callback = form.check(answers, &communes(), kToday);
    CHECK(std::any_of(callback.problems.begin(), callback.problems.end(), [](const auto& p) {
        return p.path == "jours" && p.message == "Ce champ est obligatoire.";
    }));
}

TEST_CASE("a section's show_if hides all its fields, required ones included, and its errors name the section") {
    const json form_json = json::parse(R"({"id": "f", "version": 1, "title": "F", "recipient": "r", "sections": [
        {"title": "Vous", "fields": [{"id": "lieu", "type": "choice", "label": "Lieu", "required": true,
                                      "options": [{"value": "anor", "label": "Anor"}, {"value": "autre", "label": "Autre"}]}]},
        {"title": "Ailleurs", "show_if": "lieu == 'autre'",
         "fields": [{"id": "ville", "type": "text", "label": "Ville", "required": true},
                    {"id": "detail", "type": "text", "label": "Détail", "show_if": "ville != ''"}]}]})");
    auto form = Form::from_json(form_json);
    REQUIRE(form.ok());
    CHECK(form->sections[1].show_if == "lieu == 'autre'");
    auto compiled = CompiledForm::compile(std::move(*form));
    REQUIRE(compiled.ok());
    auto hidden = compiled->check({{"lieu", "anor"}, {"ville", "Fourmies"}}, nullptr, kToday);
    CHECK(hidden.problems.empty());
    CHECK(hidden.hidden == std::vector<std::string>{"ville", "detail"});
    CHECK_FALSE(hidden.normalized.contains("ville"));  // a hidden section's answers are not sent
    auto shown = compiled->check({{"lieu", "autre"}}, nullptr, kToday);
    REQUIRE(shown.problems.size() == 1);
    CHECK(shown.problems[0].path == "ville");

    json bad = form_json;
    bad["sections"][1]["show_if"] = "lieu == 3";
    std::vector<FormExpressionError> errors;
    auto refused = CompiledForm::compile(*Form::from_json(bad), &errors);
    REQUIRE_FALSE(refused.ok());
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].section == 1);
    CHECK(errors[0].field_id.empty());
    CHECK(errors[0].to_string().rfind("section 2, show_if: ", 0) == 0);
}

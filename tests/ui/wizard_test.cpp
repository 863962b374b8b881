// The on-screen keyboard's layouts and keys, the wizard's step logic and the
// replay additions (press, keys): no display needed.
#include "forms/form.hpp"
#include "ui/keyboard.hpp"
#include "ui/qr.hpp"
#include "ui/replay.hpp"
#include "ui/screens/wizard.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace guichet;
using namespace guichet::ui;

namespace {

bool has_key(const std::vector<std::vector<Key>>& rows, const std::string& name) {
    for (const auto& row : rows)
        for (const Key& k : row)
            if (k.name == name) return true;
    return false;
}

std::size_t key_count(const std::vector<std::vector<Key>>& rows) {
    std::size_t n = 0;
    for (const auto& row : rows) n += row.size();
    return n;
}

const Key& find_key(const std::vector<std::vector<Key>>& rows, const std::string& name) {
    for (const auto& row : rows)
        for (const Key& k : row)
            if (k.name == name) return k;
    FAIL("no key " << name);
    throw;
}

forms::Form sample_form() {
    auto j = nlohmann::json::parse(R"({
      "id": "t", "version": 1, "title": "T", "recipient": "r",
      "sections": [
        {"title": "Vous", "fields": [{"id": "nom", "type": "text", "label": "Nom", "required": true}]},
        {"title": "Pièces", "fields": [{"id": "doc", "type": "attachment", "label": "Doc"}]},
        {"title": "Enfants", "fields": [{"id": "enfants", "type": "group", "label": "Enfant",
                                         "fields": [{"id": "prenom", "type": "text", "label": "Prénom"}]}]}
      ]})");
    auto f = forms::Form::from_json(j);
    REQUIRE(f);
    return std::move(*f);
}

}  // namespace

TEST_CASE("the AZERTY layout shows the French accented letters and the digits directly") {
    const auto rows = keyboard_rows(KeyboardLayout::Text, false);
    for (const char* ch : {"é", "è", "ê", "ë", "à", "â", "ç", "ù", "û", "î", "ï", "ô", "œ", "æ"})
        CHECK_MESSAGE(has_key(rows, std::string("key:") + ch), ch);
    for (char d = '0'; d <= '9'; ++d) CHECK(has_key(rows, std::string("key:") + d));
    for (const char* name : {"key:space", "key:backspace", "key:shift", "key:valider", "key:’"}) CHECK(has_key(rows, name));
    // AZERTY, not QWERTY: the first letter row starts with a, z.
    CHECK(rows[2][0].insert == "a");
    CHECK(rows[2][1].insert == "z");
    // Shifted: capitals, accented ones included.
    const auto upper = keyboard_rows(KeyboardLayout::Text, true);
    CHECK(has_key(upper, "key:É"));
    CHECK(has_key(upper, "key:Œ"));
    CHECK(has_key(upper, "key:A"));
    CHECK_FALSE(has_key(upper, "key:a"));
}

TEST_CASE("numeric, date, phone and e-mail layouts carry what their fields need, and no letters on keypads") {
    for (auto [layout, extra] : {std::pair{KeyboardLayout::Numeric, ","}, std::pair{KeyboardLayout::Date, "/"},
                                 std::pair{KeyboardLayout::Phone, "+"}}) {
        const auto rows = keyboard_rows(layout, false);
        for (char d = '0'; d <= '9'; ++d) CHECK(has_key(rows, std::string("key:") + d));
        CHECK(has_key(rows, std::string("key:") + extra));
        CHECK_FALSE(has_key(rows, "key:a"));
        // 10 digits, the extra key, Effacer, Valider; the phone pad a space too (issue #18).
        CHECK(key_count(rows) == (layout == KeyboardLayout::Phone ? 14 : 13));
        CHECK(has_key(rows, "key:space") == (layout == KeyboardLayout::Phone));
    }
    const auto email = keyboard_rows(KeyboardLayout::Email, false);
    for (const char* name : {"key:@", "key:.", "key:-", "key:_", "key:.fr", "key:.com", "key:a", "key:0"})
        CHECK_MESSAGE(has_key(email, name), name);
}

TEST_CASE("keys type UTF-8, erase whole characters, shift once or lock, and respect the maximum length") {
    TextEntry e;
    e.focus("nom", "", KeyboardLayout::Text, 6);
    CHECK(e.open());
    auto text = keyboard_rows(KeyboardLayout::Text, false);
    apply_key(find_key(keyboard_rows(KeyboardLayout::Text, true), "key:É"), e);
    apply_key(find_key(text, "key:l"), e);
    apply_key(find_key(text, "key:œ"), e);
    CHECK(e.text == "Élœ");
    CHECK(utf8_length(e.text) == 3);
    apply_key(find_key(text, "key:backspace"), e);
    CHECK(e.text == "Él");
    apply_key(find_key(text, "key:backspace"), e);
    apply_key(find_key(text, "key:backspace"), e);
    CHECK(e.text.empty());
    apply_key(find_key(text, "key:backspace"), e);  // nothing left: no crash
    CHECK(e.text.empty());

    const Key& shift = find_key(text, "key:shift");
    apply_key(shift, e);
    CHECK(e.shift);
    apply_key(find_key(text, "key:a"), e);
    CHECK_FALSE(e.shift);  // one letter only
    apply_key(shift, e);
    apply_key(shift, e);
    CHECK(e.caps);
    apply_key(shift, e);
    CHECK_FALSE(e.caps);

    for (int i = 0; i < 10; ++i) apply_key(find_key(text, "key:space"), e);
    CHECK(utf8_length(e.text) == 6);
    apply_key(find_key(text, "key:valider"), e);
    CHECK(e.validated);
    e.close();
    CHECK_FALSE(e.open());
    CHECK(e.text.empty());
}

TEST_CASE("wizard steps: sections whose fields are all hidden are skipped; problems belong to their section") {
    const forms::Form form = sample_form();
    CHECK(visible_sections(form, {}) == std::vector<std::size_t>{0, 1, 2});
    CHECK(visible_sections(form, {"doc"}) == std::vector<std::size_t>{0, 2});
    CHECK(step_label(1, 3) == "Étape 2 sur 3");
    CHECK(top_field("enfants[2].prenom") == "enfants");
    CHECK(top_field("adresse") == "adresse");

    forms::CheckOutcome outcome;
    outcome.problems.push_back({"enfants[1].prenom", "Enfant 1 — Prénom", "Ce champ est obligatoire."});
    outcome.problems.push_back({"nom", "Nom", "Ce champ est obligatoire."});
    CHECK(section_problems(form.sections[0], outcome).size() == 1);
    CHECK(section_problems(form.sections[1], outcome).empty());
    REQUIRE(section_problems(form.sections[2], outcome).size() == 1);
    CHECK(section_problems(form.sections[2], outcome)[0]->path == "enfants[1].prenom");
}

TEST_CASE("untouched widgets leave no answer; the checker reads null members as empty instead of throwing") {
    auto answers = nlohmann::json::parse(R"({"nom": null, "prenom": "", "adresse": {"line1": null, "insee": null},
                                             "choix": [], "enfants": [{"prenom": null}], "age": "12"})");
    prune_unanswered(answers);
    CHECK(answers == nlohmann::json::parse(R"({"choix": [], "enfants": [{}], "age": "12"})"));

    auto form = forms::Form::from_json(nlohmann::json::parse(R"({"id": "t", "version": 1, "title": "T", "recipient": "r",
      "sections": [{"title": "A", "fields": [{"id": "adresse", "type": "address", "label": "Adresse", "required": true}]}]})"));
    REQUIRE(form);
    auto compiled = forms::CompiledForm::compile(std::move(*form));
    REQUIRE(compiled);
    const auto outcome = compiled->check(nlohmann::json::parse(R"({"adresse": {"line1": "1 rue", "postal_code": 59186,
                                                                   "insee": null}})"),
                                         nullptr, forms::expr::Date::from_days(20000));
    REQUIRE(outcome.problems.size() == 1);
    CHECK(outcome.problems[0].message.find("code postal") != std::string::npos);
}

TEST_CASE("answers are shown on the review screen as the resident chose them") {
    forms::Field yes;
    yes.type = forms::FieldType::yes_no;
    CHECK(display_answer(yes, true, nullptr) == "Oui");
    CHECK(display_answer(yes, false, nullptr) == "Non");
    forms::Field choice;
    choice.type = forms::FieldType::multi_choice;
    choice.options = {{"roue", "Une roue"}, {"cuve", "La cuve"}};
    CHECK(display_answer(choice, nlohmann::json::array({"roue", "cuve"}), nullptr) == "Une roue, La cuve");
    forms::Field address;
    address.type = forms::FieldType::address;
    CHECK(display_answer(address, {{"line1", "3 rue de la Gare"}, {"postal_code", "59186"}}, nullptr) ==
          "3 rue de la Gare\n59186");
    CHECK(layout_for(forms::FieldType::date) == KeyboardLayout::Date);
    CHECK(layout_for(forms::FieldType::email) == KeyboardLayout::Email);
    CHECK(layout_for(forms::FieldType::integer) == KeyboardLayout::Numeric);
    CHECK(layout_for(forms::FieldType::phone) == KeyboardLayout::Phone);
}

TEST_CASE("replay: press and keys parse; keys names one on-screen key per character") {
    auto cmds = parse_replay("replay 1\npress \"key:valider\"\nkeys \"Élodie A\"\n");
    REQUIRE(cmds);
    REQUIRE(cmds->size() == 2);
    CHECK((*cmds)[0].kind == ReplayCommand::Press);
    CHECK((*cmds)[0].arg == "key:valider");
    CHECK((*cmds)[1].kind == ReplayCommand::Keys);
    CHECK(key_names_for("Élo di") ==
          std::vector<std::string>{"key:É", "key:l", "key:o", "key:space", "key:d", "key:i"});
    CHECK_FALSE(parse_replay("press\n"));
}

TEST_CASE("the receipt's QR code encodes the tracking code with its finder patterns") {
    auto qr = encode_qr("ANR-7K3Q-9P");
    REQUIRE(qr);
    CHECK(qr->size == 21);  // version 1 holds 11 bytes at level M
    // Finder pattern corners: dark outer ring, light ring, dark centre.
    CHECK(qr->at(0, 0));
    CHECK(qr->at(6, 6));
    CHECK_FALSE(qr->at(1, 1));
    CHECK(qr->at(3, 3));
    CHECK(qr->at(qr->size - 1, 0));
    CHECK(qr->at(0, qr->size - 1));
}

// The review screen shows answers normalised the way they are sealed
// (ui/screens/wizard_logic.cpp display_answer), in the pack's words.
#include "ui/screens/wizard.hpp"
#include "ui/strings.hpp"
#include "ui_strings.hpp"

#include <doctest/doctest.h>

using namespace guichet;
using guichet::ui::display_answer;

namespace {

forms::Field field_of(forms::FieldType type) {
    forms::Field f;
    f.id = "x";
    f.type = type;
    return f;
}

}  // namespace

TEST_CASE("review: answers are shown as sealed, not as typed") {
    using T = forms::FieldType;
    CHECK(display_answer(field_of(T::date), "12/03/1990", nullptr) == "12 mars 1990");
    CHECK(display_answer(field_of(T::date), "1-2-2026", nullptr) == "1er f\xC3\xA9vrier 2026");
    CHECK(display_answer(field_of(T::date), "31/02/2026", nullptr) == "31/02/2026");  // refused: as typed
    CHECK(display_answer(field_of(T::phone), "0612345678", nullptr) == "06 12 34 56 78");
    CHECK(display_answer(field_of(T::phone), "+33 6 12 34 56 78", nullptr) == "06 12 34 56 78");
    CHECK(display_answer(field_of(T::decimal), "12.5", nullptr) == "12,5");
    CHECK(display_answer(field_of(T::integer), "1 000", nullptr) == "1000");
    CHECK(display_answer(field_of(T::iban), "fr7630006000011234567890189", nullptr) == "FR76 3000 6000 0112 3456 7890 189");
    CHECK(display_answer(field_of(T::text), "  Anor  ", nullptr) == "Anor");
    forms::Field choice = field_of(T::choice);
    choice.options = {{"integral", "Copie int\xC3\xA9grale"}};
    CHECK(display_answer(choice, "integral", nullptr) == "Copie int\xC3\xA9grale");
    forms::Field address = field_of(T::address);
    CHECK(display_answer(address, {{"line1", "3 rue de la Gare"}, {"line2", "B\xC3\xA2timent B"}, {"postal_code", "59186"}},
                         nullptr) == "3 rue de la Gare\nB\xC3\xA2timent B\n59186");
    // A group: each item on its line, its members normalised too.
    forms::Field group = field_of(T::group);
    group.fields = {field_of(T::text), field_of(T::date)};
    group.fields[0].id = "nom";
    group.fields[1].id = "naissance";
    CHECK(display_answer(group, nlohmann::json::array({{{"nom", "L\xC3\xA9o"}, {"naissance", "05/06/2018"}}}), nullptr) ==
          "1. L\xC3\xA9o, 5 juin 2018");
}

TEST_CASE("review: yes and no in the pack's words") {
    ui::Strings pack;
    pack.texts["answer.yes"] = "Oui, bien s\xC3\xBBr";
    CHECK(display_answer(field_of(forms::FieldType::yes_no), true, nullptr, &pack) == "Oui, bien s\xC3\xBBr");
    CHECK(display_answer(field_of(forms::FieldType::yes_no), false, nullptr, nullptr) == "Non");
}

TEST_CASE("the texts of a withheld legal notice are in the default strings file") {
    packsrc::Diagnostics d;
    auto f = packsrc::read_strings_file(std::string(packsrc::default_strings_yaml()), "fr.yaml", d);
    REQUIRE(f);
    for (const char* key : {"page.expired", "page.not_yet", "page.withheld"}) CHECK(f->texts.count(key) == 1);
}

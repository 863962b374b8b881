// The kiosk's review formatting (display_answer) on the cases the back office
// is tested with (tests/web/review_format_cases.json, tests/web/format.test.mjs):
// the JavaScript port in sync/hub/web/js/format.js and the C++ agree case by case.
#include "forms/communes.hpp"
#include "ui/screens/wizard.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace guichet;
using nlohmann::json;

namespace {

forms::Field field_from(const json& j) {
    forms::Field f;
    f.id = j.value("id", std::string("x"));
    auto type = forms::field_type_from_name(j.at("type").get<std::string>());
    REQUIRE_MESSAGE(type.has_value(), j.dump());
    f.type = *type;
    for (const json& o : j.value("options", json::array())) f.options.push_back({o.at("value"), o.at("label")});
    for (const json& sub : j.value("fields", json::array())) f.fields.push_back(field_from(sub));
    return f;
}

}  // namespace

TEST_CASE("review: the cases the back office's format.js is checked with give the same text here") {
    std::ifstream in(std::string(GUICHET_SOURCE_DIR) + "/tests/web/review_format_cases.json");
    REQUIRE(in);
    std::stringstream text;
    text << in.rdbuf();
    const json cases = json::parse(text.str()).at("cases");
    REQUIRE(cases.size() >= 40);
    auto communes = forms::CommuneDirectory::from_json(R"([{"insee": "59012", "nom": "Anor", "cp": ["59186"]}])");
    REQUIRE(communes.ok());
    for (const json& c : cases) {
        const forms::Field field = field_from(c.at("field"));
        CHECK_MESSAGE(ui::display_answer(field, c.at("answer"), &*communes) == c.at("shown").get<std::string>(),
                      c.at("field").at("type").get<std::string>(), " ", c.at("answer").dump(), " → ",
                      ui::display_answer(field, c.at("answer"), &*communes));
    }
}

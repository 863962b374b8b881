// Resident-facing texts from the pack (ui/strings.json): the kiosk's look-up
// and the pack tool's checks of a pack's strings.yaml against the defaults.
#include "common/placeholders.hpp"
#include "ui/strings.hpp"
#include "ui_strings.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

using namespace guichet;
namespace fs = std::filesystem;

namespace {

packsrc::StringsFile defaults() {
    packsrc::Diagnostics d;
    auto f = packsrc::read_strings_file(std::string(packsrc::default_strings_yaml()), "fr.yaml", d);
    REQUIRE(f);
    REQUIRE(!d.has_errors());
    return *f;
}

// The keys the kiosk's code asks for: the string literals of each tr( / trf(
// call before its arguments (ternaries included).
std::set<std::string> keys_used_by_code() {
    std::set<std::string> keys;
    const std::regex call(R"(\btrf?\()");
    const std::regex key(R"re("([a-z_]+\.[a-z0-9_]+)")re");
    for (const auto& e : fs::recursive_directory_iterator(fs::path(GUICHET_SOURCE_DIR) / "kiosk" / "ui")) {
        if (e.path().extension() != ".cpp") continue;
        std::ifstream in(e.path());
        std::stringstream ss;
        ss << in.rdbuf();
        const std::string src = ss.str();
        for (auto it = std::sregex_iterator(src.begin(), src.end(), call); it != std::sregex_iterator(); ++it) {
            const std::size_t start = static_cast<std::size_t>(it->position() + it->length());
            std::string window = src.substr(start, 300);
            window = window.substr(0, window.find_first_of("{;"));
            for (auto k = std::sregex_iterator(window.begin(), window.end(), key); k != std::sregex_iterator(); ++k)
                keys.insert((*k)[1].str());
        }
    }
    return keys;
}

std::string errors_of(const packsrc::Diagnostics& d) {
    std::string s;
    for (const auto& x : d.all()) s += x.to_string() + "\n";
    return s;
}

}  // namespace

TEST_CASE("every text key the kiosk code uses is in the default strings file") {
    const auto file = defaults();
    const auto used = keys_used_by_code();
    CHECK(used.size() >= 100);  // the scan found the screens' calls
    for (const std::string& k : used) {
        INFO("key used in kiosk/ui: " << k);
        CHECK(file.texts.count(k) == 1);
    }
}

TEST_CASE("the default strings are well formed and the compiled fallback matches them") {
    const auto file = defaults();
    for (const auto& [k, text] : file.texts) {
        INFO(k);
        bool bad = false;
        text_placeholders(text, &bad);
        CHECK(!bad);
    }
    CHECK(file.texts.at("wizard.step") == "\xC3\x89tape {n} sur {total}");
    for (const auto& [k, text] : ui::fallback_strings().texts) {
        INFO("fallback key " << k);
        REQUIRE(file.texts.count(k) == 1);
        CHECK(file.texts.at(k) == text);
    }
    // Only what shows with no pack is compiled in, and what speech says (a pack built before it has none).
    std::size_t shown_without_pack = 0;
    for (const auto& [k, text] : ui::fallback_strings().texts) shown_without_pack += k.rfind("speech.", 0) == 0 ? 0 : 1;
    CHECK(shown_without_pack < 30);
    CHECK(ui::fallback_strings().find("wizard.step") == nullptr);
}

TEST_CASE("tr takes the pack's text, else the fallback, else a visible marker") {
    ui::Strings pack;
    pack.texts["footer.finish"] = "Fin";
    pack.texts["wizard.step"] = "Page {n} / {total}";
    CHECK(ui::tr(&pack, "footer.finish") == "Fin");
    CHECK(ui::tr(nullptr, "footer.finish") == "Terminer et effacer");
    CHECK(ui::tr(&pack, "idle.continue") == "Continuer");          // old pack: the fallback
    CHECK(ui::tr(&pack, "receipt.title") == "\xE2\x9F\xA6receipt.title\xE2\x9F\xA7");  // ⟦receipt.title⟧
    CHECK(ui::trf(&pack, "wizard.step", {{"n", "2"}, {"total", "5"}}) == "Page 2 / 5");
    CHECK(ui::fill("{a} et {b}, {c}", {{"a", "1"}, {"b", "2"}}) == "1 et 2, {c}");
    CHECK(ui::fill("sans", {}) == "sans");
    bool bad = false;
    CHECK(text_placeholders("{n} sur {total} ({n})", &bad) == std::vector<std::string>{"n", "total"});
    CHECK(!bad);
    text_placeholders("{N} }", &bad);
    CHECK(bad);
}

TEST_CASE("guichet-pack merges a pack's strings.yaml over the defaults") {
    packsrc::Diagnostics d;
    auto json = packsrc::compile_ui_strings(std::string("# Anor\nfooter.finish: \"J\xE2\x80\x99" "ai fini\"\n"
                                                        "wizard.step: \"{total} \xC3\xA9tapes, vous \xC3\xAAtes \xC3\xA0 la {n}\"\n"),
                                            "anor/strings.yaml", d);
    INFO(errors_of(d));
    REQUIRE(json);
    auto s = ui::Strings::from_json(*json);
    REQUIRE(s);
    CHECK(*s->find("footer.finish") == "J\xE2\x80\x99" "ai fini");
    CHECK(ui::trf(&*s, "wizard.step", {{"n", "2"}, {"total", "4"}}) == "4 \xC3\xA9tapes, vous \xC3\xAAtes \xC3\xA0 la 2");
    CHECK(*s->find("receipt.title") == "Votre demande est enregistr\xC3\xA9" "e");  // defaults kept
    CHECK(s->texts.size() == defaults().texts.size());

    packsrc::Diagnostics none;
    auto plain = packsrc::compile_ui_strings(std::nullopt, "x/strings.yaml", none);
    REQUIRE(plain);
    CHECK(ui::Strings::from_json(*plain)->texts.size() == defaults().texts.size());
}

TEST_CASE("guichet-pack refuses an unknown key or a wrong placeholder with file and line") {
    struct Case {
        const char* yaml;
        const char* where;
        const char* what;
    };
    const Case cases[] = {
        {"footer.finish: \"Fin\"\nhome.titre: \"Bienvenue\"\n", "p/strings.yaml:2:1: error: ", "unknown key 'home.titre'"},
        {"footer.finsh: \"Fin\"\n", "p/strings.yaml:1:1: error: ",
         "unknown key 'footer.finsh': the kiosk has no such text; did you mean 'footer.finish'?"},
        {"\n\nwizard.step: \"\xC3\x89tape {n}\"\n", "p/strings.yaml:3:1: error: ", "lacks the placeholder {total}"},
        {"wizard.step: \"{n} sur {totl}\"\n", "p/strings.yaml:1:1: error: ", "placeholder {totl}, which the kiosk does not fill"},
        {"idle.continue: \"Continuer {\"\n", "p/strings.yaml:1:1: error: ", "not a placeholder"},
        {"idle.continue: \"\"\n", "p/strings.yaml:1:", "is empty"},
        {"idle.continue: [a, b]\n", "p/strings.yaml:1:", "must be one text"},
        {"- a\n- b\n", "p/strings.yaml:1:", "'key: \"text\"' lines"},
    };
    for (const Case& c : cases) {
        packsrc::Diagnostics d;
        INFO(c.yaml);
        CHECK(!packsrc::compile_ui_strings(std::string(c.yaml), "p/strings.yaml", d));
        const std::string errors = errors_of(d);
        INFO(errors);
        CHECK(errors.find(c.where) != std::string::npos);
        CHECK(errors.find(c.what) != std::string::npos);
    }
}

TEST_CASE("the kiosk refuses a strings entry of another format") {
    CHECK(!ui::Strings::from_json("{\"format\": 2, \"strings\": {}}"));
    CHECK(!ui::Strings::from_json("{\"format\": 1, \"strings\": {\"a.b\": 3}}"));
    CHECK(!ui::Strings::from_json("[]"));
    auto ok = ui::Strings::from_json("{\"format\": 1, \"language\": \"fr\", \"strings\": {\"a.b\": \"c\"}}");
    REQUIRE(ok);
    CHECK(*ok->find("a.b") == "c");
}

// Speech's view of the screens (ui/reader.hpp) and the gestures of
// non-visual mode (ui/gestures.hpp), on hand-made frame records: the order
// things are read in, what is said for each kind of control, the focus that
// follows its control, scrolls to read on, the keyboard's rows, « Retour ».
#include "ui/gestures.hpp"
#include "ui/reader.hpp"
#include "ui/strings.hpp"

#include <doctest/doctest.h>

using namespace guichet::ui;

namespace {

Element control(const std::string& label, float y0, float y1, const std::string& name = "", float x0 = 40, float x1 = 1040) {
    Element e{label, x0, y0, x1, y1, name, Rect{0, 200, 1080, 1500}};
    return e;
}

TextBox text_box(const std::string& s, float y0, float y1, bool error = false) {
    return TextBox{s, {40, y0, 1040, y1}, {0, 200, 1080, 1500}, error, false};
}

// A screen: header, content (200–1500), footer with « ‹ Retour », status bar.
FrameRecord screen(const std::string& id) {
    FrameRecord r;
    r.screen = id;
    r.regions = {{"en-tête", {0, 0, 1080, 200}}, {"contenu", {0, 200, 1080, 1500}},
                 {"pied", {0, 1500, 1080, 1850}}, {"barre d’état", {0, 1850, 1080, 1920}}};
    Element back{"\xE2\x80\xB9 Retour", 40, 1540, 500, 1680, "", Rect{0, 1500, 1080, 1850}};
    r.elements.push_back(back);
    return r;
}

// Records every sentence instead of speaking it.
struct Heard : SpeechOutput {
    std::vector<std::string> said;
    int repeats = 0;
    void say(const std::string& t) override { said.push_back(t); }
    void repeat() override { ++repeats; }
    void set_voice(int, int) override {}
};

// Two frames: a new screen is announced once it holds for two frames.
void show(ScreenReader& reader, Ui& ui, const FrameRecord& r) {
    ui.record = r;
    reader.observe(ui);
    ui.record = r;
    reader.observe(ui);
}

}  // namespace

TEST_CASE("reader: reading order is content then footer, top to bottom, a field's label said once") {
    FrameRecord r = screen("1");
    r.text_boxes.push_back(text_box("Votre nom", 300, 340));
    r.elements.push_back(control("Votre nom", 350, 450, "field:nom"));
    r.text_boxes.push_back(text_box("Bienvenue", 220, 260));
    r.elements.push_back(control("Suivant", 600, 720));
    r.text_boxes.push_back(text_box("Connexion : en ligne", 1860, 1900));  // the status bar: not stopped on
    const auto items = reading_order(r);
    REQUIRE(items.size() == 4);
    CHECK(items[0].label == "Bienvenue");
    CHECK(items[1].name == "field:nom");  // the text « Votre nom » just above it is left out
    CHECK(items[2].label == "Suivant");
    CHECK(items[3].region == "pied");
    // A help text between a label and its box is said with the box.
    r.text_boxes.push_back(text_box("Votre téléphone", 480, 520));
    r.text_boxes.push_back(text_box("L’accueil peut vous appeler.", 525, 560));
    r.elements.push_back(control("Votre téléphone", 565, 590, "field:tel"));
    const auto with_help = reading_order(r);
    REQUIRE(with_help.size() == 5);
    CHECK(with_help[2].name == "field:tel");
    CHECK(with_help[2].help == "L’accueil peut vous appeler.");
    Ui ui;
    CHECK(describe(ui, with_help[2]) == "Votre téléphone, zone de texte vide. L’accueil peut vous appeler.");
}

TEST_CASE("reader: under a panel only the panel is read") {
    FrameRecord r = screen("1");
    r.elements.push_back(control("Suivant", 600, 720));
    r.elements.clear();  // the dispatcher clears what lies under an overlay
    r.regions.push_back({"confirm", {40, 400, 1040, 1880}});
    r.text_boxes.push_back(text_box("Texte dessous", 250, 300));
    r.text_boxes.push_back(text_box("Effacer la démarche en cours ?", 450, 520));
    r.elements.push_back(control("Non, continuer la démarche", 600, 720));
    const auto items = reading_order(r);
    REQUIRE(items.size() == 2);
    CHECK(items[0].label == "Effacer la démarche en cours ?");
    CHECK(items[1].region == "confirm");
}

TEST_CASE("reader: what is said for each kind of control, from the pack's strings") {
    Ui ui;
    ReadItem b;
    b.kind = ReadItem::Control;
    b.label = "\xE2\x86\x92 Voir le plan";  // the link's arrow is for the eye
    CHECK(describe(ui, b) == "Voir le plan, bouton");
    ReadItem f = b;
    f.label = "Votre nom";
    f.name = "field:nom";
    CHECK(describe(ui, f) == "Votre nom, zone de texte vide");
    f.value = "Martin";
    CHECK(describe(ui, f, {"Ce champ est obligatoire."}) ==
          "Votre nom, zone de texte\xC2\xA0: Martin Erreur\xC2\xA0: Ce champ est obligatoire.");
    ReadItem o = b;
    o.label = "Oui";
    o.name = "opt:q=oui";
    o.checked = 0;
    CHECK(describe(ui, o) == "Oui, option");
    o.checked = 1;
    CHECK(describe(ui, o) == "Oui, option choisie");
    ReadItem tick = b;
    tick.label = "\xE2\x9C\x93 Grande (×1,5)";  // the settings' current choice
    CHECK(describe(ui, tick) == "Grande (×1,5), option choisie");
    ReadItem key = b;
    key.label = "é";
    key.name = "key:é";
    CHECK(describe(ui, key) == "é");
    // A pack's own wording wins over the compiled-in one.
    Strings pack;
    pack.texts = {{"speech.button", "bouton {label}"}};
    ui.strings = &pack;
    CHECK(describe(ui, b) == "bouton Voir le plan");
}

TEST_CASE("reader: a new screen is announced once it holds, with where the resident is and a list's count") {
    Ui ui;
    Heard heard;
    ScreenReader reader;
    reader.set_output(&heard);
    FrameRecord r = screen("7|");
    r.text_boxes.push_back(text_box("Le véhicule", 220, 260));
    ui.record = r;
    reader.observe(ui);
    CHECK(heard.said.empty());
    CHECK(reader.busy());
    r.screen = "7|Obtenir un certificat de non-gage. Étape 1 sur 3";
    r.where = "Obtenir un certificat de non-gage. Étape 1 sur 3";
    show(reader, ui, r);
    REQUIRE(heard.said.size() == 1);
    CHECK(heard.said[0] == "Obtenir un certificat de non-gage. Étape 1 sur 3. Le véhicule.");
    FrameRecord list = screen("8|");
    list.text_boxes.push_back(text_box("Associations", 220, 260));
    list.list_count = 12;
    show(reader, ui, list);
    CHECK(heard.said.back() == "Associations. 12 éléments dans la liste.");
    CHECK(reader.spoken() == heard.said);
}

TEST_CASE("reader: next and previous walk the items, the ends are said, repeat and help") {
    Ui ui;
    ScreenReader reader;
    FrameRecord r = screen("1");
    r.text_boxes.push_back(text_box("Accueil", 220, 260));
    r.elements.push_back(control("Démarches", 300, 420));
    show(reader, ui, r);
    reader.command(ReaderCommand::Next, ui);
    CHECK(reader.spoken().back() == "Démarches, bouton");
    reader.command(ReaderCommand::Next, ui);
    CHECK(reader.spoken().back() == "Retour, bouton");
    reader.command(ReaderCommand::Next, ui);
    CHECK(reader.spoken().back() == "Fin de l’écran.");
    reader.command(ReaderCommand::Previous, ui);
    CHECK(reader.spoken().back() == "Démarches, bouton");
    reader.command(ReaderCommand::Repeat, ui);
    CHECK(reader.spoken().back() == "Démarches, bouton");
    reader.command(ReaderCommand::Help, ui);
    CHECK(reader.spoken().back().find("Touche 6") != std::string::npos);
}

TEST_CASE("reader: activation taps the focused control where it shows, and back taps « Retour »") {
    Ui ui;
    ScreenReader reader;
    FrameRecord r = screen("1");
    Element half = control("Suivant", 1300, 1600);  // partly under the footer: tapped where it can be seen
    r.elements.push_back(half);
    show(reader, ui, r);
    CHECK(!reader.take_tap());
    reader.command(ReaderCommand::Activate, ui);  // the focus is on « Suivant », first in reading order
    auto tap = reader.take_tap();
    REQUIRE(tap);
    CHECK(tap->x == doctest::Approx(540));
    CHECK(tap->y == doctest::Approx(1400));
    reader.command(ReaderCommand::Back, ui);
    tap = reader.take_tap();
    REQUIRE(tap);
    CHECK(tap->y == doctest::Approx(1610));
    FrameRecord home = screen("2");
    home.elements.erase(home.elements.begin());  // home: no « Retour »
    home.elements.push_back(control("Démarches", 300, 420));
    show(reader, ui, home);
    reader.command(ReaderCommand::Back, ui);
    CHECK(!reader.take_tap());
    CHECK(reader.spoken().back() == "Vous êtes à l’accueil.");
}

TEST_CASE("reader: next at the bottom of a long page scrolls and reads on instead of jumping to the footer") {
    Ui ui;
    ScreenReader reader;
    FrameRecord r = screen("1");
    r.text_boxes.push_back(text_box("Premier paragraphe", 220, 700));
    r.text_boxes.push_back(text_box("Deuxième paragraphe", 720, 1480));
    r.scroll_max = 1000;
    show(reader, ui, r);
    reader.command(ReaderCommand::Next, ui);
    CHECK(reader.spoken().back() == "Deuxième paragraphe");
    reader.command(ReaderCommand::Next, ui);
    CHECK(ui.scroll_by == doctest::Approx(780));  // 60 % of the content's height
    CHECK(reader.busy());
    // The page scrolled by 780: the second paragraph moved up, a third came into view.
    FrameRecord after = screen("1");
    after.scroll_y = 780;
    after.scroll_max = 1000;
    after.text_boxes.push_back(text_box("Deuxième paragraphe", -60, 700));
    after.text_boxes.push_back(text_box("Troisième paragraphe", 720, 900));
    for (int i = 0; i < 3; ++i) {
        ui.record = after;
        reader.observe(ui);
    }
    CHECK(!reader.busy());
    CHECK(reader.spoken().back() == "Troisième paragraphe");
}

TEST_CASE("reader: the keyboard opens on its first key, 8 and 2 move by row, the box is said again when it closes") {
    Ui ui;
    ScreenReader reader;
    FrameRecord r = screen("1");
    r.elements.push_back(control("Votre nom", 300, 420, "field:nom"));
    show(reader, ui, r);
    CHECK(reader.focused()->name == "field:nom");
    FrameRecord typing = r;
    typing.regions = {{"en-tête", {0, 0, 1080, 200}}, {"contenu", {0, 200, 1080, 1000}},
                      {"clavier", {0, 1000, 1080, 1500}}, {"pied", {0, 1500, 1080, 1850}}};
    typing.has_focus = true;
    typing.focused = {40, 300, 1040, 420};
    for (int row = 0; row < 2; ++row)
        for (int col = 0; col < 3; ++col) {
            const std::string letter(1, static_cast<char>(row == 0 ? 'a' + col : 'q' + col));
            typing.elements.push_back(control(letter, 1020.0f + 120 * row, 1120.0f + 120 * row, "key:" + letter,
                                              40.0f + 200 * col, 200.0f + 200 * col));
        }
    ui.record = typing;
    reader.observe(ui);
    CHECK(reader.spoken().back().rfind("Clavier ouvert.", 0) == 0);
    CHECK(reader.focused()->name == "key:a");
    reader.command(ReaderCommand::Next, ui);
    CHECK(reader.focused()->name == "key:b");
    reader.command(ReaderCommand::NextRow, ui);  // straight down: w under b
    CHECK(reader.focused()->name == "key:r");
    reader.command(ReaderCommand::PreviousRow, ui);
    CHECK(reader.focused()->name == "key:b");
    reader.command(ReaderCommand::Activate, ui);
    CHECK(reader.spoken().back() == "b");  // the key typed, echoed
    CHECK(reader.take_tap());
    FrameRecord closed = r;
    closed.elements.back().value = "b";
    ui.record = closed;
    reader.observe(ui);
    CHECK(reader.spoken().back() == "Votre nom, zone de texte\xC2\xA0: b");
}

TEST_CASE("reader: a tap explores without acting") {
    Ui ui;
    ScreenReader reader;
    FrameRecord r = screen("1");
    r.elements.push_back(control("Démarches", 300, 420));
    r.text_boxes.push_back(text_box("Bienvenue", 220, 260));
    show(reader, ui, r);
    reader.explore(500, 350, ui);
    CHECK(reader.spoken().back() == "Démarches, bouton");
    CHECK(!reader.take_tap());
    reader.explore(500, 240, ui);
    CHECK(reader.spoken().back() == "Bienvenue");
    const std::size_t before = reader.spoken().size();
    reader.explore(500, 1000, ui);  // nothing there: silence
    CHECK(reader.spoken().size() == before);
}

TEST_CASE("gestures: tap, double tap, swipes, and the corner's three-second hold") {
    GestureRecognizer g;
    g.set_screen(3.6f, 1080, 1920);
    g.down(500, 500, 0.0);
    auto a = g.up(502, 501, 0.05);
    REQUIRE(a);
    CHECK(a->kind == Gesture::Tap);
    g.down(505, 498, 0.2);
    a = g.up(505, 498, 0.25);
    REQUIRE(a);
    CHECK(a->kind == Gesture::DoubleTap);
    g.down(500, 500, 1.0);  // a third tap, later: a new tap
    a = g.up(500, 500, 1.05);
    CHECK(a->kind == Gesture::Tap);
    g.down(500, 800, 2.0);
    g.move(600, 800, 2.05);
    a = g.up(700, 810, 2.1);
    CHECK(a->kind == Gesture::SwipeRight);
    g.down(700, 800, 3.0);
    a = g.up(500, 790, 3.1);
    CHECK(a->kind == Gesture::SwipeLeft);
    g.down(500, 900, 4.0);
    a = g.up(505, 1000, 4.1);
    CHECK(a->kind == Gesture::SwipeDown);
    // Held in the bottom-left corner: fires after 3 s, while still down; the release adds nothing.
    g.down(20, 1900, 10.0);
    CHECK(g.wake_in(10.0) == doctest::Approx(3.0));
    CHECK(!g.poll(12.9));
    auto hold = g.poll(13.0);
    REQUIRE(hold);
    CHECK(hold->kind == Gesture::CornerHold);
    CHECK(!g.poll(14.0));
    CHECK(!g.up(20, 1900, 14.0));
    // Held as long elsewhere: nothing.
    g.down(540, 900, 20.0);
    CHECK(g.wake_in(20.0) < 0);
    CHECK(!g.poll(24.0));
}

// The layout check of issue #18 (ui/layout_check.hpp) on frames built by hand,
// the low-reach header with the keyboard, the step counter's sections, and
// the high-contrast colours that gave controls no shape.
#include "forms/form.hpp"
#include "ui/layout_check.hpp"
#include "ui/screens/wizard.hpp"
#include "ui/settings.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace guichet;
using namespace guichet::ui;

namespace {

const Rect kContent{0, 200, 1080, 1500};

// A frame with its bands and two big buttons 24 px apart: passes.
FrameRecord clean_frame() {
    FrameRecord f;
    f.regions = {{"en-tête", {0, 0, 1080, 200}}, {"contenu", kContent}, {"pied", {0, 1500, 1080, 1860}},
                 {"barre d’état", {0, 1860, 1080, 1920}}};
    f.elements.push_back({"Démarches", 40, 240, 1040, 360, "", kContent});
    f.elements.push_back({"Actualités", 40, 384, 1040, 504, "", kContent});
    f.paints.push_back({{26, 26, 26}, {255, 255, 255}, "Bienvenue"});
    return f;
}

bool mentions(const std::vector<std::string>& problems, const std::string& what) {
    return std::any_of(problems.begin(), problems.end(), [&](const std::string& p) { return p.find(what) != std::string::npos; });
}

}  // namespace

TEST_CASE("layout check: a clean frame passes") {
    const auto problems = check_layout(clean_frame(), LayoutRules{});
    for (const auto& p : problems) INFO(p);
    CHECK(problems.empty());
}

TEST_CASE("layout check: buttons 12 px apart, as the home screen had them, fail the 24 px rule") {
    FrameRecord f = clean_frame();
    f.elements[1].y0 = 372;  // 12 px under the first (issue #18)
    f.elements[1].y1 = 492;
    CHECK(mentions(check_layout(f, LayoutRules{}), "12 px apart, under 24"));
    // Keys keep 2.5 mm (9 px) only.
    FrameRecord k = clean_frame();
    k.elements = {{"a", 40, 240, 130, 330, "key:a", kContent}, {"z", 139, 240, 229, 330, "key:z", kContent}};
    CHECK(check_layout(k, LayoutRules{}).empty());
    k.elements[1].x0 = 134;
    CHECK(mentions(check_layout(k, LayoutRules{}), "apart"));
}

TEST_CASE("layout check: overlapping controls, a control too small, bands over each other") {
    FrameRecord f = clean_frame();
    f.elements[1].y0 = 300;
    CHECK(mentions(check_layout(f, LayoutRules{}), "overlap"));
    FrameRecord small = clean_frame();
    small.elements[1].y1 = 440;  // 56 px high, under 120
    CHECK(mentions(check_layout(small, LayoutRules{}), "under"));
    // The form drawn over the footer: its window reaches into the footer's band.
    FrameRecord over = clean_frame();
    over.elements[1].clip = {0, 200, 1080, 1700};
    CHECK(mentions(check_layout(over, LayoutRules{}), "across the frame's bands"));
    over.regions[1].rect.y1 = 1700;
    CHECK(mentions(check_layout(over, LayoutRules{}), "overlap"));
    // A footer button cut by the footer's band (the layout ran out of room at ×2 with the keyboard).
    FrameRecord cut = clean_frame();
    const Rect footer{0, 1500, 1080, 1860};
    cut.elements.push_back({"Terminer et effacer", 40, 1740, 1040, 1880, "", footer});
    CHECK(mentions(check_layout(cut, LayoutRules{}), "cut off by its band"));
    // In the content, a button half scrolled out is normal.
    FrameRecord scrolled = clean_frame();
    scrolled.elements[1].y0 = 1440;
    scrolled.elements[1].y1 = 1560;
    CHECK(check_layout(scrolled, LayoutRules{}).empty());
}

TEST_CASE("layout check: the focused field must be clear of the keyboard and wholly in the content") {
    FrameRecord f = clean_frame();
    f.regions[1].rect.y1 = 900;
    f.regions.push_back({"clavier", {0, 900, 1080, 1500}});
    f.elements = {};
    f.has_focus = true;
    f.focused = {40, 700, 1040, 802};
    CHECK(check_layout(f, LayoutRules{}).empty());
    f.focused = {40, 850, 1040, 952};
    CHECK(mentions(check_layout(f, LayoutRules{}), "covered by the keyboard"));
    f.focused = {40, 150, 1040, 252};
    CHECK(mentions(check_layout(f, LayoutRules{}), "not wholly visible"));
    LayoutRules dragged;  // the resident scrolled it away on purpose
    dragged.focus = false;
    CHECK(check_layout(f, dragged).empty());
}

TEST_CASE("layout check: contrast of texts, shapes of controls, labels wider than their key") {
    FrameRecord f = clean_frame();
    f.paints.push_back({{120, 120, 120}, {255, 255, 255}, "gris"});  // 4.4:1
    CHECK(mentions(check_layout(f, LayoutRules{}), "contrast"));
    LayoutRules hc;
    hc.min_text_contrast = 7;
    FrameRecord g = clean_frame();
    g.paints = {{{84, 84, 84}, {255, 255, 255}, "secondaire"}};  // 7.6:1
    CHECK(check_layout(g, hc).empty());
    g.paints = {{{0, 70, 160}, {255, 255, 255}, "bleu"}};  // 8.9:1 passes; a 5:1 pair does not
    CHECK(check_layout(g, hc).empty());
    g.paints = {{{200, 30, 30}, {255, 255, 255}, "rouge"}};
    CHECK(mentions(check_layout(g, hc), "under 7.00:1"));

    // High contrast's « Valider » before issue #18: black on the black keyboard band, no outline.
    const Theme t = high_contrast_theme();
    FrameRecord k = clean_frame();
    k.elements[1].shape = Shape{true, t.header_bg, t.status_bg, t.outline, false};
    CHECK(mentions(check_layout(k, LayoutRules{}), "no visible shape"));
    k.elements[1].shape.outlined = true;  // outlined in white: a shape
    CHECK(check_layout(k, LayoutRules{}).empty());
    k.elements[1].shape = Shape{true, t.accent_bg, t.status_bg, t.outline, false};  // today's key
    CHECK(check_layout(k, LayoutRules{}).empty());
    // « Effacer » at ×2 wider than its key.
    FrameRecord e = clean_frame();
    e.elements[1].label_w = 1200;
    CHECK(mentions(check_layout(e, LayoutRules{}), "wider than the control"));
}

TEST_CASE("high contrast: errors are neither the labels' white nor under 7:1, and « Valider » stands out") {
    for (const Theme& t : {default_theme(), high_contrast_theme()}) {
        INFO(t.name);
        CHECK(contrast_ratio(t.error, t.background) >= (t.name == "défaut" ? 4.5 : 7.0));
        CHECK(contrast_ratio(t.error, t.text) > 1.5);  // told apart from labels by colour too
        CHECK(stands_out(t.accent_bg, t.status_bg));
        CHECK(stands_out(t.outline, t.background));
    }
}

TEST_CASE("low reach gives the keyboard's room back: at ×2 the form keeps two targets") {
    Metrics m;
    m.text_scale = 2;
    const float H = 1920, band = 150, keyboard = 603, footer = 552, status = 80, wizard = 210;
    const float below = footer + status + keyboard + wizard;
    const float header = layout_header_height(true, band, H, below, min_content_height(m));
    CHECK(header == band);  // the top 40 % given back while typing
    CHECK(H - header - below > 2 * 120.0f);
    // Without the keyboard, low reach keeps its empty top.
    CHECK(layout_header_height(true, band, H, 300, min_content_height(m)) == doctest::Approx(H * kLowReachTopShare));
    CHECK(layout_header_height(false, band, H, below, min_content_height(m)) == band);
}

namespace {

forms::Field field(const std::string& id, forms::FieldType type, const std::string& show_if = "") {
    forms::Field f;
    f.id = id;
    f.type = type;
    f.show_if = show_if;
    return f;
}

}  // namespace

TEST_CASE("the step counter counts sections an answer may still show, so its total does not creep up") {
    // As bac-ordures: « Pièces à joindre » shows only once « motif » is answered.
    forms::Form form;
    form.sections.push_back({"Votre demande", {field("motif", forms::FieldType::choice)}, ""});
    form.sections.push_back({"Vous", {field("nom", forms::FieldType::text)}, ""});
    form.sections.push_back({"Pièces", {field("photo", forms::FieldType::attachment, "motif == 'reparation'"),
                                        field("facture", forms::FieldType::attachment, "motif == 'vol'")}, ""});
    form.sections.push_back({"Marié", {field("conjoint", forms::FieldType::text)}, "nom == 'x'"});
    const nlohmann::json none = nlohmann::json::object();
    const std::vector<std::string> hidden_all = {"photo", "facture", "conjoint"};
    // Nothing answered: « Pièces » and « Marié » may still show: counted.
    auto counted = counted_sections(form, hidden_all, none);
    CHECK(counted == std::vector<std::size_t>{0, 1, 2, 3});
    CHECK(step_position(counted, 0, false) == std::pair<std::size_t, std::size_t>{1, 5});
    // « motif » answered so that « Pièces » shows: the same total, « Étape 2 sur 5 » stays so.
    nlohmann::json a = {{"motif", "reparation"}};
    counted = counted_sections(form, {"facture", "conjoint"}, a);
    CHECK(step_position(counted, 1, false) == std::pair<std::size_t, std::size_t>{2, 5});
    // Answers that rule sections out: the total drops, never rises.
    a = {{"motif", "nouveau"}, {"nom", "Dupont"}};
    counted = counted_sections(form, hidden_all, a);
    CHECK(counted == std::vector<std::size_t>{0, 1});
    CHECK(step_position(counted, 1, false) == std::pair<std::size_t, std::size_t>{2, 3});
    CHECK(step_position(counted, 0, true) == std::pair<std::size_t, std::size_t>{3, 3});
    // A name inside a string literal is not a question.
    forms::Form lit;
    lit.sections.push_back({"A", {field("x", forms::FieldType::text, "'nom' == 'nom'")}, ""});
    lit.sections.push_back({"B", {field("nom", forms::FieldType::text)}, ""});
    CHECK(counted_sections(lit, {"x"}, none) == std::vector<std::size_t>{1});
}

#include "ui/list_model.hpp"

#include <doctest/doctest.h>

using namespace guichet::ui;

namespace {

PageInfo page(std::string path, std::string kind, std::string title, std::map<std::string, std::string> fields) {
    PageInfo p;
    p.path = std::move(path);
    p.kind = std::move(kind);
    p.title = std::move(title);
    p.fields = std::move(fields);
    return p;
}

}  // namespace

TEST_CASE("lists: a legal notice is shown only during its display period") {
    const PageInfo n = page("pages/a.md", "legal_notice", "Arrêté", {{"display_from", "2026-11-20"}, {"display_until", "2026-12-07"}});
    CHECK_FALSE(shown_on(n, "2026-11-19"));
    CHECK(shown_on(n, "2026-11-20"));
    CHECK(shown_on(n, "2026-12-07"));
    CHECK_FALSE(shown_on(n, "2026-12-08"));
    // A malformed period hides the notice rather than show it at any time.
    CHECK_FALSE(shown_on(page("p", "legal_notice", "x", {{"display_from", "20/11/2026"}, {"display_until", "2026-12-07"}}), "2026-12-01"));
}

TEST_CASE("lists: job offers from posted to expires, events until their last day, associations always") {
    const PageInfo job = page("j", "job_offer", "Agent", {{"posted", "2026-11-20"}, {"expires", "2027-01-15"}, {"contract", "CDD 6 mois"}});
    CHECK(shown_on(job, "2027-01-15"));
    CHECK_FALSE(shown_on(job, "2027-01-16"));
    CHECK_FALSE(shown_on(job, "2026-11-19"));
    CHECK(facet_of(job) == "CDD");
    const PageInfo ev = page("e", "event", "Marché", {{"date_start", "2026-12-05"}, {"date_end", "2026-12-06"}});
    CHECK(shown_on(ev, "2026-12-06"));
    CHECK_FALSE(shown_on(ev, "2026-12-07"));
    CHECK(facet_of(ev) == "décembre 2026");
    CHECK(shown_on(page("a", "association", "Club", {{"domain", "sport"}}), "2030-01-01"));
}

TEST_CASE("lists: search ignores case and accents, every word must match") {
    CHECK(fold_for_search("Élève ŒUVRE Ça d’Anor") == "eleve oeuvre ca d'anor");
    const PageInfo p = page("p", "event", "Vœux du maire", {{"summary", "Cérémonie à la salle des fêtes"}, {"place", "Anor"}});
    CHECK(matches_query(p, "voeux"));
    CHECK(matches_query(p, "FETES ceremonie"));
    CHECK(matches_query(p, ""));
    CHECK_FALSE(matches_query(p, "voeux carnaval"));
}

TEST_CASE("lists: entries of a rubrique, filtered by date and sorted") {
    PackContent model;
    model.pages["pages/n1.md"] = page("pages/n1.md", "legal_notice", "Ancien", {{"display_from", "2026-09-01"}, {"display_until", "2026-10-16"}});
    model.pages["pages/n2.md"] = page("pages/n2.md", "legal_notice", "Récent", {{"display_from", "2026-11-20"}, {"display_until", "2026-12-07"}});
    model.pages["pages/n3.md"] = page("pages/n3.md", "legal_notice", "Plus ancien", {{"display_from", "2026-11-15"}, {"display_until", "2027-02-05"}});
    model.pages["pages/index.md"] = page("pages/index.md", "page", "Affichage", {});
    Content c;
    c.pack = std::make_shared<const PackContent>(std::move(model));
    MenuItem m;
    m.id = "affichage";
    for (const char* p : {"pages/n1.md", "pages/n2.md", "pages/n3.md", "pages/index.md"}) {
        MenuItem child;
        child.page = p;
        m.children.push_back(child);
    }
    auto e = list_entries(c, m, "2026-11-28");
    REQUIRE(e.size() == 2);
    CHECK(e[0]->title == "Récent");  // newest first
    CHECK(e[1]->title == "Plus ancien");
    CHECK(list_entries(c, m, "2026-10-01").size() == 1);
    CHECK(french_date("2026-12-01") == "1er décembre 2026");
    CHECK(french_date("2027-02-05") == "5 février 2027");
    CHECK(french_date("bad") == "bad");
}

TEST_CASE("lists: a legal notice reached by a link outside its period is withheld, saying why") {
    const PageInfo n = page("pages/a.md", "legal_notice", "Arrêté", {{"display_from", "2026-09-01"}, {"display_until", "2026-10-31"}});
    CHECK_FALSE(withheld_on(n, "2026-09-01"));
    CHECK_FALSE(withheld_on(n, "2026-10-31"));
    auto late = withheld_on(n, "2026-11-28");
    REQUIRE(late);
    CHECK(late->key == "page.expired");
    CHECK(late->date == "1er novembre 2026");  // no longer shown since the day after its last day
    auto early = withheld_on(n, "2026-08-15");
    REQUIRE(early);
    CHECK(early->key == "page.not_yet");
    CHECK(early->date == "1er septembre 2026");
    auto year_end = withheld_on(page("p", "legal_notice", "x", {{"display_from", "2026-12-01"}, {"display_until", "2026-12-31"}}),
                                "2027-01-05");
    REQUIRE(year_end);
    CHECK(year_end->date == "1er janvier 2027");
    auto bad = withheld_on(page("p", "legal_notice", "x", {{"display_from", "2026-12-01"}}), "2026-12-05");
    REQUIRE(bad);
    CHECK(bad->key == "page.withheld");
    // Other pages are never withheld (an event's page stays readable after it).
    CHECK_FALSE(withheld_on(page("e", "event", "Marché", {{"date_start", "2026-01-05"}}), "2026-11-28"));
    CHECK_FALSE(withheld_on(page("p", "page", "Déchets", {}), "2026-11-28"));
    CHECK_FALSE(withheld_on(n, ""));  // no date known: nothing withheld
}

TEST_CASE("links: a leading / starts from the content folder, as guichet-pack checks it") {
    CHECK(resolve_link("pages/a/b.md", "/pages/demarches/index.md") == "pages/demarches/index.md");
    CHECK(resolve_link("pages/a/b.md", "/pages/c.md#haut") == "pages/c.md");
    CHECK(resolve_link("pages/a/b.md", "/media/plan.jpg").empty());  // not a page
    CHECK(resolve_link("pages/a/b.md", "c.md") == "pages/a/c.md");
}

// The text model of one verified pack (docs/content-format.md): its menu,
// pages with their catalog fields and parsed Markdown, forms (summary and
// compiled model), recipients, communes directory, tracking prefix and
// resident-facing strings. Built once from a PackReader and immutable after:
// the kiosk's loader, the website export and the back office share it. No UI
// here, and no decoded media (the kiosk decodes pictures and videos itself).
#pragma once

#include "common/result.hpp"
#include "content/markdown.hpp"
#include "content/ui_strings.hpp"
#include "demarche/submit.hpp"
#include "forms/check.hpp"
#include "print/sheet.hpp"

#include <cstdint>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace guichet::pack {
class PackReader;
}

namespace guichet::content {

// A national site a rubrique opens in the kiosk's web view (docs/web-view.md).
struct OnlineSite {
    std::string title;
    std::string address;  // "https://…": its origin joins the web view's allow-list
    std::string summary;  // may be empty
    std::string icon;     // may be empty
};

struct MenuItem {
    std::string id;
    std::string title;
    std::string icon;                // a name from the pack ("maison", "formulaire"…)
    std::string page;                // "pages/…md", may be empty
    std::vector<std::string> forms;  // form ids
    std::vector<OnlineSite> sites;   // « Services en ligne »
    std::vector<MenuItem> children;
};

struct FormSummary {
    std::string id;
    std::string title;
    std::string summary;
    Doc note;                         // the explanatory note (Markdown)
    std::vector<std::string> pieces;  // pièces à joindre
    std::string page;                 // related page, may be empty
    std::size_t section_count = 0;
    std::string recipient;                                  // recipient id
    std::shared_ptr<const forms::CompiledForm> compiled;    // null when the form does not compile (not fillable)
    std::map<std::string, Doc> info_docs;                   // info fields' Markdown, parsed, by field id
};

struct PageInfo {
    std::string path;   // "pages/…md"
    std::string title;  // from the catalog
    std::string kind;
    std::map<std::string, std::string> fields;  // the catalog's other text keys (summary, dates, place…)
    Doc body;
};

inline constexpr const char* kDefaultTrackingPrefix = "ANR";  // a pack.json without "tracking_prefix"

struct PackContent {
    std::string pack_id;
    std::uint64_t pack_version = 0;
    std::string title;  // pack title
    std::string home;   // home page path
    std::vector<MenuItem> menu;
    std::map<std::string, PageInfo> pages;     // by path
    std::map<std::string, FormSummary> forms;  // by id
    std::vector<demarche::Recipient> recipients;              // from pack.json
    std::shared_ptr<const forms::CommuneDirectory> communes;  // data/communes.json; null when absent
    std::string tracking_prefix = kDefaultTrackingPrefix;     // pack.json "tracking_prefix" when given
    std::string commune;                                      // pack.json "commune_name": the name shown with its codes
    std::shared_ptr<const Strings> strings;                   // ui/strings.json; null for a pack without it
    std::map<std::string, std::shared_ptr<const print::Sheet>> sheets;  // sheets/<id>.json by id (docs/print.md)

    const MenuItem* find_menu(const std::string& id) const;  // anywhere in the menu tree
    const PageInfo* page(const std::string& path) const;
    const FormSummary* form(const std::string& id) const;
};

// Reads READER's pack.json, catalog.json with its pages, forms/*.json,
// data/communes.json and ui/strings.json. Every Image block's src is rewritten
// to its pack path (resolve_picture from the page, or from the form's page for
// a form's note); "" when it points outside media/. Fails on a missing or
// malformed pack.json, catalog.json, page, form file, communes or strings
// entry; a form that does not compile stays readable (compiled is null).
Result<PackContent> build_pack_content(const pack::PackReader& reader);

// A pack's tracking prefix and commune name from its pack.json (both "" when
// absent or unreadable): the kiosk names the commune of every admitted pack's codes.
struct PackCommune {
    std::string tracking_prefix;
    std::string commune;
};
PackCommune read_pack_commune(const pack::PackReader& reader);

// Resolves a Markdown link found in page FROM ("pages/a/b.md") against it:
// "c.md" -> "pages/a/c.md", "../d.md" -> "pages/d.md", "/pages/e.md" (from the
// content folder) -> "pages/e.md". Returns "" for external links and paths outside pages/.
std::string resolve_link(const std::string& from, const std::string& href);

// Pack path of an image written SRC in the page FROM ("pages/a/b.md"):
// relative to the page's folder; "" when outside media/ or external.
std::string resolve_picture(const std::string& from, const std::string& src);

}  // namespace guichet::content

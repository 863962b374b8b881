// What the screens show, built from one installed pack by a worker thread
// (content_loader.hpp) and handed to the UI thread whole. Immutable once built.
#pragma once

#include "demarche/submit.hpp"
#include "forms/check.hpp"
#include "ui/feeds.hpp"
#include "ui/markdown.hpp"
#include "ui/pictures.hpp"
#include "ui/player/video_guide.hpp"
#include "ui/strings.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace guichet::ui {

namespace map {
struct MapData;  // ui/map/map_data.hpp
}

struct MenuItem {
    std::string id;
    std::string title;
    std::string icon;                // a name from the pack ("maison", "formulaire"…); shown as a label for now
    std::string page;                // "pages/…md", may be empty
    std::vector<std::string> forms;  // form ids
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

struct Content {
    std::string pack_id;
    std::uint64_t pack_version = 0;
    std::string title;  // pack title
    std::string home;   // home page path
    std::vector<MenuItem> menu;
    std::map<std::string, PageInfo> pages;     // by path
    std::map<std::string, FormSummary> forms;  // by id
    std::vector<demarche::Recipient> recipients;                 // from pack.json
    std::shared_ptr<const forms::CommuneDirectory> communes;     // data/communes.json; null when absent
    std::string tracking_prefix = "ANR";                         // pack.json "tracking_prefix" when given
    std::string commune;                                         // pack.json "commune_name": the name shown with its codes
    // Every admitted pack's tracking prefix -> its commune (pack.json), this pack's included: the
    // store keeps démarches of every pack the kiosk had, and a code says by its prefix whose it is.
    std::map<std::string, std::string> communes_by_prefix;
    PictureMap pictures;  // decoded on the loader's worker, by pack path (ui/pictures.hpp)
    std::shared_ptr<const map::MapData> maps;  // the pack's maps, opened on the loader's worker; null: none (ui/map/map_data.hpp)
    VideoMap videos;      // video guides by pack path, their posters in PICTURES (ui/player/video_guide.hpp)
    std::shared_ptr<const Strings> strings;  // ui/strings.json; null for a pack without it (ui/strings.hpp)
    // The signed feeds read next to the pack (ui/feeds.hpp, docs/feeds.md §7): job offers and events as
    // body-less pages by path ("feed:jobs/<id>"), listed by list_entries; slots and versions as read.
    std::map<std::string, PageInfo> feed_pages;
    std::vector<FeedSlot> feed_slots;
    std::map<std::string, std::uint64_t> feed_versions;

    const MenuItem* find_menu(const std::string& id) const;
    const PageInfo* page(const std::string& path) const;  // a pack page, else a feed entry
    const FormSummary* form(const std::string& id) const;
    // The commune whose pack gave CODE ("ANR-7K3Q-9P" -> "Anor"), named only on a kiosk with packs of
    // several communes (with one, every code is that commune's); "" otherwise or when unknown.
    std::string commune_of(const std::string& code) const;
};

// Puts FEEDS' entries into C as body-less pages (feed_pages), its slots and versions alongside.
void add_feeds(Content& c, FeedContent feeds);

// Result of a load: either content, or the reasons no pack could be used.
struct LoadResult {
    std::shared_ptr<const Content> content;  // null when nothing usable was found
    std::vector<std::string> problems;       // one line per rejected pack or missing file
    bool unchanged = false;  // a rescan found the packs as last loaded: nothing to switch to
};

// Resolves a Markdown link found in page FROM ("pages/a/b.md") against it:
// "c.md" -> "pages/a/c.md", "../d.md" -> "pages/d.md", "/pages/e.md" (from the
// content folder) -> "pages/e.md". Returns "" for external links and paths outside pages/.
std::string resolve_link(const std::string& from, const std::string& href);

}  // namespace guichet::ui

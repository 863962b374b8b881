// What the screens show, built from one installed pack by a worker thread
// (content_loader.hpp) and handed to the UI thread whole. Immutable once built.
// The text model comes whole from the core (content/pack_content.hpp); this
// adds only what the kiosk alone needs: decoded pictures, video guides, maps,
// feeds shown as pages, and the communes of every admitted pack.
#pragma once

#include "content/pack_content.hpp"
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

// The pack's text model, built by the core content library (content/pack_content.hpp).
using content::FormSummary;
using content::MenuItem;
using content::OnlineSite;
using content::PackContent;
using content::PageInfo;
using content::resolve_link;

struct Content {
    // The pack's text model (menu, pages, forms, recipients, communes, prefix,
    // strings): shared and read-only; never null (empty until a pack is loaded).
    std::shared_ptr<const PackContent> pack = std::make_shared<const PackContent>();
    // Every admitted pack's tracking prefix -> its commune (pack.json), this pack's included: the
    // store keeps démarches of every pack the kiosk had, and a code says by its prefix whose it is.
    std::map<std::string, std::string> communes_by_prefix;
    std::string kiosk_id = "kiosk";  // this kiosk's id (loader options), for SEPA mandate references
    PictureMap pictures;  // decoded on the loader's worker, by pack path (ui/pictures.hpp)
    std::shared_ptr<const map::MapData> maps;  // the pack's maps, opened on the loader's worker; null: none (ui/map/map_data.hpp)
    VideoMap videos;      // video guides by pack path, their posters in PICTURES (ui/player/video_guide.hpp)
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

}  // namespace guichet::ui

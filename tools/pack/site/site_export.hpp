// `guichet-pack export-site`: a verified pack as the commune's static website
// (docs/site-export.md): home with the rubriques, every page, every démarche's
// page with its note and pièces, the lists as shown on the export date,
// pictures resized for the web, video guides with their subtitles. Everything
// from the pack is escaped; every file name in OUT is made from a sanitized id.
#pragma once

#include "common/result.hpp"
#include "content/pack_content.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::pack {
class PackReader;
}

namespace guichet::site {

// The layout of OUT and site.json (docs/site-export.md); bump on any change of either.
inline constexpr int kSiteFormatVersion = 2;  // 2: js/, formulaires/, communes.json (démarches online)

struct ExportOptions {
    std::filesystem::path out;  // created if missing; must be empty or hold an earlier export (site.json)
    std::string today;          // "YYYY-MM-DD": the display periods are those of this day
    std::string hub_url;        // "" or http(s)://…: where the démarche pages send (protocol §11)
    // The démarche pages' scripts (docs/site-export.md "Démarches en ligne"): a folder holding
    // kOnlineScripts. With HUB_URL, the démarches that can be filled online get their form.
    std::filesystem::path scripts;
    int picture_max = 1280;     // pictures fitted within picture_max × picture_max pixels
};

// The files of ExportOptions::scripts, copied into OUT/js/.
inline constexpr const char* kOnlineScripts[] = {"demarche.js", "guichet-forms.js", "guichet-forms.wasm",
                                                 "libsodium-wrappers.mjs", "libsodium-sumo.mjs"};

struct ExportReport {
    std::size_t pages = 0;      // HTML files written, home and rubriques included
    std::size_t pictures = 0;
    std::size_t videos = 0;
    std::size_t online_forms = 0;  // démarches that can be filled on the site
    std::uint64_t bytes = 0;    // all files written
    std::uint64_t largest_html = 0;
    std::vector<std::string> warnings;  // pictures that do not decode, …
};

// Writes the site of PACK (built from READER, whose signature the caller checked) into OPTIONS.out.
Result<ExportReport> export_site(const pack::PackReader& reader, const content::PackContent& pack,
                                 const ExportOptions& options);

// A file-name-safe form of ID: lower-case ASCII letters, digits and '-', accents folded,
// at most 60 characters, never empty, never "." or "..".
std::string slug(std::string_view id);

}  // namespace guichet::site

// Compiles a content source directory (docs/content-format.md) into pack
// entries, after checking everything staff could get wrong.
#pragma once

#include "diagnostics.hpp"
#include "pack_writer.hpp"

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace guichet::packsrc {

struct CompiledSource {
    pack::Manifest manifest;  // id, version, title, languages, min_kiosk_version, audience (no dates yet)
    std::int64_t expires_days = 0;
    std::vector<pack::SourceEntry> entries;
    std::size_t pages = 0, forms = 0, media = 0;
};

// Returns nothing when DIAGS holds errors.
std::optional<CompiledSource> compile_source(const std::filesystem::path& dir, Diagnostics& diags);

// Every file of the source folder with its size and modification time (hidden files left
// out, as the build does): `guichet-pack preview` rebuilds when it changes.
std::string source_fingerprint(const std::filesystem::path& dir);

// The rubrique icons pack.yaml may name (docs/content-format.md § 3); the
// kiosk draws each as a pictogram (kiosk/ui/icons.hpp).
std::span<const char* const> menu_icons();

}  // namespace guichet::packsrc

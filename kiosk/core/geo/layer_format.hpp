// Constants of the map layer format (docs/map-format.md), shared by the
// writer (tools/pack/geo) and the reader (layer.hpp). Version 2 added line
// layers (networks: water, sewer, electricity); polygon and point layers are
// still written as version 1, so that older kiosks read them.
#pragma once

#include <cstdint>

namespace guichet::geo::format {

inline constexpr std::uint8_t kMagic[8] = {'G', 'U', 'I', 'C', 'H', 'M', 'A', 'P'};
inline constexpr std::uint16_t kVersion = 2;       // the newest this code reads and writes
inline constexpr std::uint16_t kLinesVersion = 2;  // the first with line layers
// The kiosk software version (GUICHET_KIOSK_VERSION) that first reads line
// layers: guichet-pack raises a pack's min_kiosk_version to it when the pack
// has one, so that an older kiosk refuses the pack, saying why.
inline constexpr std::uint32_t kLinesKioskVersion = 2;
inline constexpr std::uint16_t kHeaderSize = 64;
inline constexpr std::uint32_t kSectionEntrySize = 24;
inline constexpr std::uint32_t kMaxSections = 64;
inline constexpr std::uint16_t kMaxFields = 64;
// Coordinates are stored as whole centimetres (Web Mercator) from the layer's origin.
inline constexpr double kUnitsPerMetre = 100.0;

enum class Kind : std::uint16_t { polygons = 1, points = 2, lines = 3 };

constexpr std::uint32_t tag(char a, char b, char c, char d) {
    return static_cast<std::uint32_t>(a) | (static_cast<std::uint32_t>(b) << 8) | (static_cast<std::uint32_t>(c) << 16) |
           (static_cast<std::uint32_t>(d) << 24);
}
inline constexpr std::uint32_t kFields = tag('F', 'L', 'D', 'S');      // field names
inline constexpr std::uint32_t kAttributes = tag('A', 'T', 'T', 'R');  // (offset, length) per feature and field
inline constexpr std::uint32_t kStrings = tag('S', 'T', 'R', 'S');     // UTF-8 bytes the attributes point into
inline constexpr std::uint32_t kIndex = tag('I', 'N', 'D', 'X');       // packed R-tree (rtree.hpp)
inline constexpr std::uint32_t kGeometry = tag('G', 'E', 'O', 'M');    // polygons or lines, one per level of detail (param: min zoom)
inline constexpr std::uint32_t kPoints = tag('P', 'N', 'T', 'S');      // one point per feature

}  // namespace guichet::geo::format

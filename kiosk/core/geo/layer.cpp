#include "geo/layer.hpp"

#include "geo/polygon.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>
#include <limits>

namespace guichet::geo {

// This reader reads line layers: the kiosk it is built into must say so to packs (min_kiosk_version).
static_assert(GUICHET_KIOSK_VERSION >= format::kLinesKioskVersion, "raise GUICHET_KIOSK_VERSION (CMakeLists.txt)");

namespace {

double get_f64(const std::uint8_t* p) {
    std::uint64_t bits = load_le64(p);
    double v;
    std::memcpy(&v, &bits, 8);
    return v;
}

std::int32_t get_i32(const std::uint8_t* p) { return static_cast<std::int32_t>(load_le32(p)); }

std::string tag_name(std::uint32_t tag) {
    std::string s(4, '?');
    for (int i = 0; i < 4; ++i) {
        char c = static_cast<char>((tag >> (8 * i)) & 0xFF);
        s[static_cast<std::size_t>(i)] = (c >= 0x20 && c < 0x7F) ? c : '?';
    }
    return s;
}

// Walks one feature's polygon blob, checking every count against its size.
bool polygon_blob_ok(ByteView b) {
    std::size_t at = 0;
    auto take_u32 = [&](std::uint32_t& v) {
        if (b.size() - at < 4) return false;
        v = load_le32(b.data() + at);
        at += 4;
        return true;
    };
    std::uint32_t polygons = 0;
    if (!take_u32(polygons)) return false;
    for (std::uint32_t p = 0; p < polygons; ++p) {
        std::uint32_t rings = 0;
        if (!take_u32(rings) || rings == 0) return false;
        for (std::uint32_t r = 0; r < rings; ++r) {
            std::uint32_t points = 0;
            if (!take_u32(points) || points < 4 || (b.size() - at) / 8 < points) return false;
            at += std::size_t{points} * 8;
        }
    }
    return at == b.size();
}

// The same for a line layer's blob: u32 line_count, then per line u32 point_count (≥ 2) and its points.
bool line_blob_ok(ByteView b) {
    if (b.size() < 4) return false;
    const std::uint32_t lines = load_le32(b.data());
    std::size_t at = 4;
    for (std::uint32_t l = 0; l < lines; ++l) {
        if (b.size() - at < 4) return false;
        const std::uint32_t points = load_le32(b.data() + at);
        at += 4;
        if (points < 2 || (b.size() - at) / 8 < points) return false;
        at += std::size_t{points} * 8;
    }
    return at == b.size();
}

double distance_to_segment(Point p, Point a, Point b) {
    double dx = b.x - a.x, dy = b.y - a.y;
    double len_sq = dx * dx + dy * dy;
    double t = len_sq == 0 ? 0 : std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len_sq, 0.0, 1.0);
    return std::hypot(a.x + t * dx - p.x, a.y + t * dy - p.y);
}

}  // namespace

Result<MapLayer> MapLayer::open(ByteView bytes) {
    using namespace format;
    if (bytes.size() < kHeaderSize) return fail("map layer: truncated header (" + std::to_string(bytes.size()) + " bytes)");
    if (std::memcmp(bytes.data(), kMagic, 8) != 0) return fail("map layer: not a Guichet map layer (bad magic)");
    const std::uint8_t* h = bytes.data();
    const std::uint16_t version = load_le16(h + 8);
    if (version < 1 || version > kVersion)
        return fail("map layer: unsupported format version " + std::to_string(version) + " (this reader supports versions 1 and 2)");
    if (load_le16(h + 10) != kHeaderSize) return fail("map layer: header size is not 64");
    MapLayer L;
    std::uint16_t kind = load_le16(h + 12);
    if (kind != 1 && kind != 2 && kind != 3) return fail("map layer: unknown geometry kind " + std::to_string(kind));
    if (kind == 3 && version < kLinesVersion) return fail("map layer: a line layer (kind 3) needs format version 2");
    L.kind_ = static_cast<Kind>(kind);
    std::uint16_t field_count = load_le16(h + 14);
    L.feature_count_ = load_le32(h + 16);
    std::uint32_t section_count = load_le32(h + 20);
    L.bounds_ = {get_f64(h + 24), get_f64(h + 32), get_f64(h + 40), get_f64(h + 48)};
    for (int i = 56; i < 64; ++i)
        if (h[i] != 0) return fail("map layer: reserved header bytes are not zero");
    if (field_count > kMaxFields) return fail("map layer: " + std::to_string(field_count) + " fields (at most 64)");
    if (section_count > kMaxSections) return fail("map layer: " + std::to_string(section_count) + " sections (at most 64)");
    if (!std::isfinite(L.bounds_.min_x) || !std::isfinite(L.bounds_.min_y) || !std::isfinite(L.bounds_.max_x) || !std::isfinite(L.bounds_.max_y))
        if (L.feature_count_ > 0) return fail("map layer: bounds are not finite");
    if (bytes.size() - kHeaderSize < std::uint64_t{section_count} * kSectionEntrySize) return fail("map layer: truncated section table");

    ByteView fields_section, index_section;
    bool have_fields = false, have_index = false;
    for (std::uint32_t s = 0; s < section_count; ++s) {
        const std::uint8_t* e = h + kHeaderSize + std::size_t{s} * kSectionEntrySize;
        std::uint32_t tag = load_le32(e), param = load_le32(e + 4);
        std::uint64_t offset = load_le64(e + 8), size = load_le64(e + 16);
        if (!fits(offset, size, bytes.size())) return fail("map layer: section " + tag_name(tag) + " lies outside the layer");
        ByteView body = bytes.subspan(offset, size);
        if (tag == kFields) fields_section = body, have_fields = true;
        else if (tag == kAttributes) L.attributes_ = body;
        else if (tag == kStrings) L.strings_ = body;
        else if (tag == kIndex) index_section = body, have_index = true;
        else if (tag == kPoints) L.points_ = body;
        else if (tag == kGeometry) {
            if (param > 30) return fail("map layer: geometry level with min zoom " + std::to_string(param));
            if (!L.levels_.empty() && static_cast<int>(param) <= L.levels_.back().min_zoom)
                return fail("map layer: geometry levels are not in increasing zoom order");
            std::uint64_t table = (std::uint64_t{L.feature_count_} + 1) * 4;
            if (size < table) return fail("map layer: geometry level " + std::to_string(param) + " is truncated");
            L.levels_.push_back({static_cast<int>(param), body.subspan(0, table), body});
        } else {
            return fail("map layer: unknown section " + tag_name(tag));
        }
    }
    if (!have_fields || !have_index) return fail("map layer: missing the field or index section");

    std::size_t at = 0;
    for (std::uint16_t f = 0; f < field_count; ++f) {
        if (fields_section.size() - at < 2) return fail("map layer: field names are truncated");
        std::uint16_t len = load_le16(fields_section.data() + at);
        if (fields_section.size() - at - 2 < len) return fail("map layer: field names are truncated");
        L.fields_.emplace_back(as_chars(fields_section.subspan(at + 2, len)));
        at += 2u + len;
    }
    if (at != fields_section.size()) return fail("map layer: bytes after the field names");

    if (L.attributes_.size() != std::uint64_t{L.feature_count_} * field_count * 8)
        return fail("map layer: attribute table size does not match " + std::to_string(L.feature_count_) + " features × " +
                    std::to_string(field_count) + " fields");
    for (std::size_t i = 0; i < L.attributes_.size(); i += 8)
        if (!fits(load_le32(L.attributes_.data() + i), load_le32(L.attributes_.data() + i + 4), L.strings_.size()))
            return fail("map layer: attribute " + std::to_string(i / 8) + " points outside the string table");

    if (L.kind_ == Kind::points) {
        if (L.points_.size() != std::uint64_t{L.feature_count_} * 8) return fail("map layer: point table size does not match the feature count");
    } else {
        const bool lines = L.kind_ == Kind::lines;
        if (L.levels_.empty()) return fail(std::string("map layer: ") + (lines ? "line" : "polygon") + " layer without geometry");
        for (const auto& level : L.levels_) {
            std::uint32_t previous = static_cast<std::uint32_t>(level.offsets.size());
            for (std::uint32_t f = 0; f <= L.feature_count_; ++f) {
                std::uint32_t off = load_le32(level.offsets.data() + std::size_t{f} * 4);
                if (off < previous || off > level.section.size())
                    return fail("map layer: geometry level " + std::to_string(level.min_zoom) + ", feature " + std::to_string(f) + ": bad offset");
                const ByteView blob = level.section.subspan(previous, off - previous);
                if (f > 0 && !(lines ? line_blob_ok(blob) : polygon_blob_ok(blob)))
                    return fail("map layer: geometry level " + std::to_string(level.min_zoom) + ", feature " + std::to_string(f - 1) +
                                (lines ? ": malformed line" : ": malformed polygon"));
                previous = off;
            }
            if (previous != level.section.size()) return fail("map layer: geometry level " + std::to_string(level.min_zoom) + " has trailing bytes");
        }
    }

    auto index = RTreeView::open(index_section);
    if (!index) return fail("map layer: " + index.error().message);
    if (index->item_count() != L.feature_count_) return fail("map layer: the spatial index does not cover every feature");
    L.index_ = *index;
    return L;
}

std::optional<std::size_t> MapLayer::field_index(std::string_view name) const {
    for (std::size_t i = 0; i < fields_.size(); ++i)
        if (fields_[i] == name) return i;
    return std::nullopt;
}

std::string_view MapLayer::attribute(std::uint32_t feature, std::size_t field) const {
    assert(feature < feature_count_ && field < fields_.size());
    const std::uint8_t* e = attributes_.data() + (std::size_t{feature} * fields_.size() + field) * 8;
    return as_chars(strings_.subspan(load_le32(e), load_le32(e + 4)));
}

std::string_view MapLayer::attribute(std::uint32_t feature, std::string_view field) const {
    auto i = field_index(field);
    return i ? attribute(feature, *i) : std::string_view{};
}

std::size_t MapLayer::level_for_zoom(double zoom) const {
    std::size_t chosen = 0;
    for (std::size_t i = 0; i < levels_.size(); ++i)
        if (levels_[i].min_zoom <= zoom) chosen = i;
    return chosen;
}

Point MapLayer::decode_point(const std::uint8_t* p) const {
    return {bounds_.min_x + get_i32(p) / format::kUnitsPerMetre, bounds_.min_y + get_i32(p + 4) / format::kUnitsPerMetre};
}

ByteView MapLayer::feature_bytes(const Level& level, std::uint32_t feature) const {
    std::uint32_t begin = load_le32(level.offsets.data() + std::size_t{feature} * 4);
    std::uint32_t end = load_le32(level.offsets.data() + std::size_t{feature} * 4 + 4);
    return level.section.subspan(begin, end - begin);
}

MultiPolygon MapLayer::geometry(std::uint32_t feature, std::size_t level) const {
    MultiPolygon out;
    if (kind_ != format::Kind::polygons) return out;
    assert(feature < feature_count_ && level < levels_.size());
    ByteView b = feature_bytes(levels_[level], feature);
    const std::uint8_t* p = b.data();
    std::uint32_t polygons = load_le32(p);
    p += 4;
    out.polygons.resize(polygons);
    for (auto& poly : out.polygons) {
        std::uint32_t rings = load_le32(p);
        p += 4;
        poly.rings.resize(rings);
        for (auto& ring : poly.rings) {
            std::uint32_t points = load_le32(p);
            p += 4;
            ring.reserve(points);
            for (std::uint32_t i = 0; i < points; ++i, p += 8) ring.push_back(decode_point(p));
        }
    }
    return out;
}

MultiLine MapLayer::lines(std::uint32_t feature, std::size_t level) const {
    MultiLine out;
    if (kind_ != format::Kind::lines) return out;
    assert(feature < feature_count_ && level < levels_.size());
    const std::uint8_t* p = feature_bytes(levels_[level], feature).data();
    out.lines.resize(load_le32(p));
    p += 4;
    for (auto& line : out.lines) {
        const std::uint32_t points = load_le32(p);
        p += 4;
        line.reserve(points);
        for (std::uint32_t i = 0; i < points; ++i, p += 8) line.push_back(decode_point(p));
    }
    return out;
}

Point MapLayer::point(std::uint32_t feature) const {
    assert(kind_ == format::Kind::points && feature < feature_count_);
    return decode_point(points_.data() + std::size_t{feature} * 8);
}

std::optional<std::uint32_t> MapLayer::feature_at(Point p, double tolerance) const {
    BBox probe{p.x - tolerance, p.y - tolerance, p.x + tolerance, p.y + tolerance};
    std::optional<std::uint32_t> best;
    double best_score = std::numeric_limits<double>::infinity();
    auto candidates = index_.search(probe);
    if (kind_ == format::Kind::points) {
        for (auto f : candidates) {
            Point q = point(f);
            double d = std::hypot(q.x - p.x, q.y - p.y);
            if (d <= tolerance && d < best_score) best_score = d, best = f;
        }
        return best;
    }
    if (kind_ == format::Kind::lines) {  // the nearest pipe or cable
        for (auto f : candidates)
            for (const auto& line : lines(f).lines)
                for (std::size_t i = 1; i < line.size(); ++i) {
                    const double d = distance_to_segment(p, line[i - 1], line[i]);
                    if (d <= tolerance && d < best_score) best_score = d, best = f;
                }
        return best;
    }
    // Inside wins; among containing features the smallest (a parcel inside a
    // larger one); else the nearest edge within the tolerance.
    for (auto f : candidates) {
        MultiPolygon shape = geometry(f);
        if (contains(shape, p)) {
            double area = planar_area(shape);
            if (area < best_score) best_score = area, best = f;
        }
    }
    if (best || tolerance <= 0) return best;
    for (auto f : candidates) {
        for (const auto& poly : geometry(f).polygons)
            for (const auto& ring : poly.rings)
                for (std::size_t i = 1; i < ring.size(); ++i) {
                    double d = distance_to_segment(p, ring[i - 1], ring[i]);
                    if (d <= tolerance && d < best_score) best_score = d, best = f;
                }
    }
    return best;
}

}  // namespace guichet::geo

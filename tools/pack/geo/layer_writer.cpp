#include "layer_writer.hpp"

#include "geo/rtree.hpp"
#include "geo/simplify.hpp"

#include <cmath>
#include <cstring>
#include <limits>

namespace guichet::geo_import {

namespace fmt = geo::format;

namespace {

struct Section {
    std::uint32_t tag;
    std::uint32_t param;
    Bytes body;
};

void put_f64(ByteWriter& w, double v) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, 8);
    w.u64(bits);
}

bool put_point(ByteWriter& w, geo::Point p, const geo::BBox& origin) {
    double x = std::round((p.x - origin.min_x) * fmt::kUnitsPerMetre), y = std::round((p.y - origin.min_y) * fmt::kUnitsPerMetre);
    constexpr double kMax = std::numeric_limits<std::int32_t>::max();
    if (!(std::abs(x) <= kMax && std::abs(y) <= kMax)) return false;
    w.u32(static_cast<std::uint32_t>(static_cast<std::int32_t>(x)));
    w.u32(static_cast<std::uint32_t>(static_cast<std::int32_t>(y)));
    return true;
}

Result<Section> geometry_level(const std::vector<geo::MultiPolygon>& shapes, int zoom, const geo::BBox& origin) {
    Section s{fmt::kGeometry, static_cast<std::uint32_t>(zoom), {}};
    std::size_t n = shapes.size();
    Bytes blobs;
    ByteWriter w(blobs);
    std::vector<std::uint64_t> offsets;
    for (const auto& drawn : shapes) {
        offsets.push_back(blobs.size());
        w.u32(static_cast<std::uint32_t>(drawn.polygons.size()));
        for (const auto& poly : drawn.polygons) {
            w.u32(static_cast<std::uint32_t>(poly.rings.size()));
            for (const auto& ring : poly.rings) {
                w.u32(static_cast<std::uint32_t>(ring.size()));
                for (auto p : ring)
                    if (!put_point(w, p, origin)) return fail("map layer: a feature lies too far from the layer's origin");
            }
        }
    }
    offsets.push_back(blobs.size());
    std::uint64_t table = (n + 1) * 4;
    if (blobs.size() + table > std::numeric_limits<std::uint32_t>::max()) return fail("map layer: a geometry level exceeds 4 GiB");
    ByteWriter sw(s.body);
    for (auto o : offsets) sw.u32(static_cast<std::uint32_t>(o + table));
    sw.bytes(blobs);
    return s;
}

// One level of a line layer: per feature u32 line_count, then per line u32 point_count and its points.
Result<Section> line_level(const std::vector<geo::MultiLine>& shapes, int zoom, const geo::BBox& origin) {
    Section s{fmt::kGeometry, static_cast<std::uint32_t>(zoom), {}};
    Bytes blobs;
    ByteWriter w(blobs);
    std::vector<std::uint64_t> offsets;
    for (const auto& drawn : shapes) {
        offsets.push_back(blobs.size());
        w.u32(static_cast<std::uint32_t>(drawn.lines.size()));
        for (const auto& line : drawn.lines) {
            w.u32(static_cast<std::uint32_t>(line.size()));
            for (auto p : line)
                if (!put_point(w, p, origin)) return fail("map layer: a feature lies too far from the layer's origin");
        }
    }
    offsets.push_back(blobs.size());
    const std::uint64_t table = (shapes.size() + 1) * 4;
    if (blobs.size() + table > std::numeric_limits<std::uint32_t>::max()) return fail("map layer: a geometry level exceeds 4 GiB");
    ByteWriter sw(s.body);
    for (auto o : offsets) sw.u32(static_cast<std::uint32_t>(o + table));
    sw.bytes(blobs);
    return s;
}

}  // namespace

Result<Bytes> write_layer(const LayerContent& c) {
    const bool polygons = c.kind == fmt::Kind::polygons, lines = c.kind == fmt::Kind::lines;
    const std::size_t n = polygons ? c.shapes.size() : lines ? c.lines.size() : c.points.size();
    if (c.values.size() != n) return fail("map layer: attribute rows do not match the features");
    if (c.fields.size() > fmt::kMaxFields) return fail("map layer: more than 64 fields");

    std::vector<geo::BBox> boxes;
    geo::BBox bounds;
    for (std::size_t i = 0; i < n; ++i) {
        geo::BBox b;
        if (polygons) b = geo::bbox_of(c.shapes[i]);
        else if (lines) b = geo::bbox_of(c.lines[i]);
        else b.extend(c.points[i]);
        boxes.push_back(b);
        bounds.extend(b);
    }
    if (n == 0) bounds = {0, 0, 0, 0};

    std::vector<Section> sections;
    Section names{fmt::kFields, 0, {}};
    ByteWriter nw(names.body);
    for (const auto& f : c.fields) {
        nw.u16(static_cast<std::uint16_t>(f.size()));
        nw.bytes(f);
    }
    sections.push_back(std::move(names));

    Section attributes{fmt::kAttributes, 0, {}}, strings{fmt::kStrings, 0, {}};
    ByteWriter aw(attributes.body);
    for (const auto& row : c.values) {
        if (row.size() != c.fields.size()) return fail("map layer: a feature has the wrong number of attributes");
        for (const auto& v : row) {
            aw.u32(static_cast<std::uint32_t>(strings.body.size()));
            aw.u32(static_cast<std::uint32_t>(v.size()));
            strings.body.insert(strings.body.end(), v.begin(), v.end());
        }
    }
    sections.push_back(std::move(attributes));
    sections.push_back(std::move(strings));
    sections.push_back({fmt::kIndex, 0, geo::build_rtree(boxes)});

    if (polygons) {
        // Each level simplifies the next finer one, so a coarser level never
        // has more points than a finer one (a ring simplification refuses is
        // kept as it is at that level).
        std::vector<Section> levels(c.level_zooms.size());
        std::vector<geo::MultiPolygon> shapes = c.shapes;
        for (std::size_t l = c.level_zooms.size(); l-- > 0;) {
            if (l + 1 < c.level_zooms.size())
                for (auto& shape : shapes) shape = geo::simplify(shape, geo::tolerance_for_zoom(c.level_zooms[l]));
            auto level = geometry_level(shapes, c.level_zooms[l], bounds);
            if (!level) return level.error();
            levels[l] = std::move(*level);
        }
        for (auto& level : levels) sections.push_back(std::move(level));
    } else if (lines) {
        // The same for lines: each level simplifies the next finer one (endpoints kept).
        std::vector<Section> levels(c.level_zooms.size());
        std::vector<geo::MultiLine> shapes = c.lines;
        for (std::size_t l = c.level_zooms.size(); l-- > 0;) {
            if (l + 1 < c.level_zooms.size())
                for (auto& shape : shapes)
                    for (auto& line : shape.lines) line = geo::simplify_line(line, geo::tolerance_for_zoom(c.level_zooms[l]));
            auto level = line_level(shapes, c.level_zooms[l], bounds);
            if (!level) return level.error();
            levels[l] = std::move(*level);
        }
        for (auto& level : levels) sections.push_back(std::move(level));
    } else {
        Section pts{fmt::kPoints, 0, {}};
        ByteWriter pw(pts.body);
        for (auto p : c.points)
            if (!put_point(pw, p, bounds)) return fail("map layer: a point lies too far from the layer's origin");
        sections.push_back(std::move(pts));
    }

    Bytes out(fmt::kHeaderSize, 0);
    std::memcpy(out.data(), fmt::kMagic, 8);
    store_le16(&out[8], lines ? fmt::kLinesVersion : std::uint16_t{1});
    store_le16(&out[10], fmt::kHeaderSize);
    store_le16(&out[12], static_cast<std::uint16_t>(c.kind));
    store_le16(&out[14], static_cast<std::uint16_t>(c.fields.size()));
    store_le32(&out[16], static_cast<std::uint32_t>(n));
    store_le32(&out[20], static_cast<std::uint32_t>(sections.size()));
    Bytes bbox;
    ByteWriter bw(bbox);
    put_f64(bw, bounds.min_x), put_f64(bw, bounds.min_y), put_f64(bw, bounds.max_x), put_f64(bw, bounds.max_y);
    std::memcpy(&out[24], bbox.data(), 32);

    std::uint64_t offset = fmt::kHeaderSize + sections.size() * fmt::kSectionEntrySize;
    ByteWriter w(out);
    for (const auto& s : sections) {
        w.u32(s.tag), w.u32(s.param), w.u64(offset), w.u64(s.body.size());
        offset += s.body.size();
    }
    for (const auto& s : sections) w.bytes(s.body);
    return out;
}

}  // namespace guichet::geo_import

#include "ui/capture/capture_math.hpp"

#include <algorithm>
#include <numeric>

namespace guichet::ui::capture {

using media::Rotation;

Rotation next_rotation(Rotation r) {
    switch (r) {
        case Rotation::none: return Rotation::clockwise;
        case Rotation::clockwise: return Rotation::half;
        case Rotation::half: return Rotation::counterclockwise;
        case Rotation::counterclockwise: return Rotation::none;
    }
    return Rotation::none;
}

// media::rotate clockwise sends the frame point (u, v) to (1 - v, u).
void view_to_frame(Rotation rotation, float u, float v, float& fu, float& fv) {
    switch (rotation) {
        case Rotation::none: fu = u; fv = v; return;
        case Rotation::clockwise: fu = v; fv = 1 - u; return;
        case Rotation::half: fu = 1 - u; fv = 1 - v; return;
        case Rotation::counterclockwise: fu = 1 - v; fv = u; return;
    }
}

media::Size turned_size(media::Size frame, Rotation rotation) {
    if (rotation == Rotation::clockwise || rotation == Rotation::counterclockwise) return {frame.height, frame.width};
    return frame;
}

media::Rect frame_crop(const NormRect& view, Rotation rotation, media::Size frame) {
    float ax = 0, ay = 0, bx = 0, by = 0;
    view_to_frame(rotation, view.x0, view.y0, ax, ay);
    view_to_frame(rotation, view.x1, view.y1, bx, by);
    auto px = [](float n, int side) { return std::clamp(static_cast<int>(n * static_cast<float>(side) + 0.5f), 0, side); };
    int x0 = px(std::min(ax, bx), frame.width), x1 = px(std::max(ax, bx), frame.width);
    int y0 = px(std::min(ay, by), frame.height), y1 = px(std::max(ay, by), frame.height);
    if (x1 <= x0) x1 = std::min(frame.width, x0 + 1), x0 = x1 - 1;
    if (y1 <= y0) y1 = std::min(frame.height, y0 + 1), y0 = y1 - 1;
    return {x0, y0, x1 - x0, y1 - y0};
}

NormRect turn_clockwise(const NormRect& v) {
    // A shown point (u, v) goes to (1 - v, u) after one more clockwise turn.
    return {1 - v.y1, v.x0, 1 - v.y0, v.x1};
}

NormRect drag_corner(const NormRect& view, int corner, float du, float dv) {
    NormRect r = view;
    const bool left = corner == 0 || corner == 3, top = corner == 0 || corner == 1;
    if (left) r.x0 = std::clamp(r.x0 + du, 0.0f, r.x1 - kMinCropShare);
    else r.x1 = std::clamp(r.x1 + du, r.x0 + kMinCropShare, 1.0f);
    if (top) r.y0 = std::clamp(r.y0 + dv, 0.0f, r.y1 - kMinCropShare);
    else r.y1 = std::clamp(r.y1 + dv, r.y0 + kMinCropShare, 1.0f);
    return r;
}

std::optional<std::size_t> next_page_budget(std::size_t max_bytes, const std::vector<std::size_t>& page_sizes,
                                            bool multi_page) {
    if (!page_sizes.empty() && (!multi_page || static_cast<int>(page_sizes.size()) >= kMaxPages)) return std::nullopt;
    if (max_bytes == 0) return kPageBudget;
    const std::size_t used = std::accumulate(page_sizes.begin(), page_sizes.end(), std::size_t{0});
    // A second page turns the document into a PDF: keep room for its structure.
    const std::size_t overhead = page_sizes.empty() ? 0 : kPdfOverhead;
    if (used + overhead >= max_bytes) return std::nullopt;
    const std::size_t left = std::min(kPageBudget, max_bytes - used - overhead);
    if (left < kMinPageBudget) return std::nullopt;
    return left;
}

std::string attachment_name(const std::string& field_id, int pages) {
    std::string base;  // "enfants[2].certificat" (a field in a group's item) → "enfants-2-certificat"
    for (char ch : field_id) {
        if (ch == ']') continue;
        base += (ch == '[' || ch == '.') ? '-' : ch;
    }
    return base + (pages > 1 ? ".pdf" : ".jpg");
}

std::string kilo_octets(std::size_t bytes) {
    return std::to_string((bytes + 999) / 1000) + "\u00a0Ko";
}

}  // namespace guichet::ui::capture

#include "ui/layout_check.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <utility>

namespace guichet::ui {

namespace {

constexpr float kTol = 1.0f;  // pixels: rounding of ImGui's layout

Rect rect_of(const Element& e) { return {e.x0, e.y0, e.x1, e.y1}; }
Rect intersect(const Rect& a, const Rect& b) {
    return {std::max(a.x0, b.x0), std::max(a.y0, b.y0), std::min(a.x1, b.x1), std::min(a.y1, b.y1)};
}
bool empty(const Rect& r) { return r.x1 - r.x0 <= kTol || r.y1 - r.y0 <= kTol; }
bool inside(const Rect& in, const Rect& out) {
    return in.x0 >= out.x0 - kTol && in.y0 >= out.y0 - kTol && in.x1 <= out.x1 + kTol && in.y1 <= out.y1 + kTol;
}
bool same(const Rect& a, const Rect& b) {
    return std::abs(a.x0 - b.x0) < 0.5f && std::abs(a.y0 - b.y0) < 0.5f && std::abs(a.x1 - b.x1) < 0.5f &&
           std::abs(a.y1 - b.y1) < 0.5f;
}
bool overlay(const Region& r) { return r.name == "confirm" || r.name == "alerte"; }

std::string fmt(const Rect& r) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "(%.0f,%.0f)-(%.0f,%.0f)", r.x0, r.y0, r.x1, r.y1);
    return buf;
}
std::string who(const Element& e) {
    std::string s = "'" + (e.label.empty() ? e.name : e.label) + "'";
    if (!e.name.empty() && !e.label.empty()) s += " [" + e.name + "]";
    return s + " " + fmt(rect_of(e));
}
std::string ratio(double r) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f:1", r);
    return buf;
}

}  // namespace

TargetRule target_rule(const Element& e, const Metrics& m) {
    const float mm9 = m.min_target_mm * m.px_per_mm;
    if (e.name.rfind("key:", 0) == 0) return {mm9, mm9, m.tight_gap_px()};
    if (e.name.rfind("opt:", 0) == 0 || e.name.rfind("commune:", 0) == 0)
        return {mm9, m.target_px() * 0.85f, m.tight_gap_px()};
    if (e.name.rfind("field:", 0) == 0) return {mm9, m.target_px() * 0.85f, m.tight_gap_px()};
    if (!e.name.empty()) return {mm9, mm9, m.tight_gap_px()};  // named controls of the capture and map screens
    return {mm9, m.target_px(), m.gap_px()};  // big buttons
}

std::vector<std::string> check_layout(const FrameRecord& f, const LayoutRules& rules) {
    std::vector<std::string> out;
    const Rect screen{0, 0, rules.width, rules.height};
    const Region* content = nullptr;
    const Region* keyboard = nullptr;
    for (const Region& r : f.regions) {
        if (r.name == "contenu") content = &r;
        if (r.name == "clavier") keyboard = &r;
        if (!inside(r.rect, screen)) out.push_back("band '" + r.name + "' " + fmt(r.rect) + " leaves the screen");
        if (r.rect.y1 - r.rect.y0 < 0) out.push_back("band '" + r.name + "' has a negative height");
    }
    for (std::size_t i = 0; i < f.regions.size(); ++i)
        for (std::size_t j = i + 1; j < f.regions.size(); ++j) {
            if (overlay(f.regions[i]) || overlay(f.regions[j])) continue;
            if (!empty(intersect(f.regions[i].rect, f.regions[j].rect)))
                out.push_back("bands '" + f.regions[i].name + "' and '" + f.regions[j].name + "' overlap");
        }

    // Visible parts; each element's window must lie in one band.
    std::vector<Rect> vis(f.elements.size());
    for (std::size_t i = 0; i < f.elements.size(); ++i) {
        const Element& e = f.elements[i];
        const bool clipped = !(e.clip.x1 > e.clip.x0 && e.clip.y1 > e.clip.y0);
        vis[i] = clipped ? rect_of(e) : intersect(rect_of(e), e.clip);
        if (empty(vis[i])) continue;
        if (!clipped && !f.regions.empty()) {
            const bool in_band = std::any_of(f.regions.begin(), f.regions.end(),
                                             [&](const Region& r) { return inside(e.clip, r.rect); });
            if (!in_band) out.push_back(who(e) + " is drawn in a window " + fmt(e.clip) + " across the frame's bands");
        }
        if (!inside(vis[i], screen)) out.push_back(who(e) + " is outside the screen");
        // Only the content scrolls: a control of another band (footer, keyboard) cut by it is lost.
        if (!clipped && content != nullptr && !inside(e.clip, content->rect) && !inside(rect_of(e), e.clip))
            out.push_back(who(e) + " is cut off by its band " + fmt(e.clip));
        const TargetRule rule = target_rule(e, rules.metrics);
        if (inside(rect_of(e), clipped ? screen : e.clip)) {  // whole: its size can be judged
            if (e.x1 - e.x0 < rule.min_w - kTol || e.y1 - e.y0 < rule.min_h - kTol) {
                char buf[64];
                std::snprintf(buf, sizeof buf, " is %.0f×%.0f px, under %.0f×%.0f", e.x1 - e.x0, e.y1 - e.y0, rule.min_w,
                              rule.min_h);
                out.push_back(who(e) + buf);
            }
        }
        if (e.label_w > 0 && e.label_w > e.x1 - e.x0 - 2 * kTol)
            out.push_back(who(e) + "'s label is wider than the control");
        if (e.shape.known && !stands_out(e.shape.fill, e.shape.around) &&
            !(e.shape.outlined && stands_out(e.shape.outline, e.shape.around)))
            out.push_back(who(e) + " has no visible shape (fill " +
                          ratio(contrast_ratio(e.shape.fill, e.shape.around)) + " on what is around it, no outline)");
    }
    // Overlaps anywhere; spacing between targets of one window.
    for (std::size_t i = 0; i < f.elements.size(); ++i) {
        if (empty(vis[i])) continue;
        const Element& a = f.elements[i];
        for (std::size_t j = i + 1; j < f.elements.size(); ++j) {
            if (empty(vis[j])) continue;
            const Element& b = f.elements[j];
            if (same(rect_of(a), rect_of(b)) && a.name == b.name && a.label == b.label) continue;  // recorded twice
            if (!empty(intersect(vis[i], vis[j]))) {
                out.push_back(who(a) + " and " + who(b) + " overlap");
                continue;
            }
            if (!same(a.clip, b.clip)) continue;
            const float need = std::max(target_rule(a, rules.metrics).min_gap, target_rule(b, rules.metrics).min_gap);
            float gap = -1;
            if (std::min(a.x1, b.x1) - std::max(a.x0, b.x0) > kTol) gap = std::max(b.y0 - a.y1, a.y0 - b.y1);
            else if (std::min(a.y1, b.y1) - std::max(a.y0, b.y0) > kTol) gap = std::max(b.x0 - a.x1, a.x0 - b.x1);
            if (gap >= 0 && gap < need - kTol) {
                char buf[64];
                std::snprintf(buf, sizeof buf, " are %.0f px apart, under %.0f", gap, need);
                out.push_back(who(a) + " and " + who(b) + buf);
            }
        }
    }
    // The field being typed in: whole, in the content, clear of the keyboard.
    if (f.has_focus && rules.focus) {
        if (keyboard != nullptr && !empty(intersect(f.focused, keyboard->rect)))
            out.push_back("the focused field " + fmt(f.focused) + " is covered by the keyboard");
        else if (content != nullptr && !inside(f.focused, content->rect))
            out.push_back("the focused field " + fmt(f.focused) + " is not wholly visible in the content " +
                          fmt(content->rect));
    }
    // Every text on its background.
    std::set<std::pair<unsigned, unsigned>> seen;
    for (const Paint& p : f.paints) {
        const unsigned fg = p.fg.r << 16 | p.fg.g << 8 | p.fg.b, bg = p.bg.r << 16 | p.bg.g << 8 | p.bg.b;
        if (!seen.insert({fg, bg}).second) continue;
        const double r = contrast_ratio(p.fg, p.bg);
        if (r + 1e-3 < rules.min_text_contrast)
            out.push_back("text '" + p.what + "' has a contrast of " + ratio(r) + " on its background, under " +
                          ratio(rules.min_text_contrast));
    }
    return out;
}

}  // namespace guichet::ui

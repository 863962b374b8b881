#include "ui/widgets.hpp"

#include "ui/content.hpp"
#include "ui/markdown_table.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>

namespace guichet::ui {

const std::vector<unsigned>& required_glyphs() {
    static const std::vector<unsigned> g = {
        0x2019 /* ’ */, 0x00AB /* « */, 0x00BB /* » */, 0x2014 /* — */, 0x2013 /* – */, 0x2026 /* … */,
        0x20AC /* € */, 0x0153 /* œ */, 0x0152 /* Œ */, 0x00A0 /* nbsp */, 0x202F /* narrow nbsp */,
        0x00E9, 0x00E8, 0x00EA, 0x00E0, 0x00E2, 0x00E7, 0x00F9, 0x00FB, 0x00EE, 0x00EF, 0x00F4, 0x00EB,
        0x00C9, 0x00C8, 0x00CA, 0x00C0, 0x00C2, 0x00C7, 0x00D9, 0x00DB, 0x00CE, 0x00D4, 0x0178, 0x2192 /* → */,
    };
    return g;
}

std::vector<unsigned> missing_glyphs(const ImFont* font) {
    std::vector<unsigned> out;
    for (unsigned c : required_glyphs()) {
        if (font == nullptr || font->FindGlyphNoFallback(static_cast<ImWchar>(c)) == nullptr) out.push_back(c);
    }
    return out;
}

Rect current_clip() {
    if (ImGui::GetCurrentContext() == nullptr || !ImGui::GetCurrentContext()->WithinFrameScope ||
        ImGui::GetCurrentWindowRead() == nullptr) {
        return {};
    }
    const ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 a = dl->GetClipRectMin(), b = dl->GetClipRectMax();
    return {a.x, a.y, b.x, b.y};
}

unsigned to_u32(Rgb c, float alpha) {
    return IM_COL32(c.r, c.g, c.b, static_cast<int>(alpha * 255.0f));
}

namespace {

struct Piece {
    ImFont* font;
    const char* b;
    const char* e;
    Rgb color;
    bool underline;
    bool newline;  // forced line break before this piece
};

// Lays out PIECES word by word in the available width from the cursor, draws
// them, and advances the cursor. INDENT applies to every line.
void flow(Ui& /*ui*/, const std::vector<Piece>& pieces, float indent, float line_factor = 1.3f) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x - indent;
    float line_h = 0;
    for (const Piece& p : pieces) line_h = std::max(line_h, p.font->FontSize * line_factor);
    float x = 0, y = 0;
    for (const Piece& p : pieces) {
        if (p.newline) {
            x = 0;
            y += line_h;
        }
        const char* s = p.b;
        while (s < p.e) {
            // One word plus its trailing ASCII spaces (no-break spaces stay inside words).
            const char* w = s;
            while (w < p.e && *w != ' ') ++w;
            const char* word_end = w;
            while (w < p.e && *w == ' ') ++w;
            const float ww = p.font->CalcTextSizeA(p.font->FontSize, FLT_MAX, 0, s, word_end).x;
            const float sw = p.font->CalcTextSizeA(p.font->FontSize, FLT_MAX, 0, word_end, w).x;
            if (x > 0 && x + ww > width) {
                x = 0;
                y += line_h;
            }
            if (!(x == 0 && s == word_end)) {
                const ImVec2 pos(origin.x + indent + x, origin.y + y + (line_h - p.font->FontSize) * 0.5f);
                dl->AddText(p.font, p.font->FontSize, pos, to_u32(p.color), s, word_end);
                if (p.underline && word_end > s) {
                    const float uy = pos.y + p.font->FontSize + 2;
                    dl->AddLine(ImVec2(pos.x, uy), ImVec2(pos.x + ww, uy), to_u32(p.color), 2.0f);
                }
                x += ww + sw;
            }
            s = w;
        }
    }
    ImGui::Dummy(ImVec2(indent + width, y + line_h));
}

void record_text_if_visible(Ui& ui, const std::string& s, bool error = false, bool heading = false) {
    if (s.empty() || !ImGui::IsItemVisible()) return;
    ui.record.texts.push_back(s);
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ui.record.text_boxes.push_back({s, {a.x, a.y, b.x, b.y}, current_clip(), error, heading});
}

}  // namespace

void text(Ui& ui, const std::string& s, ImFont* font, Rgb color) {
    std::vector<Piece> pieces;
    std::size_t start = 0;
    bool nl = false;
    while (true) {
        std::size_t e = s.find('\n', start);
        const char* b = s.data() + start;
        const char* end = s.data() + (e == std::string::npos ? s.size() : e);
        pieces.push_back({font, b, end, color, false, nl});
        if (e == std::string::npos) break;
        start = e + 1;
        nl = true;
    }
    flow(ui, pieces, 0);
    record_text_if_visible(ui, s, color == ui.theme.error, font == ui.fonts.h1 || font == ui.fonts.h2);
    if (!s.empty() && ImGui::IsItemVisible()) ui.record.paints.push_back({color, ui.surface, s});
}

namespace {

// A big button; ICON (a glyph of Fonts::icons) drawn in a square on its left when given.
bool icon_button(Ui& ui, const char* icon, const std::string& label, const std::string& sublabel, float width, Rgb bg,
                 Rgb fg, bool custom_colors) {
    const Theme& t = ui.theme;
    if (!custom_colors) {
        bg = t.button_bg;
        fg = t.button_text;
    }
    ImFont* font = ui.fonts.bold;
    ImFont* sub = ui.fonts.body;
    const float w = width > 0 ? width : ImGui::GetContentRegionAvail().x;
    const float pad = 28.0f * ui.metrics.text_scale;
    ImFont* icon_font = icon != nullptr ? ui.fonts.icons : nullptr;
    const float icon_w = icon_font != nullptr ? icon_font->FontSize * 1.25f + pad * 0.5f : 0.0f;
    const float text_w = w - 2 * pad - icon_w;
    const ImVec2 ls = font->CalcTextSizeA(font->FontSize, FLT_MAX, text_w, label.c_str());
    ImVec2 ss(0, 0);
    if (!sublabel.empty()) ss = sub->CalcTextSizeA(sub->FontSize, FLT_MAX, text_w, sublabel.c_str());
    const float h = std::max(ui.metrics.target_px(), ls.y + (sublabel.empty() ? 0 : ss.y + 8) + 2 * pad * 0.8f);

    ImGui::PushID(label.c_str());
    ImGui::PushID(sublabel.c_str());
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const bool pressed = ImGui::InvisibleButton("##b", ImVec2(w, h));
    const bool held = ImGui::IsItemActive();
    ImGui::PopID();
    ImGui::PopID();
    const ImVec2 p1(p0.x + w, p0.y + h);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, p1, to_u32(held ? t.button_pressed : bg), 18.0f);
    if (held && custom_colors) dl->AddRectFilled(p0, p1, IM_COL32(0, 0, 0, 60), 18.0f);
    // A fill that does not stand out from the page (a disabled button, high
    // contrast's black on black) gets an outline: every button has a shape.
    const bool outlined = !stands_out(bg, ui.surface);
    if (outlined) dl->AddRect(p0, p1, to_u32(t.outline), 18.0f, 0, 3.0f);
    const float content_h = ls.y + (sublabel.empty() ? 0 : ss.y + 8);
    float y = p0.y + (h - content_h) * 0.5f;
    if (icon_font != nullptr) {  // centred in its square, vertically on the button
        const ImVec2 is = icon_font->CalcTextSizeA(icon_font->FontSize, FLT_MAX, 0, icon);
        const float box = icon_font->FontSize * 1.25f;
        dl->AddText(icon_font, icon_font->FontSize,
                    ImVec2(std::round(p0.x + pad + (box - is.x) * 0.5f), std::round(p0.y + (h - is.y) * 0.5f)), to_u32(fg), icon);
    }
    const float text_x = p0.x + pad + icon_w;
    dl->AddText(font, font->FontSize, ImVec2(text_x, y), to_u32(fg), label.c_str(), nullptr, text_w);
    if (!sublabel.empty()) {
        dl->AddText(sub, sub->FontSize, ImVec2(text_x, y + ls.y + 8), to_u32(fg), sublabel.c_str(), nullptr, text_w);
    }
    if (ImGui::IsItemVisible()) {
        ui.record.elements.push_back({label, p0.x, p0.y, p1.x, p1.y, "", current_clip(),
                                      Shape{true, bg, ui.surface, t.outline, outlined}});
        ui.record.texts.push_back(label);
        ui.record.paints.push_back({fg, bg, label});
        if (!sublabel.empty()) ui.record.texts.push_back(sublabel);
    }
    return pressed && !ui.drag_scrolling;
}

}  // namespace

bool big_button(Ui& ui, const std::string& label, const std::string& sublabel, float width, Rgb bg, Rgb fg,
                bool custom_colors) {
    return icon_button(ui, nullptr, label, sublabel, width, bg, fg, custom_colors);
}

bool big_button_icon(Ui& ui, const char* icon, const std::string& label, const std::string& sublabel) {
    return icon_button(ui, icon, label, sublabel, 0, {}, {}, false);
}

void draw_doc(Ui& ui, const Doc& doc, const std::string& from_path, Nav& nav, bool skip_title) {
    const Theme& t = ui.theme;
    const float gap = ui.metrics.gap_px();
    for (std::size_t bi = 0; bi < doc.blocks.size(); ++bi) {
        const Block& b = doc.blocks[bi];
        if (bi == 0 && skip_title && b.kind == BlockKind::Heading && b.level == 1) continue;
        // A block that is only a link is shown as its button alone.
        const auto block_links = b.links();
        const bool link_only = block_links.size() == 1 && block_links[0].first == b.plain_text();
        ImGui::PushID(static_cast<int>(bi));
        if (b.kind == BlockKind::Rule) {
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const float w = ImGui::GetContentRegionAvail().x;
            ImGui::GetWindowDrawList()->AddLine(ImVec2(p.x, p.y + gap * 0.5f), ImVec2(p.x + w, p.y + gap * 0.5f),
                                                to_u32(t.muted), 2.0f);
            ImGui::Dummy(ImVec2(w, gap));
            ImGui::PopID();
            continue;
        }
        if (b.kind == BlockKind::Image) {
            draw_picture(ui, b);
            ImGui::Dummy(ImVec2(1, gap * 0.6f));
            ImGui::PopID();
            continue;
        }
        if (b.kind == BlockKind::Heading && bi > 0) ImGui::Dummy(ImVec2(1, gap * 0.5f));
        std::vector<Piece> pieces;
        std::string marker;
        float indent = 0;
        if (b.kind == BlockKind::ListItem) {
            indent = 48.0f * static_cast<float>(std::max(1, b.level));
            if (b.ordinal > 0) marker = std::to_string(b.ordinal) + ".";
            else if (b.ordinal == 0) marker = b.level > 1 ? "\xE2\x80\x93" : "\xE2\x80\xA2";  // – or •
        }
        for (const Span& s : b.spans) {
            ImFont* f = ui.fonts.body;
            if (b.kind == BlockKind::Heading) f = b.level <= 1 ? ui.fonts.h1 : ui.fonts.h2;
            else if (s.bold) f = ui.fonts.bold;
            else if (s.italic) f = ui.fonts.italic;
            Rgb col = s.link.empty() ? t.text : t.link;
            std::size_t start = 0;
            bool nl = false;
            while (true) {
                std::size_t e = s.text.find('\n', start);
                const char* pb = s.text.data() + start;
                const char* pe = s.text.data() + (e == std::string::npos ? s.text.size() : e);
                pieces.push_back({f, pb, pe, col, !s.link.empty(), nl});
                if (e == std::string::npos) break;
                start = e + 1;
                nl = true;
            }
        }
        if (!marker.empty() && !link_only) {
            const ImVec2 p = ImGui::GetCursorScreenPos();
            ImFont* f = ui.fonts.body;
            ImGui::GetWindowDrawList()->AddText(f, f->FontSize, ImVec2(p.x + indent - 36, p.y + f->FontSize * 0.15f),
                                                to_u32(t.text), marker.c_str());
        }
        if (b.kind == BlockKind::Table) {
            draw_table(ui, b);  // records its cells itself
        } else if (!link_only) {
            flow(ui, pieces, indent);
            record_text_if_visible(ui, b.plain_text(), false, b.kind == BlockKind::Heading);
        }
        // Links: a big button each, under the block (inline links are too small to touch).
        bool buttons = false;
        for (const auto& [label, href] : block_links) {
            std::string target;
            Nav::Kind kind = Nav::None;
            if (href.rfind("form:", 0) == 0) {
                kind = Nav::Form;
                target = href.substr(5);
            } else {
                target = resolve_link(from_path, href);
                if (!target.empty()) kind = Nav::Page;
            }
            if (kind == Nav::None) continue;  // external: the kiosk is offline; the text stays readable
            ImGui::Indent(indent);
            ImGui::Dummy(ImVec2(1, buttons ? gap : 4.0f));
            if (big_button(ui, "\xE2\x86\x92 " + label)) nav = {kind, target};
            ImGui::Unindent(indent);
            buttons = true;
        }
        // After a button, the 24 px every target keeps from the next (docs/kiosk.md).
        ImGui::Dummy(ImVec2(1, buttons ? gap : b.kind == BlockKind::ListItem ? gap * 0.3f : gap * 0.6f));
        ImGui::PopID();
    }
}

void touch_scroll(Ui& ui) {
    ImGuiIO& io = ImGui::GetIO();
    if (ui.scroll_by != 0) {  // speech's navigation brings the focused element into view
        ImGui::SetScrollY(std::clamp(ImGui::GetScrollY() + ui.scroll_by, 0.0f, ImGui::GetScrollMaxY()));
        ui.scroll_by = 0;
        ui.scroll_velocity = 0;
    }
    ui.record.scroll_y = ImGui::GetScrollY();
    ui.record.scroll_max = ImGui::GetScrollMaxY();
    const float threshold = 3.0f * ui.metrics.px_per_mm;  // 3 mm before a touch becomes a drag
    const bool hovered = ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
    if (io.MouseDown[0] && (hovered || ui.drag_scrolling) && ImGui::IsMouseDragging(0, threshold)) {
        if (!ui.drag_scrolling) {
            ui.drag_scrolling = true;
            ImGui::ClearActiveID();  // the drag is a scroll, not a tap on the button under the finger
        }
        // Clamped here: a scroll target past the end overshot for a frame, worst in a small region (issue #18).
        ImGui::SetScrollY(std::clamp(ImGui::GetScrollY() - io.MouseDelta.y, 0.0f, ImGui::GetScrollMaxY()));
        if (io.DeltaTime > 0) ui.scroll_velocity = 0.7f * ui.scroll_velocity + 0.3f * (-io.MouseDelta.y / io.DeltaTime);
        ui.animating = true;
        return;
    }
    if (!io.MouseDown[0] && ui.drag_scrolling) {
        ui.drag_scrolling = false;
    }
    if (std::fabs(ui.scroll_velocity) > 30.0f) {
        const float dt = std::min(io.DeltaTime, 0.1f);
        const float y = ImGui::GetScrollY() + ui.scroll_velocity * dt;
        ImGui::SetScrollY(std::clamp(y, 0.0f, ImGui::GetScrollMaxY()));
        ui.scroll_velocity *= std::exp(-4.0f * dt);
        if (y <= 0 || y >= ImGui::GetScrollMaxY()) ui.scroll_velocity = 0;
        ui.animating = true;
    } else {
        ui.scroll_velocity = 0;
    }
}

}  // namespace guichet::ui

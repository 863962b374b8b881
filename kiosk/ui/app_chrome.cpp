// KioskApp's frame furniture that depends on the display settings: the
// footer's buttons (which reflow to two rows at large text sizes) and the
// low-reach header.
#include "ui/app.hpp"
#include "ui/strings.hpp"

#include <imgui.h>

#include <algorithm>

namespace guichet::ui {

namespace {

struct FooterButton {
    std::string label;
    Nav::Kind action;
};

// The footer's buttons for the current route, in order.
std::vector<FooterButton> footer_buttons(const Ui& ui, bool can_go_back, bool in_settings) {
    std::vector<FooterButton> b;
    if (can_go_back) b.push_back({tr(ui, "footer.back"), Nav::Back});
    if (!in_settings) b.push_back({tr(ui, "footer.settings"), Nav::Settings});
    b.push_back({tr(ui, "footer.finish"), Nav::Reset});
    return b;
}

// Splits BUTTONS into rows that fit WIDTH with their labels on one line.
std::vector<std::vector<FooterButton>> footer_rows(const Ui& ui, const std::vector<FooterButton>& buttons, float width,
                                                   float gap) {
    std::vector<std::vector<FooterButton>> rows(1);
    float used = 0;
    for (const FooterButton& b : buttons) {
        ImFont* f = ui.fonts.bold;
        const float w = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, b.label.c_str()).x + 2 * 28.0f * ui.metrics.text_scale;
        if (!rows.back().empty() && used + gap + w > width) {
            rows.emplace_back();
            used = 0;
        }
        used += (rows.back().empty() ? 0 : gap) + w;
        rows.back().push_back(b);
    }
    return rows;
}

float natural_width(const Ui& ui, const std::string& label) {
    ImFont* f = ui.fonts.bold;
    return f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, label.c_str()).x + 2 * 28.0f * ui.metrics.text_scale;
}

}  // namespace

float KioskApp::footer_height(float width, float gap) const {
    const auto rows = footer_rows(ui_, footer_buttons(ui_, stack_.size() > 1, stack_.back().kind == Nav::Settings), width, gap);
    const auto n = static_cast<float>(rows.size());
    return n * ui_.metrics.target_px() + (n - 1) * gap;
}

void KioskApp::draw_footer(Nav& nav, float width, float gap) {
    const Theme& t = ui_.theme;
    const float x0 = ImGui::GetCursorPosX();
    const auto rows = footer_rows(ui_, footer_buttons(ui_, stack_.size() > 1, stack_.back().kind == Nav::Settings), width, gap);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        if (r > 0) ImGui::SetCursorPos(ImVec2(x0, ImGui::GetCursorPosY() + gap));
        // The row's spare width is shared out in proportion to the labels.
        float natural = 0;
        for (const FooterButton& b : rows[r]) natural += natural_width(ui_, b.label);
        const float spare = std::max(0.0f, width - natural - gap * static_cast<float>(rows[r].size() - 1));
        for (std::size_t i = 0; i < rows[r].size(); ++i) {
            const FooterButton& b = rows[r][i];
            const float nw = natural_width(ui_, b.label);
            const float w = nw + spare * nw / natural;
            if (i > 0) ImGui::SameLine(0, gap);
            const bool reset = b.action == Nav::Reset;
            if (big_button(ui_, b.label, "", w, reset ? t.reset_bg : t.button_bg, reset ? t.reset_text : t.button_text,
                           true)) {
                nav = {b.action, {}};
            }
        }
    }
}

float KioskApp::header_band_height(float width) const {
    ImFont* f = ui_.fonts.h2;
    const float margin = ui_.metrics.margin_px();
    const std::string title = content_ ? content_->pack->title : "Guichet";
    return f->CalcTextSizeA(f->FontSize, FLT_MAX, width - 2 * margin, title.c_str()).y + 2 * margin * 0.8f;
}

void KioskApp::draw_header(float band_h, float header_h) {
    const Theme& t = ui_.theme;
    const float margin = ui_.metrics.margin_px();
    const float W = ImGui::GetMainViewport()->Size.x;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(0, 0), ImVec2(W, band_h), to_u32(t.header_bg));
    const std::string title = content_ ? content_->pack->title : "Guichet";
    ImFont* f = ui_.fonts.h2;
    dl->AddText(f, f->FontSize, ImVec2(margin, margin * 0.8f), to_u32(t.header_text), title.c_str(), nullptr,
                W - 2 * margin);
    ui_.record.texts.push_back(title);
    if (header_h <= band_h) return;

    // Low reach: information only, on the page background: where the resident
    // is, and how to leave this mode.
    const std::string lines[] = {tr(ui_, "low_reach.notice"), tr(ui_, "low_reach.how_back")};
    float y = band_h + margin;
    for (const std::string& line : lines) {
        ImFont* b = ui_.fonts.body;
        const ImVec2 size = b->CalcTextSizeA(b->FontSize, FLT_MAX, W - 2 * margin, line.c_str());
        if (y + size.y > header_h - margin) break;
        dl->AddText(b, b->FontSize, ImVec2(margin, y), to_u32(t.muted), line.c_str(), nullptr, W - 2 * margin);
        ui_.record.texts.push_back(line);
        y += size.y + margin * 0.5f;
    }
    dl->AddLine(ImVec2(0, header_h - 1), ImVec2(W, header_h - 1), to_u32(t.muted), 2.0f);
}

float KioskApp::status_height(float width) const {
    ImFont* f = ui_.fonts.small;
    const float margin = ui_.metrics.margin_px();
    return f->CalcTextSizeA(f->FontSize, FLT_MAX, width - 2 * margin, status_line().c_str()).y + 24;
}

void KioskApp::draw_status_bar(float y, float width, float height) {
    const Theme& t = ui_.theme;
    const float margin = ui_.metrics.margin_px();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(0, y), ImVec2(width, height), to_u32(t.status_bg));
    const std::string s = status_line();
    ImFont* f = ui_.fonts.small;
    dl->AddText(f, f->FontSize, ImVec2(margin, y + 12), to_u32(t.status_text), s.c_str(), nullptr, width - 2 * margin);
    ui_.record.texts.push_back(s);
}

}  // namespace guichet::ui

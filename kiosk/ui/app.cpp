#include "ui/app.hpp"

#include <imgui.h>

namespace guichet::ui {

void KioskApp::offer(LoadResult result) {
    if (in_session() && content_) {
        pending_ = std::make_unique<LoadResult>(std::move(result));
        return;
    }
    loaded_once_ = true;
    problems_ = std::move(result.problems);
    if (result.content || !content_) content_ = std::move(result.content);
}

void KioskApp::reset_session() {
    home_.reset();
    rubrique_.reset();
    page_.reset();
    demarche_.reset();
    no_content_.reset();
    stack_.assign(1, Route{Nav::Home, {}, ++serial_});
    ui_.scroll_velocity = 0;
    ui_.drag_scrolling = false;
    if (pending_) {
        LoadResult r = std::move(*pending_);
        pending_.reset();
        offer(std::move(r));
    }
}

void KioskApp::go(const Nav& nav) {
    switch (nav.kind) {
        case Nav::None: return;
        case Nav::Reset: reset_session(); return;
        case Nav::Home: stack_.resize(1); stack_[0].serial = ++serial_; return;
        case Nav::Back:
            if (stack_.size() > 1) stack_.pop_back();
            return;
        case Nav::Menu:
        case Nav::Page:
        case Nav::Form: stack_.push_back(Route{nav.kind, nav.target, ++serial_}); return;
    }
}

void KioskApp::frame() {
    ui_.record.clear();
    ui_.animating = false;
    const Theme& t = ui_.theme;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float W = vp->Size.x, H = vp->Size.y;
    const float margin = ui_.metrics.margin_px();
    const float gap = ui_.metrics.gap_px();
    const float header_h = ui_.fonts.h2->FontSize + 2 * margin * 0.8f;
    const float status_h = ui_.fonts.small->FontSize + 24;
    const float footer_h = ui_.metrics.target_px() + 2 * gap;

    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
    ImGui::PushStyleVar(ImGuiStyleVar_ScrollbarSize, 14);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, to_u32(t.background));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, to_u32(t.background));
    ImGui::PushStyleColor(ImGuiCol_ScrollbarBg, to_u32(t.background));
    ImGui::Begin("kiosk", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollbar |
                     ImGuiWindowFlags_NoScrollWithMouse);
    ImDrawList* dl = ImGui::GetWindowDrawList();

    // [Header] the pack's title on a dark band.
    dl->AddRectFilled(ImVec2(0, 0), ImVec2(W, header_h), to_u32(t.header_bg));
    {
        const std::string title = content_ ? content_->title : "Guichet";
        ImFont* f = ui_.fonts.h2;
        dl->AddText(f, f->FontSize, ImVec2(margin, (header_h - f->FontSize) * 0.5f), to_u32(t.header_text),
                    title.c_str(), nullptr, W - 2 * margin);
        ui_.record.texts.push_back(title);
    }

    // [Content] the current screen, in a drag-scrolled region.
    Nav nav;
    const float content_h = H - header_h - footer_h - status_h;
    ImGui::SetCursorPos(ImVec2(0, header_h));
    const Route& r = stack_.back();
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(margin, margin));
    ImGui::BeginChild(ImGui::GetID(("content" + std::to_string(r.serial)).c_str()), ImVec2(W, content_h), false,
                      ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NoSavedSettings);
    if (!content_) {
        no_content_.draw(ui_, !loaded_once_, problems_);
    } else {
        switch (r.kind) {
            case Nav::Menu: rubrique_.draw(ui_, *content_, r.target, nav); break;
            case Nav::Page: page_.draw(ui_, *content_, r.target, nav); break;
            case Nav::Form: demarche_.draw(ui_, *content_, r.target, nav); break;
            default: home_.draw(ui_, *content_, nav); break;
        }
    }
    ImGui::Dummy(ImVec2(1, margin));
    touch_scroll(ui_);
    ImGui::EndChild();
    ImGui::PopStyleVar();

    // [Footer] "Retour" when there is somewhere to go back to; "Terminer et effacer" always.
    const float fy = header_h + content_h;
    dl->AddLine(ImVec2(0, fy), ImVec2(W, fy), to_u32(t.muted), 2.0f);
    ImGui::SetCursorPos(ImVec2(margin, fy + gap));
    const float bw = (W - 2 * margin - gap) * 0.5f;
    if (stack_.size() > 1) {
        if (big_button(ui_, "\xE2\x80\xB9 Retour", "", bw)) nav = {Nav::Back, {}};
    } else {
        ImGui::Dummy(ImVec2(bw, 1));
    }
    ImGui::SameLine(0, gap);
    if (big_button(ui_, "Terminer et effacer", "", bw, t.reset_bg, t.reset_text, true)) nav = {Nav::Reset, {}};

    // [Status bar] pack version; connectivity and last sync are not wired to the store yet.
    const float sy = H - status_h;
    dl->AddRectFilled(ImVec2(0, sy), ImVec2(W, H), to_u32(t.status_bg));
    {
        std::string s = content_ ? "Contenu : " + content_->pack_id + " v" + std::to_string(content_->pack_version)
                                 : std::string("Contenu : aucun");
        s += "   \xC2\xB7   Connexion : \xE2\x80\x94   \xC2\xB7   Derni\xC3\xA8re synchronisation : \xE2\x80\x94";
        ImFont* f = ui_.fonts.small;
        dl->AddText(f, f->FontSize, ImVec2(margin, sy + (status_h - f->FontSize) * 0.5f), to_u32(t.status_text),
                    s.c_str());
        ui_.record.texts.push_back(s);
    }

    ImGui::End();
    ImGui::PopStyleColor(3);
    ImGui::PopStyleVar(4);

    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) nav = {Nav::Back, {}};
    go(nav);
}

}  // namespace guichet::ui

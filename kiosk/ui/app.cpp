#include "ui/app.hpp"
#include "ui/printing.hpp"
#include "ui/player/video_block.hpp"

#include <imgui.h>

#include <algorithm>

namespace guichet::ui {

void KioskApp::offer(LoadResult result) {
    if (result.unchanged) return;
    if (switch_at_once_ && in_session() && content_ && result.content) reset_session();
    if (in_session() && content_) {
        pending_ = std::make_unique<LoadResult>(std::move(result));
        return;
    }
    loaded_once_ = true;
    problems_ = std::move(result.problems);
    if (result.content || !content_) content_ = std::move(result.content);
}

void KioskApp::reset_session() {
    flush_usage();
    home_.reset();
    rubrique_.reset();
    page_.reset();
    demarche_.reset();
    no_content_.reset();
    settings_screen_.reset();
    staff_.reset();
    refresh_now_ = true;
    wizard_.reset();  // the draft is wiped here
    if (ui_.printing) ui_.printing->reset();  // the resident's print jobs cancelled and purged
    rescan_packs_ = true;  // a pack the agent installed meanwhile is switched in now
    receipt_.reset();
    tracking_.reset();
    invoices_.reset();  // the family number, code and invoices typed and opened
    visio_.reset();     // the call hung up, the code and the pictures forgotten
    booked_visio_.clear();
    map_.reset();
    online_.reset();  // the web session's ephemeral profile destroyed with its view
    confirm_.reset();
    if (ui_.videos) ui_.videos->stop();  // the guide player and everything it holds
    if (settings_.speech && speech_ != nullptr) speech_->say({});  // silence: nothing of the session goes on
    settings_ = defaults_;  // the display settings belong to the session
    reader_.reset();
    idle_.reset(clock_);
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
    // Leaving the receipt (its code is shown nowhere else) or wiping a half-filled
    // démarche asks first (issue #18); « Suivre ma demande » keeps the code.
    if (!confirm_.open() && !stack_.empty()) {
        const bool leaves = nav.kind == Nav::Reset || nav.kind == Nav::Back || nav.kind == Nav::Home;
        if (leaves && stack_.back().kind == Nav::Receipt && receipt_.info) {
            confirm_.ask(ConfirmScreen::Receipt, nav);
            return;
        }
        if (nav.kind == Nav::Reset && wizard_.has_answers()) {
            confirm_.ask(ConfirmScreen::Draft, nav);
            return;
        }
    }
    switch (nav.kind) {
        case Nav::None: return;
        case Nav::Reset: reset_session(); return;
        case Nav::Home:
            invoices_.reset();  // a family's invoices are not kept behind the home screen
            stack_.resize(1);
            stack_[0].serial = ++serial_;
            return;
        case Nav::Back:
            if (stack_.back().kind == Nav::Staff) staff_.reset();  // leaving staff mode locks it
            if (stack_.back().kind == Nav::Invoices) invoices_.reset();  // leaving « Mes factures » wipes them
            if (stack_.back().kind == Nav::Visio) visio_.reset();  // leaving the call screen hangs up
            if (stack_.back().kind == Nav::Wizard && wizard_.back()) return;  // previous step
            if (stack_.size() > 1) stack_.pop_back();
            return;
        case Nav::Receipt:  // "Retour" from the receipt goes home, not back into the wizard
            stack_.resize(1);
            stack_.push_back(Route{nav.kind, nav.target, ++serial_});
            return;
        case Nav::Wizard:
        case Nav::Tracking:
            tracking_.reset();
            stack_.push_back(Route{nav.kind, nav.target, ++serial_});
            return;
        case Nav::Menu:
            if (const MenuItem* m = content_ ? content_->find_menu(nav.target) : nullptr; m && m->icon == "plan") {
                stack_.push_back(Route{Nav::Map, nav.target, ++serial_});  // a rubrique with the « plan » icon is the map screen
                return;
            }
            if (const MenuItem* m = content_ ? content_->find_menu(nav.target) : nullptr; m && m->icon == "suivi") {
                tracking_.reset();  // the « Suivre ma demande » rubrique is the tracking screen
                stack_.push_back(Route{Nav::Tracking, {}, ++serial_});
                return;
            }
            if (const MenuItem* m = content_ ? content_->find_menu(nav.target) : nullptr; m && m->icon == "appel") {
                visio_.reset();  // the « Rendez-vous en visio » rubrique is the call screen
                visio_.booked = booked_visio_;
                stack_.push_back(Route{Nav::Visio, nav.target, ++serial_});
                return;
            }
            if (const MenuItem* m = content_ ? content_->find_menu(nav.target) : nullptr; m && m->icon == "factures") {
                invoices_.reset();  // the « Mes factures » rubrique is the invoices screen
                stack_.push_back(Route{Nav::Invoices, nav.target, ++serial_});
                return;
            }
            [[fallthrough]];
        case Nav::Page:
        case Nav::Settings:
            if (stack_.back().kind == Nav::Settings) return;
            [[fallthrough]];
        case Nav::Staff:
            if (nav.kind == Nav::Staff && store_ != nullptr) store_->refresh();  // figures as of now
            [[fallthrough]];
        case Nav::Invoices:
            invoices_.reset();
            [[fallthrough]];
        case Nav::Visio:
            visio_.reset();
            [[fallthrough]];
        case Nav::Form:
        case Nav::Online:
        case Nav::Map: stack_.push_back(Route{nav.kind, nav.target, ++serial_}); return;
    }
}

void KioskApp::wait_print() {
    if (ui_.printing) ui_.printing->wait_idle();
}

void KioskApp::frame() {
    ui_.record.clear();
    ui_.pictures.adopt(content_);  // at the frame boundary: textures follow the content in force
    if (ui_.videos) ui_.videos->begin_frame(ImGui::GetTime());  // a guide no longer drawn stops; else its next frame
    ui_.strings = content_ ? content_->pack->strings.get() : nullptr;  // texts follow it too
    ui_.animating = false;
    if (ui_.printing) ui_.printing->drain();
    const IdleTimer::Phase phase = tick_session();
    if (attract_) {
        draw_attract();
        observe_speech(phase);  // the corner's hold and the keypad start a session from here too
        return;
    }
    const Theme& t = ui_.theme;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float W = vp->Size.x, H = vp->Size.y;
    const float margin = ui_.metrics.margin_px();
    const float gap = ui_.metrics.gap_px();
    // Low reach: the header grows to fill the top of the screen, where nothing is interactive.
    const float band_h = header_band_height(W);
    const float status_h = status_height(W);
    const float footer_h = footer_height(W - 2 * margin, gap) + 2 * gap;
    Nav nav, store_nav;
    drain_store(store_nav);
    observe_usage();
    TextEntry* entry = active_entry();
    const float keyboard_h = entry && entry->open() ? keyboard_height(ui_, entry->layout) : 0.0f;
    // The démarche's title and step stay above its scrolling content (wizard.hpp).
    const Route& r = stack_.back();
    const bool compact_band = keyboard_h > 0 && ui_.metrics.text_scale > 1.0f;
    const float wizard_band_h = content_ && r.kind == Nav::Wizard ? wizard_.band_height(ui_, W, compact_band) : 0.0f;
    // Low reach: the header grows to fill the top of the screen, where nothing is interactive,
    // but gives that room back to the content when the keyboard needs it (issue #18: at ×2 the
    // form was squeezed to nothing and drawn over the footer).
    const float below = footer_h + status_h + keyboard_h + wizard_band_h;
    const float header_h = layout_header_height(settings_.low_reach, band_h, H, below, min_content_height(ui_.metrics));
    const float content_h = std::max(H - header_h - below, ui_.metrics.target_px());

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
                     ImGuiWindowFlags_NoScrollWithMouse |
                     ImGuiWindowFlags_NoBackground);  // the frame is cleared to the theme's background
    ImDrawList* dl = ImGui::GetWindowDrawList();

    // [Header] the pack's title on a dark band (and, in low reach, information only below it).
    draw_header(band_h, header_h);

    ui_.record.regions.push_back({"en-tête", {0, 0, W, header_h}});
    if (wizard_band_h > 0) {
        ImGui::SetCursorPos(ImVec2(0, header_h));
        ui_.record.regions.push_back({"démarche", {0, header_h, W, header_h + wizard_band_h}});
        wizard_.draw_band(ui_, W, compact_band);
    }
    const float content_y = header_h + wizard_band_h;

    // [Content] the current screen, in a drag-scrolled region; the on-screen
    // keyboard under it while a text field has focus.
    ImGui::SetCursorPos(ImVec2(0, content_y));
    ui_.record.regions.push_back({"contenu", {0, content_y, W, content_y + content_h}});
    ui_.surface = t.background;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(margin, margin));
    // No background of its own: the window's is already under it. On llvmpipe every
    // frame's cost is the pixels shaded, and this one covered most of the screen twice.
    ImGui::BeginChild(ImGui::GetID(("content" + std::to_string(r.serial)).c_str()), ImVec2(W, content_h), false,
                      ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NoSavedSettings |
                          ImGuiWindowFlags_NoBackground);
    if (!content_) {
        no_content_.draw(ui_, !loaded_once_, problems_);
    } else {
        switch (r.kind) {
            case Nav::Menu: rubrique_.draw(ui_, *content_, r.target, today_, nav); break;
            case Nav::Page: page_.draw(ui_, *content_, r.target, today_, nav); break;
            case Nav::Form: demarche_.draw(ui_, *content_, r.target, nav); break;
            case Nav::Settings: settings_screen_.draw(ui_, settings_, nav); break;
            case Nav::Staff: draw_staff(nav); break;
            case Nav::Wizard: wizard_.draw(ui_, *content_, r.target, nav, store_); break;
            case Nav::Receipt: receipt_.draw(ui_, *content_, nav); break;
            case Nav::Tracking: tracking_.draw(ui_, *content_, r.target, nav, store_); break;
            case Nav::Invoices: invoices_.draw(ui_, state_dir_, wall_now_, nav); break;
            case Nav::Visio: visio_.draw(ui_, CallOptions{state_dir_, visio_test_sources_}, nav); break;
            case Nav::Map:
                map_.draw(ui_, *content_, nav);
                if (auto p = map_.take_prefill()) wizard_.prefill(p->form_id, std::move(p->answers));
                break;
            case Nav::Online: online_.draw(ui_, *content_, r.target, nav); break;
            default: home_.draw(ui_, *content_, nav); break;
        }
    }
    ImGui::Dummy(ImVec2(1, margin));
    if (r.kind != Nav::Map && r.kind != Nav::Online) touch_scroll(ui_);  // the map pans itself, a web page scrolls itself
    ImGui::EndChild();
    ImGui::PopStyleVar();
    if (keyboard_h > 0) {
        const float ky = content_y + content_h;
        ui_.record.regions.push_back({"clavier", {0, ky, W, ky + keyboard_h}});
        ui_.surface = t.status_bg;
        dl->AddRectFilled(ImVec2(0, ky), ImVec2(W, ky + keyboard_h), to_u32(t.status_bg));
        ImGui::SetCursorPos(ImVec2(0, ky));
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(margin, 0));
        ImGui::PushStyleColor(ImGuiCol_ChildBg, to_u32(t.status_bg));
        ImGui::BeginChild("keyboard", ImVec2(W, keyboard_h), false,
                          ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NoScrollbar |
                              ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoSavedSettings |
                              ImGuiWindowFlags_NoBackground);  // the band drawn just above is its background
        draw_keyboard(ui_, *entry);
        ImGui::EndChild();
        ImGui::PopStyleColor();
        ImGui::PopStyleVar();
        ui_.surface = t.background;
    }

    // [Footer] "Retour" when there is somewhere to go back to, "Affichage", "Terminer et effacer" always.
    const float fy = content_y + content_h + keyboard_h;
    dl->AddLine(ImVec2(0, fy), ImVec2(W, fy), to_u32(t.muted), 2.0f);
    // In a window of its own: the footer's buttons are clipped to it, and no content reaches it.
    ImGui::SetCursorPos(ImVec2(0, fy));
    ui_.record.regions.push_back({"pied", {0, fy, W, H - status_h}});
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(margin, gap));
    ImGui::BeginChild("footer", ImVec2(W, std::max(1.0f, H - status_h - fy)), false,
                      ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NoScrollbar |
                          ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoSavedSettings |
                          ImGuiWindowFlags_NoBackground);
    draw_footer(nav, W - 2 * margin, gap);
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ui_.record.regions.push_back({"barre d’état", {0, H - status_h, W, H}});

    // [Status bar] connection, last sync (from the store), pack version.
    draw_status_bar(H - status_h, W, H);

    ImGui::End();
    ImGui::PopStyleColor(3);
    ImGui::PopStyleVar(4);
    if (phase == IdleTimer::Phase::Warning) {
        ui_.record.elements.clear();  // under the warning, nothing can be touched (nor read aloud)
        ui_.record.paints.clear();
        ui_.record.text_boxes.clear();
        draw_idle_warning(nav);
    } else if (confirm_.open()) {
        ui_.record.elements.clear();
        ui_.record.paints.clear();
        ui_.record.text_boxes.clear();
        const ConfirmScreen::Kind kind = confirm_.kind;
        switch (confirm_.draw(ui_, settings_.low_reach)) {
            case ConfirmScreen::Stay: confirm_.reset(); nav = {}; break;
            case ConfirmScreen::Leave: {
                const Nav leave = confirm_.on_leave;
                confirm_.reset();
                // Asked once: what was confirmed goes through (a reset may not ask again).
                if (kind == ConfirmScreen::Draft) wizard_.reset();
                if (kind == ConfirmScreen::Receipt) receipt_.reset();
                nav = leave;
                break;
            }
            case ConfirmScreen::Undecided: nav = {}; break;
        }
    }

    if (phase != IdleTimer::Phase::Warning && !confirm_.open() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) {
        nav = {Nav::Back, {}};
    }
    observe_speech(phase);  // what this frame shows, before the navigation it asked for
    go(nav);
    go(store_nav);
}

std::string KioskApp::booked_visio_code(const ReceiptInfo& receipt) const {
    const FormSummary* f = content_ ? content_->form(receipt.form_id) : nullptr;
    if (f == nullptr || !f->compiled) return {};
    for (const forms::Field* field : f->compiled->form().all_fields())
        if (field->type == forms::FieldType::slot) return receipt.tracking_code;
    return {};
}

}  // namespace guichet::ui

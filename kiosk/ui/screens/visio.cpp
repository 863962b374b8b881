#include "ui/screens/visio.hpp"

#include "platform/platform.hpp"
#include "ui/strings.hpp"

#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cfloat>

namespace guichet::ui {

namespace {

const char* kCodeField = "code-visio";

// The tracking code's box, the keyboard editing it while focused (as « Suivre ma demande »).
void code_box(Ui& ui, TextEntry& entry, const std::string& label, std::string& value) {
    const Theme& t = ui.theme;
    text(ui, label, ui.fonts.bold, t.text);
    if (entry.has_focus(kCodeField)) value = entry.text;
    ImFont* font = ui.fonts.h2;
    const float w = ImGui::GetContentRegionAvail().x, h = std::max(ui.metrics.target_px(), font->FontSize + 40);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    if (ImGui::InvisibleButton("##code", ImVec2(w, h)) && !entry.has_focus(kCodeField)) {
        entry.focus(kCodeField, value, KeyboardLayout::Text, 16);
        entry.caps = true;  // codes are printed in capitals
    }
    const bool focused = entry.has_focus(kCodeField);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, ImVec2(p0.x + w, p0.y + h), to_u32(t.background), 10.0f);
    dl->AddRect(p0, ImVec2(p0.x + w, p0.y + h), to_u32(focused ? t.button_bg : t.muted), 10.0f, 0, focused ? 5.0f : 3.0f);
    const ImVec2 ts = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, value.c_str());
    const ImVec2 tp(p0.x + 24, p0.y + (h - font->FontSize) * 0.5f);
    dl->AddText(font, font->FontSize, tp, to_u32(t.text), value.c_str());
    if (focused) dl->AddLine(ImVec2(tp.x + ts.x + 3, tp.y), ImVec2(tp.x + ts.x + 3, tp.y + font->FontSize), to_u32(t.text), 3.0f);
    ui.record.elements.push_back({label, p0.x, p0.y, p0.x + w, p0.y + h, std::string("field:") + kCodeField});
    ui.record.elements.back().value = value;
}

// PICTURE drawn to fit W × H at the cursor, centred, on black; the cursor moves below.
void draw_picture(const platform::Texture& tex, ImVec2 p0, float w, float h) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, ImVec2(p0.x + w, p0.y + h), IM_COL32(0, 0, 0, 255), 12.0f);
    if (tex.id() == nullptr || tex.width() <= 0 || tex.height() <= 0) return;
    const float scale = std::min(w / static_cast<float>(tex.width()), h / static_cast<float>(tex.height()));
    const float iw = static_cast<float>(tex.width()) * scale, ih = static_cast<float>(tex.height()) * scale;
    const ImVec2 a(p0.x + (w - iw) * 0.5f, p0.y + (h - ih) * 0.5f);
    dl->AddImage(tex.id(), a, ImVec2(a.x + iw, a.y + ih));
}

// Keeps TEXTURE in step with FRAME (same size: updated in place).
bool to_texture(const visio::Frame& frame, platform::Texture& texture) {
    if (frame.rgba.empty()) return false;
    if (texture.id() != nullptr && texture.width() == frame.width && texture.height() == frame.height)
        return static_cast<bool>(texture.update(frame.rgba.data()));
    auto t = platform::Texture::upload(frame.width, frame.height, frame.rgba.data());
    if (!t) return false;
    texture = std::move(*t);
    return true;
}

}  // namespace

VisioScreen::VisioScreen() : call([] { platform::Platform::wake(); }) {}

void VisioScreen::reset() {
    call.reset();
    entry.reset();
    code.clear();
    booked.clear();
    started = false;
    remote = {};
    local = {};
    remote_texture = {};
    local_texture = {};
}

void VisioScreen::upload() {
    // Only when the worker put a new picture: no copy, no upload otherwise.
    if (call.take_remote(remote) && to_texture(remote, remote_texture)) ++uploads;
    if (call.take_local(local)) to_texture(local, local_texture);
}

void VisioScreen::draw(Ui& ui, const CallOptions& options, Nav& nav) {
    (void)nav;
    const Theme& t = ui.theme;
    text(ui, tr(ui, "visio.title"), ui.fonts.h1, t.text);
    const CallState s = call.state();
    if (s == CallState::waiting || s == CallState::in_call || s == CallState::reconnecting) return draw_call(ui);
    draw_entry(ui, options);
}

void VisioScreen::draw_entry(Ui& ui, const CallOptions& options) {
    const Theme& t = ui.theme;
    const float gap = ui.metrics.target_px() * 0.4f;
    const CallState s = call.state();
    if (s == CallState::looking) {
        text(ui, tr(ui, "visio.looking"), ui.fonts.bold, t.text);
        return;  // the call wakes the frame loop when the hub answers
    }
    bool go = false;
    if (!booked.empty()) {
        // The appointment this resident booked a moment ago at this kiosk: no code to type.
        if (big_button(ui, trf(ui, "visio.booked", {{"code", booked}}))) {
            code = booked;
            entry.close();
            go = true;
        }
        ImGui::Dummy(ImVec2(1, gap));
    }
    text(ui, tr(ui, "visio.hint"), ui.fonts.body, t.muted);
    ImGui::Dummy(ImVec2(1, gap));
    if (!started) {
        started = true;
        if (booked.empty()) {
            entry.focus(kCodeField, code, KeyboardLayout::Text, 16);
            entry.caps = true;
        }
    }
    if (entry.validated && entry.has_focus(kCodeField)) {
        code = entry.text;
        entry.close();
        go = true;
    }
    code_box(ui, entry, tr(ui, "visio.code_field"), code);
    ImGui::Dummy(ImVec2(1, gap));
    if (big_button(ui, tr(ui, "visio.join"))) {
        entry.close();
        go = true;
    }
    std::string message;
    switch (s) {
        case CallState::unavailable: message = tr(ui, "visio.unavailable"); break;
        case CallState::line_down: message = tr(ui, "visio.line_down"); break;
        case CallState::no_room: message = tr(ui, "visio.no_room"); break;
        case CallState::not_open: message = trf(ui, "visio.not_open", {{"time", french_hour(call.start())}}); break;
        case CallState::closed: message = tr(ui, "visio.closed"); break;
        case CallState::failed: message = tr(ui, "visio.failed"); break;
        case CallState::agent_left: message = tr(ui, "visio.agent_left"); break;
        case CallState::ended: message = tr(ui, "visio.ended"); break;
        default: break;
    }
    if (!message.empty()) {
        ImGui::Dummy(ImVec2(1, gap));
        const bool problem = s != CallState::ended && s != CallState::agent_left && s != CallState::not_open;
        text(ui, message, ui.fonts.bold, problem ? t.error : t.text);
    }
    if (go && !code.empty()) {
        std::string typed = code;
        std::transform(typed.begin(), typed.end(), typed.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        typed.erase(std::remove(typed.begin(), typed.end(), ' '), typed.end());
        call.join(options, typed);
    }
}

void VisioScreen::draw_call(Ui& ui) {
    const Theme& t = ui.theme;
    upload();
    const float gap = ui.metrics.target_px() * 0.3f;
    const CallState s = call.state();
    const bool waiting = s != CallState::in_call;
    text(ui, tr(ui, s == CallState::waiting ? "visio.waiting" : s == CallState::reconnecting ? "visio.reconnecting" : "visio.in_call"),
         ui.fonts.bold, t.text);
    // Buttons and indicator below the pictures, all in view: the pictures take what is left.
    const float button_h = std::max(ui.metrics.target_px(), ui.fonts.bold->FontSize * 2.2f);
    const float below = button_h * 3 + gap * 5 + ui.fonts.bold->FontSize * 1.6f;
    const float w = ImGui::GetContentRegionAvail().x;
    const float h = std::max(200.0f, ImGui::GetContentRegionAvail().y - below);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    draw_picture(remote_texture, p0, w, h);
    if (waiting || remote_texture.id() == nullptr) {
        ImFont* f = ui.fonts.h2;
        const std::string wait_text = tr(ui, s == CallState::reconnecting ? "visio.reconnecting_wait" : "visio.agent_coming");
        const ImVec2 ts = f->CalcTextSizeA(f->FontSize, w - 40, w - 40, wait_text.c_str());
        ImGui::GetWindowDrawList()->AddText(f, f->FontSize, ImVec2(p0.x + (w - ts.x) * 0.5f, p0.y + h * 0.4f),
                                            IM_COL32(255, 255, 255, 255), wait_text.c_str(), nullptr, w - 40);
        ui.record.texts.push_back(wait_text);
    }
    // The resident, small, in the bottom right corner of the agent's picture.
    const float lw = w * 0.28f, lh = lw * 0.75f;
    const ImVec2 lp(p0.x + w - lw - 16, p0.y + h - lh - 16);
    if (call.camera_on()) draw_picture(local_texture, lp, lw, lh);
    else ImGui::GetWindowDrawList()->AddRectFilled(lp, ImVec2(lp.x + lw, lp.y + lh), IM_COL32(60, 60, 60, 255), 12.0f);
    // A white frame sets the resident's picture apart from the agent's.
    ImGui::GetWindowDrawList()->AddRect(lp, ImVec2(lp.x + lw, lp.y + lh), IM_COL32(255, 255, 255, 255), 12.0f, 0, 4.0f);
    ImGui::Dummy(ImVec2(w, h));
    ImGui::Dummy(ImVec2(1, gap));
    // The camera's state, always said: a red dot when it films.
    {
        const bool on = call.camera_on();
        const ImVec2 c = ImGui::GetCursorScreenPos();
        const float r = ui.fonts.bold->FontSize * 0.35f;
        ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(c.x + r, c.y + ui.fonts.bold->FontSize * 0.55f), r,
                                                    on ? IM_COL32(200, 30, 30, 255) : to_u32(t.muted));
        ImGui::SetCursorScreenPos(ImVec2(c.x + r * 3, c.y));
        std::string line = tr(ui, on ? "visio.camera_on" : "visio.camera_off");
        if (!call.microphone_on()) line += " " + tr(ui, "visio.mic_off");
        text(ui, line, ui.fonts.bold, t.text);
    }
    ImGui::Dummy(ImVec2(1, gap));
    if (big_button(ui, tr(ui, call.microphone_on() ? "visio.mute" : "visio.unmute"))) call.set_microphone(!call.microphone_on());
    ImGui::Dummy(ImVec2(1, gap));
    if (big_button(ui, tr(ui, call.camera_on() ? "visio.camera_cut" : "visio.camera_back"))) call.set_camera(!call.camera_on());
    ImGui::Dummy(ImVec2(1, gap));
    if (big_button(ui, tr(ui, "visio.hang_up"), "", 0, t.error, Rgb{255, 255, 255}, true)) {
        call.hang_up();
        remote_texture = {};
        local_texture = {};
        remote = {};
        local = {};
    }
}

}  // namespace guichet::ui

// « Suivre ma demande »: the resident types a tracking code with the
// on-screen keyboard; the store worker looks it up (store::Store::status_for);
// the screen shows the local state, the service's status and « état au » the
// last sync. The code's check symbol catches typing mistakes before any lookup.
#include "store/tracking_code.hpp"
#include "ui/strings.hpp"
#include "ui/screens/wizard.hpp"

#include <imgui.h>
#include <sodium.h>

namespace guichet::ui {

namespace {

const char* kField = "code";

std::string local_state_text(const Ui& ui, store::State s) {
    switch (s) {
        case store::State::queued: return tr(ui, "tracking.state_queued");
        case store::State::sending: return tr(ui, "tracking.state_sending");
        case store::State::delivered:
        case store::State::purged: return tr(ui, "tracking.state_delivered");
    }
    return {};
}

// The statuses a partner may post (docs/protocol.md §5: recu, en_cours,
// a_completer, pret_a_retirer, termine, refuse), each with its text in the
// pack's strings. Anything else shows the service's message alone.
std::string partner_status_text(const Ui& ui, const std::string& status) {
    // Each key spelled out in a tr( call: the strings test checks those keys exist.
    if (status == "recu") return tr(ui, "tracking.status_recu");
    if (status == "en_cours") return tr(ui, "tracking.status_en_cours");
    if (status == "a_completer") return tr(ui, "tracking.status_a_completer");
    if (status == "pret_a_retirer") return tr(ui, "tracking.status_pret_a_retirer");
    if (status == "termine") return tr(ui, "tracking.status_termine");
    if (status == "refuse") return tr(ui, "tracking.status_refuse");
    return {};
}

}  // namespace

void TrackingScreen::reset() {
    entry.reset();
    sodium_memzero(code.data(), code.size());
    code.clear();
    ticket = 0;
    result.reset();
    last_problem.clear();
    started = false;
}

void TrackingScreen::on_result(StoreEvent& event) {
    if (event.ticket != ticket) return;
    ticket = 0;
    result = std::move(event);
}

void TrackingScreen::draw(Ui& ui, const Content& c, const std::string& initial_code, Nav& nav, StoreWorker* store) {
    const Theme& t = ui.theme;
    const float gap = ui.metrics.gap_px();
    std::string problem;
    bool search = false;
    if (!started) {
        started = true;
        code = initial_code;
        search = !code.empty();
        if (code.empty()) entry.focus(kField, "", KeyboardLayout::Text, 16);
        entry.caps = true;  // codes are in capitals
    }
    text(ui, tr(ui, "tracking.title"), ui.fonts.h1, t.text);
    text(ui, tr(ui, "tracking.hint"), ui.fonts.body, t.muted);
    ImGui::Dummy(ImVec2(1, gap * 0.4f));

    // The code box: the keyboard edits ENTRY while it has focus.
    if (entry.has_focus(kField)) {
        code = entry.text;
        if (entry.validated) {
            entry.close();
            search = true;
        }
    }
    {
        ImFont* font = ui.fonts.h2;
        const float w = ImGui::GetContentRegionAvail().x, h = std::max(ui.metrics.target_px(), font->FontSize + 40);
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        if (ImGui::InvisibleButton("##code", ImVec2(w, h)) && !entry.has_focus(kField)) {
            entry.focus(kField, code, KeyboardLayout::Text, 16);
            entry.caps = true;
        }
        const bool focused = entry.has_focus(kField);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(p0, ImVec2(p0.x + w, p0.y + h), to_u32(t.background), 10.0f);
        dl->AddRect(p0, ImVec2(p0.x + w, p0.y + h), to_u32(focused ? t.button_bg : t.muted), 10.0f, 0, focused ? 5.0f : 3.0f);
        const ImVec2 ts = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, code.c_str());
        const ImVec2 tp(p0.x + 24, p0.y + (h - font->FontSize) * 0.5f);
        dl->AddText(font, font->FontSize, tp, to_u32(t.text), code.c_str());
        if (focused) dl->AddLine(ImVec2(tp.x + ts.x + 3, tp.y), ImVec2(tp.x + ts.x + 3, tp.y + font->FontSize), to_u32(t.text), 3.0f);
        ui.record.elements.push_back({tr(ui, "tracking.field"), p0.x, p0.y, p0.x + w, p0.y + h, "field:code"});
        ui.record.elements.back().value = code;
        if (!code.empty()) ui.record.texts.push_back(code);
    }
    ImGui::Dummy(ImVec2(1, gap));
    if (big_button(ui, tr(ui, "tracking.search"))) {
        entry.close();
        search = true;
    }
    if (search) {
        result.reset();
        auto normalized = store::tracking::normalize(code);
        if (!normalized) {
            problem = tr(ui, "tracking.invalid");
            ticket = 0;
        } else if (store == nullptr) {
            problem = tr(ui, "tracking.unavailable");
        } else {
            code = *normalized;
            ticket = store->lookup(*normalized);
        }
        last_problem = problem;
    }
    ImGui::Dummy(ImVec2(1, gap * 0.5f));
    if (!last_problem.empty()) text(ui, last_problem, ui.fonts.bold, t.error);
    if (ticket != 0) text(ui, tr(ui, "tracking.searching"), ui.fonts.body, t.muted);
    if (result) {
        const StoreEvent& r = *result;
        if (!r.error.empty()) {
            text(ui, tr(ui, "tracking.store_error"), ui.fonts.bold, t.error);
        } else if (!r.tracking) {
            text(ui, trf(ui, "tracking.unknown", {{"code", r.tracking_code}}), ui.fonts.bold, t.text);
        } else {
            const store::TrackingInfo& info = *r.tracking;
            text(ui, trf(ui, "tracking.request", {{"code", info.tracking_code}}), ui.fonts.h2, t.text);
            if (std::string commune = c.commune_of(info.tracking_code); !commune.empty())
                text(ui, trf(ui, "tracking.commune", {{"commune", commune}}), ui.fonts.bold, t.text);
            if (info.created_at) text(ui, trf(ui, "tracking.created", {{"when", french_date_time(*info.created_at)}}), ui.fonts.body, t.text);
            if (info.local_state) text(ui, local_state_text(ui, *info.local_state), ui.fonts.bold, t.text);
            if (info.delivered_at) text(ui, trf(ui, "tracking.delivered", {{"when", french_date_time(*info.delivered_at)}}), ui.fonts.body, t.text);
            if (info.status) {
                const std::string label = partner_status_text(ui, info.status->status);
                if (!label.empty()) text(ui, trf(ui, "tracking.service_says", {{"status", label}}), ui.fonts.bold, t.text);
                if (!info.status->message.empty()) text(ui, info.status->message, ui.fonts.body, t.text);
            } else {
                text(ui, tr(ui, "tracking.no_news"), ui.fonts.body, t.text);
            }
            text(ui, info.last_sync ? trf(ui, "tracking.as_of", {{"when", french_date_time(*info.last_sync)}})
                                    : tr(ui, "tracking.never_synced"),
                 ui.fonts.body, t.muted);
        }
    }
    // The pack's page about tracking, below.
    for (const MenuItem& m : c.pack->menu) {
        if (m.icon != "suivi") continue;
        if (const PageInfo* p = c.page(m.page)) {
            ImGui::Dummy(ImVec2(1, gap));
            draw_doc(ui, p->body, p->path, nav, true);
        }
    }
}

}  // namespace guichet::ui

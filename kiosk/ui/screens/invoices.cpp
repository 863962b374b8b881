#include "ui/screens/invoices.hpp"

#include "invoices/kiosk_invoices.hpp"
#include "platform/platform.hpp"
#include "ui/french_dates.hpp"
#include "ui/strings.hpp"

#include <imgui.h>
#include <sodium.h>

namespace guichet::ui {

namespace {

const char* kFamilyField = "famille";
const char* kCodeField = "code";

void wipe(std::string& s) {
    if (!s.empty()) sodium_memzero(s.data(), s.size());
    s.clear();
}

// A text box the keyboard edits while it has focus (as « Suivre ma demande »).
void field_box(Ui& ui, TextEntry& entry, const char* id, const std::string& label, std::string& value, bool secret) {
    const Theme& t = ui.theme;
    text(ui, label, ui.fonts.bold, t.text);
    if (entry.has_focus(id)) value = entry.text;
    ImFont* font = ui.fonts.h2;
    const float w = ImGui::GetContentRegionAvail().x, h = std::max(ui.metrics.target_px(), font->FontSize + 40);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::PushID(id);
    if (ImGui::InvisibleButton("##box", ImVec2(w, h)) && !entry.has_focus(id)) {
        entry.focus(id, value, KeyboardLayout::Text, 24);
        entry.caps = true;  // numbers and codes are printed in capitals
    }
    ImGui::PopID();
    const bool focused = entry.has_focus(id);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, ImVec2(p0.x + w, p0.y + h), to_u32(t.background), 10.0f);
    dl->AddRect(p0, ImVec2(p0.x + w, p0.y + h), to_u32(focused ? t.button_bg : t.muted), 10.0f, 0, focused ? 5.0f : 3.0f);
    const std::string shown = value;
    const ImVec2 ts = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, shown.c_str());
    const ImVec2 tp(p0.x + 24, p0.y + (h - font->FontSize) * 0.5f);
    dl->AddText(font, font->FontSize, tp, to_u32(t.text), shown.c_str());
    if (focused) dl->AddLine(ImVec2(tp.x + ts.x + 3, tp.y), ImVec2(tp.x + ts.x + 3, tp.y + font->FontSize), to_u32(t.text), 3.0f);
    ui.record.elements.push_back({label, p0.x, p0.y, p0.x + w, p0.y + h, std::string("field:") + id});
    ui.record.elements.back().value = value;
    (void)secret;  // the code is printed on paper the resident holds: shown, as the tracking code is
}

std::string minutes_text(std::int64_t seconds) {
    const std::int64_t m = (seconds + 59) / 60;
    return m <= 1 ? "1\u00a0minute" : std::to_string(m) + "\u00a0minutes";
}

}  // namespace

std::string french_euros(std::int64_t cents) {
    const bool negative = cents < 0;
    const std::uint64_t c = negative ? static_cast<std::uint64_t>(-(cents + 1)) + 1 : static_cast<std::uint64_t>(cents);
    std::string euros = std::to_string(c / 100);
    // Thousands apart by a narrow no-break space (U+202F), as French prints them.
    for (int i = static_cast<int>(euros.size()) - 3; i > 0; i -= 3) euros.insert(static_cast<std::size_t>(i), "\u202f");
    const unsigned rest = static_cast<unsigned>(c % 100);
    return (negative ? "-" : "") + euros + "," + (rest < 10 ? "0" : "") + std::to_string(rest) + "\u00a0€";
}

std::string french_long_date(const std::string& ymd) {
    if (ymd.size() != 10) return ymd;
    const int year = std::atoi(ymd.substr(0, 4).c_str());
    const int month = std::atoi(ymd.substr(5, 2).c_str());
    const int day = std::atoi(ymd.substr(8, 2).c_str());
    const char* name = french_month(month);
    if (!*name || day < 1 || day > 31) return ymd;
    return (day == 1 ? std::string("1er") : std::to_string(day)) + " " + name + " " + std::to_string(year);
}

InvoicesScreen::InvoicesScreen() : opener([] { platform::Platform::wake(); }) {}

void InvoicesScreen::wait() { opener.wait(); }

void InvoicesScreen::reset() {
    opener.discard();  // an opening in progress answers, and its answer is wiped unseen
    opening = false;
    entry.reset();
    wipe(family);
    wipe(code);
    message.clear();
    if (opened) wipe_family(*opened);
    opened.reset();
    paid_refs.clear();
    pay_url.clear();
    qr_for = -1;
    qr.reset();
    started = false;
}

void InvoicesScreen::take_answer(Ui& ui) {
    auto answer = opener.poll();
    if (!answer) return;
    opening = false;
    using Outcome = InvoicesAnswer::Outcome;
    const auto slowed = [&] {
        return answer->wait_seconds > 0 ? trf(ui, "invoices.slowed", {{"minutes", minutes_text(answer->wait_seconds)}})
                                        : std::string();
    };
    message.clear();
    switch (answer->outcome) {
        case Outcome::opened:
            opened = std::move(answer->family);
            pay_url = std::move(answer->pay_url);
            paid_refs = std::move(answer->paid_refs);
            wipe(code);
            break;
        case Outcome::unavailable: message = tr(ui, "invoices.unavailable"); break;
        case Outcome::incomplete: message = tr(ui, "invoices.incomplete"); break;
        case Outcome::slowed: message = slowed(); break;
        case Outcome::none_yet: message = tr(ui, "invoices.none_yet"); break;
        case Outcome::damaged: message = tr(ui, "invoices.damaged"); break;
        case Outcome::wrong:
            message = tr(ui, "invoices.wrong");
            if (answer->wait_seconds > 0) message += " " + slowed();
            break;
    }
}

void InvoicesScreen::draw(Ui& ui, const std::filesystem::path& state_dir, std::int64_t now, Nav& nav) {
    (void)nav;
    const Theme& t = ui.theme;
    const float gap = ui.metrics.gap_px();
    text(ui, tr(ui, "invoices.title"), ui.fonts.h1, t.text);
    take_answer(ui);

    if (opened) {
        const auto& f = *opened;
        if (!f.name.empty()) text(ui, f.name, ui.fonts.h2, t.text);
        text(ui, trf(ui, "invoices.family", {{"family", f.family}}), ui.fonts.body, t.muted);
        ImGui::Dummy(ImVec2(1, gap * 0.5f));
        if (f.invoices.empty()) text(ui, tr(ui, "invoices.none"), ui.fonts.body, t.text);
        for (std::size_t i = 0; i < f.invoices.size(); ++i) {
            const auto& inv = f.invoices[i];
            const bool paid = inv.paid || (!inv.pay_token.empty() && paid_refs.count(invoices::payment_ref(inv.pay_token)));
            text(ui, trf(ui, "invoices.invoice", {{"period", inv.period}, {"number", inv.number}}), ui.fonts.h2, t.text);
            text(ui, french_euros(inv.amount_cents), ui.fonts.h1, t.text);
            for (const auto& l : inv.lines)
                text(ui, l.label + "\u00a0: " + french_euros(l.amount_cents), ui.fonts.body, t.text);
            if (paid) {
                text(ui, tr(ui, "invoices.paid"), ui.fonts.bold, t.text);
            } else {
                text(ui, trf(ui, "invoices.to_pay", {{"due", french_long_date(inv.due)}}), ui.fonts.bold, t.error);
                if (!pay_url.empty() && !inv.pay_token.empty()) {
                    ImGui::PushID(static_cast<int>(i));
                    if (big_button(ui, tr(ui, "invoices.pay_phone"))) {
                        qr_for = static_cast<int>(i);
                        qr.reset();
                        if (auto m = encode_qr(pay_url + inv.pay_token)) qr = std::move(*m);
                    }
                    ImGui::PopID();
                    if (qr_for == static_cast<int>(i) && qr) {
                        const float side = std::min(ImGui::GetContentRegionAvail().x, 560.0f);
                        draw_qr(*qr, side);
                        text(ui, trf(ui, "invoices.qr", {{"amount", french_euros(inv.amount_cents)}}), ui.fonts.body, t.text);
                    }
                }
            }
            ImGui::Dummy(ImVec2(1, gap));
        }
        text(ui, tr(ui, "invoices.privacy"), ui.fonts.body, t.muted);
        return;
    }

    text(ui, tr(ui, "invoices.hint"), ui.fonts.body, t.muted);
    ImGui::Dummy(ImVec2(1, gap * 0.4f));
    if (!started) {
        started = true;
        entry.focus(kFamilyField, "", KeyboardLayout::Text, 24);
        entry.caps = true;
    }
    bool open = false;
    if (entry.validated) {
        if (entry.has_focus(kFamilyField)) {
            family = entry.text;
            entry.focus(kCodeField, code, KeyboardLayout::Text, 24);
            entry.caps = true;
        } else {
            code = entry.text;
            entry.close();
            open = true;
        }
    }
    field_box(ui, entry, kFamilyField, tr(ui, "invoices.family_field"), family, false);
    ImGui::Dummy(ImVec2(1, gap * 0.4f));
    field_box(ui, entry, kCodeField, tr(ui, "invoices.code_field"), code, true);
    ImGui::Dummy(ImVec2(1, gap));
    if (opening) {
        text(ui, tr(ui, "invoices.opening"), ui.fonts.bold, t.text);
        return;  // the opener wakes the frame loop when it answers
    }
    if (big_button(ui, tr(ui, "invoices.open"))) {
        entry.close();
        open = true;
    }
    if (open) {
        message.clear();
        // Copies for the worker, wiped there.
        opening = opener.start({state_dir, family, code, now});
    }
    if (!message.empty()) text(ui, message, ui.fonts.bold, t.error);
}

}  // namespace guichet::ui

// The receipt: the tracking code in large type, its QR code, and what
// happens next. Shown once the démarche is durable in the store.
#include "ui/printing.hpp"
#include "ui/screens/wizard.hpp"
#include "ui/strings.hpp"

#include <imgui.h>
#include <sodium.h>

#include <ctime>

namespace guichet::ui {

void ReceiptScreen::reset() {
    if (info) sodium_memzero(info->tracking_code.data(), info->tracking_code.size());
    if (info) sodium_memzero(info->mandate_reference.data(), info->mandate_reference.size());
    info.reset();
    qr.reset();
}

void ReceiptScreen::show(ReceiptInfo receipt) {
    reset();
    // The QR code holds the tracking code alone: a phone that scans it keeps
    // the code; the kiosk is offline, so there is no address to point to.
    if (auto m = encode_qr(receipt.tracking_code)) qr = std::move(*m);
    info = std::move(receipt);
}

void ReceiptScreen::draw(Ui& ui, const Content& c, Nav& nav) {
    if (!info) {
        nav = {Nav::Home, {}};
        return;
    }
    const Theme& t = ui.theme;
    const float gap = ui.metrics.gap_px();
    const float W = ImGui::GetContentRegionAvail().x;
    text(ui, tr(ui, "receipt.title"), ui.fonts.h1, t.text);
    if (!info->form_title.empty()) text(ui, info->form_title, ui.fonts.body, t.muted);
    ImGui::Dummy(ImVec2(1, gap * 0.6f));
    text(ui, tr(ui, "receipt.code"), ui.fonts.bold, t.text);

    // The code in the largest type, centred on a light band.
    ImFont* big = ui.fonts.h1;
    const float size = big->FontSize;  // at its rasterised size: crisp
    const ImVec2 ts = big->CalcTextSizeA(size, FLT_MAX, 0, info->tracking_code.c_str());
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float band_h = ts.y + 2 * gap;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + W, p.y + band_h), to_u32(t.status_bg), 14.0f);
    dl->AddText(big, size, ImVec2(p.x + (W - ts.x) * 0.5f, p.y + gap), to_u32(t.status_text),
                info->tracking_code.c_str());
    ImGui::Dummy(ImVec2(W, band_h));
    if (ImGui::IsItemVisible()) ui.record.texts.push_back(info->tracking_code);
    // On a kiosk with packs of several communes, whose code this is.
    if (std::string commune = c.commune_of(info->tracking_code); !commune.empty())
        text(ui, trf(ui, "receipt.commune", {{"commune", commune}}), ui.fonts.bold, t.text);
    // A SEPA mandate: its unique reference, which the resident keeps (docs/sepa.md §2).
    if (!info->mandate_reference.empty())
        text(ui, trf(ui, "receipt.rum", {{"rum", info->mandate_reference}}), ui.fonts.bold, t.text);
    ImGui::Dummy(ImVec2(1, gap * 0.6f));

    if (qr) {
        const float side = std::min(W * 0.5f, 420.0f * ui.metrics.text_scale);
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (W - side) * 0.5f);
        draw_qr(*qr, side);
        text(ui, tr(ui, "receipt.qr"), ui.fonts.body,
             t.muted);
    }
    if (ui.printing) {
        ImGui::Dummy(ImVec2(1, gap * 0.6f));
        ui.printing->button(ui, c, tr(ui, "print.receipt"), "recu", "recu", [&] {
            print::SheetData d = common_sheet_values(c, std::time(nullptr));
            d.values["code"] = info->tracking_code;
            d.values["demarche"] = info->form_title;
            d.values["service"] = info->recipient_name;
            if (!info->mandate_reference.empty()) d.values["rum"] = info->mandate_reference;
            if (info->created_at > 0) d.values["date"] = french_date_time(info->created_at);
            if (const FormSummary* f = c.form(info->form_id)) d.lists["pieces"] = f->pieces;
            return d;
        });
    }
    ImGui::Dummy(ImVec2(1, gap * 0.6f));
    text(ui, tr(ui, "receipt.next"), ui.fonts.h2, t.text);
    text(ui, info->recipient_name.empty() ? tr(ui, "receipt.sent")
                                          : trf(ui, "receipt.sent_to", {{"recipient", info->recipient_name}}),
         ui.fonts.body, t.text);
    text(ui, tr(ui, "receipt.how_to_track"), ui.fonts.body, t.text);
    if (info->created_at > 0)
        text(ui, trf(ui, "receipt.stored_on", {{"when", french_date_time(info->created_at)}}), ui.fonts.body, t.muted);
    ImGui::Dummy(ImVec2(1, gap));
    if (big_button(ui, tr(ui, "receipt.track"))) nav = {Nav::Tracking, info->tracking_code};
    ImGui::Dummy(ImVec2(1, gap));
    if (big_button(ui, tr(ui, "receipt.done"))) nav = {Nav::Reset, {}};
}

}  // namespace guichet::ui

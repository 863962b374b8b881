// The review screen: every answer as the resident gave it, section by section,
// with « Modifier » (documents by name, pages and size; « Signée »), then
// « Envoyer ma demande » through the store worker.
#include "ui/screens/wizard.hpp"
#include "ui/slots.hpp"
#include "ui/strings.hpp"

#include <imgui.h>

#include <algorithm>

namespace guichet::ui {

using forms::Field;
using forms::FieldType;

void WizardScreen::draw_review(Ui& ui, const Content& c, const FormSummary& f, const std::vector<std::size_t>& sections,
                               StoreWorker* store) {
    const Theme& t = ui.theme;
    const float gap = ui.metrics.gap_px();
    const forms::Form& form = f.compiled->form();
    text(ui, tr(ui, "review.title"), ui.fonts.h1, t.text);
    text(ui, tr(ui, "review.hint"),
         ui.fonts.body, t.muted);
    for (std::size_t i = 0; i < sections.size(); ++i) {
        const forms::Section& s = form.sections[sections[i]];
        ImGui::PushID(static_cast<int>(i));
        ImGui::Dummy(ImVec2(1, gap * 0.6f));
        text(ui, s.title, ui.fonts.h2, t.text);
        for (const Field& field : s.fields) {
            if (field.type == FieldType::info || field.type == FieldType::heading) continue;
            if (std::find(outcome->hidden.begin(), outcome->hidden.end(), field.id) != outcome->hidden.end()) continue;
            std::string shown;
            if (field.type == FieldType::attachment) {
                shown = document_summary(ui, capture.session, field.id);  // name, pages, size in Ko
            } else if (field.type == FieldType::signature) {
                if (draft && draft->answers().contains(field.id)) shown = tr(ui, "review.signed");
            } else if (field.type == FieldType::slot) {  // the slot as offered, or its id if it left the feed
                if (draft && draft->answers().contains(field.id) && draft->answers()[field.id].is_string()) {
                    const std::string id = draft->answers()[field.id].get<std::string>();
                    const FeedSlot* slot = find_slot(c.feed_slots, id);
                    shown = slot ? slot_line(ui.strings, *slot) : id;
                }
            } else if (field.type == FieldType::computed) {
                if (auto it = outcome->computed.find(field.id); it != outcome->computed.end()) shown = it->second;
            } else if (draft && draft->answers().contains(field.id)) {
                shown = display_answer(field, draft->answers()[field.id], c.pack->communes.get());
            }
            if (shown.empty() && !field.required) continue;  // optional and left blank: nothing to check
            text(ui, field.label, ui.fonts.body, t.muted);
            ImGui::Indent(24);
            text(ui, shown.empty() ? std::string("—") : shown, ui.fonts.bold, t.text);
            ImGui::Unindent(24);
            ImGui::Dummy(ImVec2(1, gap * 0.3f));
        }
        if (big_button(ui, tr(ui, "review.edit"), s.title, ImGui::GetContentRegionAvail().x * 0.6f) && submit_ticket == 0) {
            step = i;
            scroll_top = true;
            entry.close();
        }
        ImGui::PopID();
    }
    ImGui::Dummy(ImVec2(1, gap));
    if (!submit_error.empty()) {
        text(ui, submit_error, ui.fonts.bold, t.error);
        ImGui::Dummy(ImVec2(1, gap * 0.5f));
    }
    if (submit_ticket != 0) {
        text(ui, tr(ui, "review.storing"), ui.fonts.h2, t.text);
        return;
    }
    if (big_button(ui, tr(ui, "review.send"))) {
        entry.close();
        if (store == nullptr) {
            submit_error = tr(ui, "review.no_store");
            return;
        }
        SubmitRequest r;
        r.form = f.compiled;
        r.recipients = c.pack->recipients;
        r.communes = c.pack->communes;
        r.tracking_prefix = c.pack->tracking_prefix;
        r.kiosk_id = c.kiosk_id;
        r.draft = std::move(draft);  // the store worker wipes it once stored, or hands it back
        submit_error.clear();
        submit_ticket = store->submit(std::move(r));
    }
}

}  // namespace guichet::ui

// The wizard's frame: one section per screen with its progress, « Suivant »,
// and the review screen after the last section (review.cpp).
#include "ui/screens/wizard.hpp"
#include "ui/strings.hpp"

#include <imgui.h>

#include <algorithm>

namespace guichet::ui {

void prune_unanswered(nlohmann::json& j) {
    if (j.is_array()) {
        for (auto& item : j) prune_unanswered(item);
        return;
    }
    if (!j.is_object()) return;
    for (auto it = j.begin(); it != j.end();) {
        prune_unanswered(*it);
        const bool empty = it->is_null() || (it->is_string() && it->get_ref<const std::string&>().empty()) ||
                           (it->is_object() && it->empty());
        it = empty ? j.erase(it) : std::next(it);
    }
}

void WizardScreen::reset() {
    entry.reset();
    capture.reset();  // pages, strokes and pictures wiped, camera closed
    outcome.reset();  // its destructor wipes the normalised answers
    draft.reset();    // Draft's destructor wipes every answer and file
    form_id.clear();
    step = 0;
    attempted.clear();
    submit_ticket = 0;
    submit_error.clear();
    scroll_top = scroll_to_error = false;
    band_title.clear();
    band_step.clear();
    band_progress = 0;
    capture_was_active = false;
}

void WizardScreen::start(const Content& c, const std::string& id) {
    reset();
    form_id = id;
    draft = std::make_unique<demarche::Draft>(id);
    (void)c;
    scroll_top = true;
}

bool WizardScreen::back() {
    entry.close();
    if (capture.active()) {  // a capture screen: one step back inside it
        capture.back();
        return true;
    }
    if (submit_ticket != 0) return true;  // sending: stay on the review screen
    if (step == 0) return false;
    --step;
    scroll_top = true;
    return true;
}

void WizardScreen::on_submit(StoreEvent& e, const Content& c, std::optional<ReceiptInfo>& receipt) {
    if (e.ticket != submit_ticket) return;
    submit_ticket = 0;
    switch (e.kind) {
        case StoreEvent::Submitted: {
            ReceiptInfo r;
            r.tracking_code = e.receipt->tracking_code;
            r.created_at = e.receipt->created_at;
            r.mandate_reference = e.mandate_reference;
            r.form_id = form_id;
            if (const FormSummary* f = c.form(form_id)) {
                r.form_title = f->title;
                for (const demarche::Recipient& rec : c.pack->recipients)
                    if (rec.id == f->recipient) r.recipient_name = rec.name;
            }
            receipt = std::move(r);
            reset();  // the draft is gone (wiped by submit); forget the rest
            return;
        }
        case StoreEvent::SubmitRefused:
            draft = std::move(e.draft);
            submit_error = tr(c.pack->strings.get(), "wizard.incomplete");
            step = 0;  // the first section with a problem is found by draw()
            if (const FormSummary* f = c.form(form_id); f && f->compiled)
                for (std::size_t i = 0; i < f->compiled->form().sections.size(); ++i) attempted.insert(i);
            scroll_to_error = true;
            return;
        default:
            draft = std::move(e.draft);
            submit_error = tr(c.pack->strings.get(), "wizard.store_failed");
            return;
    }
}

void WizardScreen::draw(Ui& ui, const Content& c, const std::string& id, Nav& nav, StoreWorker* store) {
    const FormSummary* f = c.form(id);
    if (f == nullptr || !f->compiled) {
        nav = {Nav::Back, {}};
        return;
    }
    if (form_id != id || (!draft && submit_ticket == 0)) start(c, id);
    booked = store != nullptr ? store->booked_slots() : nullptr;  // a pointer copy under the worker's lock
    capture.pump(draft.get());  // the capture worker's results: textures, pages attached
    // Each capture screen, and the form again after it, opens at its top (the
    // signature pad opened half scrolled off at ×2, issue #18).
    if (capture.active() != capture_was_active) {
        ImGui::SetScrollY(0);
        capture_was_active = capture.active();
    }
    if (capture.active()) {
        capture.draw(ui);
        return;
    }
    const forms::Form& form = f->compiled->form();

    // The focused field's text is copied into the draft as it is drawn; check
    // what the draft holds now (conditions, problems, computed values).
    if (draft) {
        prune_unanswered(draft->answers());  // widgets create members as they draw
        outcome.reset();
        outcome = std::make_unique<forms::CheckOutcome>(
            f->compiled->check(draft->answers(), c.pack->communes.get(), today_local()));
    }
    if (!outcome) return;
    const std::vector<std::size_t> sections = visible_sections(form, outcome->hidden);
    if (step > sections.size()) step = sections.size();
    // After a refused submit, the first section with a problem.
    if (scroll_to_error && submit_ticket == 0 && !submit_error.empty()) {
        for (std::size_t i = 0; i < sections.size(); ++i) {
            if (!section_problems(form.sections[sections[i]], *outcome).empty()) {
                step = i;
                break;
            }
        }
    }
    if (scroll_top) {
        ImGui::SetScrollY(0);
        scroll_top = false;
    }
    const float gap = ui.metrics.gap_px();
    // The band above the content (app.cpp draws it): title, step and progress.
    {
        const bool review = step == sections.size();
        const auto [n, total] = step_position(counted_sections(form, outcome->hidden, draft ? draft->answers() : nlohmann::json()),
                                              review ? 0 : sections[step], review);
        band_title = f->title;
        band_step = trf(ui, "wizard.step", {{"n", std::to_string(n)}, {"total", std::to_string(total)}});
        band_progress = static_cast<float>(n) / static_cast<float>(total);
    }
    if (step == sections.size()) {
        draw_review(ui, c, *f, sections, store);
        return;
    }
    const std::size_t si = sections[step];
    const forms::Section& section = form.sections[si];
    text(ui, section.title, ui.fonts.h1, ui.theme.text);
    ImGui::Dummy(ImVec2(1, gap * 0.3f));
    const auto problems = section_problems(section, *outcome);
    if (attempted.count(si) && !problems.empty()) {
        text(ui, submit_error.empty() ? tr(ui, "wizard.check_fields") : submit_error,
             ui.fonts.bold, ui.theme.error);
        ImGui::Dummy(ImVec2(1, gap * 0.5f));
    }
    show_problems = attempted.count(si) > 0;
    last_box.clear();
    draw_section(ui, c, *f, section);
    focus_after.clear();  // « Valider » on the last box: the keyboard just closes
    ImGui::Dummy(ImVec2(1, gap));
    const bool last = step + 1 == sections.size();
    if (big_button(ui, tr(ui, last ? "wizard.next_to_review" : "wizard.next"))) {
        entry.close();
        attempted.insert(si);
        if (problems.empty()) {
            ++step;
            scroll_top = true;
            submit_error.clear();
        } else {
            scroll_to_error = true;
        }
    }
}

float WizardScreen::band_height(const Ui& ui, float width, bool compact) const {
    if (band_title.empty()) return 0;
    const float margin = ui.metrics.margin_px();
    ImFont* f = ui.fonts.bold;
    const float title_h = compact ? 0.0f : f->CalcTextSizeA(f->FontSize, FLT_MAX, width - 2 * margin, band_title.c_str()).y;
    return margin * 0.5f + title_h + f->FontSize * 1.3f + 12.0f + margin * 0.5f;
}

void WizardScreen::draw_band(Ui& ui, float width, bool compact) {
    const Theme& t = ui.theme;
    const float margin = ui.metrics.margin_px();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImFont* f = ui.fonts.bold;
    float y = p.y + margin * 0.5f;
    const float wrap = width - 2 * margin;
    if (!compact) {
        dl->AddText(f, f->FontSize, ImVec2(p.x + margin, y), to_u32(t.text), band_title.c_str(), nullptr, wrap);
        y += f->CalcTextSizeA(f->FontSize, FLT_MAX, wrap, band_title.c_str()).y;
    }
    dl->AddText(f, f->FontSize, ImVec2(p.x + margin, y + f->FontSize * 0.15f), to_u32(t.muted), band_step.c_str());
    y += f->FontSize * 1.3f;
    // Progress bar: one segment per screen, the review included.
    dl->AddRectFilled(ImVec2(p.x + margin, y), ImVec2(p.x + width - margin, y + 12.0f), to_u32(t.status_bg), 6.0f);
    dl->AddRectFilled(ImVec2(p.x + margin, y), ImVec2(p.x + margin + wrap * band_progress, y + 12.0f),
                      to_u32(t.button_bg), 6.0f);
    if (!stands_out(t.status_bg, t.background))  // high contrast: the empty part of the bar outlined
        dl->AddRect(ImVec2(p.x + margin, y), ImVec2(p.x + width - margin, y + 12.0f), to_u32(t.outline), 6.0f, 0, 2.0f);
    ui.record.where = band_title + ". " + band_step;  // speech: where the resident is
    for (const std::string* s : {&band_title, &band_step}) {
        if (compact && s == &band_title) continue;
        ui.record.texts.push_back(*s);
        ui.record.paints.push_back({s == &band_title ? t.text : t.muted, t.background, *s});
    }
}

void WizardScreen::draw_section(Ui& ui, const Content& c, const FormSummary& f, const forms::Section& s) {
    const float gap = ui.metrics.gap_px();
    bool first_problem_seen = false;
    for (const forms::Field& field : s.fields) {
        if (std::find(outcome->hidden.begin(), outcome->hidden.end(), field.id) != outcome->hidden.end()) continue;
        ImGui::PushID(field.id.c_str());
        const float y_before = ImGui::GetCursorPosY();
        draw_field(ui, c, f, field, draft->answers(), "");
        // Bring the first field with a problem into view after « Suivant ».
        if (scroll_to_error && !first_problem_seen) {
            for (const forms::FieldProblem& p : outcome->problems) {
                if (top_field(p.path) == field.id) {
                    first_problem_seen = true;
                    ImGui::SetScrollY(std::max(0.0f, y_before - gap));
                    scroll_to_error = false;
                    break;
                }
            }
        }
        ImGui::Dummy(ImVec2(1, gap));
        ImGui::PopID();
    }
}

}  // namespace guichet::ui

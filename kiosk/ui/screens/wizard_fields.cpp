// The wizard's touch widgets, one per field type: large text boxes that open
// the on-screen keyboard, option rows (radio and check boxes drawn as shapes,
// no hover, no combo box), postal code + commune list, repeated groups, and
// and the cards of documents and signatures captured at the kiosk (screens/capture.hpp).
#include "ui/screens/wizard.hpp"
#include "ui/slots.hpp"
#include "ui/strings.hpp"

#include <imgui.h>
#include <sodium.h>

#include <algorithm>
#include <cmath>

namespace guichet::ui {

using forms::Field;
using forms::FieldType;
using nlohmann::json;

namespace {

// Replaces SLOT's text with TEXT without leaving the old text in freed memory.
void store_text(json& slot, const std::string& value) {
    if (slot.is_string()) {
        auto& s = slot.get_ref<std::string&>();
        if (s == value) return;
        sodium_memzero(s.data(), s.size());
        s.assign(value);
    } else {
        slot = value;
    }
}

std::string slot_text(const json& slot) {
    if (slot.is_string()) return slot.get<std::string>();
    if (slot.is_number()) return slot.dump();
    return {};
}

// Between the rows of one question: at least the 2.5 mm every touch target keeps from the next.
float option_gap(const Ui& ui) { return std::max(ui.metrics.tight_gap_px(), ui.metrics.gap_px() * 0.4f); }

// A full-width row with a radio circle or a check box. Returns true when tapped.
bool option_row(Ui& ui, const std::string& label, bool selected, bool checkbox, const std::string& name) {
    const Theme& t = ui.theme;
    ImFont* font = ui.fonts.body;
    const float w = ImGui::GetContentRegionAvail().x;
    const float mark = 44.0f * ui.metrics.text_scale, pad = 24.0f;
    const float text_w = w - mark - 3 * pad;
    const ImVec2 ts = font->CalcTextSizeA(font->FontSize, FLT_MAX, text_w, label.c_str());
    const float h = std::max(ui.metrics.target_px() * 0.85f, ts.y + 2 * pad);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::PushID(name.c_str());
    const bool pressed = ImGui::InvisibleButton("##opt", ImVec2(w, h));
    const bool held = ImGui::IsItemActive();
    ImGui::PopID();
    const ImVec2 p1(p0.x + w, p0.y + h);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Rgb bg = held ? t.button_pressed : selected ? t.button_bg : t.status_bg;
    const Rgb fg = held || selected ? t.button_text : t.status_text;
    dl->AddRectFilled(p0, p1, to_u32(bg), 14.0f);
    // An unselected row's light fill hardly differs from the page: its outline is its shape.
    const bool outlined = !stands_out(bg, ui.surface);
    if (outlined) dl->AddRect(p0, p1, to_u32(t.outline), 14.0f, 0, 2.0f);
    const ImVec2 c(p0.x + pad + mark * 0.5f, p0.y + h * 0.5f);
    if (checkbox) {
        const ImVec2 a(c.x - mark * 0.5f, c.y - mark * 0.5f), b(c.x + mark * 0.5f, c.y + mark * 0.5f);
        dl->AddRect(a, b, to_u32(fg), 6.0f, 0, 4.0f);
        if (selected) {  // a tick drawn with two lines
            dl->AddLine(ImVec2(a.x + mark * 0.2f, c.y), ImVec2(c.x - mark * 0.05f, b.y - mark * 0.22f), to_u32(fg), 6.0f);
            dl->AddLine(ImVec2(c.x - mark * 0.05f, b.y - mark * 0.22f), ImVec2(b.x - mark * 0.18f, a.y + mark * 0.2f),
                        to_u32(fg), 6.0f);
        }
    } else {
        dl->AddCircle(c, mark * 0.5f, to_u32(fg), 32, 4.0f);
        if (selected) dl->AddCircleFilled(c, mark * 0.28f, to_u32(fg), 32);
    }
    dl->AddText(font, font->FontSize, ImVec2(p0.x + mark + 2 * pad, p0.y + (h - ts.y) * 0.5f), to_u32(fg),
                label.c_str(), nullptr, text_w);
    if (ImGui::IsItemVisible()) {
        ui.record.elements.push_back({label, p0.x, p0.y, p1.x, p1.y, name, current_clip(),
                                      Shape{true, bg, ui.surface, t.outline, outlined}});
        ui.record.elements.back().checked = selected ? 1 : 0;
        ui.record.texts.push_back(label);
        ui.record.paints.push_back({fg, bg, label});
    }
    ImGui::Dummy(ImVec2(1, option_gap(ui)));
    return pressed && !ui.drag_scrolling;
}

// A question whose answer is a tap: « Valider » on the text box before it stops
// here, the keyboard closed and the question in view, rather than skipping it.
bool answered_by_tap(const Field& f, const json& value) {
    switch (f.type) {
        case FieldType::yes_no: return !value.is_boolean();
        case FieldType::choice: return !value.is_string();
        case FieldType::multi_choice: return !value.is_array() || value.empty();
        default: return false;
    }
}

std::size_t default_max_chars(const Field& f) {
    if (f.max_length) return *f.max_length;
    switch (f.type) {
        case FieldType::long_text: return 1000;
        case FieldType::date: return 10;
        case FieldType::phone: return 20;
        case FieldType::iban: return 42;
        case FieldType::nir: return 21;
        case FieldType::integer:
        case FieldType::decimal: return 15;
        default: return 120;
    }
}

// A card for what cannot be done at this kiosk yet.
void notice(Ui& ui, const std::string& s) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Indent(24);
    text(ui, s, ui.fonts.body, ui.theme.text);
    ImGui::Unindent(24);
    const float y1 = ImGui::GetCursorScreenPos().y;
    ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + 8, y1), to_u32(ui.theme.button_bg));
}

}  // namespace

void WizardScreen::draw_problems(Ui& ui, const std::string& path) {
    if (!show_problems || !outcome) return;
    for (const forms::FieldProblem& p : outcome->problems) {
        if (p.path == path) text(ui, p.message, ui.fonts.bold, ui.theme.error);
    }
}

void WizardScreen::draw_text_box(Ui& ui, const std::string& id, const std::string& label, json& slot,
                                 KeyboardLayout layout, std::size_t max_chars, const std::string& placeholder) {
    const Theme& t = ui.theme;
    // « Valider » on the previous box moves the keyboard here, like a paper form's next line.
    if (!focus_after.empty() && last_box == focus_after) {
        focus_after.clear();
        entry.focus(id, slot_text(slot), layout, max_chars);
        if (layout == KeyboardLayout::Text && entry.text.empty()) entry.shift = true;
    }
    last_box = id;
    if (entry.has_focus(id)) {
        store_text(slot, entry.text);
        if (entry.validated) {
            focus_after = id;
            entry.close();
        }
    }
    const std::string shown = entry.has_focus(id) ? entry.text : slot_text(slot);
    ImFont* font = ui.fonts.body;
    const float w = ImGui::GetContentRegionAvail().x, pad = 22.0f;
    const ImVec2 ts = font->CalcTextSizeA(font->FontSize, FLT_MAX, w - 2 * pad, shown.empty() ? "x" : shown.c_str());
    const float h = std::max(ui.metrics.target_px() * 0.85f, ts.y + 2 * pad);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::PushID(id.c_str());
    if (ImGui::InvisibleButton("##box", ImVec2(w, h)) && !ui.drag_scrolling && !entry.has_focus(id)) {
        entry.focus(id, shown, layout, max_chars);
        if (layout == KeyboardLayout::Text && shown.empty()) entry.shift = true;  // names start with a capital
    }
    ImGui::PopID();
    const bool has_focus = entry.has_focus(id);
    if (has_focus) {  // moved by what changed above it (a message gone once answered): in view again
        const float at = p0.y - ImGui::GetWindowPos().y + ImGui::GetScrollY();
        if (entry.laid_at >= 0 && std::abs(at - entry.laid_at) > 1.0f) entry.reveal = std::max(entry.reveal, 2);
        entry.laid_at = at;
    }
    if (has_focus && entry.reveal > 0) {
        // The box wholly in view (its label too when there is room) above the keyboard, which takes
        // its room from the next frame: at ×2 in low reach a fixed ratio scrolled it off (issue #18).
        --entry.reveal;
        const float win_top = ImGui::GetWindowPos().y, win_bottom = win_top + ImGui::GetWindowHeight();
        // The label above it when it fits whole; no sliver of it otherwise.
        const float edge = 8.0f, label_line = ui.fonts.bold->FontSize * 1.3f + ui.metrics.gap_px() * 0.25f + 2.0f;
        const float label_room = win_bottom - win_top - h - 2 * edge >= label_line ? label_line : 0.0f;
        float delta = 0;
        if (p0.y + h + edge > win_bottom) delta = p0.y + h + edge - win_bottom;
        if (p0.y - delta < win_top + edge) delta = p0.y - label_room - win_top - edge;
        if (delta != 0) ImGui::SetScrollY(std::max(0.0f, ImGui::GetScrollY() + delta));  // ImGui clamps the end
    }
    bool problem = false;
    if (show_problems && outcome)
        for (const forms::FieldProblem& p : outcome->problems) problem = problem || p.path == id;
    const ImVec2 p1(p0.x + w, p0.y + h);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, p1, to_u32(t.background), 10.0f);
    dl->AddRect(p0, p1, to_u32(has_focus ? t.button_bg : problem ? t.error : t.muted), 10.0f, 0,
                has_focus || problem ? 5.0f : 3.0f);
    const ImVec2 tp(p0.x + pad, p0.y + (h - ts.y) * 0.5f);
    if (shown.empty() && !placeholder.empty() && !has_focus) {
        // Said as an example, in italics: a bare grey word read as an answer already given (issue #18).
        const std::string example = trf(ui, "field.placeholder_example", {{"example", placeholder}});
        ImFont* it = ui.fonts.italic != nullptr ? ui.fonts.italic : font;
        dl->AddText(it, it->FontSize, tp, to_u32(t.muted), example.c_str(), nullptr, w - 2 * pad);
        if (ImGui::IsItemVisible()) {
            ui.record.texts.push_back(example);
            ui.record.paints.push_back({t.muted, t.background, example});
        }
    } else {
        dl->AddText(font, font->FontSize, tp, to_u32(t.text), shown.c_str(), nullptr, w - 2 * pad);
    }
    if (has_focus) {  // the caret, after the last character
        const char* b = shown.c_str();
        const char* last_line = b + shown.size();
        while (last_line > b && last_line[-1] != '\n') --last_line;
        const ImVec2 tail = font->CalcTextSizeA(font->FontSize, FLT_MAX, w - 2 * pad, b, b + shown.size());
        const float cx = tp.x + (ts.y > font->FontSize * 1.5f ? font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, last_line).x
                                                              : tail.x) + 3;
        const float cy = tp.y + (shown.empty() ? 0 : ts.y - font->FontSize);
        dl->AddLine(ImVec2(cx, cy), ImVec2(cx, cy + font->FontSize), to_u32(t.text), 3.0f);
    }
    if (has_focus) {  // the layout check: the keyboard must never cover it
        ui.record.has_focus = true;
        ui.record.focused = {p0.x, p0.y, p1.x, p1.y};
    }
    if (ImGui::IsItemVisible()) {
        ui.record.elements.push_back({label, p0.x, p0.y, p1.x, p1.y, "field:" + id, current_clip(),
                                      Shape{true, t.background, ui.surface, has_focus ? t.button_bg : t.muted, true}});
        ui.record.elements.back().value = shown;
        if (!shown.empty()) {
            ui.record.texts.push_back(shown);
            ui.record.paints.push_back({t.text, t.background, shown});
        }
    }
    draw_problems(ui, id);
}

void WizardScreen::draw_place(Ui& ui, const Content& c, const Field& field, json& value, const std::string& path) {
    if (!value.is_object()) value = json::object();
    const float gap = ui.metrics.gap_px() * 0.4f;
    if (field.type == FieldType::address) {
        text(ui, tr(ui, "field.street"), ui.fonts.body, ui.theme.muted);
        draw_text_box(ui, path + ".line1", tr(ui, "field.street"), value["line1"], KeyboardLayout::Text, 120, "");
        ImGui::Dummy(ImVec2(1, gap));
        text(ui, tr(ui, "field.address_extra_label"), ui.fonts.body, ui.theme.muted);
        draw_text_box(ui, path + ".line2", tr(ui, "field.address_extra"), value["line2"], KeyboardLayout::Text,
                      120, tr(ui, "field.address_extra_placeholder"));
        ImGui::Dummy(ImVec2(1, gap));
    }
    text(ui, tr(ui, "field.postal_code"), ui.fonts.body, ui.theme.muted);
    draw_text_box(ui, path + ".postal_code", tr(ui, "field.postal_code"), value["postal_code"], KeyboardLayout::Numeric, 5, "");
    const std::string cp = slot_text(value["postal_code"]);
    if (cp.size() != 5 || c.pack->communes == nullptr) {
        draw_problems(ui, path);
        return;
    }
    const auto matches = c.pack->communes->by_postal_code(cp);
    ImGui::Dummy(ImVec2(1, gap));
    if (matches.empty()) {
        text(ui, tr(ui, "field.no_commune"), ui.fonts.bold, ui.theme.error);
        draw_problems(ui, path);
        return;
    }
    const std::string insee = slot_text(value["insee"]);
    const bool listed = std::any_of(matches.begin(), matches.end(), [&](const forms::Commune* m) { return m->insee == insee; });
    if (!listed) {
        // One commune: chosen for the resident; several: none until tapped.
        if (matches.size() == 1) value["insee"] = matches[0]->insee;
        else value.erase("insee");
    }
    text(ui, matches.size() == 1 ? tr(ui, "field.commune") : tr(ui, "field.choose_commune"), ui.fonts.body, ui.theme.muted);
    for (const forms::Commune* m : matches) {
        if (option_row(ui, m->name, slot_text(value["insee"]) == m->insee, false, "commune:" + path + "=" + m->insee)) {
            entry.close();
            value["insee"] = m->insee;
        }
    }
    draw_problems(ui, path);
}

void WizardScreen::draw_group(Ui& ui, const Content& c, const FormSummary& f, const Field& field, json& items,
                              const std::string& path) {
    if (!items.is_array()) {
        items = json::array();
        items.get_ref<json::array_t&>().reserve(field.max_items);  // no reallocation: no stray copies
    }
    const float gap = ui.metrics.gap_px();
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (!items[i].is_object()) items[i] = json::object();
        const std::string item_path = path + "[" + std::to_string(i + 1) + "]";
        const std::string title = field.label + " " + std::to_string(i + 1);
        ImGui::PushID(static_cast<int>(i));
        ImGui::Dummy(ImVec2(1, gap * 0.4f));
        text(ui, title, ui.fonts.h2, ui.theme.text);
        ImGui::Indent(32);
        for (const Field& sub : field.fields) {
            ImGui::PushID(sub.id.c_str());
            draw_field(ui, c, f, sub, items[i], item_path + ".");
            ImGui::Dummy(ImVec2(1, gap));  // 24 px between targets (docs/kiosk.md)
            ImGui::PopID();
        }
        bool remove = big_button(ui, tr(ui, "field.remove"), title, ImGui::GetContentRegionAvail().x * 0.6f);
        ImGui::Unindent(32);
        ImGui::PopID();
        if (remove) {
            entry.close();
            // Its documents go; the later items' files follow their answers up (screens/capture.hpp).
            if (draft) capture.session.group_item_removed(field, path, i + 1, items.size(), *draft);
            forms::wipe_json(items[i]);
            items.erase(i);
            return;  // drawn again next frame with the new numbering
        }
    }
    ImGui::Dummy(ImVec2(1, gap));
    if (items.size() < field.max_items && big_button(ui, tr(ui, "field.add"), field.label)) {
        entry.close();
        items.push_back(json::object());
    }
    draw_problems(ui, path);
}

// The slots feed's appointments for this field (ui/slots.hpp), one option
// row each, then « none of these »; the answer is the slot's id.
void WizardScreen::draw_slot(Ui& ui, const Content& c, const FormSummary& f, const Field& field, const json& scope,
                             json& value, const std::string& path) {
    const bool has_service_from = !field.service_from.empty();
    std::string service;
    if (has_service_from)
        if (auto it = scope.find(field.service_from); it != scope.end() && it->is_string()) service = it->get<std::string>();
    static const std::set<std::string> kNone;
    const std::string chosen = value.is_string() ? value.get<std::string>() : std::string();
    const auto offered = slots_to_offer(c.feed_slots, has_service_from, service, booked ? *booked : kNone, chosen);
    // A slot of another service, or one gone from the feed, is not kept.
    if (value.is_string() && std::none_of(offered.begin(), offered.end(),
                                          [&](const FeedSlot* s) { return s->id == value.get<std::string>(); }))
        value = nullptr;
    if (has_service_from && service.empty()) {
        std::string question = field.service_from;
        if (f.compiled)
            for (const forms::Section& s : f.compiled->form().sections)
                for (const Field& other : s.fields)
                    if (other.id == field.service_from) question = other.label;
        notice(ui, trf(ui, "field.slot_service_first", {{"question", question}}));
        return;
    }
    if (offered.empty()) {
        notice(ui, tr(ui, "field.slot_none"));
        return;
    }
    for (const FeedSlot* s : offered) {
        const std::string label = slot_line(ui.strings, *s);
        const bool selected = value.is_string() && value.get<std::string>() == s->id;
        if (option_row(ui, label, selected, false, "opt:" + path + "=" + s->id)) {
            entry.close();
            value = s->id;
        }
    }
    if (option_row(ui, tr(ui, "field.slot_no_preference"), value.is_null(), false, "opt:" + path + "=aucun")) {
        entry.close();
        value = nullptr;
    }
}

void WizardScreen::draw_field(Ui& ui, const Content& c, const FormSummary& f, const Field& field, json& scope,
                              const std::string& prefix) {
    const Theme& t = ui.theme;
    const std::string path = prefix + field.id;
    json& value = scope[field.id];
    if (field.type == FieldType::heading) {
        text(ui, field.label, ui.fonts.h2, t.text);
        return;
    }
    if (field.type == FieldType::info) {
        if (!field.label.empty()) text(ui, field.label, ui.fonts.bold, t.text);
        Nav ignored;
        if (auto it = f.info_docs.find(field.id); it != f.info_docs.end()) draw_doc(ui, it->second, "", ignored);
        return;
    }
    if (!focus_after.empty() && answered_by_tap(field, value)) {
        focus_after.clear();  // the next text box does not take the keyboard: this question comes first
        ImGui::SetScrollHereY(0.2f);
    }
    if (field.type != FieldType::group) text(ui, field.label, ui.fonts.bold, t.text);
    if (!field.help.empty()) text(ui, field.help, ui.fonts.body, t.muted);
    ImGui::Dummy(ImVec2(1, ui.metrics.gap_px() * 0.25f));
    switch (field.type) {
        case FieldType::yes_no:
            for (const bool v : {true, false}) {
                const bool selected = value.is_boolean() && value.get<bool>() == v;
                if (option_row(ui, tr(ui, v ? "answer.yes" : "answer.no"), selected, false, "opt:" + path + (v ? "=oui" : "=non"))) {
                    entry.close();
                    value = v;
                }
            }
            break;
        case FieldType::choice:
            for (const forms::Option& o : field.options) {
                const bool selected = value.is_string() && value.get<std::string>() == o.value;
                if (option_row(ui, o.label, selected, false, "opt:" + path + "=" + o.value)) {
                    entry.close();
                    value = o.value;
                }
            }
            break;
        case FieldType::multi_choice: {
            if (!value.is_array()) value = json::array();
            for (const forms::Option& o : field.options) {
                auto it = std::find(value.begin(), value.end(), json(o.value));
                if (option_row(ui, o.label, it != value.end(), true, "opt:" + path + "=" + o.value)) {
                    entry.close();
                    if (it != value.end()) value.erase(it);
                    else value.push_back(o.value);
                }
            }
            break;
        }
        case FieldType::commune:
        case FieldType::address: draw_place(ui, c, field, value, path); return;
        case FieldType::group: text(ui, field.label, ui.fonts.h2, t.text);
            if (!field.help.empty()) text(ui, field.help, ui.fonts.body, t.muted);
            draw_group(ui, c, f, field, value, path);
            return;
        case FieldType::attachment:
            if (draft) {  // photographed, or from the USB stick (screens/capture.cpp); in a group, keyed by its path
                draw_attachment_card(ui, capture.session, field, *draft, path);
                break;
            }
            notice(ui, tr(ui, "field.attachment_at_desk"));
            break;
        case FieldType::signature:
            if (prefix.empty() && draft) {  // the signature pad (screens/signature.cpp)
                draw_signature_card(ui, capture.session, field, *draft);
                break;
            }
            notice(ui, tr(ui, "field.signature_at_desk"));
            break;
        case FieldType::slot: draw_slot(ui, c, f, field, scope, value, path); break;
        case FieldType::computed: {
            std::string shown = "—";  // —
            if (auto it = outcome->computed.find(field.id); it != outcome->computed.end() && !it->second.empty())
                shown = it->second;
            text(ui, shown, ui.fonts.h2, t.text);
            return;
        }
        default: {
            std::string placeholder = field.placeholder;
            if (placeholder.empty() && field.type == FieldType::date) placeholder = tr(ui, "field.date_placeholder");
            draw_text_box(ui, path, field.label, value, layout_for(field.type), default_max_chars(field), placeholder);
            return;
        }
    }
    draw_problems(ui, path);
}

}  // namespace guichet::ui

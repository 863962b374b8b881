// The démarche wizard (issue #4): one form section per screen, the review
// screen, « Envoyer » through the store worker, the receipt with its QR code,
// and « Suivre ma demande ». Each screen is a struct with reset() and one draw
// function; the dispatcher (ui/app.cpp) owns them and routes the store
// worker's events to them.
#pragma once

#include "demarche/draft.hpp"
#include "forms/check.hpp"
#include "ui/content.hpp"
#include "ui/keyboard.hpp"
#include "ui/qr.hpp"
#include "ui/screens/capture.hpp"
#include "ui/store_worker.hpp"
#include "ui/widgets.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace guichet::ui {

// [Step logic, pure; unit-tested]
// Sections with at least one field shown for these answers (HIDDEN: the
// checker's hidden field ids); a section whose fields are all hidden is skipped.
std::vector<std::size_t> visible_sections(const forms::Form& form, const std::vector<std::string>& hidden);
// The sections « Étape N sur M » counts: those shown for these answers, and
// those hidden only by a condition on a question not answered yet (an answer
// may still show them). The total then does not creep up as answers reveal
// sections; it drops only when an answer rules a section out (issue #18).
std::vector<std::size_t> counted_sections(const forms::Form& form, const std::vector<std::string>& hidden,
                                          const nlohmann::json& answers);
// « Étape N sur M » for the screen of form section SECTION (or the review):
// N = 1 + the counted sections before it, M = the counted sections + the review.
std::pair<std::size_t, std::size_t> step_position(const std::vector<std::size_t>& counted, std::size_t section,
                                                  bool review);
// The form field a problem path belongs to: "enfants[2].nom" → "enfants", "adresse" → "adresse".
std::string top_field(const std::string& path);
// The problems of OUTCOME about fields of SECTION.
std::vector<const forms::FieldProblem*> section_problems(const forms::Section& section,
                                                         const forms::CheckOutcome& outcome);
// "Étape 2 sur 5".
std::string step_label(std::size_t index, std::size_t count);
// An answer as the resident reads it on the review screen, normalised the way
// it is sealed: dates « 12 mars 1990 », phone numbers « 06 12 34 56 78 »,
// IBAN/NIR/SIRET grouped, decimals with a comma, option labels (not values),
// « Oui »/« Non » (from STRINGS when given), the address on lines. A value the
// validators refuse is shown as typed.
std::string display_answer(const forms::Field& field, const nlohmann::json& answer,
                           const forms::CommuneDirectory* communes, const Strings* strings = nullptr);
// Removes null members, empty strings and empty objects that widgets left in
// ANSWERS (an untouched optional address must read as unanswered).
void prune_unanswered(nlohmann::json& answers);
// True when J holds an answer: a non-empty string, a number, a yes/no, or
// such a value inside an object or array (the empty ones widgets create are not).
bool holds_answer(const nlohmann::json& j);
// Keyboard for a field type.
KeyboardLayout layout_for(forms::FieldType type);

// What the receipt shows once a démarche is stored.
struct ReceiptInfo {
    std::string tracking_code;
    std::string form_id;  // for the printed receipt's pièces
    std::string form_title;
    std::string recipient_name;
    store::Timestamp created_at = 0;
    std::string mandate_reference;  // a SEPA mandate's RUM (docs/sepa.md §2), else empty
};

// The wizard and its review screen. Holds the session's only Draft.
struct WizardScreen {
    std::string form_id;
    std::unique_ptr<demarche::Draft> draft;
    std::unique_ptr<forms::CheckOutcome> outcome;  // this frame's check of the draft
    std::size_t step = 0;                          // index into visible_sections(); == count: review
    std::set<std::size_t> attempted;               // sections where « Suivant » was pressed: errors shown
    TextEntry entry;
    std::uint64_t submit_ticket = 0;               // a submit in flight
    std::string submit_error;                      // French, shown on the review screen
    bool scroll_top = false, scroll_to_error = false;
    bool show_problems = false;                    // for the section being drawn
    std::string focus_after;                       // « Valider » on this box: focus the next one
    std::string last_box;                          // the text box drawn last this frame
    CaptureScreens capture;                        // documents and signature (screens/capture.hpp); wiped by reset()
    std::shared_ptr<const std::set<std::string>> booked;  // slots booked here, not offered (StoreWorker::booked_slots)

    // The band above the scrolling content (issue #18): the démarche's title
    // and « Étape N sur M » with its progress bar, on every screen of the
    // démarche, the camera and signature screens included. Set by draw().
    std::string band_title, band_step;
    float band_progress = 0;
    bool capture_was_active = false;
    // COMPACT (the keyboard open at a large text size): the step and its bar only, so that
    // the field being typed keeps its room (issue #18).
    float band_height(const Ui& ui, float width, bool compact) const;
    void draw_band(Ui& ui, float width, bool compact);

    // Something a « Terminer et effacer » would lose: an answer, a document, a signature.
    // (Widgets leave empty members behind: an empty list of options is no answer.)
    bool has_answers() const;

    void reset();  // wipes the draft and every answer
    // Starts the démarche FORM_ID afresh with ANSWERS already given (the map's
    // parcel card: the parcel reference); the wizard then opens on its first step.
    void prefill(const std::string& form, nlohmann::json answers);
    // Handles « Retour »: one step back; false on the first step (leave the wizard).
    bool back();
    void draw(Ui& ui, const Content& c, const std::string& id, Nav& nav, StoreWorker* store);
    // The store's answer to our submit; sets RECEIPT when stored.
    void on_submit(StoreEvent& event, const Content& c, std::optional<ReceiptInfo>& receipt);

private:
    void start(const Content& c, const std::string& id);
    void draw_section(Ui& ui, const Content& c, const FormSummary& f, const forms::Section& s);
    void draw_review(Ui& ui, const Content& c, const FormSummary& f, const std::vector<std::size_t>& sections,
                     StoreWorker* store);
    void draw_field(Ui& ui, const Content& c, const FormSummary& f, const forms::Field& field, nlohmann::json& scope,
                    const std::string& prefix);
    void draw_text_box(Ui& ui, const std::string& id, const std::string& label, nlohmann::json& slot,
                       KeyboardLayout layout, std::size_t max_chars, const std::string& placeholder);
    void draw_place(Ui& ui, const Content& c, const forms::Field& field, nlohmann::json& value, const std::string& path);
    void draw_slot(Ui& ui, const Content& c, const FormSummary& f, const forms::Field& field, const nlohmann::json& scope,
                   nlohmann::json& value, const std::string& path);
    void draw_group(Ui& ui, const Content& c, const FormSummary& f, const forms::Field& field, nlohmann::json& items,
                    const std::string& path);
    void draw_problems(Ui& ui, const std::string& path);
};

struct ReceiptScreen {
    std::optional<ReceiptInfo> info;
    std::optional<QrMatrix> qr;
    void reset();
    void show(ReceiptInfo receipt);
    void draw(Ui& ui, const Content& c, Nav& nav);
};

// « Suivre ma demande »: a code typed with the keyboard, looked up by the store worker.
struct TrackingScreen {
    TextEntry entry;
    std::string code;  // the code as typed (kept while the keyboard is closed)
    std::uint64_t ticket = 0;
    std::optional<StoreEvent> result;
    std::string last_problem;  // French, about the code as typed
    bool started = false;

    void reset();
    // INITIAL_CODE: a code to look up at once (from the receipt), or "".
    void draw(Ui& ui, const Content& c, const std::string& initial_code, Nav& nav, StoreWorker* store);
    void on_result(StoreEvent& event);
};

// "28/11/2026 à 21 h 30" (local time).
std::string french_date_time(store::Timestamp t);

}  // namespace guichet::ui

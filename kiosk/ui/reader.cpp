#include "ui/reader.hpp"

#include "ui/strings.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace guichet::ui {

namespace {

constexpr const char* kContent = "contenu";
constexpr const char* kKeyboard = "clavier";

bool inside(const Rect& r, float x, float y) { return x >= r.x0 && x < r.x1 && y >= r.y0 && y < r.y1; }

int region_rank(const std::string& name) {
    if (name == kContent) return 0;
    if (name == kKeyboard) return 1;
    if (name == "pied") return 2;
    return 3;  // an overlay's panel, or a frame without bands (the attract screen)
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// Marks drawn for the eye only: an arrow before a link, « ‹ » before Retour,
// the ✓ of a current choice (said as « choisi » instead).
std::string spoken_label(std::string s, bool& ticked) {
    static const char* const marks[] = {"\xE2\x86\x92", "\xE2\x80\xB9", "\xE2\x9C\x93"};  // → ‹ ✓
    ticked = false;
    for (bool again = true; again;) {
        again = false;
        while (!s.empty() && s.front() == ' ') s.erase(0, 1);
        for (const char* m : marks) {
            if (starts_with(s, m)) {
                ticked = ticked || std::string(m) == marks[2];
                s.erase(0, std::char_traits<char>::length(m));
                again = true;
            }
        }
    }
    return s;
}

// The middle of what can be seen of R (clipped by CLIP): where a tap lands.
ScreenReader::Point visible_centre(const Rect& r, const Rect& clip) {
    const bool clipped = clip.x1 > clip.x0 && clip.y1 > clip.y0;
    const float x0 = clipped ? std::max(r.x0, clip.x0) : r.x0, x1 = clipped ? std::min(r.x1, clip.x1) : r.x1;
    const float y0 = clipped ? std::max(r.y0, clip.y0) : r.y0, y1 = clipped ? std::min(r.y1, clip.y1) : r.y1;
    return {(x0 + x1) * 0.5f, (y0 + y1) * 0.5f};
}

bool same_item(const ReadItem& a, const ReadItem& b) {
    return a.kind == b.kind && a.name == b.name && a.label == b.label && a.region == b.region;
}

}  // namespace

std::vector<ReadItem> reading_order(const FrameRecord& record) {
    const Region* overlay = nullptr;
    for (const Region& r : record.regions)
        if (r.name == "confirm" || r.name == "alerte") overlay = &r;
    auto region_of = [&](const Rect& rect) -> std::string {
        const float cx = (rect.x0 + rect.x1) * 0.5f, cy = (rect.y0 + rect.y1) * 0.5f;
        if (overlay != nullptr) return inside(overlay->rect, cx, cy) ? overlay->name : std::string();
        if (record.regions.empty()) return "écran";  // the attract screen: one band
        for (const Region& r : record.regions)
            if (inside(r.rect, cx, cy)) return r.name;
        return {};
    };
    auto wanted = [&](const std::string& region) {
        return overlay != nullptr ? region == overlay->name : region_rank(region) < 3 || region == "écran";
    };
    std::vector<ReadItem> items;
    for (const Element& e : record.elements) {
        ReadItem& it = items.emplace_back();  // filled in place (GCC 12 at -O2 warned on a local copied in)
        it.kind = ReadItem::Control;
        it.label = e.label;
        it.name = e.name;
        it.value = e.value;
        it.checked = e.checked;
        it.rect = {e.x0, e.y0, e.x1, e.y1};
        it.clip = e.clip;
        it.region = region_of(it.rect);
        if (!wanted(it.region)) items.pop_back();
    }
    for (const TextBox& t : record.text_boxes) {
        ReadItem& it = items.emplace_back();
        it.label = t.text;
        it.error = t.error;
        it.heading = t.heading;
        it.rect = t.rect;
        it.clip = t.clip;
        it.region = region_of(it.rect);
        if (!wanted(it.region)) items.pop_back();
    }
    for (ReadItem& it : items) it.doc_y = it.rect.y0 + (it.region == kContent ? record.scroll_y : 0.0f);
    std::stable_sort(items.begin(), items.end(), [](const ReadItem& a, const ReadItem& b) {
        const int ra = region_rank(a.region), rb = region_rank(b.region);
        if (ra != rb) return ra < rb;
        if (std::fabs(a.doc_y - b.doc_y) > 1.0f) return a.doc_y < b.doc_y;
        return a.rect.x0 < b.rect.x0;
    });
    // A field's label drawn above it, and its help between them, are said with the field.
    std::vector<ReadItem> out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        auto is_control = [&](std::size_t k) { return k < items.size() && items[k].kind == ReadItem::Control; };
        if (items[i].kind == ReadItem::Text && is_control(i + 1) && items[i + 1].label == items[i].label) continue;
        if (items[i].kind == ReadItem::Text && i + 2 < items.size() && items[i + 1].kind == ReadItem::Text &&
            !items[i + 1].error && is_control(i + 2) && items[i + 2].label == items[i].label) {
            items[i + 2].help = items[i + 1].label;
            ++i;  // the help is said with the field too
            continue;
        }
        out.push_back(std::move(items[i]));
    }
    return out;
}

std::string describe(const Ui& ui, const ReadItem& item, const std::vector<std::string>& errors) {
    bool ticked = false;
    const std::string label = spoken_label(item.label, ticked);
    std::string s;
    if (item.kind == ReadItem::Text) {
        s = label;
    } else if (starts_with(item.name, "key:")) {
        s = trf(ui, "speech.key", {{"label", label}});
    } else if (starts_with(item.name, "field:")) {
        s = item.value.empty() ? trf(ui, "speech.field_empty", {{"label", label}})
                               : trf(ui, "speech.field", {{"label", label}, {"value", item.value}});
    } else if (item.checked == 1 || ticked) {
        s = trf(ui, "speech.option_chosen", {{"label", label}});
    } else if (item.checked == 0) {
        s = trf(ui, "speech.option", {{"label", label}});
    } else {
        s = trf(ui, "speech.button", {{"label", label}});
    }
    if (!item.help.empty()) s += ". " + item.help;
    for (const std::string& e : errors) s += " " + trf(ui, "speech.error", {{"message", e}});
    return s;
}

void ScreenReader::reset() {
    screen_.clear();
    candidate_screen_.clear();
    keyboard_open_ = false;
    focus_.reset();
    reveal_focus_ = false;
    pending_ = Pending::None;
    tap_.reset();
    items_.clear();
    redescribe_in_ = 0;
    last_field_.clear();
    intro_.clear();
}

void ScreenReader::speak(const std::string& text) {
    if (text.empty()) return;
    spoken_.push_back(text);
    if (out_ != nullptr) out_->say(text);
}

void ScreenReader::say(const std::string& text) { speak(text); }

std::optional<ScreenReader::Point> ScreenReader::take_tap() {
    auto t = tap_;
    tap_.reset();
    return t;
}

int ScreenReader::find_focus(const std::vector<ReadItem>& items) const {
    if (!focus_) return -1;
    int best = -1;
    float best_d = 0;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (!same_item(items[i], *focus_)) continue;
        const float d = std::fabs(items[i].doc_y - focus_->doc_y);
        if (best < 0 || d < best_d) {
            best = static_cast<int>(i);
            best_d = d;
        }
    }
    if (best >= 0) return best;
    // The same place in the same band: a key whose letter changed case (Maj), a relabelled button.
    for (std::size_t i = 0; i < items.size(); ++i) {
        const ReadItem& it = items[i];
        if (it.kind == focus_->kind && it.region == focus_->region && std::fabs(it.rect.x0 - focus_->rect.x0) < 1 &&
            std::fabs(it.doc_y - focus_->doc_y) < 1 && std::fabs(it.rect.x1 - focus_->rect.x1) < 1)
            return static_cast<int>(i);
    }
    return -1;
}

// The errors said with a field: the error texts right after it.
static std::vector<std::string> errors_after(const std::vector<ReadItem>& items, const ReadItem& item) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (!same_item(items[i], item) || std::fabs(items[i].doc_y - item.doc_y) > 0.5f) continue;
        for (std::size_t k = i + 1; k < items.size() && items[k].kind == ReadItem::Text && items[k].error; ++k)
            out.push_back(items[k].label);
        break;
    }
    return out;
}

void ScreenReader::focus_on(const ReadItem& item, const Ui& ui, const std::vector<ReadItem>& items, bool speak_it) {
    focus_ = item;
    reveal_focus_ = true;
    if (speak_it) speak(describe(ui, item, item.kind == ReadItem::Control ? errors_after(items, item) : std::vector<std::string>{}));
}

void ScreenReader::reveal(const ReadItem& item, Ui& ui) const {
    if (item.region != kContent) return;
    const Rect& c = item.clip;
    if (!(c.y1 > c.y0)) return;
    const float margin = ui.metrics.gap_px();
    if (item.rect.y0 < c.y0) ui.scroll_by = item.rect.y0 - c.y0 - margin;
    else if (item.rect.y1 > c.y1) ui.scroll_by = std::min(item.rect.y1 - c.y1 + margin, item.rect.y0 - c.y0 - margin);
}

void ScreenReader::observe(Ui& ui) {
    items_ = reading_order(ui.record);
    const std::vector<ReadItem>& items = items_;
    const bool keyboard = std::any_of(items.begin(), items.end(), [](const ReadItem& i) { return i.region == kKeyboard; });
    if (ui.record.screen != screen_) {  // a new screen: where am I, what is it
        // Announced once it holds for two frames: a screen lays out its band and
        // its content over its first frames, and « Étape 1 sur 3 » comes with the second.
        if (ui.record.screen != candidate_screen_) {
            candidate_screen_ = ui.record.screen;
            return;
        }
        screen_ = ui.record.screen;
        keyboard_open_ = keyboard;
        pending_ = Pending::None;
        redescribe_in_ = 0;
        std::string s = std::exchange(intro_, {});
        auto add = [&](const std::string& part) {
            if (part.empty()) return;
            if (!s.empty()) s += " ";
            s += part;
            if (s.back() != '.' && s.back() != '?' && s.back() != '!' && s.back() != ':') s += ".";
        };
        add(ui.record.where);
        focus_.reset();
        if (!items.empty()) {
            focus_ = items.front();
            if (items.front().kind == ReadItem::Text) add(items.front().label);
        }
        // A panel (the idle warning, « Effacer la démarche en cours ? ») is read whole up to its first answer.
        const bool panel = !items.empty() && (items.front().region == "confirm" || items.front().region == "alerte");
        for (std::size_t i = 1; panel && i < items.size() && items[i].kind == ReadItem::Text; ++i) {
            add(items[i].label);
            focus_ = items[i];
        }
        if (ui.record.list_count >= 0)
            add(ui.record.list_count == 1 ? tr(ui, "speech.list_one")
                                          : trf(ui, "speech.list_count", {{"n", std::to_string(ui.record.list_count)}}));
        if (focus_ && focus_->kind == ReadItem::Control) add(describe(ui, *focus_, errors_after(items, *focus_)));
        if (items.empty() && !ui.record.texts.empty()) add(ui.record.texts.front());
        speak(s);
        return;
    }
    // The text box being typed in (the keyboard's « Valider » moves to the next one).
    const ReadItem* typing = nullptr;
    if (ui.record.has_focus)
        for (const ReadItem& it : items)
            if (it.kind == ReadItem::Control && std::fabs(it.rect.y0 - ui.record.focused.y0) < 1 &&
                std::fabs(it.rect.x0 - ui.record.focused.x0) < 1)
                typing = &it;
    if (keyboard && keyboard_open_ && typing != nullptr && typing->name != last_field_) {
        last_field_ = typing->name;  // the next box: said, then the keyboard from its first key
        for (const ReadItem& it : items) {
            if (it.region != kKeyboard) continue;
            focus_ = it;
            speak(describe(ui, *typing) + ". " + describe(ui, it));
            return;
        }
    }
    if (typing != nullptr) last_field_ = typing->name;
    if (keyboard && !keyboard_open_) {  // a text box was opened: its keyboard, first key
        keyboard_open_ = true;
        for (const ReadItem& it : items) {
            if (it.region != kKeyboard) continue;
            focus_ = it;
            speak(tr(ui, "speech.keyboard_open") + " " + describe(ui, it));
            return;
        }
    }
    if (!keyboard && keyboard_open_) {  // « Valider »: back on the text box, with its answer
        keyboard_open_ = false;
        for (const ReadItem& it : items) {
            if (it.kind == ReadItem::Control && !last_field_.empty() && it.name == last_field_) {
                focus_on(it, ui, items);
                return;
            }
        }
    }
    if (pending_ != Pending::None) {
        if (++pending_frames_ < 3) return;  // the scroll asked is applied on the next frame, seen on the one after
        const Pending p = std::exchange(pending_, Pending::None);
        const float anchor = focus_ ? focus_->doc_y : -1e9f;
        const ReadItem* pick = nullptr;
        for (const ReadItem& it : items) {
            if (it.region != kContent) continue;
            if (p == Pending::NextAfterScroll && it.doc_y > anchor + 1 && pick == nullptr) pick = &it;
            if (p == Pending::PreviousAfterScroll && it.doc_y < anchor - 1) pick = &it;
        }
        if (pick == nullptr && p == Pending::NextAfterScroll)
            for (const ReadItem& it : items)
                if (it.region != kContent && pick == nullptr) pick = &it;
        if (pick != nullptr) focus_on(*pick, ui, items);
        return;
    }
    const int i = find_focus(items);
    if (i >= 0) {
        focus_ = items[static_cast<std::size_t>(i)];
        if (redescribe_in_ > 0 && --redescribe_in_ == 0) speak(describe(ui, *focus_, errors_after(items, *focus_)));
        if (reveal_focus_) {
            reveal(*focus_, ui);
            reveal_focus_ = false;
        }
    } else if (focus_ && !keyboard) {
        focus_.reset();  // its control is gone (a list filtered): Next starts from the top
    }
    if (focus_ && starts_with(focus_->name, "field:")) last_field_ = focus_->name;
}

void ScreenReader::move(int step, Ui& ui) {
    const std::vector<ReadItem>& items = items_;
    const int n = static_cast<int>(items.size());
    int idx = find_focus(items);
    const bool has = idx >= 0;
    if (!has) idx = step > 0 ? -1 : n;
    const int next = idx + step;
    const bool in_content = has && items[static_cast<std::size_t>(idx)].region == kContent;
    const bool leaves_content = in_content && (next < 0 || next >= n || items[static_cast<std::size_t>(next)].region != kContent);
    const Region* content = nullptr;
    for (const Region& r : ui.record.regions)
        if (r.name == kContent) content = &r;
    const float page = content != nullptr ? (content->rect.y1 - content->rect.y0) * 0.6f : 0.0f;
    if (leaves_content && step > 0 && ui.record.scroll_y < ui.record.scroll_max - 1) {
        ui.scroll_by = page;  // more of the page below: read on rather than jump to the footer
        pending_ = Pending::NextAfterScroll;
        pending_frames_ = 0;
        return;
    }
    if (leaves_content && step < 0 && ui.record.scroll_y > 1) {
        ui.scroll_by = -page;
        pending_ = Pending::PreviousAfterScroll;
        pending_frames_ = 0;
        return;
    }
    if (next >= n) {
        speak(tr(ui, "speech.end"));
        return;
    }
    if (next < 0) {
        speak(tr(ui, "speech.start"));
        return;
    }
    focus_on(items[static_cast<std::size_t>(next)], ui, items);
}

void ScreenReader::move_row(int step, Ui& ui) {
    const int idx = find_focus(items_);
    if (idx < 0 || items_[static_cast<std::size_t>(idx)].region != kKeyboard) {
        move(step, ui);
        return;
    }
    const ReadItem& cur = items_[static_cast<std::size_t>(idx)];
    const float cx = (cur.rect.x0 + cur.rect.x1) * 0.5f;
    // The nearest row above or below, then its key nearest under the same column.
    const ReadItem* row_key = nullptr;
    for (const ReadItem& it : items_) {
        if (it.region != kKeyboard) continue;
        const bool beyond = step > 0 ? it.rect.y0 >= cur.rect.y1 - 1 : it.rect.y1 <= cur.rect.y0 + 1;
        if (!beyond) continue;
        if (row_key == nullptr || (step > 0 ? it.rect.y0 < row_key->rect.y0 - 1 : it.rect.y0 > row_key->rect.y0 + 1)) row_key = &it;
    }
    if (row_key == nullptr) {
        move(step, ui);
        return;
    }
    const ReadItem* best = nullptr;
    for (const ReadItem& it : items_) {
        if (it.region != kKeyboard || std::fabs(it.rect.y0 - row_key->rect.y0) > 1) continue;
        const float d = std::fabs((it.rect.x0 + it.rect.x1) * 0.5f - cx);
        if (best == nullptr || d < std::fabs((best->rect.x0 + best->rect.x1) * 0.5f - cx)) best = &it;
    }
    focus_on(*best, ui, items_);
}

void ScreenReader::command(ReaderCommand c, Ui& ui) {
    switch (c) {
        case ReaderCommand::Next: move(1, ui); return;
        case ReaderCommand::Previous: move(-1, ui); return;
        case ReaderCommand::NextRow: move_row(1, ui); return;
        case ReaderCommand::PreviousRow: move_row(-1, ui); return;
        case ReaderCommand::Repeat:
            if (!spoken_.empty()) speak(std::string(spoken_.back()));
            return;
        case ReaderCommand::Help: speak(tr(ui, "speech.help")); return;
        case ReaderCommand::Activate: {
            const int i = find_focus(items_);
            if (i < 0) {
                speak(tr(ui, "speech.nothing"));
                return;
            }
            const ReadItem& it = items_[static_cast<std::size_t>(i)];
            if (it.kind == ReadItem::Text) {
                speak(describe(ui, it));
                return;
            }
            tap_ = visible_centre(it.rect, it.clip);
            if (starts_with(it.name, "key:")) {
                bool ticked = false;
                speak(spoken_label(it.label, ticked));  // the key typed, echoed
            } else if (it.checked >= 0) {
                redescribe_in_ = 4;  // its new state, once the tap is played
            }
            return;
        }
        case ReaderCommand::Back: {
            // Under a panel: its first answer (the safe one); else the footer's « Retour ».
            for (const ReadItem& it : items_) {
                if (it.kind != ReadItem::Control) continue;
                if (it.region == "confirm" || it.region == "alerte" || it.label == tr(ui, "footer.back")) {
                    tap_ = visible_centre(it.rect, it.clip);
                    return;
                }
            }
            speak(tr(ui, "speech.no_back"));
            return;
        }
    }
}

void ScreenReader::explore(float x, float y, Ui& ui) {
    const ReadItem* hit = nullptr;
    for (const ReadItem& it : items_) {
        const bool seen = !(it.clip.y1 > it.clip.y0) || inside(it.clip, x, y);
        if (!seen || !inside(it.rect, x, y)) continue;
        if (hit == nullptr || (hit->kind == ReadItem::Text && it.kind == ReadItem::Control)) hit = &it;
    }
    if (hit == nullptr) return;
    focus_on(*hit, ui, items_);
    reveal_focus_ = false;  // the finger is on it: it is in view
}

}  // namespace guichet::ui

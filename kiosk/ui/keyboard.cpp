#include "ui/keyboard.hpp"
#include "ui/strings.hpp"

#include <imgui.h>
#include <sodium.h>

#include <algorithm>
#include <cctype>

namespace guichet::ui {

namespace {

// Lower → upper case for the accented row (the UTF-8 of each pair).
const std::vector<std::pair<std::string, std::string>>& accented() {
    static const std::vector<std::pair<std::string, std::string>> pairs = {
        {"é", "É"}, {"è", "È"}, {"ê", "Ê"}, {"ë", "Ë"}, {"à", "À"}, {"â", "Â"}, {"ç", "Ç"},
        {"ù", "Ù"}, {"û", "Û"}, {"î", "Î"}, {"ï", "Ï"}, {"ô", "Ô"}, {"œ", "Œ"}, {"æ", "Æ"},
    };
    return pairs;
}

std::string upper(const std::string& s) {
    if (s.size() == 1 && std::islower(static_cast<unsigned char>(s[0])))
        return std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(s[0]))));
    for (const auto& [lo, up] : accented())
        if (s == lo) return up;
    return s;
}

Key chr(const std::string& s, float width = 1.0f) { return {Key::Char, s, s, "key:" + s, width}; }

std::vector<Key> chars(const std::vector<std::string>& list, bool shift) {
    std::vector<Key> row;
    for (const std::string& s : list) row.push_back(chr(shift ? upper(s) : s));
    return row;
}

Key special(Key::Kind kind, float width) {
    switch (kind) {
        case Key::Space: return {kind, "Espace", " ", "key:space", width};
        case Key::Backspace: return {kind, "Effacer", "", "key:backspace", width};
        case Key::Shift: return {kind, "Maj", "", "key:shift", width};
        case Key::Valider: return {kind, "Valider", "", "key:valider", width};
        case Key::Char: break;
    }
    return {};
}

const std::vector<std::string> kDigits = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"};
const std::vector<std::string> kRow1 = {"a", "z", "e", "r", "t", "y", "u", "i", "o", "p"};
const std::vector<std::string> kRow2 = {"q", "s", "d", "f", "g", "h", "j", "k", "l", "m"};
const std::vector<std::string> kRow3 = {"w", "x", "c", "v", "b", "n"};

std::vector<std::vector<Key>> keypad(const std::string& extra) {
    std::vector<std::vector<Key>> rows = {chars({"1", "2", "3"}, false), chars({"4", "5", "6"}, false),
                                          chars({"7", "8", "9"}, false)};
    std::vector<Key> last;
    if (!extra.empty()) last.push_back(chr(extra));
    last.push_back(chr("0"));
    last.push_back(special(Key::Backspace, 1.0f));
    rows.push_back(std::move(last));
    // Phone numbers are often read out in pairs (« 06 12 34 »): the phone pad types spaces too.
    if (extra == "+") rows.push_back({special(Key::Space, 1.5f), special(Key::Valider, 1.5f)});
    else rows.push_back({special(Key::Valider, 3.0f)});
    return rows;
}

void erase_last_char(std::string& s) {
    if (s.empty()) return;
    std::size_t n = s.size() - 1;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    sodium_memzero(s.data() + n, s.size() - n);  // the erased bytes do not linger in the buffer
    s.resize(n);
}

void append_utf8(std::string& s, unsigned cp) {
    if (cp < 0x80) {
        s += static_cast<char>(cp);
    } else if (cp < 0x800) {
        s += static_cast<char>(0xC0 | (cp >> 6));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        s += static_cast<char>(0xE0 | (cp >> 12));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

void type_text(TextEntry& e, const std::string& s) {
    if (utf8_length(e.text) + utf8_length(s) > e.max_chars) return;
    e.text += s;
}

constexpr float kKeyLabelPad = 4.0f;  // pixels kept free each side of a key's label

float key_height(const Ui& ui) {
    // Not scaled with the text beyond ×1: at ×2 six rows of taller keys left the form one line (issue #18).
    return std::max(ui.metrics.min_target_mm * ui.metrics.px_per_mm, 90.0f);
}

}  // namespace

std::size_t utf8_length(const std::string& s) {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

std::vector<std::vector<Key>> keyboard_rows(KeyboardLayout layout, bool shift) {
    switch (layout) {
        case KeyboardLayout::Numeric: return keypad(",");
        case KeyboardLayout::Date: return keypad("/");
        case KeyboardLayout::Phone: return keypad("+");
        case KeyboardLayout::Email: {
            std::vector<std::vector<Key>> rows;
            rows.push_back({chr("@"), chr("."), chr("-"), chr("_"), chr(".fr", 1.5f), chr(".com", 1.5f)});
            rows.push_back(chars(kDigits, false));
            rows.push_back(chars(kRow1, shift));
            rows.push_back(chars(kRow2, shift));
            std::vector<Key> r3 = {special(Key::Shift, 1.5f)};
            for (Key& k : chars(kRow3, shift)) r3.push_back(k);
            r3.push_back(special(Key::Backspace, 2.0f));
            rows.push_back(std::move(r3));
            rows.push_back({special(Key::Valider, 3.0f)});
            return rows;
        }
        case KeyboardLayout::Text: break;
    }
    std::vector<std::vector<Key>> rows;
    std::vector<Key> accents;
    for (const auto& [lo, up] : accented()) accents.push_back(chr(shift ? up : lo));
    rows.push_back(std::move(accents));
    std::vector<Key> digits = chars(kDigits, false);
    digits.push_back(chr("-"));
    rows.push_back(std::move(digits));
    rows.push_back(chars(kRow1, shift));
    rows.push_back(chars(kRow2, shift));
    std::vector<Key> r3 = {special(Key::Shift, 1.5f)};
    for (Key& k : chars(kRow3, shift)) r3.push_back(k);
    r3.push_back(chr("’"));  // ’ (French apostrophe)
    r3.push_back(special(Key::Backspace, 2.0f));
    rows.push_back(std::move(r3));
    rows.push_back({chr(","), chr("."), special(Key::Space, 5.0f), special(Key::Valider, 3.0f)});
    return rows;
}

void TextEntry::focus(const std::string& id, std::string value, KeyboardLayout kind, std::size_t max) {
    close();
    field = id;
    reveal = 3;  // the keyboard takes room from the next frame: keep the field in view meanwhile
    max_chars = max;
    layout = kind;
    // Reserved once, so typing never reallocates (a reallocation would leave
    // the old buffer's bytes unzeroed).
    text.reserve(std::max<std::size_t>(value.size(), max * 4) + 8);
    text = value;
    sodium_memzero(value.data(), value.size());
}

void TextEntry::close() {
    sodium_memzero(text.data(), text.size());
    text.clear();
    field.clear();
    shift = caps = validated = false;
    reveal = 0;
    laid_at = -1;
}

TextEntry::~TextEntry() { sodium_memzero(text.data(), text.size()); }

void apply_key(const Key& key, TextEntry& e) {
    switch (key.kind) {
        case Key::Char:
        case Key::Space:
            type_text(e, key.insert);
            e.shift = false;
            return;
        case Key::Backspace: erase_last_char(e.text); return;
        case Key::Shift:
            if (e.caps) {
                e.caps = e.shift = false;
            } else if (e.shift) {
                e.caps = true;  // twice: caps lock
                e.shift = false;
            } else {
                e.shift = true;
            }
            return;
        case Key::Valider: e.validated = true; return;
    }
}

void apply_physical_keys(TextEntry& e) {
    ImGuiIO& io = ImGui::GetIO();
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
        const unsigned cp = io.InputQueueCharacters[i];
        if (cp < 0x20 || cp == 0x7F) continue;
        std::string s;
        append_utf8(s, cp);
        type_text(e, s);
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) erase_last_char(e.text);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false))
        e.validated = true;
}

// What a key shows: its character, or the pack's word for a special key.
static const std::string& key_label(const Ui& ui, const Key& k, bool caps) {
    switch (k.kind) {
        case Key::Char: return k.label;
        case Key::Space: return tr(ui, "keyboard.space");
        case Key::Backspace: return tr(ui, "keyboard.backspace");
        case Key::Shift: return tr(ui, caps ? "keyboard.shift_locked" : "keyboard.shift");
        case Key::Valider: return tr(ui, "keyboard.valider");
    }
    return k.label;
}

float keyboard_height(const Ui& ui, KeyboardLayout layout) {
    const float rows = static_cast<float>(keyboard_rows(layout, false).size());
    const float gap = ui.metrics.tight_gap_px();
    return rows * key_height(ui) + (rows + 1) * gap;
}

void draw_keyboard(Ui& ui, TextEntry& entry) {
    entry.validated = false;
    const Theme& t = ui.theme;
    const bool upper_case = entry.shift || entry.caps;
    const auto rows = keyboard_rows(entry.layout, upper_case);
    const float gap = ui.metrics.min_gap_mm * ui.metrics.px_per_mm;
    const float kh = key_height(ui);
    const bool keypad = entry.layout == KeyboardLayout::Numeric || entry.layout == KeyboardLayout::Date ||
                        entry.layout == KeyboardLayout::Phone;
    const float full_w = ImGui::GetContentRegionAvail().x;
    const float avail = keypad ? std::min(full_w, 3 * 220.0f * ui.metrics.text_scale + 2 * gap) : full_w;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float x0 = origin.x + (full_w - avail) * 0.5f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImFont* font = ui.fonts.bold;
    const Key* pressed = nullptr;
    float y = origin.y + gap;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        float units = 0;
        for (const Key& k : rows[r]) units += k.width;
        const float unit = (avail - gap * static_cast<float>(rows[r].size() - 1)) / units;
        float x = x0;
        for (const Key& k : rows[r]) {
            const float w = unit * k.width;
            ImGui::SetCursorScreenPos(ImVec2(x, y));
            ImGui::PushID(k.name.c_str());
            if (ImGui::InvisibleButton("##key", ImVec2(w, kh))) pressed = &k;
            const bool held = ImGui::IsItemActive();
            ImGui::PopID();
            const bool lit = k.kind == Key::Shift && upper_case;
            Rgb bg = held || lit ? t.button_pressed : t.button_bg;
            Rgb fg = t.button_text;
            if (k.kind == Key::Valider) {
                bg = held ? t.button_pressed : t.accent_bg;  // a tested contrast pair, and a shape on the band
                fg = held ? t.button_text : t.accent_text;
            }
            dl->AddRectFilled(ImVec2(x, y), ImVec2(x + w, y + kh), to_u32(bg), 12.0f);
            const bool outlined = !stands_out(bg, t.status_bg);
            if (outlined) dl->AddRect(ImVec2(x, y), ImVec2(x + w, y + kh), to_u32(t.outline), 12.0f, 0, 3.0f);
            const std::string& label = key_label(ui, k, entry.caps);
            // A label wider than its key (« Effacer », « Œ » at ×2) is drawn smaller rather than over its neighbours.
            float size = font->FontSize;
            ImVec2 ts = font->CalcTextSizeA(size, FLT_MAX, 0, label.c_str());
            const float room = w - 2 * kKeyLabelPad;
            if (ts.x > room && ts.x > 0) {
                size = std::max(size * 0.5f, std::floor(size * room / ts.x));
                ts = font->CalcTextSizeA(size, FLT_MAX, 0, label.c_str());
            }
            dl->AddText(font, size, ImVec2(x + (w - ts.x) * 0.5f, y + (kh - ts.y) * 0.5f), to_u32(fg), label.c_str());
            ui.record.elements.push_back({label, x, y, x + w, y + kh, k.name, current_clip(),
                                          Shape{true, bg, t.status_bg, t.outline, outlined}, ts.x});
            ui.record.paints.push_back({fg, bg, label});
            x += w + gap;
        }
        y += kh + gap;
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, y));
    ImGui::Dummy(ImVec2(full_w, 1));
    if (pressed) apply_key(*pressed, entry);
    apply_physical_keys(entry);
}

}  // namespace guichet::ui

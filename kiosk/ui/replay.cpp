#include "ui/replay.hpp"

#include <algorithm>
#include <charconv>
#include <cctype>

namespace guichet::ui {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// A quoted string ("…", with \" and \\) or the rest of the line as is.
bool text_arg(std::string_view s, std::string& out) {
    s = trim(s);
    if (s.empty()) return false;
    if (s.front() != '"') {
        out = std::string(s);
        return true;
    }
    out.clear();
    for (std::size_t i = 1; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) {
            out += s[++i];
        } else if (s[i] == '"') {
            return trim(s.substr(i + 1)).empty();
        } else {
            out += s[i];
        }
    }
    return false;  // unterminated
}

bool numbers(std::string_view s, std::vector<float>& out, std::size_t n) {
    out.clear();
    s = trim(s);
    while (!s.empty()) {
        std::size_t e = 0;
        while (e < s.size() && !std::isspace(static_cast<unsigned char>(s[e]))) ++e;
        int v = 0;
        auto r = std::from_chars(s.data(), s.data() + e, v);
        if (r.ec != std::errc() || r.ptr != s.data() + e || v < 0) return false;
        out.push_back(static_cast<float>(v));
        s = trim(s.substr(e));
    }
    return out.size() == n;
}

}  // namespace

Result<std::vector<ReplayCommand>> parse_replay(std::string_view script) {
    std::vector<ReplayCommand> cmds;
    int line_no = 0;
    bool first = true;
    while (!script.empty()) {
        std::size_t nl = script.find('\n');
        std::string_view line = trim(script.substr(0, nl));
        script = nl == std::string_view::npos ? std::string_view() : script.substr(nl + 1);
        ++line_no;
        if (line.empty() || line.front() == '#') continue;
        std::size_t sp = 0;
        while (sp < line.size() && !std::isspace(static_cast<unsigned char>(line[sp]))) ++sp;
        std::string_view verb = line.substr(0, sp), rest = trim(line.substr(sp));
        auto err = [&](const std::string& what) {
            return fail("line " + std::to_string(line_no) + ": " + what);
        };
        if (first && verb == "replay") {
            first = false;
            if (rest != std::to_string(kReplayFormatVersion)) return err("unsupported replay format version " + std::string(rest));
            continue;
        }
        first = false;
        ReplayCommand c;
        c.line = line_no;
        if (verb == "tap") {
            if (!rest.empty() && rest.front() == '"') {
                c.kind = ReplayCommand::TapLabel;
                if (!text_arg(rest, c.arg)) return err("tap: bad label");
            } else {
                c.kind = ReplayCommand::Tap;
                if (!numbers(rest, c.xy, 2)) return err("tap: expected X Y or \"label\"");
            }
        } else if (verb == "doubletap") {
            c.kind = ReplayCommand::DoubleTap;
            if (!numbers(rest, c.xy, 2)) return err("doubletap: expected X Y");
        } else if (verb == "hold") {  // a finger held still (the corner's 3 s hold turns speech on)
            c.kind = ReplayCommand::Hold;
            std::vector<float> v;
            if (!numbers(rest, v, 3)) return err("hold: expected X Y MILLISECONDS");
            c.xy = {v[0], v[1]};
            c.ms = static_cast<int>(v[2]);
        } else if (verb == "next-until") {  // keypad 6 until the reader says TEXT (at most 200 times)
            c.kind = ReplayCommand::NextUntil;
            if (!text_arg(rest, c.arg)) return err("next-until: expected text");
        } else if (verb == "keypad-type") {  // TEXT typed on the on-screen keyboard with the keypad's 8 2 4 6 and 5
            c.kind = ReplayCommand::KeypadType;
            if (!text_arg(rest, c.arg)) return err("keypad-type: expected text");
        } else if (verb == "expect-spoken" || verb == "expect-not-spoken") {
            // The reader said it (since what the last expect-spoken matched), or did not.
            c.kind = verb == "expect-spoken" ? ReplayCommand::ExpectSpoken : ReplayCommand::ExpectNotSpoken;
            if (!text_arg(rest, c.arg)) return err(std::string(verb) + ": expected text");
        } else if (verb == "pinch") {
            c.kind = ReplayCommand::Pinch;
            if (!numbers(rest, c.xy, 4)) return err("pinch: expected CX CY D1 D2 (centre, finger distance before and after)");
            if (c.xy[2] < 1 || c.xy[3] < 1) return err("pinch: finger distances must be at least 1 pixel");
        } else if (verb == "press") {
            c.kind = ReplayCommand::Press;
            if (!text_arg(rest, c.arg)) return err("press: expected an element name (e.g. key:valider)");
        } else if (verb == "keys") {
            c.kind = ReplayCommand::Keys;
            if (!text_arg(rest, c.arg)) return err("keys: expected text");
        } else if (verb == "drag") {
            c.kind = ReplayCommand::Drag;
            if (!numbers(rest, c.xy, 4)) return err("drag: expected X1 Y1 X2 Y2");
        } else if (verb == "type") {
            c.kind = ReplayCommand::Type;
            if (!text_arg(rest, c.arg)) return err("type: expected text");
        } else if (verb == "key") {
            c.kind = ReplayCommand::Key;
            if (!text_arg(rest, c.arg)) return err("key: expected a key name");
        } else if (verb == "wait") {
            c.kind = ReplayCommand::Wait;
            std::vector<float> v;
            if (!numbers(rest, v, 1)) return err("wait: expected milliseconds");
            c.ms = static_cast<int>(v[0]);
        } else if (verb == "await") {  // real time: a worker's answer (the visio call), at most 15 s
            c.kind = ReplayCommand::Await;
            if (!text_arg(rest, c.arg)) return err("await: expected text");
        } else if (verb == "await-frames") {  // real time: N of the call's pictures drawn, at most 15 s
            c.kind = ReplayCommand::AwaitFrames;
            std::vector<float> v;
            if (!numbers(rest, v, 1) || v[0] < 1) return err("await-frames: expected a count");
            c.ms = static_cast<int>(v[0]);
        } else if (verb == "shot") {
            c.kind = ReplayCommand::Shot;
            if (!text_arg(rest, c.arg)) return err("shot: expected a name");
            for (char ch : c.arg) {
                if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.')) {
                    return err("shot: name may hold only letters, digits, '-', '_' and '.'");
                }
            }
        } else if (verb == "expect" || verb == "expect-not") {
            c.kind = verb == "expect" ? ReplayCommand::Expect : ReplayCommand::ExpectNot;
            if (!text_arg(rest, c.arg)) return err(std::string(verb) + ": expected text");
        } else if (verb == "expect-visible") {  // an element wholly in view (its window's clip)
            c.kind = ReplayCommand::ExpectVisible;
            if (!text_arg(rest, c.arg)) return err("expect-visible: expected an element name");
        } else if (verb == "check") {  // the layout check of the frame on screen (ui/layout_check.hpp)
            c.kind = ReplayCommand::Check;
            if (!rest.empty()) return err("check: takes no argument");
        } else if (verb == "quit") {
            c.kind = ReplayCommand::Quit;
        } else {
            return err("unknown command '" + std::string(verb) + "'");
        }
        cmds.push_back(std::move(c));
    }
    return cmds;
}

std::vector<std::string> key_names_for(std::string_view text) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t n = 1;
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead >= 0xF0) n = 4;
        else if (lead >= 0xE0) n = 3;
        else if (lead >= 0xC0) n = 2;
        n = std::min(n, text.size() - i);
        const std::string ch(text.substr(i, n));
        out.push_back(ch == " " ? std::string("key:space") : "key:" + ch);
        i += n;
    }
    return out;
}

std::string replay_plain_spaces(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (text.compare(i, 2, "\xC2\xA0") == 0) {
            out += ' ';
            i += 2;
        } else if (text.compare(i, 3, "\xE2\x80\xAF") == 0) {
            out += ' ';
            i += 3;
        } else {
            out += text[i++];
        }
    }
    return out;
}

}  // namespace guichet::ui

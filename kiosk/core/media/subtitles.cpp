#include "media/subtitles.hpp"

#include <algorithm>
#include <cctype>

namespace guichet::media {
namespace {

struct Line {
    std::string_view text;
    int number = 0;
};

std::vector<Line> split_lines(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 BOM
    std::vector<Line> lines;
    int number = 1;
    while (!text.empty()) {
        std::size_t end = text.find_first_of("\r\n");
        std::string_view line = text.substr(0, end);
        lines.push_back({line, number++});
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + (text.substr(end).starts_with("\r\n") ? 2 : 1));
    }
    return lines;
}

bool blank(std::string_view s) { return s.find_first_not_of(" \t") == std::string_view::npos; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// "<i>Bonjour</i> &amp; merci" -> "Bonjour & merci".
std::string plain_text(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '<') {
            std::size_t close = s.find('>', i);
            if (close != std::string_view::npos) { i = close; continue; }
        }
        if (s[i] == '&') {
            static constexpr std::pair<std::string_view, std::string_view> kEntities[] = {
                {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&nbsp;", "\xC2\xA0"}, {"&lrm;", "\xE2\x80\x8E"}, {"&rlm;", "\xE2\x80\x8F"}};
            bool replaced = false;
            for (const auto& [entity, value] : kEntities)
                if (s.substr(i).starts_with(entity)) {
                    out += value;
                    i += entity.size() - 1;
                    replaced = true;
                    break;
                }
            if (replaced) continue;
        }
        out += s[i];
    }
    return out;
}

Error error_at(std::string_view name, int line, const std::string& what) {
    return fail(std::string(name) + ":" + std::to_string(line) + ": " + what);
}

// "00:01:02.500 --> 00:01:04.000 align:start" -> start, end.
Result<Cue> parse_timing(const Line& line, std::string_view name) {
    const std::size_t arrow = line.text.find("-->");
    const std::string_view start_text = trim(line.text.substr(0, arrow));
    std::string_view rest = trim(line.text.substr(arrow + 3));
    const std::string_view end_text = rest.substr(0, rest.find_first_of(" \t"));
    Cue cue;
    cue.start_ms = parse_timestamp(start_text);
    cue.end_ms = parse_timestamp(end_text);
    if (cue.start_ms < 0 || cue.end_ms < 0)
        return error_at(name, line.number, "malformed cue timing '" + std::string(line.text) + "' (expected hh:mm:ss.mmm --> hh:mm:ss.mmm)");
    if (cue.end_ms <= cue.start_ms) return error_at(name, line.number, "cue ends before it starts: '" + std::string(line.text) + "'");
    return cue;
}

// Cue blocks: [identifier]\ntiming\ntext lines\n\n. Blocks without "-->" (WebVTT NOTE, STYLE, REGION) are skipped.
Result<std::vector<Cue>> parse_blocks(const std::vector<Line>& lines, std::size_t first, std::string_view name, bool srt) {
    std::vector<Cue> cues;
    std::size_t i = first;
    while (i < lines.size()) {
        if (blank(lines[i].text)) { ++i; continue; }
        std::size_t end = i;
        while (end < lines.size() && !blank(lines[end].text)) ++end;
        std::size_t timing = i;
        while (timing < end && lines[timing].text.find("-->") == std::string_view::npos) ++timing;
        if (timing == end) {
            if (srt) return error_at(name, lines[i].number, "subtitle block without a timing line (hh:mm:ss,mmm --> hh:mm:ss,mmm)");
            i = end;
            continue;
        }
        if (timing > i + 1) return error_at(name, lines[i].number, "unexpected text before the cue timing");
        auto cue = parse_timing(lines[timing], name);
        if (!cue) return cue.error();
        for (std::size_t t = timing + 1; t < end; ++t) {
            if (!cue->text.empty()) cue->text += '\n';
            cue->text += plain_text(lines[t].text);
        }
        cues.push_back(std::move(*cue));
        i = end;
    }
    std::stable_sort(cues.begin(), cues.end(), [](const Cue& a, const Cue& b) { return a.start_ms < b.start_ms; });
    return cues;
}

}  // namespace

std::int64_t parse_timestamp(std::string_view text) {
    std::int64_t fields[3] = {0, 0, 0};
    int count = 0;
    std::size_t i = 0;
    for (;;) {
        if (count == 3) return -1;
        std::size_t digits = 0;
        std::int64_t value = 0;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && digits < 9) value = value * 10 + (text[i++] - '0'), ++digits;
        if (digits == 0) return -1;
        fields[count++] = value;
        if (i < text.size() && text[i] == ':') { ++i; continue; }
        break;
    }
    if (count < 2 || i >= text.size() || (text[i] != '.' && text[i] != ',')) return -1;
    ++i;
    if (text.size() - i != 3 || !std::all_of(text.begin() + static_cast<std::ptrdiff_t>(i), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return -1;
    const std::int64_t millis = (text[i] - '0') * 100 + (text[i + 1] - '0') * 10 + (text[i + 2] - '0');
    const std::int64_t hours = count == 3 ? fields[0] : 0;
    const std::int64_t minutes = fields[count - 2], seconds = fields[count - 1];
    if (minutes > 59 || seconds > 59) return -1;
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
}

Result<std::vector<Cue>> parse_webvtt(std::string_view text, std::string_view name) {
    const std::vector<Line> lines = split_lines(text);
    if (lines.empty() || !lines[0].text.starts_with("WEBVTT") ||
        (lines[0].text.size() > 6 && lines[0].text[6] != ' ' && lines[0].text[6] != '\t'))
        return error_at(name, 1, "a WebVTT file starts with the line WEBVTT");
    std::size_t first = 1;
    while (first < lines.size() && !blank(lines[first].text)) ++first;  // header metadata
    return parse_blocks(lines, first, name, false);
}

Result<std::vector<Cue>> parse_srt(std::string_view text, std::string_view name) {
    return parse_blocks(split_lines(text), 0, name, true);
}

Result<std::vector<Cue>> parse_subtitles(std::string_view text, std::string_view name) {
    std::string_view body = text.starts_with("\xEF\xBB\xBF") ? text.substr(3) : text;
    return body.starts_with("WEBVTT") ? parse_webvtt(text, name) : parse_srt(text, name);
}

std::vector<const Cue*> cues_at(const std::vector<Cue>& cues, std::int64_t time_ms) {
    std::vector<const Cue*> shown;
    for (const Cue& cue : cues) {
        if (cue.start_ms > time_ms) break;  // sorted by start
        if (time_ms < cue.end_ms) shown.push_back(&cue);
    }
    return shown;
}

}  // namespace guichet::media

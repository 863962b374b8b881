#include "print/sheet.hpp"

#include <nlohmann/json.hpp>

namespace guichet::print {

const std::vector<SheetKind>& sheet_kinds() {
    // Every sheet also gets the common values below (commune, borne, imprime_le).
    static const std::vector<SheetKind> kinds = {
        {"recu", {"code", "demarche", "service", "date", "rum"}, {"pieces"}, false},  // rum: a SEPA mandate's (docs/sepa.md)
        {"notice", {"demarche", "resume", "service"}, {"pieces"}, true},
        {"page", {"titre", "resume"}, {}, true},
        {"offre-emploi", {"titre", "resume", "employeur", "contrat", "publiee", "expire", "reference", "contact"}, {}, true},
        {"affichage-legal", {"titre", "resume", "reference", "affiche_du", "affiche_au", "contact"}, {}, true},
    };
    return kinds;
}

namespace {
const std::vector<std::string_view> kCommonValues = {"commune", "borne", "imprime_le"};
}

const SheetKind* find_sheet_kind(std::string_view id) {
    for (const SheetKind& k : sheet_kinds())
        if (k.id == id) return &k;
    return nullptr;
}

std::string_view paper_name(Paper p) {
    switch (p) {
        case Paper::A4: return "a4";
        case Paper::Roll80: return "roll80";
        case Paper::Auto: break;
    }
    return "auto";
}

namespace {

Result<BlockType> block_type(const std::string& s) {
    static const std::map<std::string, BlockType> types = {
        {"heading", BlockType::Heading}, {"text", BlockType::Text},           {"qr", BlockType::Qr},
        {"list", BlockType::List},       {"checklist", BlockType::Checklist}, {"body", BlockType::Body},
        {"rule", BlockType::Rule},       {"space", BlockType::Space}};
    auto it = types.find(s);
    if (it == types.end()) return fail("unknown block type '" + s + "'");
    return it->second;
}

}  // namespace

Result<Sheet> parse_sheet_json(std::string_view id, std::string_view json) {
    const std::string where = "sheets/" + std::string(id) + ".json: ";
    nlohmann::json j = nlohmann::json::parse(json.begin(), json.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return fail(where + "not a JSON object");
    if (j.value("format", 0) != kSheetFormat)
        return fail(where + "format " + j.value("format", nlohmann::json(0)).dump() + " is not " +
                    std::to_string(kSheetFormat) + " (a newer pack tool made it: update the kiosk)");
    Sheet s;
    s.id = std::string(id);
    s.title = j.value("title", "");
    const std::string paper = j.value("paper", "auto");
    if (paper == "a4") s.paper = Paper::A4;
    else if (paper == "roll80") s.paper = Paper::Roll80;
    else if (paper != "auto") return fail(where + "unknown paper '" + paper + "'");
    if (!j.contains("blocks") || !j["blocks"].is_array()) return fail(where + "no blocks");
    std::size_t n = 0;
    for (const auto& b : j["blocks"]) {
        ++n;
        if (!b.is_object()) return fail(where + "block " + std::to_string(n) + " is not an object");
        auto type = block_type(b.value("type", ""));
        if (!type) return fail(where + "block " + std::to_string(n) + ": " + type.error().message);
        SheetBlock blk;
        blk.type = *type;
        blk.text = b.value("text", "");
        blk.list = b.value("list", "");
        blk.empty = b.value("empty", "");
        blk.when = b.value("when", "");
        blk.bold = b.value("bold", false);
        blk.large = b.value("large", false);
        blk.center = b.value("center", false);
        blk.size_mm = b.value("size_mm", 30.0);
        if (blk.type == BlockType::Qr && (blk.size_mm < 10 || blk.size_mm > 150))
            return fail(where + "block " + std::to_string(n) + ": size_mm must be between 10 and 150");
        s.blocks.push_back(std::move(blk));
    }
    return s;
}

std::string fill(std::string_view text, const SheetData& data) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '{') {
            const std::size_t close = text.find('}', i + 1);
            if (close != std::string_view::npos) {
                auto it = data.values.find(std::string(text.substr(i + 1, close - i - 1)));
                if (it != data.values.end()) out += it->second;
                i = close + 1;
                continue;
            }
        }
        out += text[i++];
    }
    return out;
}

namespace {

constexpr std::string_view kNbsp = "\u00A0";
constexpr std::string_view kNnbsp = "\u202F";

bool ascii_alpha_or_utf8(unsigned char c) { return std::isalpha(c) || c >= 0x80; }

// Ends OUT with NB in place of a trailing ordinary space (or adds it after a
// visible character; nothing at the start of a line).
void space_before(std::string& out, std::string_view nb) {
    if (!out.empty() && out.back() == ' ') {
        out.pop_back();
        out += nb;
    } else if (!out.empty() && out.back() != '\n' && !out.ends_with(kNbsp) && !out.ends_with(kNnbsp)) {
        out += nb;
    }
}

}  // namespace

std::string french_typography(std::string_view t) {
    std::string out;
    out.reserve(t.size() + 16);
    for (std::size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        const std::string_view rest = t.substr(i);
        if (c == '\'' && i > 0 && i + 1 < t.size() && ascii_alpha_or_utf8(static_cast<unsigned char>(t[i - 1])) &&
            ascii_alpha_or_utf8(static_cast<unsigned char>(t[i + 1]))) {
            out += "’";
        } else if ((c == ';' || c == '!' || c == '?') && i > 0) {
            space_before(out, kNnbsp);
            out += c;
        } else if (c == ':' && i > 0 && !(i + 2 < t.size() && t[i + 1] == '/' && t[i + 2] == '/') &&
                   !(std::isdigit(static_cast<unsigned char>(t[i - 1])) && i + 1 < t.size() &&
                     std::isdigit(static_cast<unsigned char>(t[i + 1])))) {
            space_before(out, kNbsp);  // not in "https://" nor "10:30"
            out += c;
        } else if (rest.starts_with("»")) {
            space_before(out, kNnbsp);
            out += "»";
            i += std::string_view("»").size() - 1;
        } else if (rest.starts_with("€")) {
            if (!out.empty() && (out.back() == ' ' || std::isdigit(static_cast<unsigned char>(out.back()))))
                space_before(out, kNbsp);
            out += "€";
            i += std::string_view("€").size() - 1;
        } else if (rest.starts_with("«")) {
            out += "«";
            i += std::string_view("«").size() - 1;
            // « then a narrow no-break space, whatever spacing was typed
            while (i + 1 < t.size() && t[i + 1] == ' ') ++i;
            if (!t.substr(i + 1).starts_with(kNnbsp) && !t.substr(i + 1).starts_with(kNbsp)) out += kNnbsp;
        } else if (c == ' ' && !out.empty() && std::isdigit(static_cast<unsigned char>(out.back())) &&
                   rest.size() >= 4 && rest[1] == 'h' && rest[2] == ' ' && std::isdigit(static_cast<unsigned char>(rest[3]))) {
            out += kNbsp;  // "8 h 30" never breaks
            out += 'h';
            out += kNbsp;
            i += 2;
        } else if (c == ' ' && out.ends_with("n°")) {
            out += kNbsp;  // "n° 3"
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace guichet::print

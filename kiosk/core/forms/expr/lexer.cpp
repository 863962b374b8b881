// Tokens of the expression language, with messages for staff that say how to
// fix the usual typing mistakes (a single '=', "double quotes", typographic
// quotes and non-breaking spaces from a word processor, a comma in 1,20…).
#include "forms/expr/lexer.hpp"

#include "common/staff_language.hpp"

#include <cstdio>

namespace guichet::forms::expr::detail {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_name_char(char c) { return is_lower(c) || is_upper(c) || is_digit(c) || c == '_'; }
bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

unsigned char byte_at(std::string_view s, std::size_t i) { return static_cast<unsigned char>(s[i]); }

// Length of the valid UTF-8 sequence at I (1 for ASCII), 0 when invalid.
std::size_t utf8_length(std::string_view s, std::size_t i) {
    unsigned char c = byte_at(s, i);
    if (c < 0x80) return 1;
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (i + n > s.size()) return 0;
    unsigned char c1 = byte_at(s, i + 1);
    if (c1 < lo || c1 > hi) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (!is_continuation(byte_at(s, i + k))) return 0;
    return n;
}

std::string hex_byte(unsigned char c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned>(c));
    return buf;
}

struct Lookalike {
    std::string_view utf8;
    const char* message;
};

// Characters that word processors and French keyboards put in by themselves.
constexpr Lookalike kLookalikes[] = {
    {"\u00A0", "a non-breaking space is not allowed here: type a normal space"},
    {"\u202F", "a narrow non-breaking space is not allowed here: type a normal space"},
    {"\u2018", "typographic quote '\u2018': write texts between straight quotes: 'like this'"},
    {"\u2019", "typographic quote '\u2019': write texts between straight quotes: 'like this'"},
    {"\u201C", "typographic quote '\u201C': write texts between straight single quotes: 'like this'"},
    {"\u201D", "typographic quote '\u201D': write texts between straight single quotes: 'like this'"},
    {"\u00AB", "'\u00AB' is not allowed: write texts between straight single quotes: 'like this'"},
    {"\u00BB", "'\u00BB' is not allowed: write texts between straight single quotes: 'like this'"},
    {"\u2212", "'\u2212' is not an operator: write '-' for a subtraction"},
    {"\u2013", "'\u2013' is not an operator: write '-' for a subtraction"},
    {"\u00D7", "'\u00D7' is not an operator: write '*' for a multiplication"},
    {"\u00F7", "'\u00F7' is not an operator: write '/' for a division"},
    {"\u2264", "'\u2264' is not an operator: write '<='"},
    {"\u2265", "'\u2265' is not an operator: write '>='"},
    {"\u2260", "'\u2260' is not an operator: write '!='"},
};

constexpr std::string_view kKeywords[] = {"if", "then", "else", "and", "or", "not", "in", "true", "false"};
constexpr Tok kKeywordTokens[] = {Tok::kw_if,  Tok::kw_then, Tok::kw_else, Tok::kw_and, Tok::kw_or,
                                  Tok::kw_not, Tok::kw_in,   Tok::kw_true, Tok::kw_false};

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (is_upper(c)) c = static_cast<char>(c - 'A' + 'a');
    return out;
}

}  // namespace

std::string quoted(std::string_view text) {
    std::string out = "'";
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (chars == 40) {
            out += "\u2026";
            break;
        }
        std::size_t n = utf8_length(text, i);
        if (n == 0 || (n == 1 && (byte_at(text, i) < 0x20 || byte_at(text, i) == 0x7F))) {
            out += '?';
            i += n == 0 ? 1 : n;
        } else {
            out.append(text.substr(i, n));
            i += n;
        }
        ++chars;
    }
    return out + "'";
}

void Lexer::advance() {
    if (s_[i_] == '\n') {
        ++p_.line;
        p_.column = 1;
        ++i_;
        return;
    }
    ++i_;
    if (i_ < s_.size() && is_continuation(byte_at(s_, i_))) return;  // same character
    ++p_.column;
}

Token Lexer::make(Tok kind, std::size_t begin, Pos pos) const {
    Token t;
    t.kind = kind;
    t.pos = pos;
    t.raw = s_.substr(begin, i_ - begin);
    return t;
}

Token Lexer::error(Pos pos, std::string message) const {
    Token t;
    t.kind = Tok::error;
    t.pos = pos;
    t.text = staff::translate(message);  // fixed messages; the others come translated
    return t;
}

Token Lexer::lex_number() {
    std::size_t begin = i_;
    Pos pos = p_;
    int decimals = 0;
    while (i_ < s_.size() && is_digit(s_[i_])) advance();
    if (i_ < s_.size() && s_[i_] == '.') {
        Pos dot = p_;
        advance();
        if (i_ >= s_.size() || !is_digit(s_[i_])) return error(dot, "a number needs digits after '.', as in 1.50");
        while (i_ < s_.size() && is_digit(s_[i_])) {
            advance();
            ++decimals;
        }
    }
    if (i_ < s_.size() && (is_name_char(s_[i_]) || s_[i_] == '.')) {
        if (s_[i_] == '.') return error(p_, "a number has at most one '.'");
        return error(p_, "a number cannot be followed directly by a letter: put a space or an operator between them");
    }
    std::string_view raw = s_.substr(begin, i_ - begin);
    if (decimals > Decimal::kDecimals)
        return error(pos, staff::msg("the number {1} has more than 4 decimal places", {raw}));
    auto value = Decimal::parse(raw);
    if (!value) return error(pos, staff::msg("the number {1} is too large: numbers go up to 999999999999.9999", {quoted(raw)}));
    Token t = make(Tok::number, begin, pos);
    t.number = *value;
    return t;
}

Token Lexer::lex_text() {
    std::size_t begin = i_;
    Pos pos = p_;
    advance();  // opening quote
    std::string value;
    for (;;) {
        if (i_ >= s_.size() || s_[i_] == '\n' || s_[i_] == '\r')
            return error(pos, "this text is not closed: add ' at its end (a text is written on one line)");
        char c = s_[i_];
        if (c == '\'') {
            advance();
            break;
        }
        if (c == '\\') {
            Pos backslash = p_;
            advance();
            if (i_ < s_.size() && (s_[i_] == '\'' || s_[i_] == '\\')) {
                value += s_[i_];
                advance();
                continue;
            }
            return error(backslash, "unknown escape in a text: only \\' (a quote) and \\\\ (a backslash) are allowed");
        }
        value += c;
        advance();
    }
    Token t = make(Tok::text, begin, pos);
    t.text = std::move(value);
    return t;
}

Token Lexer::lex_name() {
    std::size_t begin = i_;
    Pos pos = p_;
    while (i_ < s_.size() && is_name_char(s_[i_])) advance();
    std::string_view raw = s_.substr(begin, i_ - begin);
    for (std::size_t k = 0; k < std::size(kKeywords); ++k)
        if (raw == kKeywords[k]) return make(kKeywordTokens[k], begin, pos);
    std::string lower = ascii_lower(raw);
    for (std::string_view kw : kKeywords)
        if (lower == kw) return error(pos, staff::msg("write '{1}' in lowercase", {lower}));
    if (lower != raw)
        return error(pos, staff::msg("{1} has capital letters: field ids and function names are written in lowercase "
                                     "letters, digits and '_' (for example quotient_familial)",
                                     {quoted(raw)}));
    if (raw[0] == '_') return error(pos, staff::msg("{1} must start with a letter", {quoted(raw)}));
    if (raw.size() > 64) return error(pos, "a field id has at most 64 characters");
    Token t = make(Tok::name, begin, pos);
    t.text = std::string(raw);
    return t;
}

Token Lexer::next() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) advance();
    if (i_ >= s_.size()) return make(Tok::end, i_, p_);
    std::size_t begin = i_;
    Pos pos = p_;
    char c = s_[i_];
    if (is_digit(c)) return lex_number();
    if (c == '\'') return lex_text();
    if (is_lower(c) || is_upper(c) || c == '_') return lex_name();
    auto single = [&](Tok kind) {
        advance();
        return make(kind, begin, pos);
    };
    auto pair = [&](char second, Tok both, Tok one) {
        advance();
        if (i_ < s_.size() && s_[i_] == second) {
            advance();
            return make(both, begin, pos);
        }
        return make(one, begin, pos);
    };
    switch (c) {
    case '(': return single(Tok::lparen);
    case ')': return single(Tok::rparen);
    case '[': return single(Tok::lbracket);
    case ']': return single(Tok::rbracket);
    case ',': return single(Tok::comma);
    case '+': return single(Tok::plus);
    case '-': return single(Tok::minus);
    case '*': return single(Tok::star);
    case '/': return single(Tok::slash);
    case '<':
        if (i_ + 1 < s_.size() && s_[i_ + 1] == '>') return error(pos, "'<>' is not an operator: write '!=' for 'is different from'");
        return pair('=', Tok::le, Tok::lt);
    case '>': return pair('=', Tok::ge, Tok::gt);
    case '=':
        if (i_ + 2 < s_.size() && s_[i_ + 1] == '=' && s_[i_ + 2] == '=')
            return error(pos, "'===' is not an operator: write '==' to compare two values");
        if (i_ + 1 < s_.size() && s_[i_ + 1] == '=') return pair('=', Tok::eq, Tok::eq);
        if (i_ + 1 < s_.size() && (s_[i_ + 1] == '<' || s_[i_ + 1] == '>'))
            return error(pos, staff::msg("'={1}' is not an operator: write '{1}='", {std::string(1, s_[i_ + 1])}));
        return error(pos, "a single '=' is not an operator: write '==' to compare two values");
    case '!':
        if (i_ + 1 < s_.size() && s_[i_ + 1] == '=') return pair('=', Tok::ne, Tok::ne);
        return error(pos, "'!' is not an operator: write 'not' (or '!=' for 'is different from')");
    case '&': return error(pos, "'&' is not an operator: write 'and'");
    case '|': return error(pos, "'|' is not an operator: write 'or'");
    case '"': return error(pos, "texts are written between single quotes: 'like this', not \"like this\"");
    case '.': return error(pos, "write a digit before '.', as in 0.5");
    case ';': return error(pos, "unexpected ';': an expression is a single formula, without ';'");
    default: break;
    }
    unsigned char b = byte_at(s_, i_);
    if (b < 0x20 || b == 0x7F) return error(pos, staff::msg("unexpected control character {1}", {hex_byte(b)}));
    if (b < 0x80) return error(pos, staff::msg("unexpected character '{1}'", {std::string(1, c)}));
    std::size_t n = utf8_length(s_, i_);
    if (n == 0) return error(pos, staff::msg("unexpected byte {1}: the text is not valid UTF-8", {hex_byte(b)}));
    std::string_view ch = s_.substr(i_, n);
    for (const Lookalike& l : kLookalikes)
        if (ch == l.utf8) return error(pos, l.message);
    return error(pos, staff::msg("unexpected character '{1}': field ids and function names use only the letters a-z without accents, "
                                 "digits and '_'",
                                 {ch}));
}

}  // namespace guichet::forms::expr::detail

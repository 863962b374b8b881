// Private to the expression library: tokens of the expression language.
#pragma once

#include "forms/expr/ast.hpp"

#include <string>
#include <string_view>

namespace guichet::forms::expr::detail {

enum class Tok : std::uint8_t {
    end,
    error,  // Token::text is the message, Token::pos the offending place
    number,
    text,
    name,
    kw_if, kw_then, kw_else, kw_and, kw_or, kw_not, kw_in, kw_true, kw_false,
    lparen, rparen, lbracket, rbracket, comma,
    plus, minus, star, slash,
    eq, ne, lt, le, gt, ge,
};

struct Token {
    Tok kind = Tok::end;
    Pos pos;
    std::string_view raw;  // the token as written in the source
    std::string text;      // name, unescaped text, or error message
    Decimal number;
};

// Reads tokens one at a time (errors come in reading order). After an
// error or the end, keeps returning it.
class Lexer {
public:
    explicit Lexer(std::string_view source) : s_(source) {}
    Token next();

private:
    std::string_view s_;
    std::size_t i_ = 0;
    Pos p_;

    void advance();
    Token make(Tok kind, std::size_t begin, Pos pos) const;
    Token error(Pos pos, std::string message) const;
    Token lex_number();
    Token lex_text();
    Token lex_name();
};

// TEXT for a message, between single quotes: at most 40 characters (then
// "…"); control characters and invalid UTF-8 become '?'.
std::string quoted(std::string_view text);

}  // namespace guichet::forms::expr::detail

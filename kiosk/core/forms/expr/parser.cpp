// Recursive-descent parser of the expression language (grammar in
// docs/forms-expressions.md). Recursion is bounded: every construct that
// nests (parentheses, calls, 'if', unary '-' and 'not') counts against
// kMaxDepth before recursing, and every node's depth is checked too, so long
// operator chains cannot make typecheck()/evaluate() recurse deeply either.
#include "forms/expr/expr.hpp"
#include "forms/expr/lexer.hpp"

#include "common/staff_language.hpp"

#include <algorithm>
#include <initializer_list>

namespace guichet::forms::expr {

using detail::quoted;
using detail::Tok;
using detail::Token;

namespace {

constexpr std::string_view kFunctionNames[] = {"today", "age", "days_between", "count", "sum",  "lookup",
                                               "min",   "max", "round",        "contains", "empty"};

const char* const kTooDeep =
    "the expression is nested too deeply (more than 64 levels of parentheses, operators, functions or 'if'): "
    "simplify it or split it into several computed fields";
const char* const kTooLarge =
    "the expression is too large (more than 1000 numbers, texts, fields and operators): split it into several "
    "computed fields";

std::optional<BinaryOp> comparison_op(Tok t) {
    switch (t) {
    case Tok::eq: return BinaryOp::eq;
    case Tok::ne: return BinaryOp::ne;
    case Tok::lt: return BinaryOp::lt;
    case Tok::le: return BinaryOp::le;
    case Tok::gt: return BinaryOp::gt;
    case Tok::ge: return BinaryOp::ge;
    default: return std::nullopt;
    }
}

std::string describe(const Token& t) {
    if (t.kind == Tok::end) return staff::translate("the end of the expression");
    return quoted(t.raw);
}

}  // namespace

class Parser {
public:
    explicit Parser(std::string_view source) : lex_(source) {}

    ExprResult<Expr> run() {
        cur_ = lex_.next();
        if (cur_.kind == Tok::error) fail(cur_.pos, cur_.text);
        std::int32_t root = err_ ? -1 : expression();
        if (root >= 0 && cur_.kind != Tok::end) trailing();
        if (err_) return std::move(*err_);
        out_.root_ = root;
        return std::move(out_);
    }

private:
    detail::Lexer lex_;
    Token cur_;
    Token prev_;
    bool has_prev_ = false;
    Expr out_;
    std::vector<int> depth_;  // per node
    std::optional<ExprError> err_;
    int nesting_ = 0;

    // MESSAGE, finished, in the staff's language (fixed messages are translated here).
    std::int32_t fail(Pos at, const std::string& message) {
        if (!err_) err_ = ExprError{ExprError::Kind::syntax, staff::translate(message), at.line, at.column};
        return -1;
    }

    void advance() {
        prev_ = std::move(cur_);
        has_prev_ = true;
        cur_ = lex_.next();
        if (cur_.kind == Tok::error) fail(cur_.pos, cur_.text);
    }

    // "column 7", or "line 2, column 7" when the current token is on another line.
    std::string where(Pos p) const {
        if (p.line == cur_.pos.line) return staff::msg("column {1}", {std::to_string(p.column)});
        return staff::msg("line {1}, column {2}", {std::to_string(p.line), std::to_string(p.column)});
    }

    bool enter(Pos at) {
        if (++nesting_ > kMaxDepth) {
            fail(at, kTooDeep);
            return false;
        }
        return true;
    }
    void leave() { --nesting_; }

    std::int32_t make(Node n) {
        if (err_) return -1;
        int depth = 1;
        for (std::int32_t k : n.kids) depth = std::max(depth, 1 + depth_[static_cast<std::size_t>(k)]);
        if (depth > kMaxDepth) return fail(n.pos, kTooDeep);
        if (out_.nodes_.size() >= static_cast<std::size_t>(kMaxNodes)) return fail(n.pos, kTooLarge);
        out_.nodes_.push_back(std::move(n));
        depth_.push_back(depth);
        return static_cast<std::int32_t>(out_.nodes_.size() - 1);
    }

    std::int32_t leaf(NodeKind kind, const Token& t) {
        Node n;
        n.kind = kind;
        n.pos = n.start = t.pos;
        return make(std::move(n));
    }

    std::int32_t binary(BinaryOp op, Pos pos, std::int32_t l, std::int32_t r) {
        Node n;
        n.kind = NodeKind::binary;
        n.op = op;
        n.pos = pos;
        n.start = out_.node(l).start;
        n.kids = {l, r};
        return make(std::move(n));
    }

    std::int32_t expression() {
        if (cur_.kind == Tok::kw_if) return if_expr();
        return or_expr();
    }

    std::int32_t if_expr() {
        Pos pos = cur_.pos;
        if (!enter(pos)) return -1;
        advance();
        std::int32_t c = expression();
        if (c < 0) return -1;
        if (cur_.kind != Tok::kw_then)
            return fail(cur_.pos, staff::msg("expected 'then' after the condition of 'if' (at {1}), but found {2}",
                                             {where(pos), describe(cur_)}));
        advance();
        std::int32_t a = expression();
        if (a < 0) return -1;
        if (cur_.kind != Tok::kw_else)
            return fail(cur_.pos, staff::msg("expected 'else' after the 'then' part of 'if' (at {1}): write 'if … then … else …', "
                                             "but found {2}",
                                             {where(pos), describe(cur_)}));
        advance();
        std::int32_t b = expression();
        if (b < 0) return -1;
        leave();
        Node n;
        n.kind = NodeKind::if_then_else;
        n.pos = n.start = pos;
        n.kids = {c, a, b};
        return make(std::move(n));
    }

    template <class Next>
    std::int32_t left_assoc(Next next, std::initializer_list<std::pair<Tok, BinaryOp>> ops) {
        std::int32_t l = (this->*next)();
        for (;;) {
            if (l < 0) return -1;
            auto it = std::find_if(ops.begin(), ops.end(), [&](const auto& o) { return o.first == cur_.kind; });
            if (it == ops.end()) return l;
            Pos pos = cur_.pos;
            advance();
            std::int32_t r = (this->*next)();
            if (r < 0) return -1;
            l = binary(it->second, pos, l, r);
        }
    }

    std::int32_t or_expr() { return left_assoc(&Parser::and_expr, {{Tok::kw_or, BinaryOp::logical_or}}); }
    std::int32_t and_expr() { return left_assoc(&Parser::not_expr, {{Tok::kw_and, BinaryOp::logical_and}}); }

    std::int32_t not_expr() {
        if (cur_.kind != Tok::kw_not) return comparison();
        Pos pos = cur_.pos;
        if (!enter(pos)) return -1;
        advance();
        std::int32_t x = not_expr();
        if (x < 0) return -1;
        leave();
        Node n;
        n.kind = NodeKind::logical_not;
        n.pos = n.start = pos;
        n.kids = {x};
        return make(std::move(n));
    }

    std::int32_t comparison() {
        std::int32_t l = additive();
        if (l < 0) return -1;
        if (auto op = comparison_op(cur_.kind)) {
            Pos pos = cur_.pos;
            advance();
            std::int32_t r = additive();
            if (r < 0) return -1;
            l = binary(*op, pos, l, r);
        } else if (cur_.kind == Tok::kw_in) {
            Pos pos = cur_.pos;
            advance();
            std::int32_t r = list();
            if (r < 0) return -1;
            l = binary(BinaryOp::in, pos, l, r);
        } else {
            return l;
        }
        if (l >= 0 && (comparison_op(cur_.kind) || cur_.kind == Tok::kw_in))
            return fail(cur_.pos, "comparisons cannot be chained: join them with 'and', as in a < b and b < c");
        return l;
    }

    std::int32_t list() {
        if (cur_.kind != Tok::lbracket)
            return fail(cur_.pos, staff::msg("expected a list after 'in', as in organisme in ['caf', 'msa'], but found {1}", {describe(cur_)}));
        Node n;
        n.kind = NodeKind::list;
        n.pos = n.start = cur_.pos;
        if (!enter(n.pos)) return -1;
        advance();
        if (cur_.kind == Tok::rbracket)
            return fail(cur_.pos, "the list after 'in' is empty: write at least one text, as in ['caf', 'msa']");
        for (;;) {
            if (cur_.kind != Tok::text)
                return fail(cur_.pos, staff::msg("a list after 'in' holds texts in single quotes, as in ['caf', 'msa'], but found {1}",
                                                 {describe(cur_)}));
            Node item;
            item.kind = NodeKind::text;
            item.pos = item.start = cur_.pos;
            item.text = cur_.text;
            std::int32_t k = make(std::move(item));
            if (k < 0) return -1;
            n.kids.push_back(k);
            advance();
            if (cur_.kind == Tok::comma) {
                advance();
                continue;
            }
            if (cur_.kind == Tok::rbracket) break;
            return fail(cur_.pos, staff::msg("expected ',' or ']' to close '[' opened at {1}, but found {2}", {where(n.pos), describe(cur_)}));
        }
        advance();
        leave();
        return make(std::move(n));
    }

    std::int32_t additive() {
        return left_assoc(&Parser::multiplicative, {{Tok::plus, BinaryOp::add}, {Tok::minus, BinaryOp::sub}});
    }
    std::int32_t multiplicative() {
        return left_assoc(&Parser::unary, {{Tok::star, BinaryOp::mul}, {Tok::slash, BinaryOp::div}});
    }

    std::int32_t unary() {
        if (cur_.kind != Tok::minus) return primary();
        Pos pos = cur_.pos;
        if (!enter(pos)) return -1;
        advance();
        std::int32_t x = unary();
        if (x < 0) return -1;
        leave();
        Node n;
        n.kind = NodeKind::negate;
        n.pos = n.start = pos;
        n.kids = {x};
        return make(std::move(n));
    }

    std::int32_t primary() {
        if (err_) return -1;
        switch (cur_.kind) {
        case Tok::number: {
            Node n;
            n.kind = NodeKind::number;
            n.pos = n.start = cur_.pos;
            n.number = cur_.number;
            advance();
            return make(std::move(n));
        }
        case Tok::text: {
            Node n;
            n.kind = NodeKind::text;
            n.pos = n.start = cur_.pos;
            n.text = cur_.text;
            advance();
            return make(std::move(n));
        }
        case Tok::kw_true:
        case Tok::kw_false: {
            Node n;
            n.kind = NodeKind::boolean;
            n.pos = n.start = cur_.pos;
            n.boolean = cur_.kind == Tok::kw_true;
            advance();
            return make(std::move(n));
        }
        case Tok::name: return name_or_call();
        case Tok::lparen: {
            Pos open = cur_.pos;
            if (!enter(open)) return -1;
            advance();
            std::int32_t e = expression();
            if (e < 0) return -1;
            if (cur_.kind != Tok::rparen)
                return fail(cur_.pos, staff::msg("expected ')' to close '(' opened at {1}, but found {2}", {where(open), describe(cur_)}));
            advance();
            leave();
            out_.nodes_[static_cast<std::size_t>(e)].start = open;  // the operand begins at '('
            return e;
        }
        case Tok::kw_if:
            return fail(cur_.pos, "put 'if … then … else …' between parentheses when it is part of a larger "
                                  "expression, as in 2 * (if a then 1 else 2)");
        case Tok::lbracket:
            return fail(cur_.pos, "a list [ … ] can only follow 'in', as in organisme in ['caf', 'msa']");
        case Tok::end:
            if (!has_prev_) return fail(cur_.pos, "the expression is empty");
            return fail(cur_.pos, staff::msg("the expression ends too early: expected a value after {1}", {quoted(prev_.raw)}));
        default:
            if (!has_prev_) return fail(cur_.pos, staff::msg("expected a value at the start, but found {1}", {describe(cur_)}));
            return fail(cur_.pos, staff::msg("expected a value after {1}, but found {2}", {quoted(prev_.raw), describe(cur_)}));
        }
    }

    std::int32_t name_or_call() {
        Token name = cur_;
        advance();
        if (cur_.kind != Tok::lparen) {
            Node n;
            n.kind = NodeKind::field;
            n.pos = n.start = name.pos;
            n.text = name.text;
            return make(std::move(n));
        }
        Pos open = cur_.pos;
        if (!enter(name.pos)) return -1;
        advance();
        if (name.text == "date") return date_literal(name, open);
        Node n;
        n.kind = NodeKind::call;
        n.pos = n.start = name.pos;
        n.text = name.text;
        n.function = function_named(name.text);
        if (cur_.kind != Tok::rparen) {
            for (;;) {
                std::int32_t a = expression();
                if (a < 0) return -1;
                n.kids.push_back(a);
                if (cur_.kind == Tok::comma) {
                    advance();
                    continue;
                }
                if (cur_.kind == Tok::rparen) break;
                return fail(cur_.pos, staff::msg("expected ',' or ')' after an argument of '{1}(' opened at {2}, but found {3}",
                                                 {name.text, where(open), describe(cur_)}));
            }
        }
        advance();
        leave();
        return make(std::move(n));
    }

    std::int32_t date_literal(const Token& name, Pos open) {
        if (cur_.kind != Tok::text)
            return fail(cur_.pos, "date(…) takes a date in quotes, written YYYY-MM-DD, as in date('2026-12-05')");
        auto d = Date::parse(cur_.text);
        if (!d)
            return fail(cur_.pos, staff::msg("{1} is not a real date written YYYY-MM-DD, as in date('2026-12-05')", {quoted(cur_.text)}));
        advance();
        if (cur_.kind != Tok::rparen)
            return fail(cur_.pos, staff::msg("expected ')' to close 'date(' opened at {1}, but found {2}", {where(open), describe(cur_)}));
        advance();
        leave();
        Node n;
        n.kind = NodeKind::date;
        n.pos = n.start = name.pos;
        n.date = *d;
        return make(std::move(n));
    }

    void trailing() {
        std::string found = describe(cur_);
        switch (cur_.kind) {
        case Tok::rparen: fail(cur_.pos, "this ')' has no matching '('"); return;
        case Tok::rbracket: fail(cur_.pos, "this ']' has no matching '['"); return;
        case Tok::comma:
            fail(cur_.pos, "unexpected ',': decimal numbers are written with a point (1.20), and ',' only separates "
                           "the arguments of a function");
            return;
        case Tok::kw_then:
        case Tok::kw_else: fail(cur_.pos, staff::msg("unexpected {1} without 'if': write 'if … then … else …'", {found})); return;
        case Tok::name:
        case Tok::number:
        case Tok::text:
        case Tok::kw_true:
        case Tok::kw_false:
        case Tok::lparen:
        case Tok::kw_if:
        case Tok::kw_not:
            fail(cur_.pos, staff::msg("unexpected {1} after a complete expression: is an operator such as 'and' or '==' "
                                      "missing before it?",
                                      {found}));
            return;
        default: fail(cur_.pos, staff::msg("unexpected {1} after a complete expression", {found})); return;
        }
    }
};

ExprResult<Expr> parse(std::string_view source) {
    if (source.size() > kMaxSourceBytes)
        return ExprError{ExprError::Kind::syntax,
                         staff::msg("the expression is too long ({1} bytes; at most 4096): split it into several computed fields",
                                    {std::to_string(source.size())}),
                         1, 1};
    return Parser(source).run();
}

std::string ExprError::to_string() const {
    return std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

std::string_view to_string(BinaryOp op) {
    switch (op) {
    case BinaryOp::add: return "+";
    case BinaryOp::sub: return "-";
    case BinaryOp::mul: return "*";
    case BinaryOp::div: return "/";
    case BinaryOp::eq: return "==";
    case BinaryOp::ne: return "!=";
    case BinaryOp::lt: return "<";
    case BinaryOp::le: return "<=";
    case BinaryOp::gt: return ">";
    case BinaryOp::ge: return ">=";
    case BinaryOp::logical_and: return "and";
    case BinaryOp::logical_or: return "or";
    case BinaryOp::in: return "in";
    }
    return "?";
}

std::string_view to_string(Function function) {
    auto i = static_cast<std::size_t>(function);
    return i < std::size(kFunctionNames) ? kFunctionNames[i] : std::string_view();
}

Function function_named(std::string_view name) {
    for (std::size_t i = 0; i < std::size(kFunctionNames); ++i)
        if (kFunctionNames[i] == name) return static_cast<Function>(i);
    return Function::unknown;
}

std::vector<std::string> Expr::fields() const {
    std::vector<std::string> out;
    for (const Node& n : nodes_)
        if (n.kind == NodeKind::field) out.push_back(n.text);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

namespace {

// Binding strength; an operand weaker than its context gets parentheses.
int precedence(const Node& n) {
    switch (n.kind) {
    case NodeKind::if_then_else: return 0;
    case NodeKind::logical_not: return 3;
    case NodeKind::negate: return 7;
    case NodeKind::binary:
        switch (n.op) {
        case BinaryOp::logical_or: return 1;
        case BinaryOp::logical_and: return 2;
        case BinaryOp::add:
        case BinaryOp::sub: return 5;
        case BinaryOp::mul:
        case BinaryOp::div: return 6;
        default: return 4;  // comparisons and 'in'
        }
    default: return 8;
    }
}

std::string text_literal(std::string_view s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

void print(const Expr& e, std::int32_t index, int context, std::string& out) {
    const Node& n = e.node(index);
    int prec = precedence(n);
    bool parens = prec < context;
    if (parens) out += '(';
    auto kid = [&](std::size_t k) { return n.kids[k]; };
    switch (n.kind) {
    case NodeKind::number: out += n.number.to_string(); break;
    case NodeKind::text: out += text_literal(n.text); break;
    case NodeKind::boolean: out += n.boolean ? "true" : "false"; break;
    case NodeKind::date: out += "date('" + n.date.to_string() + "')"; break;
    case NodeKind::field: out += n.text; break;
    case NodeKind::list:
        out += '[';
        for (std::size_t k = 0; k < n.kids.size(); ++k) {
            if (k) out += ", ";
            print(e, kid(k), 0, out);
        }
        out += ']';
        break;
    case NodeKind::negate:
        out += '-';
        print(e, kid(0), 7, out);
        break;
    case NodeKind::logical_not:
        out += "not ";
        print(e, kid(0), 3, out);
        break;
    case NodeKind::binary: {
        bool comparison = prec == 4;
        print(e, kid(0), comparison ? 5 : prec, out);
        out += ' ';
        out += to_string(n.op);
        out += ' ';
        print(e, kid(1), prec + 1, out);
        break;
    }
    case NodeKind::if_then_else:
        out += "if ";
        print(e, kid(0), 0, out);
        out += " then ";
        print(e, kid(1), 0, out);
        out += " else ";
        print(e, kid(2), 0, out);
        break;
    case NodeKind::call:
        out += n.text;
        out += '(';
        for (std::size_t k = 0; k < n.kids.size(); ++k) {
            if (k) out += ", ";
            print(e, kid(k), 0, out);
        }
        out += ')';
        break;
    }
    if (parens) out += ')';
}

}  // namespace

std::string Expr::to_source() const {
    std::string out;
    if (!nodes_.empty()) print(*this, root_, 0, out);
    return out;
}

}  // namespace guichet::forms::expr

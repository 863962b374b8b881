// Values and syntax tree of the form expression language
// (docs/forms-expressions.md). Include "forms/expr/expr.hpp" to use it.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::forms::expr {

// An exact decimal number: a whole count of 1/10 000 in 64 bits, so prices
// such as 1.20 × 3 give exactly 3.60 (no binary floating point), and the
// kiosk and the build tool compute the same digits on every machine.
// Magnitude at most 999 999 999 999.9999; going beyond is an error, never a
// wrap-around.
class Decimal {
public:
    static constexpr std::int64_t kScale = 10'000;  // units per 1
    static constexpr int kDecimals = 4;
    static constexpr std::int64_t kMaxUnits = 9'999'999'999'999'999;

    constexpr Decimal() = default;
    // Nullopt outside ±kMaxUnits.
    static constexpr std::optional<Decimal> from_units(std::int64_t units) {
        if (units > kMaxUnits || units < -kMaxUnits) return std::nullopt;
        Decimal d;
        d.units_ = units;
        return d;
    }
    static std::optional<Decimal> from_integer(std::int64_t n);
    // "12", "-3.5", "0.0001": optional '-', digits, optionally '.' and 1 to 4 digits.
    static std::optional<Decimal> parse(std::string_view text);
    // Rounded to 4 decimals (half away from zero); nullopt for NaN, infinities, out of range.
    static std::optional<Decimal> from_double(double d);

    constexpr std::int64_t units() const { return units_; }
    constexpr bool is_integer() const { return units_ % kScale == 0; }
    double to_double() const { return static_cast<double>(units_) / static_cast<double>(kScale); }
    // Shortest exact form: "3.6", "12", "-0.05".
    std::string to_string() const;
    // Rounded half away from zero to DECIMALS (0–4) places, always that many: to_fixed(2) of 3.6 is "3.60".
    std::string to_fixed(int decimals) const;

    friend constexpr auto operator<=>(const Decimal&, const Decimal&) = default;

private:
    std::int64_t units_ = 0;
};

// A calendar date (proleptic Gregorian), stored as days since 1970-01-01.
class Date {
public:
    constexpr Date() = default;
    static constexpr Date from_days(std::int32_t days_since_1970) {
        Date d;
        d.days_ = days_since_1970;
        return d;
    }
    // Nullopt unless a real calendar date with a year from 1 to 9999.
    static std::optional<Date> from_ymd(int year, int month, int day);
    // Exactly "YYYY-MM-DD", a real date.
    static std::optional<Date> parse(std::string_view iso);

    constexpr std::int32_t days() const { return days_; }
    int year() const;
    int month() const;  // 1–12
    int day() const;    // 1–31
    std::string to_string() const;  // "YYYY-MM-DD"

    friend constexpr auto operator<=>(const Date&, const Date&) = default;

private:
    std::int32_t days_ = 0;
};

// A place in the expression text: 1-based line and column; columns count
// characters (UTF-8 code points), a tab is one column.
struct Pos {
    int line = 1;
    int column = 1;
    friend constexpr bool operator==(const Pos&, const Pos&) = default;
};

enum class NodeKind : std::uint8_t {
    number,        // literal: Node::number
    text,          // literal: Node::text
    boolean,       // literal: Node::boolean
    date,          // date('YYYY-MM-DD'): Node::date
    field,         // a field id: Node::text
    list,          // ['a', 'b'] after 'in': kids are text literals
    negate,        // -x: kids {x}
    logical_not,   // not x: kids {x}
    binary,        // Node::op, kids {left, right}
    if_then_else,  // kids {condition, then, else}
    call,          // Node::function (name in Node::text), kids = arguments
};

enum class BinaryOp : std::uint8_t { add, sub, mul, div, eq, ne, lt, le, gt, ge, logical_and, logical_or, in };

enum class Function : std::uint8_t {
    today, age, days_between, count, sum, lookup, min, max, round, contains, empty,
    unknown,  // a name that is not a function: typecheck() reports it
};

std::string_view to_string(BinaryOp op);       // "+", "==", "and", "in", …
std::string_view to_string(Function function);  // "lookup", …; "" for unknown
Function function_named(std::string_view name);  // Function::unknown when none

struct Node {
    NodeKind kind = NodeKind::number;
    BinaryOp op = BinaryOp::add;
    Function function = Function::unknown;
    Pos pos;    // the token that names the node: literal, field id, operator, 'if', 'not', '-', function name
    Pos start;  // the first token of the whole sub-expression
    Decimal number;
    bool boolean = false;
    Date date;
    std::string text;  // text literal (unescaped), field id, or function name
    std::vector<std::int32_t> kids;  // indices into Expr::nodes()
};

// A parsed expression. Immutable once made by parse(); cheap to evaluate many
// times. Its size and depth are bounded (kMaxNodes, kMaxDepth in expr.hpp).
class Expr {
public:
    const std::vector<Node>& nodes() const { return nodes_; }
    const Node& node(std::int32_t index) const { return nodes_[static_cast<std::size_t>(index)]; }
    std::int32_t root_index() const { return root_; }
    const Node& root() const { return node(root_); }

    // Every field id the expression reads (groups included), sorted, once
    // each: what a computed field depends on.
    std::vector<std::string> fields() const;
    // Canonical text with the fewest parentheses; parse(to_source()) gives
    // the same tree (positions aside).
    std::string to_source() const;

private:
    friend class Parser;
    std::vector<Node> nodes_;
    std::int32_t root_ = 0;
};

}  // namespace guichet::forms::expr

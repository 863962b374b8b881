// The form expression language: the conditions (show_if, require_if) and
// computed fields (expr) that town-hall staff write in form definitions.
// Specification for staff and engineers: docs/forms-expressions.md.
//
//   auto e = expr::parse("if qf_connu == 'oui' then lookup('tarif_repas', quotient_familial) else 3.60");
//   auto t = expr::typecheck(*e, schema);   // at build time (guichet-pack check) and when a form is loaded
//   auto v = expr::evaluate(*e, env);       // on the kiosk, each time an answer changes
//
// Small and total: no loops, no recursion, no I/O; parse() bounds the text,
// the number of nodes and their depth, so typecheck() and evaluate() cost at
// most O(nodes × (table rows + group items)) and a bounded stack. Nothing
// throws; every mistake is an ExprError with a position.
#pragma once

#include "common/result.hpp"
#include "forms/expr/ast.hpp"

#include <cassert>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace guichet::forms::expr {

inline constexpr std::size_t kMaxSourceBytes = 4096;
inline constexpr int kMaxDepth = 64;    // nesting of parentheses, operators, calls, 'if'
inline constexpr int kMaxNodes = 1000;  // literals, fields, operators, calls, list items

// ---------------------------------------------------------------- errors

// A mistake in an expression, at a place in its text.
struct ExprError {
    enum class Kind {
        syntax,       // parse(): the text is not an expression (limits included)
        type,         // typecheck(), or evaluate() of an expression that was not type-checked
        empty_field,  // evaluate(): a calculation needs a field that is not filled in
        evaluation,   // evaluate(): division by zero, no table row, number too large, …
    };
    Kind kind = Kind::syntax;
    std::string message;  // for staff, in English: what is wrong and how to fix it
    int line = 1;         // 1-based, in the expression text
    int column = 1;       // 1-based, in characters

    // "LINE:COL: message"
    std::string to_string() const;
    Error to_error() const { return Error{to_string()}; }

    // The error's place in a file where the expression text starts at
    // (START_LINE, START_COLUMN), e.g. just after the opening quote of
    // show_if: "…". Exact for an expression on one line written without YAML
    // escapes before the error; for a block scalar (| or >) pass the
    // indentation of its lines as CONTINUATION_INDENT.
    struct FilePos {
        int line;
        int column;
    };
    FilePos in_file(int start_line, int start_column, int continuation_indent = 0) const {
        if (line <= 1) return {start_line, start_column + column - 1};
        return {start_line + line - 1, continuation_indent + column};
    }
};

// guichet::Result<T>, but the error is an ExprError with its position as fields.
template <class T>
using ExprResult = Result<T, ExprError>;

// ---------------------------------------------------------------- parsing

// Parses an expression. Errors: Kind::syntax, at the offending token.
ExprResult<Expr> parse(std::string_view source);

// ---------------------------------------------------------------- types

enum class Type {
    number,     // integer, decimal fields; numbers; table values
    text,       // text-like fields (text, long_text, choice, email, phone, commune, address, iban, …)
    boolean,    // yes_no fields; comparisons; and/or/not
    date,       // date fields; date('…'); today()
    text_list,  // multi_choice fields: the values checked
    group,      // group fields: only through count(), sum(), empty()
};

std::string_view to_string(Type type);  // "number", "text", …

// The expression type of a form field type ("integer" → number, "choice" →
// text, "multi_choice" → text_list, …). Nullopt for types that have no value
// in expressions (info, attachment, signature) and for computed, whose type
// is that of its own expression.
std::optional<Type> type_for_field(std::string_view form_field_type);

struct FieldInfo {
    Type type = Type::text;
    // choice, multi_choice: the option values; when given, a comparison with
    // a text that is not one of them is a type error (a typo in a condition).
    std::vector<std::string> options;
    // group: the fields of each item (id → type), for sum(group, 'id').
    std::map<std::string, Type, std::less<>> item_fields;
};

struct TableInfo {
    std::size_t rows = 0;
    Type value_type = Type::number;  // number or text
};

// What an expression may refer to: the fields of its form and its tables.
struct Schema {
    std::map<std::string, FieldInfo, std::less<>> fields;
    std::map<std::string, TableInfo, std::less<>> tables;

    Schema& field(std::string id, Type type, std::vector<std::string> options = {}) {
        fields[std::move(id)] = FieldInfo{type, std::move(options), {}};
        return *this;
    }
    Schema& group(std::string id, std::map<std::string, Type, std::less<>> item_fields) {
        fields[std::move(id)] = FieldInfo{Type::group, {}, std::move(item_fields)};
        return *this;
    }
    Schema& table(std::string name, std::size_t rows, Type value_type = Type::number) {
        tables[std::move(name)] = TableInfo{rows, value_type};
        return *this;
    }
};

// The type the expression gives. Errors (Kind::type): unknown field,
// function or table, wrong number or type of arguments, operands of the
// wrong type, 'if' branches of different types, text not among a choice
// field's options, an expression giving a whole group.
ExprResult<Type> typecheck(const Expr& expr, const Schema& schema);
// The same, and the result must be EXPECTED (Type::boolean for show_if and
// require_if).
ExprResult<Type> typecheck(const Expr& expr, const Schema& schema, Type expected);

// ---------------------------------------------------------------- values

using TextList = std::vector<std::string>;
// std::monostate: empty (the field is not filled in).
using Value = std::variant<std::monostate, Decimal, std::string, bool, Date, TextList>;

bool is_empty(const Value& v);  // monostate, "" and an empty list
std::optional<Type> type_of(const Value& v);  // nullopt when monostate
// For display and tests: "3.6", "text", "true", "2026-12-05", "a, b", "" when empty.
std::string to_string(const Value& v);

struct TableRow {
    Decimal max;  // the row applies to keys up to and including max
    Value value;
};
// Rows must be non-empty, with strictly increasing 'max', and values all
// numbers or all texts. NAME is used in the message.
Result<void> check_table(std::string_view name, const std::vector<TableRow>& rows);

// A filled group: one map of field id → value per item.
using GroupItem = std::map<std::string, Value, std::less<>>;

// What evaluate() reads.
struct Env {
    // Field values. A field that is absent, monostate, "" or an empty list
    // is empty (not filled in).
    std::map<std::string, Value, std::less<>> fields;
    // Group fields: their items. An absent group has no items.
    std::map<std::string, std::vector<GroupItem>, std::less<>> groups;
    // The form's tables, rows in increasing 'max' (see check_table()).
    std::map<std::string, std::vector<TableRow>, std::less<>> tables;
    // What today() gives: the kiosk's local date, from its clock.
    Date today;
};

// Evaluates. May give an empty value (monostate) when the expression is a
// field that is not filled in, or an 'if' branch that is one. Errors:
// Kind::empty_field (a calculation on a field not filled in),
// Kind::evaluation (division by zero, no table row, number too large, …),
// Kind::type (only for expressions that typecheck() would refuse).
ExprResult<Value> evaluate(const Expr& expr, const Env& env);

}  // namespace guichet::forms::expr

// Static checking of an expression against its form: every field, table and
// function must exist, every operator and function gets operands of the
// right type, both branches of 'if' agree. Run at build time (guichet-pack
// check) so that staff see mistakes with their position before publishing.
#include "forms/expr/expr.hpp"
#include "forms/expr/lexer.hpp"

#include "common/staff_language.hpp"

#include <algorithm>
#include <initializer_list>

namespace guichet::forms::expr {

using detail::quoted;

std::string_view to_string(Type type) {
    switch (type) {
    case Type::number: return "number";
    case Type::text: return "text";
    case Type::boolean: return "boolean";
    case Type::date: return "date";
    case Type::text_list: return "text_list";
    case Type::group: return "group";
    }
    return "?";
}

std::optional<Type> type_for_field(std::string_view t) {
    for (std::string_view text : {"text", "long_text", "email", "phone", "commune", "address", "iban", "bic", "nir",
                                  "siret", "siren", "choice", "slot"})
        if (t == text) return Type::text;
    if (t == "integer" || t == "decimal") return Type::number;
    if (t == "date") return Type::date;
    if (t == "yes_no") return Type::boolean;
    if (t == "multi_choice") return Type::text_list;
    if (t == "group") return Type::group;
    return std::nullopt;  // computed, info, attachment, signature, unknown types
}

namespace {

std::string phrase(Type t) {
    switch (t) {
    case Type::number: return "a number";
    case Type::text: return "a text";
    case Type::boolean: return "a condition (true or false)";
    case Type::date: return "a date";
    case Type::text_list: return "a multiple choice (a list of checked options)";
    case Type::group: return "a group (repeated items)";
    }
    return "?";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

// "; did you mean 'x'?" for the closest candidate within a few typos, else "".
template <class Names>
std::string suggestion(std::string_view wrong, const Names& names) {
    std::string best;
    std::size_t best_d = std::max<std::size_t>(2, wrong.size() / 3) + 1;
    for (const auto& candidate : names) {
        std::string_view c = candidate;
        if (c.size() > wrong.size() + 3 || wrong.size() > c.size() + 3) continue;
        std::size_t d = edit_distance(wrong, c);
        if (d < best_d) {
            best_d = d;
            best = std::string(c);
        }
    }
    return best.empty() ? "" : staff::msg("; did you mean '{1}'?", {best});
}

template <class Map>
std::vector<std::string> keys(const Map& m) {
    std::vector<std::string> out;
    for (const auto& [k, v] : m) out.push_back(k);
    return out;
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
    return out;
}

struct Signature {
    Function function;
    std::size_t arity;
    const char* example;
};

constexpr Signature kSignatures[] = {
    {Function::today, 0, "today()"},
    {Function::age, 1, "age(date_naissance)"},
    {Function::days_between, 2, "days_between(date_debut, date_fin)"},
    {Function::count, 1, "count(enfants)"},
    {Function::sum, 2, "sum(enfants, 'repas_semaine')"},
    {Function::lookup, 2, "lookup('tarif_repas', quotient_familial)"},
    {Function::min, 2, "min(a, b)"},
    {Function::max, 2, "max(a, b)"},
    {Function::round, 2, "round(prix, 2)"},
    {Function::contains, 2, "contains(services, 'restaurant_scolaire')"},
    {Function::empty, 1, "empty(quotient_familial)"},
};

const char* const kFunctionList = "today, age, days_between, count, sum, lookup, min, max, round, contains, empty, date";

class Checker {
public:
    Checker(const Expr& e, const Schema& s) : e_(e), s_(s) {}
    std::optional<ExprError> error;

    std::optional<Type> check(std::int32_t index) {
        const Node& n = e_.node(index);
        switch (n.kind) {
        case NodeKind::number: return Type::number;
        case NodeKind::text: return Type::text;
        case NodeKind::boolean: return Type::boolean;
        case NodeKind::date: return Type::date;
        case NodeKind::field: return field(n);
        case NodeKind::list: return fail(n.pos, "a list [ … ] can only follow 'in'");
        case NodeKind::negate: {
            if (!need(n.kids[0], {Type::number}, "the value after '-' must be a number")) return std::nullopt;
            return Type::number;
        }
        case NodeKind::logical_not: {
            if (!need(n.kids[0], {Type::boolean}, "the value after 'not' must be a condition")) return std::nullopt;
            return Type::boolean;
        }
        case NodeKind::binary: return binary(n);
        case NodeKind::if_then_else: return if_then_else(n);
        case NodeKind::call: return call(n);
        }
        return fail(n.pos, "unknown construct");
    }

private:
    const Expr& e_;
    const Schema& s_;

    std::nullopt_t fail(Pos at, std::string message) {
        // Fixed messages are translated here; the others come translated (common/staff_language.hpp).
        if (!error) error = ExprError{ExprError::Kind::type, staff::translate(message), at.line, at.column};
        return std::nullopt;
    }

    const Node& node(std::int32_t i) const { return e_.node(i); }

    std::string field_note(std::int32_t i) const {
        const Node& n = node(i);
        return n.kind == NodeKind::field ? " (field '" + n.text + "')" : "";
    }

    // How to fix node I, of type T, where one of OK was expected ("" if no idea).
    std::string hint(std::int32_t i, Type t, std::initializer_list<Type> ok) const {
        const Node& n = node(i);
        auto wanted = [&](Type w) { return std::find(ok.begin(), ok.end(), w) != ok.end(); };
        if (n.kind == NodeKind::field) {
            if (t == Type::group)
                return ": use count(" + n.text + "), sum(" + n.text + ", 'field') or empty(" + n.text + ")";
            if (t == Type::text_list)
                return ": use contains(" + n.text + ", 'value'), count(" + n.text + ") or empty(" + n.text + ")";
            if (t == Type::text && wanted(Type::boolean)) return ": compare it, as in " + n.text + " == 'oui'";
            if (t == Type::text && wanted(Type::text_list)) return ": for a single choice, write " + n.text + " == 'value'";
        }
        if (n.kind == NodeKind::text && wanted(Type::number) && Decimal::parse(n.text))
            return ": write numbers without quotes, as in " + n.text;
        if (n.kind == NodeKind::text && wanted(Type::date) && Date::parse(n.text))
            return ": write dates as date('" + n.text + "')";
        if (t == Type::text && wanted(Type::number) && wanted(Type::date))
            return " (texts cannot be ordered: they are compared with == and != only)";
        return "";
    }

    // Checks kid I and that its type is one of OK; CONTEXT says what was expected.
    std::optional<Type> need(std::int32_t i, std::initializer_list<Type> ok, const std::string& context) {
        auto t = check(i);
        if (!t) return std::nullopt;
        if (std::find(ok.begin(), ok.end(), *t) != ok.end()) return t;
        return fail(node(i).start, context + ", but it is " + phrase(*t) + field_note(i) + hint(i, *t, ok));
    }

    std::optional<Type> field(const Node& n) {
        auto it = s_.fields.find(n.text);
        if (it != s_.fields.end()) return it->second.type;
        for (const auto& [id, info] : s_.fields)
            if (info.item_fields.count(n.text))
                return fail(n.pos, staff::msg("'{1}' is a field of each item of the group '{2}': use it through sum({2}, '{1}')",
                                              {n.text, id}));
        if (s_.tables.count(n.text))
            return fail(n.pos, staff::msg("'{1}' is a table: use lookup('{1}', value)", {n.text}));
        for (const auto& [id, info] : s_.fields)
            if (std::find(info.options.begin(), info.options.end(), n.text) != info.options.end())
                return fail(n.pos, staff::msg("unknown field '{1}': to compare with the option {1} of '{2}', write it in quotes: '{1}'",
                                              {n.text, id}));
        if (function_named(n.text) != Function::unknown || n.text == "date")
            return fail(n.pos, staff::msg("'{1}' is a function: write it with parentheses, as in {1}(…)", {n.text}));
        return fail(n.pos, staff::msg("unknown field '{1}': no field of this form has this id{2}",
                                      {n.text, suggestion(n.text, keys(s_.fields))}));
    }

    // When one side is a choice field with known options and the other a text
    // literal, the text must be one of the options.
    bool check_option(std::int32_t field_i, std::int32_t literal_i) {
        const Node& f = node(field_i);
        const Node& lit = node(literal_i);
        if (f.kind != NodeKind::field || lit.kind != NodeKind::text) return true;
        auto it = s_.fields.find(f.text);
        if (it == s_.fields.end() || it->second.options.empty()) return true;
        const auto& options = it->second.options;
        if (std::find(options.begin(), options.end(), lit.text) != options.end()) return true;
        fail(lit.pos, staff::msg("{1} is not an option of the field '{2}' (its options are: {3}){4}",
                                 {quoted(lit.text), f.text, join(options), suggestion(lit.text, options)}));
        return false;
    }

    std::optional<Type> binary(const Node& n) {
        std::int32_t l = n.kids[0], r = n.kids[1];
        std::string op = "'" + std::string(to_string(n.op)) + "'";
        switch (n.op) {
        case BinaryOp::add:
        case BinaryOp::sub:
        case BinaryOp::mul:
        case BinaryOp::div:
            if (!need(l, {Type::number}, "the left side of " + op + " must be a number")) return std::nullopt;
            if (!need(r, {Type::number}, "the right side of " + op + " must be a number")) return std::nullopt;
            return Type::number;
        case BinaryOp::eq:
        case BinaryOp::ne: {
            auto comparable = {Type::number, Type::text, Type::boolean, Type::date};
            auto lt = need(l, comparable, "the left side of " + op + " must be a number, a text, true/false or a date");
            if (!lt) return std::nullopt;
            auto rt = need(r, comparable, "the right side of " + op + " must be a number, a text, true/false or a date");
            if (!rt) return std::nullopt;
            if (*lt != *rt)
                return fail(node(r).start, op + " compares two values of the same type, but the left side is " +
                                               phrase(*lt) + field_note(l) + " and the right side is " + phrase(*rt) +
                                               field_note(r));
            if (!check_option(l, r) || !check_option(r, l)) return std::nullopt;
            return Type::boolean;
        }
        case BinaryOp::lt:
        case BinaryOp::le:
        case BinaryOp::gt:
        case BinaryOp::ge: {
            auto lt = need(l, {Type::number, Type::date}, "the left side of " + op + " must be a number or a date");
            if (!lt) return std::nullopt;
            if (!need(r, {*lt}, "the right side of " + op + " must be " + phrase(*lt) + ", like its left side"))
                return std::nullopt;
            return Type::boolean;
        }
        case BinaryOp::logical_and:
        case BinaryOp::logical_or:
            if (!need(l, {Type::boolean}, "the left side of " + op + " must be a condition")) return std::nullopt;
            if (!need(r, {Type::boolean}, "the right side of " + op + " must be a condition")) return std::nullopt;
            return Type::boolean;
        case BinaryOp::in: {
            if (!need(l, {Type::text}, "the left side of 'in' must be a text")) return std::nullopt;
            const Node& list = node(r);
            if (list.kind != NodeKind::list) return fail(list.start, "'in' must be followed by a list of texts");
            for (std::int32_t item : list.kids)
                if (!check_option(l, item)) return std::nullopt;
            return Type::boolean;
        }
        }
        return fail(n.pos, "unknown operator");
    }

    std::optional<Type> if_then_else(const Node& n) {
        if (!need(n.kids[0], {Type::boolean}, "the condition after 'if' must be a condition (true or false)"))
            return std::nullopt;
        auto values = {Type::number, Type::text, Type::boolean, Type::date, Type::text_list};
        auto a = need(n.kids[1], values, "the 'then' part of 'if' must be a value");
        if (!a) return std::nullopt;
        auto b = need(n.kids[2], values, "the 'else' part of 'if' must be a value");
        if (!b) return std::nullopt;
        if (*a != *b)
            return fail(node(n.kids[2]).start, "the 'then' and 'else' parts of 'if' must give the same type, but 'then' "
                                               "gives " + phrase(*a) + " and 'else' gives " + phrase(*b));
        return a;
    }

    std::optional<Type> call(const Node& n) {
        if (n.function == Function::unknown) {
            std::string msg = "unknown function '" + n.text + "'";
            if (s_.fields.count(n.text)) return fail(n.pos, msg + ": '" + n.text + "' is a field, write it without '(…)'");
            std::vector<std::string> names;
            for (const auto& sig : kSignatures) names.emplace_back(to_string(sig.function));
            std::string hint = suggestion(n.text, names);
            return fail(n.pos, msg + hint + (hint.empty() ? ". " : " ") + "The functions are: " + kFunctionList);
        }
        const Signature* sig = nullptr;
        for (const auto& s : kSignatures)
            if (s.function == n.function) sig = &s;
        std::string name(to_string(n.function));
        if (n.kids.size() != sig->arity)
            return fail(n.pos, name + "(…) takes " + std::to_string(sig->arity) +
                                   (sig->arity == 1 ? " argument" : " arguments") + ", as in " + sig->example +
                                   ", but here it has " + std::to_string(n.kids.size()));
        auto arg = [&](std::size_t k) { return n.kids[k]; };
        std::string first = sig->arity == 1 ? "the argument of " + name + "(…)" : "the first argument of " + name + "(…)";
        std::string second = "the second argument of " + name + "(…)";
        switch (n.function) {
        case Function::today: return Type::date;
        case Function::age:
            if (!need(arg(0), {Type::date}, first + " must be a date")) return std::nullopt;
            return Type::number;
        case Function::days_between:
            if (!need(arg(0), {Type::date}, first + " must be a date")) return std::nullopt;
            if (!need(arg(1), {Type::date}, second + " must be a date")) return std::nullopt;
            return Type::number;
        case Function::count:
            if (!need(arg(0), {Type::group, Type::text_list}, first + " must be a group or a multiple choice field"))
                return std::nullopt;
            return Type::number;
        case Function::sum: return sum(n);
        case Function::lookup: return lookup(n);
        case Function::min:
        case Function::max: {
            auto t = need(arg(0), {Type::number, Type::date}, first + " must be a number or a date");
            if (!t) return std::nullopt;
            if (!need(arg(1), {*t}, second + " must be " + phrase(*t) + ", like the first")) return std::nullopt;
            return t;
        }
        case Function::round: {
            if (!need(arg(0), {Type::number}, first + " must be a number")) return std::nullopt;
            const Node& places = node(arg(1));
            if (places.kind != NodeKind::number || !places.number.is_integer() ||
                places.number > *Decimal::from_integer(Decimal::kDecimals))
                return fail(places.start, second + " is the number of decimals, written as a whole number from 0 to 4, "
                                                   "as in round(prix, 2)");
            return Type::number;
        }
        case Function::contains:
            if (!need(arg(0), {Type::text_list}, first + " must be a multiple choice field")) return std::nullopt;
            if (!need(arg(1), {Type::text}, second + " must be a text")) return std::nullopt;
            if (!check_option(arg(0), arg(1))) return std::nullopt;
            return Type::boolean;
        case Function::empty:
            if (node(arg(0)).kind != NodeKind::field)
                return fail(node(arg(0)).start, "empty(…) takes a field id, as in empty(quotient_familial)");
            if (!check(arg(0))) return std::nullopt;
            return Type::boolean;
        case Function::unknown: break;
        }
        return fail(n.pos, "unknown function '" + n.text + "'");
    }

    std::optional<Type> sum(const Node& n) {
        const Node& g = node(n.kids[0]);
        if (!need(n.kids[0], {Type::group}, "the first argument of sum(…) must be a group, as in sum(enfants, 'repas_semaine')"))
            return std::nullopt;
        const Node& item = node(n.kids[1]);
        if (item.kind != NodeKind::text)
            return fail(item.start, "the second argument of sum(…) names a field of the group in quotes, as in sum(" +
                                        g.text + ", 'repas_semaine')");
        if (g.kind != NodeKind::field) return fail(g.start, "the first argument of sum(…) must be a group field");
        const FieldInfo& info = s_.fields.find(g.text)->second;
        auto it = info.item_fields.find(item.text);
        if (it == info.item_fields.end())
            return fail(item.pos, "the group '" + g.text + "' has no field " + quoted(item.text) + " (its fields are: " +
                                      join(keys(info.item_fields)) + ")" + suggestion(item.text, keys(info.item_fields)));
        if (it->second != Type::number)
            return fail(item.pos, "the field '" + item.text + "' of the group '" + g.text + "' is " + phrase(it->second) +
                                      ", but sum(…) adds numbers");
        return Type::number;
    }

    std::optional<Type> lookup(const Node& n) {
        const Node& table = node(n.kids[0]);
        if (table.kind != NodeKind::text)
            return fail(table.start, "the first argument of lookup(…) is a table name in quotes, as in "
                                     "lookup('tarif_repas', quotient_familial)");
        auto it = s_.tables.find(table.text);
        if (it == s_.tables.end()) {
            if (s_.tables.empty())
                return fail(table.pos, "unknown table " + quoted(table.text) + ": this form declares no 'tables'");
            return fail(table.pos, "unknown table " + quoted(table.text) + " (this form declares: " +
                                       join(keys(s_.tables)) + ")" + suggestion(table.text, keys(s_.tables)));
        }
        if (it->second.rows == 0) return fail(table.pos, "the table " + quoted(table.text) + " has no rows");
        if (!need(n.kids[1], {Type::number}, "the second argument of lookup(…) must be a number")) return std::nullopt;
        return it->second.value_type;
    }
};

}  // namespace

ExprResult<Type> typecheck(const Expr& expr, const Schema& schema) {
    if (expr.nodes().empty()) return ExprError{ExprError::Kind::type, "the expression is empty", 1, 1};
    Checker c(expr, schema);
    auto t = c.check(expr.root_index());
    if (!t) return std::move(*c.error);
    const Node& root = expr.root();
    if (*t == Type::group) {
        std::string name = root.kind == NodeKind::field ? root.text : "group";
        return ExprError{ExprError::Kind::type,
                         "the expression gives a whole group: use count(" + name + ") or sum(" + name + ", 'field')",
                         root.start.line, root.start.column};
    }
    return *t;
}

ExprResult<Type> typecheck(const Expr& expr, const Schema& schema, Type expected) {
    auto t = typecheck(expr, schema);
    if (!t) return t;
    if (*t == expected) return t;
    const Node& root = expr.root();
    std::string message = expected == Type::boolean
                              ? "a condition must give true or false, as in qf_connu == 'oui', but this expression gives " +
                                    phrase(*t)
                              : "this expression must give " + phrase(expected) + ", but it gives " + phrase(*t);
    return ExprError{ExprError::Kind::type, std::move(message), root.start.line, root.start.column};
}

}  // namespace guichet::forms::expr

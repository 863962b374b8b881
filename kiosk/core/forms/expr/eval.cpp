// Exact decimals, calendar dates, and the evaluation of expressions on the
// kiosk. Evaluation re-checks every type as it goes, so an expression that
// was never type-checked gives an error, never undefined behaviour.
#include "forms/expr/expr.hpp"
#include "forms/expr/lexer.hpp"

#include <cmath>
#include <cstdio>

namespace guichet::forms::expr {

using detail::quoted;

// ---------------------------------------------------------------- Decimal

namespace {

__extension__ typedef __int128 Wide;

std::optional<Decimal> narrow(Wide w) {
    if (w > Decimal::kMaxUnits || w < -Decimal::kMaxUnits) return std::nullopt;
    return Decimal::from_units(static_cast<std::int64_t>(w));
}

// N / D rounded half away from zero (D != 0).
Wide divide_rounded(Wide n, Wide d) {
    Wide q = n / d, r = n % d;
    Wide ar = r < 0 ? -r : r, ad = d < 0 ? -d : d;
    if (2 * ar >= ad) q += ((n < 0) != (d < 0)) ? -1 : 1;
    return q;
}

constexpr std::int64_t kPow10[] = {1, 10, 100, 1'000, 10'000};

}  // namespace

std::optional<Decimal> Decimal::from_integer(std::int64_t n) {
    if (n > kMaxUnits / kScale || n < -(kMaxUnits / kScale)) return std::nullopt;
    return from_units(n * kScale);
}

std::optional<Decimal> Decimal::parse(std::string_view text) {
    bool negative = !text.empty() && text[0] == '-';
    if (negative) text.remove_prefix(1);
    std::size_t i = 0;
    std::int64_t whole = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        whole = whole * 10 + (text[i] - '0');
        if (whole > kMaxUnits / kScale) return std::nullopt;
        ++i;
    }
    if (i == 0) return std::nullopt;
    std::int64_t fraction = 0;
    if (i < text.size() && text[i] == '.') {
        ++i;
        int places = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            if (++places > kDecimals) return std::nullopt;
            fraction += (text[i] - '0') * kPow10[kDecimals - places];
            ++i;
        }
        if (places == 0) return std::nullopt;
    }
    if (i != text.size()) return std::nullopt;
    std::int64_t units = whole * kScale + fraction;
    return from_units(negative ? -units : units);
}

std::optional<Decimal> Decimal::from_double(double d) {
    if (!std::isfinite(d)) return std::nullopt;
    double scaled = std::round(d * static_cast<double>(kScale));
    if (std::fabs(scaled) > static_cast<double>(kMaxUnits)) return std::nullopt;
    return from_units(static_cast<std::int64_t>(scaled));
}

std::string Decimal::to_fixed(int decimals) const {
    if (decimals < 0) decimals = 0;
    if (decimals > kDecimals) decimals = kDecimals;
    std::int64_t step = kPow10[kDecimals - decimals];
    auto rounded = static_cast<std::int64_t>(divide_rounded(units_, step));  // in units of 10^-decimals
    bool negative = rounded < 0;
    std::uint64_t magnitude = negative ? static_cast<std::uint64_t>(-rounded) : static_cast<std::uint64_t>(rounded);
    std::uint64_t div = static_cast<std::uint64_t>(kPow10[decimals]);
    std::string out = negative ? "-" : "";
    out += std::to_string(magnitude / div);
    if (decimals > 0) {
        std::string frac = std::to_string(magnitude % div);
        out += '.';
        out += std::string(static_cast<std::size_t>(decimals) - frac.size(), '0') + frac;
    }
    return out;
}

std::string Decimal::to_string() const {
    std::string s = to_fixed(kDecimals);
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    return s;
}

// ---------------------------------------------------------------- Date

namespace {

struct Ymd {
    std::int64_t y;
    unsigned m, d;
};

// Howard Hinnant's algorithms (public domain), proleptic Gregorian calendar.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

Ymd civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2), m, d};
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

std::optional<Date> Date::from_ymd(int year, int month, int day) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return std::nullopt;
    int last = kDays[month - 1] + (month == 2 && leap(year) ? 1 : 0);
    if (day > last) return std::nullopt;
    return from_days(static_cast<std::int32_t>(
        days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day))));
}

std::optional<Date> Date::parse(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    int parts[3] = {0, 0, 0};
    std::size_t bounds[3][2] = {{0, 4}, {5, 7}, {8, 10}};
    for (int p = 0; p < 3; ++p)
        for (std::size_t i = bounds[p][0]; i < bounds[p][1]; ++i) {
            if (s[i] < '0' || s[i] > '9') return std::nullopt;
            parts[p] = parts[p] * 10 + (s[i] - '0');
        }
    return from_ymd(parts[0], parts[1], parts[2]);
}

int Date::year() const { return static_cast<int>(civil_from_days(days_).y); }
int Date::month() const { return static_cast<int>(civil_from_days(days_).m); }
int Date::day() const { return static_cast<int>(civil_from_days(days_).d); }

std::string Date::to_string() const {
    Ymd c = civil_from_days(days_);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(c.y), c.m, c.d);
    return buf;
}

// ---------------------------------------------------------------- values

bool is_empty(const Value& v) {
    if (std::holds_alternative<std::monostate>(v)) return true;
    if (auto s = std::get_if<std::string>(&v)) return s->empty();
    if (auto l = std::get_if<TextList>(&v)) return l->empty();
    return false;
}

std::optional<Type> type_of(const Value& v) {
    switch (v.index()) {
    case 1: return Type::number;
    case 2: return Type::text;
    case 3: return Type::boolean;
    case 4: return Type::date;
    case 5: return Type::text_list;
    default: return std::nullopt;
    }
}

std::string to_string(const Value& v) {
    if (auto d = std::get_if<Decimal>(&v)) return d->to_string();
    if (auto s = std::get_if<std::string>(&v)) return *s;
    if (auto b = std::get_if<bool>(&v)) return *b ? "true" : "false";
    if (auto d = std::get_if<Date>(&v)) return d->to_string();
    if (auto l = std::get_if<TextList>(&v)) {
        std::string out;
        for (const auto& s : *l) out += (out.empty() ? "" : ", ") + s;
        return out;
    }
    return "";
}

Result<void> check_table(std::string_view name, const std::vector<TableRow>& rows) {
    std::string table = "table " + quoted(name);
    if (rows.empty()) return fail(table + " has no rows");
    auto first_type = type_of(rows[0].value);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        std::string row = table + ", row " + std::to_string(i + 1);
        auto t = type_of(rows[i].value);
        if (!t || (*t != Type::number && *t != Type::text)) return fail(row + ": 'value' must be a number or a text");
        if (t != first_type) return fail(row + ": every 'value' of a table must be of the same type (all numbers or all texts)");
        if (i > 0 && !(rows[i - 1].max < rows[i].max))
            return fail(row + ": rows must be sorted by increasing 'max' (" + rows[i].max.to_string() + " comes after " +
                        rows[i - 1].max.to_string() + ")");
    }
    return {};
}

// ---------------------------------------------------------------- evaluation

namespace {

// A value during evaluation; an empty one remembers the field it comes from.
struct Val {
    Value v;
    std::int32_t origin = -1;  // node of the field, when v is empty
};

std::string kind_phrase(const Value& v) {
    switch (v.index()) {
    case 1: return "a number";
    case 2: return "a text";
    case 3: return "a condition (true or false)";
    case 4: return "a date";
    case 5: return "a list of texts";
    default: return "empty";
    }
}

std::size_t arity(Function f) {
    switch (f) {
    case Function::today: return 0;
    case Function::age:
    case Function::count:
    case Function::empty: return 1;
    case Function::unknown: return 0;
    default: return 2;
    }
}

class Evaluator {
public:
    Evaluator(const Expr& e, const Env& env) : e_(e), env_(env) {}
    std::optional<ExprError> error;

    std::optional<Val> eval(std::int32_t index) {
        const Node& n = e_.node(index);
        switch (n.kind) {
        case NodeKind::number: return Val{n.number};
        case NodeKind::text: return Val{n.text};
        case NodeKind::boolean: return Val{n.boolean};
        case NodeKind::date: return Val{n.date};
        case NodeKind::field: {
            auto it = env_.fields.find(n.text);
            if (it == env_.fields.end() || is_empty(it->second)) return Val{std::monostate{}, index};
            return Val{it->second};
        }
        case NodeKind::list: return fail(ExprError::Kind::type, n.pos, "a list [ … ] can only follow 'in'");
        case NodeKind::negate: {
            auto x = number(n.kids[0], "'-'");
            if (!x) return std::nullopt;
            return Val{*Decimal::from_units(-x->units())};
        }
        case NodeKind::logical_not: {
            auto c = condition(n.kids[0], "'not'");
            if (!c) return std::nullopt;
            return Val{!*c};
        }
        case NodeKind::binary: return binary(n);
        case NodeKind::if_then_else: {
            auto c = condition(n.kids[0], "'if'");
            if (!c) return std::nullopt;
            return eval(n.kids[*c ? 1 : 2]);
        }
        case NodeKind::call: return call(n);
        }
        return fail(ExprError::Kind::type, n.pos, "unknown construct");
    }

private:
    const Expr& e_;
    const Env& env_;

    std::nullopt_t fail(ExprError::Kind kind, Pos at, std::string message) {
        if (!error) error = ExprError{kind, std::move(message), at.line, at.column};
        return std::nullopt;
    }

    const Node& node(std::int32_t i) const { return e_.node(i); }

    std::nullopt_t not_filled(const Val& v, std::int32_t at, std::string_view needed_by) {
        std::int32_t where = v.origin >= 0 ? v.origin : at;
        const Node& f = node(where);
        std::string what = f.kind == NodeKind::field ? "the field '" + f.text + "'" : "this value";
        return fail(ExprError::Kind::empty_field, f.start,
                    what + " is not filled in, and " + std::string(needed_by) + " needs its value");
    }

    std::nullopt_t wrong_type(std::int32_t at, const Value& v, std::string_view needed_by, std::string_view expected) {
        return fail(ExprError::Kind::type, node(at).start,
                    std::string(needed_by) + " needs " + std::string(expected) + ", but this is " + kind_phrase(v));
    }

    std::optional<Decimal> number(std::int32_t i, std::string_view needed_by) {
        auto v = eval(i);
        if (!v) return std::nullopt;
        if (std::holds_alternative<std::monostate>(v->v)) return not_filled(*v, i, needed_by);
        if (auto d = std::get_if<Decimal>(&v->v)) return *d;
        return wrong_type(i, v->v, needed_by, "a number");
    }

    std::optional<Date> date(std::int32_t i, std::string_view needed_by) {
        auto v = eval(i);
        if (!v) return std::nullopt;
        if (std::holds_alternative<std::monostate>(v->v)) return not_filled(*v, i, needed_by);
        if (auto d = std::get_if<Date>(&v->v)) return *d;
        return wrong_type(i, v->v, needed_by, "a date");
    }

    // An empty yes/no counts as false.
    std::optional<bool> condition(std::int32_t i, std::string_view needed_by) {
        auto v = eval(i);
        if (!v) return std::nullopt;
        if (std::holds_alternative<std::monostate>(v->v)) return false;
        if (auto b = std::get_if<bool>(&v->v)) return *b;
        return wrong_type(i, v->v, needed_by, "a condition (true or false)");
    }

    std::optional<Val> checked(std::optional<Decimal> d, const Node& n) {
        if (!d)
            return fail(ExprError::Kind::evaluation, n.pos,
                        "the result of '" + std::string(to_string(n.op)) +
                            "' is too large: numbers go up to 999999999999.9999");
        return Val{*d};
    }

    std::optional<Val> binary(const Node& n) {
        std::int32_t l = n.kids[0], r = n.kids[1];
        std::string op = "'" + std::string(to_string(n.op)) + "'";
        switch (n.op) {
        case BinaryOp::logical_and:
        case BinaryOp::logical_or: {
            auto a = condition(l, op);
            if (!a) return std::nullopt;
            if (*a == (n.op == BinaryOp::logical_or)) return Val{*a};  // short-circuit
            auto b = condition(r, op);
            if (!b) return std::nullopt;
            return Val{*b};
        }
        case BinaryOp::add:
        case BinaryOp::sub:
        case BinaryOp::mul:
        case BinaryOp::div: {
            auto a = number(l, op);
            if (!a) return std::nullopt;
            auto b = number(r, op);
            if (!b) return std::nullopt;
            Wide x = a->units(), y = b->units();
            switch (n.op) {
            case BinaryOp::add: return checked(narrow(x + y), n);
            case BinaryOp::sub: return checked(narrow(x - y), n);
            case BinaryOp::mul: return checked(narrow(divide_rounded(x * y, Decimal::kScale)), n);
            default:
                if (y == 0)
                    return fail(ExprError::Kind::evaluation, n.pos, "division by zero: the right side of '/' is 0");
                return checked(narrow(divide_rounded(x * Decimal::kScale, y)), n);
            }
        }
        case BinaryOp::in: {
            auto a = eval(l);
            if (!a) return std::nullopt;
            if (std::holds_alternative<std::monostate>(a->v)) return Val{false};
            auto s = std::get_if<std::string>(&a->v);
            if (!s) return wrong_type(l, a->v, "'in'", "a text");
            const Node& list = node(r);
            if (list.kind != NodeKind::list) return fail(ExprError::Kind::type, list.start, "'in' needs a list of texts");
            for (std::int32_t item : list.kids)
                if (node(item).text == *s) return Val{true};
            return Val{false};
        }
        default: return compare(n, op);
        }
    }

    std::optional<Val> compare(const Node& n, const std::string& op) {
        std::int32_t l = n.kids[0], r = n.kids[1];
        auto a = eval(l);
        if (!a) return std::nullopt;
        auto b = eval(r);
        if (!b) return std::nullopt;
        // Any comparison with a field that is not filled in is false.
        if (std::holds_alternative<std::monostate>(a->v) || std::holds_alternative<std::monostate>(b->v))
            return Val{false};
        if (a->v.index() != b->v.index())
            return fail(ExprError::Kind::type, node(r).start,
                        op + " compares two values of the same type, but the left side is " + kind_phrase(a->v) +
                            " and the right side is " + kind_phrase(b->v));
        if (n.op == BinaryOp::eq) return Val{a->v == b->v};
        if (n.op == BinaryOp::ne) return Val{a->v != b->v};
        std::partial_ordering order = std::partial_ordering::unordered;
        if (auto x = std::get_if<Decimal>(&a->v)) order = *x <=> std::get<Decimal>(b->v);
        else if (auto d = std::get_if<Date>(&a->v)) order = *d <=> std::get<Date>(b->v);
        else return wrong_type(l, a->v, op, "a number or a date");
        switch (n.op) {
        case BinaryOp::lt: return Val{order < 0};
        case BinaryOp::le: return Val{order <= 0};
        case BinaryOp::gt: return Val{order > 0};
        default: return Val{order >= 0};
        }
    }

    const std::vector<GroupItem>* group(const std::string& name) const {
        auto it = env_.groups.find(name);
        return it == env_.groups.end() ? nullptr : &it->second;
    }

    std::optional<Val> call(const Node& n) {
        std::string name = n.text + "(…)";
        if (n.function == Function::unknown)
            return fail(ExprError::Kind::type, n.pos, "unknown function '" + n.text + "'");
        if (n.kids.size() != arity(n.function))
            return fail(ExprError::Kind::type, n.pos, name + " takes " + std::to_string(arity(n.function)) + " argument(s)");
        auto arg = [&](std::size_t k) { return n.kids[k]; };
        switch (n.function) {
        case Function::today: return Val{env_.today};
        case Function::age: {
            auto birth = date(arg(0), name);
            if (!birth) return std::nullopt;
            Date t = env_.today;
            int years = t.year() - birth->year();
            if (t.month() < birth->month() || (t.month() == birth->month() && t.day() < birth->day())) --years;
            return Val{*Decimal::from_integer(years)};
        }
        case Function::days_between: {
            auto a = date(arg(0), name);
            if (!a) return std::nullopt;
            auto b = date(arg(1), name);
            if (!b) return std::nullopt;
            return Val{*Decimal::from_integer(static_cast<std::int64_t>(b->days()) - a->days())};
        }
        case Function::count: {
            const Node& a = node(arg(0));
            if (a.kind == NodeKind::field)
                if (auto items = group(a.text)) return Val{*Decimal::from_integer(static_cast<std::int64_t>(items->size()))};
            auto v = eval(arg(0));
            if (!v) return std::nullopt;
            if (std::holds_alternative<std::monostate>(v->v)) return Val{Decimal()};
            if (auto l = std::get_if<TextList>(&v->v)) return Val{*Decimal::from_integer(static_cast<std::int64_t>(l->size()))};
            return wrong_type(arg(0), v->v, name, "a group or a multiple choice");
        }
        case Function::sum: return sum(n);
        case Function::lookup: return lookup(n);
        case Function::min:
        case Function::max: {
            auto a = eval(arg(0));
            if (!a) return std::nullopt;
            auto b = eval(arg(1));
            if (!b) return std::nullopt;
            if (std::holds_alternative<std::monostate>(a->v)) return not_filled(*a, arg(0), name);
            if (std::holds_alternative<std::monostate>(b->v)) return not_filled(*b, arg(1), name);
            bool want_min = n.function == Function::min;
            if (auto x = std::get_if<Decimal>(&a->v)) {
                auto y = std::get_if<Decimal>(&b->v);
                if (!y) return wrong_type(arg(1), b->v, name, "a number");
                return Val{(*x < *y) == want_min ? *x : *y};
            }
            if (auto x = std::get_if<Date>(&a->v)) {
                auto y = std::get_if<Date>(&b->v);
                if (!y) return wrong_type(arg(1), b->v, name, "a date");
                return Val{(*x < *y) == want_min ? *x : *y};
            }
            return wrong_type(arg(0), a->v, name, "a number or a date");
        }
        case Function::round: {
            auto x = number(arg(0), name);
            if (!x) return std::nullopt;
            auto places = number(arg(1), name);
            if (!places) return std::nullopt;
            if (!places->is_integer() || places->units() < 0 || places->units() > Decimal::kDecimals * Decimal::kScale)
                return fail(ExprError::Kind::evaluation, node(arg(1)).start,
                            "round(…) rounds to 0 to 4 decimals, not " + places->to_string());
            std::int64_t step = kPow10[Decimal::kDecimals - places->units() / Decimal::kScale];
            auto rounded = narrow(divide_rounded(x->units(), step) * step);
            if (!rounded)
                return fail(ExprError::Kind::evaluation, n.pos, "the result of round(…) is too large: numbers go up to 999999999999.9999");
            return Val{*rounded};
        }
        case Function::contains: {
            auto l = eval(arg(0));
            if (!l) return std::nullopt;
            auto v = eval(arg(1));
            if (!v) return std::nullopt;
            if (std::holds_alternative<std::monostate>(l->v) || std::holds_alternative<std::monostate>(v->v))
                return Val{false};
            auto list = std::get_if<TextList>(&l->v);
            if (!list) return wrong_type(arg(0), l->v, name, "a multiple choice");
            auto s = std::get_if<std::string>(&v->v);
            if (!s) return wrong_type(arg(1), v->v, name, "a text");
            for (const auto& item : *list)
                if (item == *s) return Val{true};
            return Val{false};
        }
        case Function::empty: {
            const Node& a = node(arg(0));
            if (a.kind == NodeKind::field)
                if (auto items = group(a.text)) return Val{items->empty()};
            auto v = eval(arg(0));
            if (!v) return std::nullopt;
            return Val{is_empty(v->v)};
        }
        case Function::unknown: break;
        }
        return fail(ExprError::Kind::type, n.pos, "unknown function '" + n.text + "'");
    }

    std::optional<Val> sum(const Node& n) {
        const Node& g = node(n.kids[0]);
        const Node& f = node(n.kids[1]);
        if (g.kind != NodeKind::field || f.kind != NodeKind::text)
            return fail(ExprError::Kind::type, n.pos, "sum(…) is written sum(group, 'field')");
        const std::vector<GroupItem>* items = group(g.text);
        Wide total = 0;
        for (std::size_t k = 0; items && k < items->size(); ++k) {
            const GroupItem& item = (*items)[k];
            auto it = item.find(f.text);
            std::string where = "the field '" + f.text + "' of item " + std::to_string(k + 1) + " of the group '" + g.text + "'";
            if (it == item.end() || is_empty(it->second))
                return fail(ExprError::Kind::empty_field, f.pos, where + " is not filled in, and sum(…) needs its value");
            auto d = std::get_if<Decimal>(&it->second);
            if (!d) return fail(ExprError::Kind::type, f.pos, where + " is " + kind_phrase(it->second) + ", not a number");
            total += d->units();
            if (!narrow(total))
                return fail(ExprError::Kind::evaluation, n.pos, "the sum is too large: numbers go up to 999999999999.9999");
        }
        return Val{*narrow(total)};
    }

    std::optional<Val> lookup(const Node& n) {
        auto name = eval(n.kids[0]);
        if (!name) return std::nullopt;
        auto table_name = std::get_if<std::string>(&name->v);
        if (!table_name) return wrong_type(n.kids[0], name->v, "lookup(…)", "a table name");
        auto it = env_.tables.find(*table_name);
        if (it == env_.tables.end() || it->second.empty())
            return fail(ExprError::Kind::evaluation, node(n.kids[0]).start,
                        "the table " + quoted(*table_name) + " is not available (or has no rows)");
        auto key = number(n.kids[1], "lookup(…)");
        if (!key) return std::nullopt;
        for (const TableRow& row : it->second)
            if (*key <= row.max) return Val{row.value};
        return fail(ExprError::Kind::evaluation, n.pos,
                    "no row of the table " + quoted(*table_name) + " covers " + key->to_string() +
                        ": its last row stops at max " + it->second.back().max.to_string());
    }
};

}  // namespace

ExprResult<Value> evaluate(const Expr& expr, const Env& env) {
    if (expr.nodes().empty()) return ExprError{ExprError::Kind::evaluation, "the expression is empty", 1, 1};
    Evaluator ev(expr, env);
    auto v = ev.eval(expr.root_index());
    if (!v) return std::move(*ev.error);
    return std::move(v->v);
}

}  // namespace guichet::forms::expr

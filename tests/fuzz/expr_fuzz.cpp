// libFuzzer target for the form expression language: parse, print and parse
// again, type-check, evaluate in three environments. Besides crashes and
// sanitizer reports it traps when
//   - an error has no valid position, or parse() breaks its own limits;
//   - to_source() does not parse back to the same text;
//   - evaluate() gives a value of another type than typecheck() announced,
//     or a type error for an expression that type-checked.
// Seeds: tests/fuzz/expr_seeds/ (the Anor forms' expressions); dictionary:
// tests/fuzz/expr.dict. Run by scripts/fuzz.sh.
#include "forms/expr/expr.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace guichet::forms::expr;

namespace {

Decimal num(std::int64_t units) { return *Decimal::from_units(units); }

Schema make_schema() {
    Schema s;
    s.field("n", Type::number)
        .field("m", Type::number)
        .field("t", Type::text, {"oui", "non"})
        .field("u", Type::text)
        .field("b", Type::boolean)
        .field("d", Type::date)
        .field("e", Type::date)
        .field("l", Type::text_list, {"a", "b"})
        .group("g", {{"x", Type::number}, {"y", Type::text}})
        .field("qf_connu", Type::text, {"oui", "non"})
        .field("quotient_familial", Type::number)
        .group("enfants", {{"repas_semaine", Type::number}, {"journees_loisirs", Type::number}})
        .table("tarif_repas", 3)
        .table("tarif_loisirs", 3)
        .table("txt", 2, Type::text);
    return s;
}

std::map<std::string, std::vector<TableRow>, std::less<>> tables() {
    return {{"tarif_repas", {{num(4'000'000), num(12'000)}, {num(8'000'000), num(24'000)}, {num(999'990'000), num(36'000)}}},
            {"tarif_loisirs", {{num(4'000'000), num(40'000)}, {num(8'000'000), num(70'000)}, {num(999'990'000), num(100'000)}}},
            {"txt", {{num(0), std::string("zero")}, {num(Decimal::kMaxUnits), std::string("many")}}}};
}

Env filled() {
    Env env;
    env.today = *Date::from_ymd(2026, 3, 15);
    env.fields = {{"n", num(125'000)},
                  {"m", num(-30'000)},
                  {"t", std::string("oui")},
                  {"u", std::string("l'école")},
                  {"b", true},
                  {"d", *Date::from_ymd(2024, 2, 29)},
                  {"e", *Date::from_ymd(1, 1, 1)},
                  {"l", TextList{"a"}},
                  {"qf_connu", std::string("oui")},
                  {"quotient_familial", num(4'000'000)}};
    env.groups["g"] = {GroupItem{{"x", num(1)}, {"y", std::string("a")}}, GroupItem{{"x", num(-5)}}};
    env.groups["enfants"] = {GroupItem{{"repas_semaine", num(40'000)}, {"journees_loisirs", num(50'000)}}};
    env.tables = tables();
    return env;
}

Env nothing_filled() {
    Env env;
    env.today = *Date::from_ymd(2026, 3, 15);
    env.tables = tables();
    return env;
}

Env extremes() {
    Env env;
    env.today = *Date::from_ymd(9999, 12, 31);
    env.fields = {{"n", num(Decimal::kMaxUnits)},
                  {"m", num(-Decimal::kMaxUnits)},
                  {"t", std::string("non")},
                  {"u", std::string("")},
                  {"b", false},
                  {"d", *Date::from_ymd(1, 1, 1)},
                  {"e", *Date::from_ymd(9999, 12, 31)},
                  {"l", TextList{"a", "b"}},
                  {"qf_connu", std::string("non")},
                  {"quotient_familial", num(0)}};
    env.groups["g"] = {GroupItem{{"x", num(Decimal::kMaxUnits)}}, GroupItem{{"x", num(Decimal::kMaxUnits)}}};
    env.tables = tables();
    return env;
}

void check_position(const ExprError& e) {
    if (e.line < 1 || e.column < 1 || e.message.empty()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Schema schema = make_schema();
    static const Env envs[] = {filled(), nothing_filled(), extremes()};

    std::string_view source(reinterpret_cast<const char*>(data), size);
    auto e = parse(source);
    if (!e) {
        check_position(e.error());
        if (e.error().kind != ExprError::Kind::syntax) __builtin_trap();
        return 0;
    }
    if (e->nodes().empty() || e->nodes().size() > static_cast<std::size_t>(kMaxNodes)) __builtin_trap();

    std::string printed = e->to_source();
    if (printed.size() <= kMaxSourceBytes) {
        auto again = parse(printed);
        if (!again || again->to_source() != printed) __builtin_trap();
    }
    (void)e->fields();

    auto t = typecheck(*e, schema);
    if (!t) check_position(t.error());
    (void)typecheck(*e, schema, Type::boolean);

    for (const Env& env : envs) {
        auto v = evaluate(*e, env);
        if (!v) {
            check_position(v.error());
            if (t && v.error().kind == ExprError::Kind::type) __builtin_trap();
            continue;
        }
        if (t) {
            auto vt = type_of(*v);
            if (vt && *vt != *t) __builtin_trap();
        }
        (void)to_string(*v);
    }
    return 0;
}

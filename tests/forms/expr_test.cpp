// The form expression language (kiosk/core/forms/expr, docs/forms-expressions.md).
#include "forms/expr/expr.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

using namespace guichet::forms::expr;

namespace {

Decimal dec(std::string_view s) {
    auto d = Decimal::parse(s);
    REQUIRE_MESSAGE(d.has_value(), s);
    return *d;
}

Date day(std::string_view s) {
    auto d = Date::parse(s);
    REQUIRE_MESSAGE(d.has_value(), s);
    return *d;
}

Expr parsed(std::string_view source) {
    auto e = parse(source);
    REQUIRE_MESSAGE(e.ok(), (std::string(source) + " -> " + (e.ok() ? "" : e.error().to_string())));
    return std::move(e).value();
}

ExprError parse_error(std::string_view source) {
    auto e = parse(source);
    REQUIRE_MESSAGE(!e.ok(), (std::string(source) + " parsed as " + (e.ok() ? e->to_source() : "")));
    CHECK(e.error().kind == ExprError::Kind::syntax);
    return e.error();
}

// The schema of forms/inscription-cantine.yaml, written by hand from the YAML.
Schema cantine_schema() {
    Schema s;
    s.field("nom", Type::text)
        .field("prenom", Type::text)
        .field("lien", Type::text, {"mere", "pere", "autre"})
        .field("adresse", Type::text)
        .field("telephone", Type::text)
        .field("email", Type::text)
        .field("organisme", Type::text, {"caf", "msa", "aucun"})
        .field("numero_allocataire", Type::text)
        .field("qf_connu", Type::text, {"oui", "non"})
        .field("quotient_familial", Type::number)
        .group("enfants", {{"enfant_nom", Type::text},
                           {"enfant_prenom", Type::text},
                           {"enfant_date_naissance", Type::date},
                           {"ecole", Type::text},
                           {"classe", Type::text},
                           {"jours_cantine", Type::text_list},
                           {"repas_semaine", Type::number},
                           {"journees_loisirs", Type::number},
                           {"allergies", Type::text}})
        .table("tarif_repas", 3)
        .table("tarif_loisirs", 3);
    // computed fields, with the type of their expression
    s.field("nombre_enfants", Type::number)
        .field("prix_repas", Type::number)
        .field("prix_journee_loisirs", Type::number)
        .field("cout_repas_semaine", Type::number)
        .field("cout_loisirs_mois", Type::number);
    return s;
}

// The tables of forms/inscription-cantine.yaml.
std::map<std::string, std::vector<TableRow>, std::less<>> cantine_tables() {
    return {{"tarif_repas", {{dec("400"), dec("1.20")}, {dec("800"), dec("2.40")}, {dec("99999"), dec("3.60")}}},
            {"tarif_loisirs", {{dec("400"), dec("4.00")}, {dec("800"), dec("7.00")}, {dec("99999"), dec("10.00")}}}};
}

// A schema and environment with one field of every type, for the constructs.
Schema test_schema() {
    Schema s = cantine_schema();
    s.field("n", Type::number)
        .field("m", Type::number)
        .field("vide", Type::number)
        .field("t", Type::text)
        .field("b", Type::boolean)
        .field("oui_non", Type::boolean)
        .field("d", Type::date)
        .field("naissance", Type::date)
        .field("services", Type::text_list, {"restaurant_scolaire", "accueil_loisirs"})
        .field("x", Type::text)
        .table("libelles", 2, Type::text);
    return s;
}

Env test_env() {
    Env env;
    env.today = day("2026-03-15");
    env.fields = {{"n", dec("12.5")},
                  {"m", dec("4")},
                  {"t", std::string("abc")},
                  {"b", true},
                  {"d", day("2026-12-05")},
                  {"naissance", day("2010-03-16")},
                  {"services", TextList{"restaurant_scolaire"}},
                  {"qf_connu", std::string("oui")},
                  {"quotient_familial", dec("350")},
                  {"organisme", std::string("")}};
    env.groups["enfants"] = {GroupItem{{"repas_semaine", dec("4")}, {"journees_loisirs", dec("5")}},
                             GroupItem{{"repas_semaine", dec("2")}, {"journees_loisirs", dec("10")}}};
    env.tables = cantine_tables();
    env.tables["libelles"] = {{dec("10"), std::string("petit")}, {dec("100"), std::string("grand")}};
    return env;
}

Value eval_ok(std::string_view source, const Env& env = test_env()) {
    Expr e = parsed(source);
    auto t = typecheck(e, test_schema());
    REQUIRE_MESSAGE(t.ok(), (std::string(source) + " -> " + (t.ok() ? "" : t.error().to_string())));
    auto v = evaluate(e, env);
    REQUIRE_MESSAGE(v.ok(), (std::string(source) + " -> " + (v.ok() ? "" : v.error().to_string())));
    // The evaluated value has the type typecheck() announced (or is empty).
    if (auto vt = type_of(*v)) CHECK(*vt == *t);
    return *v;
}

std::string eval_str(std::string_view source, const Env& env = test_env()) { return to_string(eval_ok(source, env)); }

ExprError type_error(std::string_view source, const Schema& schema = test_schema()) {
    Expr e = parsed(source);
    auto t = typecheck(e, schema);
    REQUIRE_MESSAGE(!t.ok(), (std::string(source) + " type-checked as " + (t.ok() ? std::string(to_string(*t)) : "")));
    CHECK(t.error().kind == ExprError::Kind::type);
    return t.error();
}

ExprError eval_error(std::string_view source, const Env& env = test_env()) {
    Expr e = parsed(source);
    auto t = typecheck(e, test_schema());
    REQUIRE_MESSAGE(t.ok(), (std::string(source) + " -> " + (t.ok() ? "" : t.error().to_string())));
    auto v = evaluate(e, env);
    REQUIRE_MESSAGE(!v.ok(), (std::string(source) + " evaluated to " + (v.ok() ? to_string(*v) : "")));
    return v.error();
}

void check_at(const ExprError& e, int line, int column, std::string_view fragment) {
    INFO(e.to_string());
    CHECK(e.line == line);
    CHECK(e.column == column);
    CHECK(e.message.find(fragment) != std::string::npos);
}

}  // namespace

TEST_CASE("Decimal: exact parsing, arithmetic-friendly limits and formatting") {
    CHECK(dec("1.20").units() == 12'000);
    CHECK(dec("-0.0001").units() == -1);
    CHECK(dec("007").to_string() == "7");
    CHECK(dec("3.6000").to_string() == "3.6");
    CHECK(dec("-12.05").to_string() == "-12.05");
    CHECK(dec("0").to_string() == "0");
    CHECK(dec("3.6").to_fixed(2) == "3.60");
    CHECK(dec("2.345").to_fixed(2) == "2.35");
    CHECK(dec("-2.345").to_fixed(2) == "-2.35");
    CHECK(dec("2.5").to_fixed(0) == "3");
    CHECK(dec("999999999999.9999").units() == Decimal::kMaxUnits);
    CHECK_FALSE(Decimal::parse("1000000000000").has_value());
    CHECK_FALSE(Decimal::parse("1.23456").has_value());
    CHECK_FALSE(Decimal::parse("1.").has_value());
    CHECK_FALSE(Decimal::parse(".5").has_value());
    CHECK_FALSE(Decimal::parse("1e3").has_value());
    CHECK_FALSE(Decimal::parse("").has_value());
    CHECK(Decimal::from_double(1.2)->units() == 12'000);
    CHECK(Decimal::from_double(0.1 + 0.2) == dec("0.3"));
    CHECK_FALSE(Decimal::from_double(1e300).has_value());
    CHECK(Decimal::from_integer(42) == dec("42"));
    CHECK(dec("1.5") < dec("1.5001"));
}

TEST_CASE("Date: real calendar dates only") {
    CHECK(day("1970-01-01").days() == 0);
    CHECK(day("2026-12-05").to_string() == "2026-12-05");
    CHECK(day("2024-02-29").day() == 29);
    CHECK(day("0001-01-01").year() == 1);
    CHECK_FALSE(Date::parse("2026-02-29").has_value());
    CHECK_FALSE(Date::parse("1900-02-29").has_value());
    CHECK(Date::parse("2000-02-29").has_value());
    CHECK_FALSE(Date::parse("2026-13-01").has_value());
    CHECK_FALSE(Date::parse("2026-04-31").has_value());
    CHECK_FALSE(Date::parse("05/12/2026").has_value());
    CHECK_FALSE(Date::parse("2026-1-05").has_value());
    CHECK_FALSE(Date::parse("0000-01-01").has_value());
    CHECK(day("2026-03-01").days() - day("2026-02-28").days() == 1);
    CHECK(day("2024-03-01").days() - day("2024-02-28").days() == 2);
}

TEST_CASE("literals: numbers, texts with escapes, true/false, dates") {
    CHECK(eval_str("42") == "42");
    CHECK(eval_str("1.25") == "1.25");
    CHECK(eval_str("'abc'") == "abc");
    CHECK(eval_str("'l\\'école'") == "l'école");
    CHECK(eval_str("'a\\\\b'") == "a\\b");
    CHECK(eval_str("true") == "true");
    CHECK(eval_str("false") == "false");
    CHECK(eval_str("date('2026-12-05')") == "2026-12-05");
    CHECK(std::get<Date>(eval_ok("date('2026-12-05')")) == day("2026-12-05"));
    CHECK(std::get<std::string>(eval_ok("''")).empty());
}

TEST_CASE("arithmetic is exact, with the usual precedence") {
    CHECK(eval_str("1 + 2 * 3") == "7");
    CHECK(eval_str("(1 + 2) * 3") == "9");
    CHECK(eval_str("10 - 4 - 3") == "3");
    CHECK(eval_str("12 / 2 / 3") == "2");
    CHECK(eval_str("7 / 2") == "3.5");
    CHECK(eval_str("1 / 3") == "0.3333");
    CHECK(eval_str("2 / 3") == "0.6667");
    CHECK(eval_str("-2 * 3") == "-6");
    CHECK(eval_str("- -2") == "2");
    CHECK(eval_str("-(1 + 2)") == "-3");
    CHECK(eval_str("1.20 * 3") == "3.6");
    CHECK(eval_str("0.1 + 0.2 == 0.3") == "true");
    CHECK(eval_str("n * 2 - m") == "21");
    CHECK(eval_str("0.0001 * 0.5") == "0.0001");   // half away from zero
    CHECK(eval_str("-0.0001 * 0.5") == "-0.0001");
}

TEST_CASE("division by zero and too large numbers are evaluation errors, not crashes") {
    check_at(eval_error("10 / (m - 4)"), 1, 4, "division by zero");
    CHECK(eval_error("1 / 0").kind == ExprError::Kind::evaluation);
    Env env = test_env();
    env.fields["quotient_familial"] = dec("400");
    check_at(eval_error("100 / (quotient_familial - 400)", env), 1, 5, "division by zero");
    check_at(eval_error("999999999999 * 10"), 1, 14, "too large");
    check_at(eval_error("999999999999.9999 + 0.0001"), 1, 19, "too large");
    check_at(eval_error("round(999999999999.9999, 0)"), 1, 1, "too large");
}

TEST_CASE("comparisons of numbers, dates and texts") {
    CHECK(eval_str("n > 12") == "true");
    CHECK(eval_str("n >= 12.5") == "true");
    CHECK(eval_str("n < 12.5") == "false");
    CHECK(eval_str("n <= 12.4") == "false");
    CHECK(eval_str("n == 12.50") == "true");
    CHECK(eval_str("n != 12.5") == "false");
    CHECK(eval_str("d > date('2026-12-04')") == "true");
    CHECK(eval_str("d == date('2026-12-05')") == "true");
    CHECK(eval_str("t == 'abc'") == "true");
    CHECK(eval_str("t != 'ABC'") == "true");
    CHECK(eval_str("b == true") == "true");
    CHECK(eval_str("1 + 1 == 2") == "true");
    check_at(parse_error("1 < 2 < 3"), 1, 7, "comparisons cannot be chained");
    check_at(type_error("t < 'b'"), 1, 1, "texts cannot be ordered: they are compared with == and != only");
    check_at(type_error("d < 3"), 1, 5, "must be a date, like its left side");
}

TEST_CASE("and, or, not short-circuit; if evaluates only its branch") {
    CHECK(eval_str("true and false") == "false");
    CHECK(eval_str("false or true") == "true");
    CHECK(eval_str("not b") == "false");
    CHECK(eval_str("not not b") == "true");
    CHECK(eval_str("not n > 20") == "true");                 // not binds looser than comparisons
    CHECK(eval_str("true or false and false") == "true");    // and binds tighter than or
    CHECK(eval_str("false and 1 / 0 == 1") == "false");
    CHECK(eval_str("true or 1 / 0 == 1") == "true");
    CHECK(eval_error("true and 1 / 0 == 1").kind == ExprError::Kind::evaluation);
    CHECK(eval_str("if true then 1 else 1 / 0") == "1");
    CHECK(eval_str("if n > 100 then 1 / 0 else 2") == "2");
    CHECK(eval_str("if b then 'oui' else 'non'") == "oui");
    CHECK(eval_str("if n > 100 then 1 else if n > 10 then 2 else 3") == "2");
    CHECK(eval_str("2 * (if b then 3 else 4)") == "6");
    check_at(parse_error("2 * if b then 3 else 4"), 1, 5, "between parentheses");
    check_at(type_error("if b then 1 else 'x'"), 1, 18, "'then' gives a number and 'else' gives a text");
    check_at(type_error("if n then 1 else 2"), 1, 4, "must be a condition");
    check_at(type_error("t and b"), 1, 1, "compare it, as in t == 'oui'");
}

TEST_CASE("'in' a list of texts") {
    CHECK(eval_str("t in ['x', 'abc']") == "true");
    CHECK(eval_str("t in ['x']") == "false");
    CHECK(eval_str("not t in ['x']") == "true");
    CHECK(eval_str("organisme in ['caf', 'msa']") == "false");  // empty field
    check_at(type_error("organisme in ['caf', 'mas']"), 1, 22, "'mas' is not an option of the field 'organisme'");
    check_at(parse_error("t in []"), 1, 7, "the list after 'in' is empty");
    check_at(parse_error("t in ['a', 1]"), 1, 12, "holds texts in single quotes");
    check_at(parse_error("t in 'a'"), 1, 6, "expected a list after 'in'");
    check_at(type_error("n in ['a']"), 1, 1, "the left side of 'in' must be a text");
}

TEST_CASE("today, age and days_between use the evaluation date") {
    CHECK(eval_str("today()") == "2026-03-15");
    Env env = test_env();
    CHECK(eval_str("age(naissance)", env) == "15");  // 16 tomorrow
    env.today = day("2026-03-16");
    CHECK(eval_str("age(naissance)", env) == "16");
    env.fields["naissance"] = day("2008-02-29");
    env.today = day("2026-02-28");
    CHECK(eval_str("age(naissance)", env) == "17");
    env.today = day("2026-03-01");
    CHECK(eval_str("age(naissance)", env) == "18");
    env.fields["naissance"] = day("2027-01-01");
    CHECK(eval_str("age(naissance)", env) == "-1");  // a future date gives a negative age
    CHECK(eval_str("days_between(date('2024-02-28'), date('2024-03-01'))") == "2");
    CHECK(eval_str("days_between(date('2026-12-05'), date('2026-12-01'))") == "-4");
    CHECK(eval_str("days_between(today(), d)") == "265");
    check_at(type_error("age(quotient_familial)"), 1, 5, "the argument of age(…) must be a date");
    check_at(eval_error("age(d) + age(naissance)", [] {
                 Env e = test_env();
                 e.fields.erase("naissance");
                 return e;
             }()),
             1, 14, "the field 'naissance' is not filled in");
}

TEST_CASE("count and sum over groups and multiple choices") {
    CHECK(eval_str("count(enfants)") == "2");
    CHECK(eval_str("sum(enfants, 'repas_semaine')") == "6");
    CHECK(eval_str("sum(enfants, 'journees_loisirs')") == "15");
    CHECK(eval_str("count(services)") == "1");
    Env env = test_env();
    env.groups.erase("enfants");
    env.fields.erase("services");
    CHECK(eval_str("count(enfants)", env) == "0");
    CHECK(eval_str("sum(enfants, 'repas_semaine')", env) == "0");
    CHECK(eval_str("count(services)", env) == "0");
    env = test_env();
    env.groups["enfants"][1].erase("repas_semaine");
    auto e = eval_error("sum(enfants, 'repas_semaine')", env);
    CHECK(e.kind == ExprError::Kind::empty_field);
    check_at(e, 1, 14, "item 2 of the group 'enfants' is not filled in");
    check_at(type_error("sum(enfants, 'classe')"), 1, 14, "is a text, but sum(…) adds numbers");
    check_at(type_error("sum(enfants, 'repas')"), 1, 14, "the group 'enfants' has no field 'repas'");
    check_at(type_error("sum(enfants, repas_semaine)"), 1, 14, "names a field of the group in quotes");
    check_at(type_error("count(n)"), 1, 7, "must be a group or a multiple choice field");
}

TEST_CASE("lookup takes the first row whose max is at least the key") {
    CHECK(eval_str("lookup('tarif_repas', 0)") == "1.2");
    CHECK(eval_str("lookup('tarif_repas', 400)") == "1.2");
    CHECK(eval_str("lookup('tarif_repas', 400.5)") == "2.4");
    CHECK(eval_str("lookup('tarif_repas', 800)") == "2.4");
    CHECK(eval_str("lookup('tarif_repas', 801)") == "3.6");
    CHECK(eval_str("lookup('tarif_loisirs', 99999)") == "10");
    CHECK(eval_str("lookup('libelles', 50)") == "grand");
    check_at(eval_error("lookup('tarif_repas', 100000)"), 1, 1, "no row of the table 'tarif_repas' covers 100000");
    check_at(type_error("lookup('tarif', 1)"), 1, 8, "unknown table 'tarif'");
    check_at(type_error("lookup(t, 1)"), 1, 8, "a table name in quotes");
    check_at(type_error("lookup('tarif_repas', t)"), 1, 23, "must be a number");
    check_at(type_error("lookup('libelles', 5) + 1"), 1, 1, "the left side of '+' must be a number, but it is a text");
}

TEST_CASE("min, max, round, contains, empty") {
    CHECK(eval_str("min(n, m)") == "4");
    CHECK(eval_str("max(n, m)") == "12.5");
    CHECK(eval_str("min(d, today())") == "2026-03-15");
    CHECK(eval_str("round(2.345, 2)") == "2.35");
    CHECK(eval_str("round(-2.345, 2)") == "-2.35");
    CHECK(eval_str("round(2.5, 0)") == "3");
    CHECK(eval_str("round(1 / 3, 4)") == "0.3333");
    CHECK(eval_str("contains(services, 'restaurant_scolaire')") == "true");
    CHECK(eval_str("contains(services, 'accueil_loisirs')") == "false");
    CHECK(eval_str("empty(vide)") == "true");
    CHECK(eval_str("empty(n)") == "false");
    CHECK(eval_str("empty(organisme)") == "true");  // "" is empty
    CHECK(eval_str("empty(enfants)") == "false");
    check_at(type_error("round(n, 5)"), 1, 10, "from 0 to 4");
    check_at(type_error("round(n, m)"), 1, 10, "from 0 to 4");
    check_at(type_error("min(n, d)"), 1, 8, "must be a number, like the first");
    check_at(type_error("contains(t, 'a')"), 1, 10, "for a single choice, write t == 'value'");
    check_at(type_error("contains(services, 'cantine')"), 1, 20, "'cantine' is not an option");
    check_at(type_error("empty(n + 1)"), 1, 7, "empty(…) takes a field id");
}

TEST_CASE("empty fields: comparisons are false, calculations are 'not filled in' errors") {
    Env env = test_env();
    env.fields.erase("quotient_familial");
    env.fields["qf_connu"] = std::string("");
    CHECK(eval_str("quotient_familial > 400", env) == "false");
    CHECK(eval_str("quotient_familial <= 400", env) == "false");
    CHECK(eval_str("qf_connu == 'oui'", env) == "false");
    CHECK(eval_str("qf_connu != 'oui'", env) == "false");
    CHECK(eval_str("not (qf_connu == 'oui')", env) == "true");
    CHECK(eval_str("qf_connu in ['oui', 'non']", env) == "false");
    CHECK(eval_str("not oui_non", env) == "true");  // an unanswered yes/no counts as false
    CHECK(eval_str("oui_non or b", env) == "true");
    CHECK(eval_str("empty(quotient_familial)", env) == "true");
    CHECK(eval_str("if empty(quotient_familial) then 0 else quotient_familial * 2", env) == "0");
    CHECK(is_empty(eval_ok("quotient_familial", env)));
    CHECK(is_empty(eval_ok("if b then quotient_familial else 1", env)));
    auto e = eval_error("1 + quotient_familial * 2", env);
    CHECK(e.kind == ExprError::Kind::empty_field);
    check_at(e, 1, 5, "the field 'quotient_familial' is not filled in, and '*' needs its value");
    check_at(eval_error("lookup('tarif_repas', quotient_familial)", env), 1, 23, "not filled in");
    check_at(eval_error("-vide", env), 1, 2, "the field 'vide' is not filled in");
    CHECK(eval_error("max(vide, 1)", env).kind == ExprError::Kind::empty_field);
}

TEST_CASE("typecheck reports unknown names and wrong uses with their position") {
    check_at(type_error("quotient_familal > 400"), 1, 1,
             "unknown field 'quotient_familal': no field of this form has this id; did you mean 'quotient_familial'?");
    check_at(type_error("inconnu == 'a'"), 1, 1, "unknown field 'inconnu': no field of this form has this id");
    check_at(type_error("lookpu('tarif_repas', 1)"), 1, 1, "unknown function 'lookpu'; did you mean 'lookup'?");
    check_at(type_error("b or frobnicate()"), 1, 6, "unknown function 'frobnicate'. The functions are:");
    check_at(type_error("lookup('tarif_repas')"), 1, 1, "lookup(…) takes 2 arguments, as in lookup('tarif_repas', quotient_familial), but here it has 1");
    check_at(type_error("today(1)"), 1, 1, "takes 0 arguments");
    check_at(type_error("qf_connu == 1"), 1, 13, "the left side is a text (field 'qf_connu') and the right side is a number");
    check_at(type_error("qf_connu == 'oiu'"), 1, 13, "'oiu' is not an option of the field 'qf_connu' (its options are: oui, non); did you mean 'oui'?");
    check_at(type_error("'oiu' == qf_connu"), 1, 1, "not an option");
    check_at(type_error("enfants + 1"), 1, 1, "it is a group (repeated items) (field 'enfants'): use count(enfants)");
    check_at(type_error("enfants"), 1, 1, "the expression gives a whole group");
    check_at(type_error("repas_semaine > 0"), 1, 1, "use it through sum(enfants, 'repas_semaine')");
    check_at(type_error("tarif_repas > 0"), 1, 1, "is a table: use lookup('tarif_repas', value)");
    check_at(type_error("today > d"), 1, 1, "'today' is a function");
    check_at(type_error("n(1)"), 1, 1, "'n' is a field, write it without '(…)'");
    check_at(type_error("(qf_connu) + 1"), 1, 1, "the left side of '+' must be a number");
    check_at(type_error("1 + services"), 1, 5, "use contains(services, 'value')");
    check_at(type_error("-t"), 1, 2, "the value after '-' must be a number");
    check_at(type_error("not n"), 1, 5, "the value after 'not' must be a condition");
    check_at(type_error("qf_connu == oui"), 1, 13, "to compare with the option oui of 'qf_connu', write it in quotes: 'oui'");
    check_at(type_error("quotient_familial > '400'"), 1, 21, "write numbers without quotes, as in 400");
    check_at(type_error("naissance > '2010-01-01'"), 1, 13, "write dates as date('2010-01-01')");
    check_at(type_error("enfants > 1"), 1, 1, "use count(enfants), sum(enfants, 'field') or empty(enfants)");

    auto cond = typecheck(parsed("quotient_familial"), test_schema(), Type::boolean);
    REQUIRE_FALSE(cond.ok());
    check_at(cond.error(), 1, 1, "a condition must give true or false");
    CHECK(typecheck(parsed("n > 1"), test_schema(), Type::boolean).ok());
    auto dated = typecheck(parsed("  n"), test_schema(), Type::date);
    REQUIRE_FALSE(dated.ok());
    check_at(dated.error(), 1, 3, "must give a date, but it gives a number");
}

TEST_CASE("syntax errors point at the offending token, line and column") {
    check_at(parse_error("qf_connu = 'oui'"), 1, 10, "a single '=' is not an operator: write '=='");
    check_at(parse_error("(1 + 2"), 1, 7, "expected ')' to close '(' opened at column 1, but found the end of the expression");
    check_at(parse_error("max(1, (2 * 3 4)"), 1, 15, "expected ')' to close '(' opened at column 8, but found '4'");
    check_at(parse_error("lookup('tarif_repas', quotient_familial"), 1, 40,
             "expected ',' or ')' after an argument of 'lookup(' opened at column 7");
    check_at(parse_error("if qf_connu == 'oui' then 1"), 1, 28, "expected 'else' after the 'then' part of 'if' (at column 1)");
    check_at(parse_error("if qf_connu == 'oui' else 1"), 1, 22, "expected 'then' after the condition of 'if'");
    check_at(parse_error("organisme == \"caf\""), 1, 14, "texts are written between single quotes");
    check_at(parse_error("1 +"), 1, 4, "the expression ends too early: expected a value after '+'");
    check_at(parse_error("a and or b"), 1, 7, "expected a value after 'and', but found 'or'");
    check_at(parse_error("'oui"), 1, 1, "this text is not closed");
    check_at(parse_error("t == 'a\\nb'"), 1, 8, "unknown escape");
    check_at(parse_error(""), 1, 1, "the expression is empty");
    check_at(parse_error("   "), 1, 4, "the expression is empty");
    check_at(parse_error("'café' == x y"), 1, 13, "unexpected 'y' after a complete expression");  // columns count characters
    check_at(parse_error("Qf_connu == 'oui'"), 1, 1, "has capital letters");
    check_at(parse_error("a AND b"), 1, 3, "write 'and' in lowercase");
    check_at(parse_error("x == \u2018oui\u2019"), 1, 6, "typographic quote");
    check_at(parse_error("x\u00A0== 'a'"), 1, 2, "non-breaking space");
    check_at(parse_error("num\u00E9ro == 1"), 1, 4, "without accents");
    check_at(parse_error("prix * 1,20"), 1, 9, "decimal numbers are written with a point");
    check_at(parse_error("1.5.2"), 1, 4, "at most one '.'");
    check_at(parse_error("x * .5"), 1, 5, "write a digit before '.'");
    check_at(parse_error("3 * 1."), 1, 6, "digits after '.'");
    check_at(parse_error("1.23456"), 1, 1, "more than 4 decimal places");
    check_at(parse_error("10000000000000 > 1"), 1, 1, "too large");
    check_at(parse_error("2x"), 1, 2, "cannot be followed directly by a letter");
    check_at(parse_error("a && b"), 1, 3, "write 'and'");
    check_at(parse_error("qf_connu === 'oui'"), 1, 10, "'===' is not an operator");
    check_at(parse_error("a <> b"), 1, 3, "write '!='");
    check_at(parse_error("!a"), 1, 1, "write 'not'");
    check_at(parse_error("a == b)"), 1, 7, "this ')' has no matching '('");
    check_at(parse_error("a b"), 1, 3, "is an operator such as 'and' or '==' missing");
    check_at(parse_error("then 1"), 1, 1, "expected a value at the start, but found 'then'");
    check_at(parse_error("date('2026-02-30')"), 1, 6, "is not a real date");
    check_at(parse_error("date(d)"), 1, 6, "date(…) takes a date in quotes");
    check_at(parse_error("x == 1 \x01"), 1, 8, "control character 0x01");
    check_at(parse_error("x == 'a' \xff"), 1, 10, "not valid UTF-8");
}

TEST_CASE("positions on later lines, and their place in the YAML file") {
    auto e = parse_error("qf_connu == 'oui'\n  and (x > 1");
    check_at(e, 2, 13, "expected ')' to close '(' opened at column 7");
    auto e2 = parse_error("(x > 1\n");
    check_at(e2, 2, 1, "opened at line 1, column 1");
    auto e3 = parse_error("a ==\r\n  'b' c");
    check_at(e3, 2, 7, "unexpected 'c'");
    // show_if: "qf_connu = 'oui'" on line 90, the text starting at column 18 (after the quote)
    auto single = parse_error("qf_connu = 'oui'").in_file(90, 18);
    CHECK(single.line == 90);
    CHECK(single.column == 27);
    auto block = e.in_file(10, 7, 6);
    CHECK(block.line == 11);
    CHECK(block.column == 19);
    CHECK(e.to_string().rfind("2:13: expected ')'", 0) == 0);
    CHECK(parse_error("1 +").to_error().message == "1:4: the expression ends too early: expected a value after '+'");
}

TEST_CASE("limits: 4 KiB of text, 64 levels of nesting, 1000 nodes") {
    std::string deep64 = std::string(64, '(') + "1" + std::string(64, ')');
    CHECK(parse(deep64).ok());
    std::string deep65 = std::string(65, '(') + "1" + std::string(65, ')');
    check_at(parse_error(deep65), 1, 65, "nested too deeply");
    // far deeper than any stack would allow if the parser recursed without bound
    check_at(parse_error(std::string(4000, '(')), 1, 65, "nested too deeply");
    std::string nots;
    for (int i = 0; i < 1000; ++i) nots += "not ";
    check_at(parse_error(nots + "b"), 1, 65 * 4 - 3, "nested too deeply");
    check_at(parse_error(std::string(2000, '-') + "1"), 1, 65, "nested too deeply");
    std::string calls;
    for (int i = 0; i < 600; ++i) calls += "min(1,";
    check_at(parse_error(calls), 1, 64 * 6 + 1, "nested too deeply");
    // a long chain of operators makes a deep tree: refused as well
    std::string chain = "1";
    for (int i = 0; i < 63; ++i) chain += "+1";
    CHECK(parse(chain).ok());  // 63 '+' nodes: depth 64
    chain += "+1";
    check_at(parse_error(chain), 1, 128, "nested too deeply");
    std::string ifs;
    for (int i = 0; i < 100; ++i) ifs += "if b then 1 else ";
    check_at(parse_error(ifs + "0"), 1, 64 * 17 + 1, "nested too deeply");
    // too many nodes
    std::string list = "t in [";
    for (int i = 0; i < 1000; ++i) list += i ? ",'a'" : "'a'";
    list += "]";
    REQUIRE(list.size() <= kMaxSourceBytes);
    check_at(parse_error(list), 1, 7 + 999 * 4, "too large");  // item 999 is node 1001
    std::string args = "f(";
    for (int i = 0; i < 1500; ++i) args += "1,";
    args += "1)";
    check_at(parse_error(args), 1, 3 + 1000 * 2, "too large");
    // too long
    std::string longest(kMaxSourceBytes, ' ');
    longest[0] = '1';
    CHECK(parse(longest).ok());
    check_at(parse_error(longest + " "), 1, 1, "too long (4097 bytes; at most 4096)");
}

TEST_CASE("evaluate() checks types itself when typecheck() was skipped") {
    Env env = test_env();
    for (const char* source : {"1 + 'a'", "not 3", "count(3)", "t < 'b'", "'a' and true", "if 1 then 2 else 3",
                               "lookup(1, 2)", "contains(t, 'a')", "sum(1, 'x')", "nope(1)", "today(1)", "1 == 'a'",
                               "age(1)", "min(1, d)", "round(n, 'a')", "- 'a'"}) {
        auto v = evaluate(parsed(source), env);
        INFO(source);
        REQUIRE_FALSE(v.ok());
        CHECK(v.error().kind == ExprError::Kind::type);
    }
    auto r = evaluate(parsed("round(n, 9)"), env);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ExprError::Kind::evaluation);
    auto t = evaluate(parsed("lookup('absente', 1)"), env);
    REQUIRE_FALSE(t.ok());
    check_at(t.error(), 1, 8, "the table 'absente' is not available");
    CHECK_FALSE(evaluate(Expr{}, env).ok());
    CHECK_FALSE(typecheck(Expr{}, test_schema()).ok());
}

TEST_CASE("to_source prints the canonical form, which parses back to the same tree") {
    const char* cases[][2] = {
        {"1+2*3", "1 + 2 * 3"},
        {"(1+2)*3", "(1 + 2) * 3"},
        {"1-(2-3)", "1 - (2 - 3)"},
        {"(1-2)-3", "1 - 2 - 3"},
        {"-(1+2)", "-(1 + 2)"},
        {"- - 2", "--2"},
        {"not (a and b)", "not (a and b)"},
        {"not a == b", "not a == b"},
        {"(a or b) and c", "(a or b) and c"},
        {"a or (b and c)", "a or b and c"},
        {"(a == b) == c", "(a == b) == c"},
        {"2 * (if a then 1 else 2)", "2 * (if a then 1 else 2)"},
        {"if (if a then b else c) then 1 else 2", "if if a then b else c then 1 else 2"},
        {"x in ['a','b\\'c']", "x in ['a', 'b\\'c']"},
        {"date('2026-12-05') > today()", "date('2026-12-05') > today()"},
        {"lookup('t', 1.50)", "lookup('t', 1.5)"},
        {"true != false", "true != false"},
    };
    for (const auto& c : cases) {
        std::string printed = parsed(c[0]).to_source();
        CHECK(printed == c[1]);
        CHECK(parsed(printed).to_source() == printed);
    }
}

TEST_CASE("fields() lists what an expression reads") {
    auto e = parsed("if qf_connu == 'oui' then lookup('tarif_repas', quotient_familial) * sum(enfants, 'repas_semaine') "
                    "else qf_connu == 'x' and empty(nom)");
    CHECK(e.fields() == std::vector<std::string>{"enfants", "nom", "qf_connu", "quotient_familial"});
}

TEST_CASE("type_for_field maps form field types") {
    CHECK(type_for_field("choice") == Type::text);
    CHECK(type_for_field("commune") == Type::text);
    CHECK(type_for_field("integer") == Type::number);
    CHECK(type_for_field("decimal") == Type::number);
    CHECK(type_for_field("date") == Type::date);
    CHECK(type_for_field("yes_no") == Type::boolean);
    CHECK(type_for_field("multi_choice") == Type::text_list);
    CHECK(type_for_field("group") == Type::group);
    CHECK_FALSE(type_for_field("attachment").has_value());
    CHECK_FALSE(type_for_field("computed").has_value());
    CHECK(to_string(Type::text_list) == "text_list");
}

TEST_CASE("check_table: sorted rows, one value type") {
    CHECK(check_table("tarif_repas", cantine_tables()["tarif_repas"]).ok());
    auto unsorted = check_table("t", {{dec("800"), dec("2")}, {dec("400"), dec("1")}});
    REQUIRE_FALSE(unsorted.ok());
    CHECK(unsorted.error().message == "table 't', row 2: rows must be sorted by increasing 'max' (400 comes after 800)");
    auto mixed = check_table("t", {{dec("1"), dec("2")}, {dec("4"), std::string("x")}});
    REQUIRE_FALSE(mixed.ok());
    CHECK(mixed.error().message.find("same type") != std::string::npos);
    CHECK_FALSE(check_table("t", {}).ok());
    CHECK_FALSE(check_table("t", {{dec("1"), true}}).ok());
}

// ------------------------------------------------------------- the Anor pack

namespace {

// Hand-written schemas of the Anor forms that use expressions: the fields the
// expressions may read, with the option values of choice fields.
std::map<std::string, Schema> anor_schemas() {
    std::map<std::string, Schema> s;
    s["acces-decheterie"].field("type_demande", Type::text, {"premier", "remplacement"});
    s["acte-etat-civil"]
        .field("type_acte", Type::text, {"naissance", "mariage", "deces"})
        .field("lieu", Type::text, {"anor", "autre"})
        .field("lien_demandeur", Type::text, {"moi", "conjoint", "ascendant", "descendant", "represente", "autre"});
    s["bac-ordures"]
        .field("motif", Type::text, {"nouveau", "reparation"})
        .field("raison_nouveau", Type::text, {"emmenagement", "vol", "hors_usage", "trop_petit"});
    s["casier-judiciaire"]
        .field("demande_pour", Type::text, {"moi", "enfant_mineur", "majeur_tutelle"})
        .field("pays_naissance_type", Type::text, {"france", "etranger"})
        .field("reception", Type::text, {"courriel", "courrier"});
    s["certificat-urbanisme"]
        .field("type_cu", Type::text, {"information", "operationnel"})
        .field("demandeur_type", Type::text, {"particulier", "entreprise"})
        .field("batiments_existants", Type::text, {"oui", "non"});
    s["cession-vehicule"].field("besoin_non_gage", Type::text, {"oui", "non"});
    s["changement-adresse"].field("type_demenagement", Type::text, {"dans_anor", "arrivee", "depart"});
    s["extrait-cadastral"]
        .field("qualite", Type::text, {"proprietaire", "autre"})
        .field("document", Type::text, {"plan", "releve", "les_deux"})
        .field("reception", Type::text, {"accueil", "courrier", "courriel"})
        .field("motif", Type::text);
    s["inscription-cantine"] = cantine_schema();
    s["mandat-sepa"].field("services", Type::text_list, {"restaurant_scolaire", "accueil_loisirs"});
    s["rendez-vous-visio"].field("organisme", Type::text, {"france_travail", "caf", "msa"}).field("creneau", Type::text);
    return s;
}

struct FoundExpr {
    std::string form, key, source;
    int line, column;  // of the expression text in the YAML file
};

// Every show_if, require_if and expr written in the Anor forms, as they are
// in the files (all are one-line double-quoted YAML strings without escapes).
std::vector<FoundExpr> anor_expressions() {
    std::vector<FoundExpr> out;
    std::regex re(R"(^(\s*)(show_if|require_if|expr):(\s*)\"([^\"\\]*)\"\s*$)");
    auto dir = std::filesystem::path(GUICHET_SOURCE_DIR) / "content_packs/anor/forms";
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        if (entry.path().extension() == ".yaml") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
        std::ifstream in(path);
        std::string line;
        int n = 0;
        while (std::getline(in, line)) {
            ++n;
            if (line.find("show_if") == std::string::npos && line.find("require_if") == std::string::npos &&
                line.find("expr:") == std::string::npos)
                continue;
            std::smatch m;
            INFO(path.string() << ":" << n << ": " << line);
            REQUIRE_MESSAGE(std::regex_match(line, m, re), "an expression not written as a one-line \"…\" string");
            int column = static_cast<int>(m[1].length() + m[2].length() + 1 + m[3].length() + 1) + 1;
            out.push_back({path.stem().string(), m[2].str(), m[4].str(), n, column});
        }
    }
    return out;
}

}  // namespace

TEST_CASE("every expression of the Anor forms parses and type-checks") {
    auto schemas = anor_schemas();
    auto found = anor_expressions();
    CHECK(found.size() >= 65);
    std::set<std::string> forms;
    for (const auto& f : found) {
        INFO(f.form << ".yaml:" << f.line << ":" << f.column << ": " << f.key << ": " << f.source);
        forms.insert(f.form);
        REQUIRE(schemas.count(f.form) == 1);
        auto e = parse(f.source);
        REQUIRE_MESSAGE(e.ok(), e.error().to_string());
        CHECK(parsed(e->to_source()).to_source() == e->to_source());
        if (f.key == "expr") {
            auto t = typecheck(*e, schemas[f.form]);
            REQUIRE_MESSAGE(t.ok(), t.error().to_string());
            CHECK((*t == Type::number || *t == Type::date));
        } else {
            auto t = typecheck(*e, schemas[f.form], Type::boolean);
            REQUIRE_MESSAGE(t.ok(), t.error().to_string());
        }
    }
    CHECK(forms.size() == 11);  // all but non-gage.yaml, which has none
    // The column found in the file maps errors back to it: the cantine's
    // show_if: "organisme != 'aucun'" is on line 76 and starts at column 19 (after the quote).
    auto it = std::find_if(found.begin(), found.end(), [](const FoundExpr& f) { return f.source == "organisme != 'aucun'"; });
    REQUIRE(it != found.end());
    CHECK(it->line == 76);
    CHECK(it->column == 19);
    Schema typo = schemas["inscription-cantine"];
    typo.fields["organisme"].options = {"caf", "msa", "sans"};
    auto err = typecheck(parsed(it->source), typo);
    REQUIRE_FALSE(err.ok());
    auto at = err.error().in_file(it->line, it->column);
    CHECK(at.line == 76);
    CHECK(at.column == 32);  // the quote of 'aucun'
}

TEST_CASE("the canteen estimate matches hand computation") {
    // The computed fields of forms/inscription-cantine.yaml, as written there.
    const std::map<std::string, std::string> computed = {
        {"nombre_enfants", "count(enfants)"},
        {"prix_repas", "if qf_connu == 'oui' then lookup('tarif_repas', quotient_familial) else lookup('tarif_repas', 99999)"},
        {"prix_journee_loisirs",
         "if qf_connu == 'oui' then lookup('tarif_loisirs', quotient_familial) else lookup('tarif_loisirs', 99999)"},
        {"cout_repas_semaine",
         "if qf_connu == 'oui' then lookup('tarif_repas', quotient_familial) * sum(enfants, 'repas_semaine') else "
         "lookup('tarif_repas', 99999) * sum(enfants, 'repas_semaine')"},
        {"cout_loisirs_mois",
         "if qf_connu == 'oui' then lookup('tarif_loisirs', quotient_familial) * sum(enfants, 'journees_loisirs') else "
         "lookup('tarif_loisirs', 99999) * sum(enfants, 'journees_loisirs')"},
    };
    std::set<std::string> sources;
    for (const auto& [id, source] : computed) sources.insert(source);
    int in_file = 0;
    for (const auto& f : anor_expressions())
        if (f.form == "inscription-cantine" && f.key == "expr") {
            CHECK(sources.count(f.source) == 1);
            ++in_file;
        }
    CHECK(in_file == 5);

    auto estimate = [&](std::optional<std::string> qf) {
        Env env;
        env.today = day("2026-09-01");
        env.tables = cantine_tables();
        env.fields["qf_connu"] = std::string(qf ? "oui" : "non");
        if (qf) env.fields["quotient_familial"] = dec(*qf);
        // two children: 4 + 2 meals a week, 5 + 10 days of leisure centre a month
        env.groups["enfants"] = {GroupItem{{"repas_semaine", dec("4")}, {"journees_loisirs", dec("5")}},
                                 GroupItem{{"repas_semaine", dec("2")}, {"journees_loisirs", dec("10")}}};
        std::map<std::string, std::string> out;
        for (const auto& [id, source] : computed) {
            Expr e = parsed(source);
            REQUIRE(typecheck(e, cantine_schema()).ok());
            auto v = evaluate(e, env);
            REQUIRE_MESSAGE(v.ok(), v.error().to_string());
            out[id] = std::get<Decimal>(*v).to_fixed(id == "nombre_enfants" ? 0 : 2);
        }
        return out;
    };
    using M = std::map<std::string, std::string>;
    // QF ≤ 400: 1.20 a meal, 4.00 a day; 6 meals × 1.20 = 7.20; 15 days × 4.00 = 60.00
    CHECK(estimate("0") == M{{"nombre_enfants", "2"}, {"prix_repas", "1.20"}, {"prix_journee_loisirs", "4.00"},
                             {"cout_repas_semaine", "7.20"}, {"cout_loisirs_mois", "60.00"}});
    CHECK(estimate("350") == estimate("0"));
    CHECK(estimate("400") == estimate("0"));
    // 400 < QF ≤ 800: 2.40 and 7.00; 6 × 2.40 = 14.40; 15 × 7.00 = 105.00
    M middle{{"nombre_enfants", "2"}, {"prix_repas", "2.40"}, {"prix_journee_loisirs", "7.00"},
             {"cout_repas_semaine", "14.40"}, {"cout_loisirs_mois", "105.00"}};
    CHECK(estimate("401") == middle);
    CHECK(estimate("650") == middle);
    CHECK(estimate("800") == middle);
    // QF > 800, or not known: 3.60 and 10.00; 6 × 3.60 = 21.60; 15 × 10.00 = 150.00
    M top{{"nombre_enfants", "2"}, {"prix_repas", "3.60"}, {"prix_journee_loisirs", "10.00"},
          {"cout_repas_semaine", "21.60"}, {"cout_loisirs_mois", "150.00"}};
    CHECK(estimate("801") == top);
    CHECK(estimate("2500") == top);
    CHECK(estimate(std::nullopt) == top);

    // 'oui' but the quotient not typed yet: the estimate waits for it.
    Env waiting;
    waiting.tables = cantine_tables();
    waiting.fields["qf_connu"] = std::string("oui");
    auto v = evaluate(parsed(computed.at("prix_repas")), waiting);
    REQUIRE_FALSE(v.ok());
    CHECK(v.error().kind == ExprError::Kind::empty_field);
    check_at(v.error(), 1, 49, "the field 'quotient_familial' is not filled in");
    // show_if of numero_allocataire: hidden while 'organisme' is unanswered
    CHECK(std::get<bool>(*evaluate(parsed("organisme != 'aucun'"), waiting)) == false);
    waiting.fields["organisme"] = std::string("caf");
    CHECK(std::get<bool>(*evaluate(parsed("organisme != 'aucun'"), waiting)) == true);
}

TEST_CASE("mandat-sepa: today() gives the kiosk's date") {
    Env env;
    env.today = day("2026-11-30");
    auto v = evaluate(parsed("today()"), env);
    REQUIRE(v.ok());
    CHECK(std::get<Date>(*v).to_string() == "2026-11-30");
}

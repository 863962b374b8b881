// forms_corpus SOURCE_DIR OUT.jsonl: writes the form corpus that the
// WebAssembly equivalence test (wasm_equivalence.sh, docs/forms-wasm.md) runs
// through the native and the WebAssembly engines:
//   - the communes of the Anor pack, then every Anor form (compiled from its
//     YAML as `guichet-pack build` does), each followed by fillings: none,
//     a complete one, and that one with each field in turn given each of a
//     list of answers of its type, valid and invalid (and of other types),
//     groups with no, one, two and too many items, at two dates;
//   - every expression of tests/forms/expr_test.cpp and of the Anor forms,
//     evaluated with the test's schema and values (expr_context.json) and
//     with the same schema left empty.
// Payloads are JSON texts inside the corpus, so that both engines read the
// same bytes.
#include "content_source.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const char* const kDays[] = {"2026-11-28", "2027-02-28"};

// Answers tried for each field type, valid ones first (the first one goes in the complete filling).
json samples(const json& field) {
    const std::string type = field.value("type", "");
    if (type == "text" || type == "long_text")
        return json::array({"Martin", "  Julie  ", "", std::string(300, 'e'), "l’école « Jules Ferry »", 42, nullptr});
    if (type == "integer")
        return json::array({"3", "650", "12 500", "-3", "0", "abc", "1,5", "99999999999999999999", 650, 3.5, true});
    if (type == "decimal") return json::array({"12,50", "12.5", "0", "-1", "1 250,75", "1,23456", "x", 12.5, 3, "1e5"});
    if (type == "date")
        return json::array({"12/05/2017", "3/9/2019", "01.01.2000", "2017-05-12", "31/02/2020", "29/02/2024", "12/05/1850",
                            "demain", 20170512});
    if (type == "yes_no") return json::array({true, false, "oui", 1});
    if (type == "choice" || type == "multi_choice") {
        json values = json::array();
        for (const auto& o : field.value("options", json::array())) values.push_back(o.value("value", ""));
        json out = json::array();
        if (type == "choice") {
            for (const auto& v : values) out.push_back(v);
            out.push_back("inconnu");
            out.push_back(1);
        } else {
            if (!values.empty()) out.push_back(json::array({values[0]}));
            out.push_back(values);
            out.push_back(json::array({"inconnu"}));
            out.push_back(json::array());
            out.push_back("x");
        }
        return out;
    }
    if (type == "email") return json::array({"julie.martin@Example.FR", "julie@", "a b@c.fr", "julie@@anor.fr", ""});
    if (type == "phone")
        return json::array({"0327595111", "03 27 59 51 11", "+33 3 27 59 51 11", "0033327595111", "12345", "0027595111", "06.12.34.56.78"});
    const json anor{{"postal_code", "59186"}, {"insee", "59012"}};
    if (type == "commune")
        return json::array({anor, {{"postal_code", "59000"}, {"insee", "59012"}}, {{"postal_code", "5918"}, {"insee", "59012"}},
                            {{"postal_code", "59186"}, {"insee", "00000"}}, {{"postal_code", "59350"}, {"insee", "59350"}}, "Anor"});
    if (type == "address")
        return json::array({{{"line1", "12 rue de la Gare"}, {"postal_code", "59186"}, {"insee", "59012"}},
                            {{"line1", "  3 place du Marché "}, {"line2", "Bâtiment B"}, {"postal_code", "59186"}, {"insee", "59012"}},
                            {{"line1", ""}, {"postal_code", "59186"}, {"insee", "59012"}},
                            {{"line1", "12 rue de la Gare"}, {"postal_code", "59000"}, {"insee", "59012"}}, "12 rue de la Gare"});
    if (type == "iban")
        return json::array({"FR76 3000 6000 0112 3456 7890 189", "fr7630006000011234567890189", "FR76 3000 6000 0112 3456 7890 188",
                            "DE89 3704 0044 0532 0130 00", "GB00", "FR76"});
    if (type == "bic") return json::array({"BNPAFRPP", "bnpafrppxxx", "BNPAXXPP", "BNP"});
    if (type == "nir") return json::array({"1 84 12 76 451 089 46", "184127645108946", "184127645108947", "2 84 12 2A 451 089", "x"});
    if (type == "siret") return json::array({"732 829 320 00074", "73282932000075", "35600000000048", "123"});
    if (type == "siren") return json::array({"732 829 320", "732829321", "356000000", "12"});
    if (type == "attachment")
        return json::array({{{"name", "facture.pdf"}, {"mime", "application/pdf"}, {"size", 250000}},
                            {{"name", "photo.jpg"}, {"mime", "image/jpeg"}, {"size", 120000}},
                            {{"name", "x.exe"}, {"mime", "application/x-msdownload"}, {"size", 10}},
                            {{"name", "grand.png"}, {"mime", "image/png"}, {"size", 99999999}},
                            {{"name", "p.png"}, {"mime", "image/png"}, {"size", -1}}, "facture.pdf"});
    if (type == "signature") return json::array({"strokes", "", true});
    if (type == "slot") return json::array({"2026-12-03-0930", "BAD SLOT!", std::string(80, 'a'), ""});
    return json::array();  // info, heading, computed: not answered
}

json complete_item(const json& group);

json first_answer(const json& field) {
    if (field.value("type", "") == "group") return json::array({complete_item(field), complete_item(field)});
    json s = samples(field);
    return s.empty() ? json() : s[0];
}

json complete_item(const json& group) {
    json item = json::object();
    for (const auto& f : group.value("fields", json::array()))
        if (auto a = first_answer(f); !a.is_null()) item[f.value("id", "")] = a;
    return item;
}

struct Writer {
    std::ofstream out;
    std::size_t count = 0;
    void line(const json& j) {
        out << j.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
        ++count;
    }
};

void write_form(Writer& w, const std::string& id, const json& form) {
    w.line({{"op", "load"}, {"name", id}, {"form", form.dump()}});
    std::vector<json> fields;
    for (const auto& s : form.value("sections", json::array()))
        for (const auto& f : s.value("fields", json::array())) fields.push_back(f);
    json complete = json::object();
    for (const auto& f : fields)
        if (auto a = first_answer(f); !a.is_null()) complete[f.value("id", "")] = a;

    auto check = [&](const std::string& name, const json& answers, const char* day) {
        w.line({{"op", "check"}, {"name", id + ": " + name + " @" + day}, {"answers", answers.dump()}, {"today", day}});
    };
    for (const char* day : kDays) {
        check("nothing", json::object(), day);
        check("complete", complete, day);
    }
    for (const auto& f : fields) {
        const std::string fid = f.value("id", "");
        if (f.value("type", "") == "group") {
            const json item = complete_item(f);
            check(fid + " = no item", [&] { json a = complete; a[fid] = json::array(); return a; }(), kDays[0]);
            check(fid + " = one item", [&] { json a = complete; a[fid] = json::array({item}); return a; }(), kDays[0]);
            check(fid + " = too many items", [&] { json a = complete; a[fid] = json(std::vector<json>(f.value("max_items", 20) + 1, item)); return a; }(), kDays[0]);
            check(fid + " = not a list", [&] { json a = complete; a[fid] = "x"; return a; }(), kDays[0]);
            check(fid + " = an item not an object", [&] { json a = complete; a[fid] = json::array({item, "x"}); return a; }(), kDays[0]);
            for (const auto& inner : f.value("fields", json::array())) {
                const std::string iid = inner.value("id", "");
                std::size_t n = 0;
                for (const auto& v : samples(inner)) {
                    json a = complete;
                    a[fid][1][iid] = v;
                    check(fid + "[2]." + iid + " = sample " + std::to_string(++n), a, kDays[0]);
                }
                json a = complete;
                a[fid][0].erase(iid);
                check(fid + "[1]." + iid + " absent", a, kDays[0]);
            }
            continue;
        }
        std::size_t n = 0;
        for (const auto& v : samples(f)) {
            json a = complete;
            a[fid] = v;
            ++n;
            check(fid + " = sample " + std::to_string(n), a, n == 1 ? kDays[1] : kDays[0]);
        }
        json a = complete;
        a.erase(fid);
        check(fid + " absent", a, kDays[0]);
    }
}

std::string unescape_cpp(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 == s.size()) {
            out += s[i];
            continue;
        }
        const char c = s[++i];
        out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
    }
    return out;
}

// The expressions written in expr_test.cpp's calls of its helpers (eval_str("1 + 2 * 3"), …).
std::vector<std::string> test_expressions(const fs::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    const std::string all = text.str();
    static const std::regex call(R"re(\b(eval_str|eval_ok|eval_error|type_error|parse_error|parsed)\("((?:[^"\\]|\\.)*)")re");
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (auto it = std::sregex_iterator(all.begin(), all.end(), call); it != std::sregex_iterator(); ++it) {
        std::string e = unescape_cpp((*it)[2].str());
        if (seen.insert(e).second) out.push_back(std::move(e));
    }
    return out;
}

void form_expressions(const json& fields, std::vector<std::string>& out) {
    for (const auto& f : fields) {
        for (const char* key : {"show_if", "require_if", "expr"})
            if (auto it = f.find(key); it != f.end() && it->is_string() && !it->get<std::string>().empty()) out.push_back(*it);
        form_expressions(f.value("fields", json::array()), out);
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: forms_corpus SOURCE_DIR OUT.jsonl\n");
        return 2;
    }
    const fs::path src = argv[1];
    guichet::packsrc::Diagnostics diags;
    auto compiled = guichet::packsrc::compile_source(src / "content_packs/anor", diags);
    if (!compiled) {
        std::fprintf(stderr, "forms_corpus: the Anor pack does not compile\n");
        return 1;
    }
    Writer w{std::ofstream(argv[2], std::ios::binary)};
    std::vector<std::pair<std::string, json>> forms;
    for (const auto& e : compiled->entries) {
        const std::string path(e.path);
        const std::string text(e.data.begin(), e.data.end());
        if (path == "data/communes.json") w.line({{"op", "communes"}, {"name", "anor"}, {"text", text}});
        else if (path.starts_with("forms/") && path.ends_with(".json"))
            forms.emplace_back(path.substr(6, path.size() - 11), json::parse(text));
    }
    if (forms.empty()) {
        std::fprintf(stderr, "forms_corpus: no form in the Anor pack\n");
        return 1;
    }
    std::vector<std::string> expressions;
    for (const auto& [id, form] : forms) {
        write_form(w, id, form);
        for (const auto& s : form.value("sections", json::array())) {
            if (auto it = s.find("show_if"); it != s.end() && it->is_string() && !it->get<std::string>().empty()) expressions.push_back(*it);
            form_expressions(s.value("fields", json::array()), expressions);
        }
    }
    // Mistakes in what the page hands over: answers in {"error":…}, never a crash.
    w.line({{"op", "load"}, {"name", "bad: not JSON"}, {"form", "{\"id\": "}});
    w.line({{"op", "check"}, {"name", "bad: no form loaded (the last load failed)"}, {"answers", "{}"}, {"today", kDays[0]}});
    w.line({{"op", "load"}, {"name", "bad: empty object"}, {"form", "{}"}});
    json broken = forms.front().second;
    broken["sections"][0]["fields"][0]["show_if"] = "nom == ";
    w.line({{"op", "load"}, {"name", "bad: an expression that does not parse"}, {"form", broken.dump()}});
    w.line({{"op", "load"}, {"name", forms.front().first}, {"form", forms.front().second.dump()}});
    for (const char* answers : {"[1]", "\"x\"", "nope", ""})
        w.line({{"op", "check"}, {"name", std::string("bad: answers ") + answers}, {"answers", answers}, {"today", kDays[0]}});
    w.line({{"op", "check"}, {"name", "bad: today"}, {"answers", "{}"}, {"today", "28/11/2026"}});
    for (const char* ctx : {"", "{}", "[]", R"({"today": "2026-03-15", "fields": {"n": {"type": "nombre"}}})",
                            R"({"today": "2026-03-15", "fields": {"n": {"type": "number", "value": 3}}})",
                            R"({"today": "2026-03-15", "fields": "x", "groups": [], "tables": {"t": {"rows": [{"max": "2"}, {"max": "1"}]}}})"})
        w.line({{"op", "eval"}, {"name", std::string("bad: context ") + ctx}, {"expr", "n + 1"}, {"context", ctx}});
    const std::size_t form_cases = w.count;
    std::ifstream ctx_in(src / "tests/forms/expr_context.json");
    const json context = json::parse(ctx_in, nullptr, false);
    if (context.is_discarded()) {
        std::fprintf(stderr, "forms_corpus: tests/forms/expr_context.json is not JSON\n");
        return 1;
    }
    json empty = context;  // the same schema, nothing filled in
    for (auto& [id, f] : empty["fields"].items()) f.erase("value");
    for (auto& [id, g] : empty["groups"].items()) g["items"] = json::array();
    auto tests = test_expressions(src / "tests/forms/expr_test.cpp");
    const std::size_t from_tests = tests.size();
    tests.insert(tests.end(), expressions.begin(), expressions.end());
    for (const auto& e : tests) {
        w.line({{"op", "eval"}, {"name", "values"}, {"expr", e}, {"context", context.dump()}});
        w.line({{"op", "eval"}, {"name", "empty"}, {"expr", e}, {"context", empty.dump()}});
    }
    std::fprintf(stderr, "forms_corpus: %zu forms, %zu form cases, %zu expressions (%zu from expr_test.cpp) x 2 contexts\n",
                 forms.size(), form_cases, tests.size(), from_tests);
    return w.out ? 0 : 1;
}

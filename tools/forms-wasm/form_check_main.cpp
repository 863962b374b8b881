// guichet-form-check CORPUS.jsonl: runs a form corpus (tests/forms/forms_corpus.cpp)
// through the native form engine behind forms_abi.h, printing one line per case:
// INDEX, op, name and the engine's JSON, tab-separated. run_corpus.mjs does the
// same with the WebAssembly engine; the equivalence test diffs the two.
#include "forms_abi.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

namespace {

std::string take(char* p) {
    std::string text = p ? p : "";
    guichet_forms_free(p);
    return text;
}

std::string text(const nlohmann::json& c, const char* key) {
    auto it = c.find(key);
    return it != c.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: guichet-form-check CORPUS.jsonl\n");
        return 2;
    }
    std::ifstream in(argv[1]);
    if (!in) {
        std::fprintf(stderr, "guichet-form-check: cannot open %s\n", argv[1]);
        return 2;
    }
    const auto started = std::chrono::steady_clock::now();
    std::string line, out;
    int form = 0;
    long index = 0, checks = 0;
    std::chrono::steady_clock::duration check_time{};
    for (long number = 1; std::getline(in, line); ++number) {
        if (line.empty()) continue;
        auto c = nlohmann::json::parse(line, nullptr, false);
        const std::string op = c.is_object() ? text(c, "op") : std::string();
        std::string result;
        if (op == "communes") {
            result = take(guichet_forms_set_communes(text(c, "text").c_str()));
        } else if (op == "load") {
            if (form > 0) guichet_forms_unload(form);
            result = take(guichet_forms_load(text(c, "form").c_str()));
            auto r = nlohmann::json::parse(result, nullptr, false);
            form = r.is_object() && r.contains("form") && r["form"].is_number_integer() ? r["form"].get<int>() : 0;
        } else if (op == "check") {
            const auto t0 = std::chrono::steady_clock::now();
            result = take(guichet_forms_check(form, text(c, "answers").c_str(), text(c, "today").c_str()));
            check_time += std::chrono::steady_clock::now() - t0;
            ++checks;
        } else if (op == "eval") {
            result = take(guichet_forms_eval(text(c, "expr").c_str(), text(c, "context").c_str()));
        } else {
            std::fprintf(stderr, "%s:%ld: unknown op '%s'\n", argv[1], number, op.c_str());
            return 2;
        }
        out += std::to_string(index) + "\t" + op + "\t" + text(c, "name") + "\t" + result + "\n";
        ++index;
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    const auto check_ms = std::chrono::duration_cast<std::chrono::milliseconds>(check_time).count();
    std::fprintf(stderr, "native: %ld cases in %lld ms; %ld checks in %lld ms\n", index, static_cast<long long>(ms), checks,
                 static_cast<long long>(check_ms));
    return 0;
}

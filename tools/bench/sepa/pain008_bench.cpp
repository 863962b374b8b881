// pain.008 generation for 5,000 debits (issue #17, goal ≤ 1 s; docs/sepa.md §5):
//  1. sepa::write_pain008 alone (the XML, with every IBAN, BIC and RUM checked), .02 and .08;
//  2. what `guichet-partner regie pain008` does on a register of 5,000 mandates: plan the sequence
//     types, write the file aside, record the 5,000 debits, commit (SQLite, synchronous=FULL).
// Usage: guichet-pain008-bench [DEBITS] [RUNS]
#include "../bench_util.hpp"
#include "common/file.hpp"
#include "partner/regie_register.hpp"
#include "sepa/pain008.hpp"
#include "sepa/sepa.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

using namespace guichet;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

std::string rum_of(int i) {
    return *sepa::make_rum("ANR", "borne-" + std::to_string(i % 7), 1'800'000'000 + i,
                           {static_cast<std::uint8_t>(i >> 24), static_cast<std::uint8_t>(i >> 16),
                            static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i), 42});
}

}  // namespace

int main(int argc, char** argv) {
    const int n = argc > 1 ? std::stoi(argv[1]) : 5000;
    const int runs = argc > 2 ? std::stoi(argv[2]) : 5;
    try {
        const sepa::Creditor creditor{"Régie municipale de la Ville d’Anor", "FR56ZZZ590120", "FR7610278060000002011420114",
                                      "CMCIFR2A"};
        sepa::Batch batch{"REGIE-20270115-120000-BNCH", "2027-01-10T12:00:00", "2027-01-15", creditor, {}};
        for (int i = 0; i < n; ++i)
            batch.debits.push_back({"F2027-" + std::to_string(i), 1000 + i % 5000, rum_of(i), "2026-12-01",
                                    "Hélène Lefèvre-" + std::to_string(i), i % 2 ? "FR7630006000011234567890189" : "FR1420041010050500013M02606",
                                    i % 2 ? "AGRIFRPP" : "PSSTFRPPLIL", i % 10 == 0 ? sepa::Sequence::frst : sepa::Sequence::rcur,
                                    "Cantine et accueil de loisirs, janvier 2027", false, "", false});
        for (auto v : {sepa::PainVersion::v02, sepa::PainVersion::v08}) {
            std::vector<double> t;
            std::size_t bytes = 0;
            for (int r = 0; r < runs; ++r) {
                auto t0 = Clock::now();
                auto xml = bench::must(sepa::write_pain008(batch, v), "write_pain008");
                t.push_back(ms_since(t0));
                bytes = xml.size();
            }
            std::printf("write_pain008 %s, %d debits: median %.1f ms (min %.1f, %d runs), %zu bytes\n",
                        v == sepa::PainVersion::v02 ? "pain.008.001.02" : "pain.008.001.08", n, median(t),
                        *std::min_element(t.begin(), t.end()), runs, bytes);
        }

        // The régie's whole step, a fresh register each run (the first file of 5,000 new mandates: FRST).
        std::vector<double> t;
        const auto tmp = std::filesystem::temp_directory_path() / ("guichet-pain008-bench-" + std::to_string(::getpid()));
        for (int r = 0; r < runs; ++r) {
            std::filesystem::remove_all(tmp);
            auto reg = bench::must(sync::regie::Register::open(tmp), "open register");
            bench::must(reg.set_creditor({creditor.name, creditor.ics, creditor.iban, creditor.bic}), "creditor");
            {
                auto tx = bench::must(store::Transaction::begin(reg.database()), "begin");
                for (int i = 0; i < n; ++i) {
                    sync::regie::Mandate m;
                    m.rum = rum_of(i);
                    m.debtor_name = batch.debits[static_cast<std::size_t>(i)].debtor_name;
                    m.iban = batch.debits[static_cast<std::size_t>(i)].debtor_iban;
                    m.bic = batch.debits[static_cast<std::size_t>(i)].debtor_bic;
                    m.signed_on = "2026-12-01";
                    m.ics = creditor.ics;
                    m.creditor = creditor.name;
                    m.demarche_uuid = "u" + std::to_string(i);
                    bench::must(reg.add(m, 1'800'000'000), "add");
                }
                bench::must(tx.commit(), "commit");
            }
            std::vector<sync::regie::Invoice> invoices;
            for (int i = 0; i < n; ++i) invoices.push_back({i + 2, rum_of(i), 1000 + i % 5000, "F2027-" + std::to_string(i), "Cantine"});
            const auto out = tmp / "prelevements.xml";
            auto t0 = Clock::now();
            auto debits = bench::must(reg.collect(invoices, "2027-01-15", batch.message_id, 1'800'000'000,
                                                  [&](const std::vector<sepa::Debit>& planned) -> Result<void> {
                                                      sepa::Batch b = batch;
                                                      b.debits = planned;
                                                      auto xml = sepa::write_pain008(b, sepa::PainVersion::v02);
                                                      if (!xml) return xml.error();
                                                      return write_file_atomic(out, as_bytes(*xml), 0600);
                                                  }),
                                      "collect");
            t.push_back(ms_since(t0));
            if (debits.size() != static_cast<std::size_t>(n)) throw bench::BenchError("wrong debit count");
        }
        std::filesystem::remove_all(tmp);
        std::printf("regie pain008 (plan + write + record + commit), %d debits: median %.1f ms (min %.1f, %d runs); goal <= 1000 ms\n",
                    n, median(t), *std::min_element(t.begin(), t.end()), runs);
    } catch (const bench::BenchError& e) {
        std::fprintf(stderr, "guichet-pain008-bench: %s\n", e.what());
        return 1;
    }
    return 0;
}

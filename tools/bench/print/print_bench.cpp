// Time from « Imprimer » to the job held by cupsd, through the kiosk's print
// worker (render with cairo + pango, Create-Job + Send-Document), for a
// receipt (80 mm roll) and a 3-page A4 note. Goals: ≤ 300 ms and ≤ 1 s.
//
//   guichet-print-bench SOCKET QUEUE [RUNS]
// SOCKET and QUEUE: a cupsd and its queue, e.g. from
//   tests/print/cupsd_fixture.sh start /tmp/pb bench
//   guichet-print-bench /tmp/pb/cups.sock bench 20
#include "common/file.hpp"
#include "print/print_worker.hpp"
#include "sheets.hpp"

#include <algorithm>
#include <cstdio>
#include <thread>

using namespace guichet;
using namespace guichet::print;

namespace {

std::shared_ptr<const Sheet> sheet(const std::string& id) {
    auto text = read_text_file(std::string(GUICHET_SOURCE_DIR) + "/content_packs/anor/sheets/" + id + ".yaml", 1 << 20);
    if (!text) return nullptr;
    packsrc::Diagnostics diags;
    auto json = packsrc::compile_sheet(id, *text, id, diags);
    if (!json) return nullptr;
    auto s = parse_sheet_json(id, *json);
    return s ? std::make_shared<const Sheet>(*s) : nullptr;
}

double run(PrintWorker& w, const std::shared_ptr<const Sheet>& s, const SheetData& d, int* pages) {
    const auto t = w.print({s, d, {}});
    while (true) {
        for (PrintEvent& e : w.poll())
            if (e.ticket == t) {
                if (e.kind != PrintEvent::Printed) {
                    std::fprintf(stderr, "failed: %s (%s)\n", e.message_fr.c_str(), e.detail.c_str());
                    std::exit(1);
                }
                *pages = e.pages;
                return std::chrono::duration<double, std::milli>(e.elapsed).count();
            }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
}

void report(const char* what, std::vector<double> ms, int pages, double goal) {
    std::sort(ms.begin(), ms.end());
    std::printf("%-22s pages %d  median %7.1f ms  p95 %7.1f ms  max %7.1f ms  (goal ≤ %.0f ms)\n", what, pages,
                ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 95 / 100)], ms.back(), goal);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: guichet-print-bench SOCKET QUEUE [RUNS]\n");
        return 2;
    }
    const int runs = argc > 3 ? std::max(1, std::atoi(argv[3])) : 20;
    auto recu = sheet("recu"), notice = sheet("notice");
    if (!recu || !notice) return 1;
    PrintWorker w(CupsPrinter(argv[1], argv[2]), {});
    SheetData d;
    d.values = {{"commune", "Anor"}, {"code", "ANR-7K3Q-9P"}, {"demarche", "Demande d’acte d’état civil"},
                {"service", "Service état civil"}, {"date", "lundi 7 décembre 2026 à 14 h 03"},
                {"imprime_le", "lundi 7 décembre 2026 à 14 h 05"}, {"resume", "Obtenir une copie d’acte."}};
    d.lists["pieces"] = {"Pièce d’identité", "Livret de famille", "Justificatif de domicile"};
    SheetData note = d;
    for (int i = 0; i < 28; ++i)
        note.body_markdown += "## Section " + std::to_string(i + 1) +
                              "\n\nLe tarif est de 3,60 € par repas ; la mairie répond sous 8 jours. Pièces à fournir "
                              "dans l’ordre indiqué, sans agrafe ni trombone, avec une enveloppe timbrée.\n\n";
    std::vector<double> a, b;
    int pa = 0, pb = 0;
    const double cold = run(w, recu, d, &pa);  // the first: fontconfig and pango load their caches
    std::printf("%-22s pages %d  %7.1f ms (fonts loaded on the first print)\n", "receipt, first print", pa, cold);
    for (int i = 0; i < runs; ++i) a.push_back(run(w, recu, d, &pa));
    for (int i = 0; i < runs; ++i) b.push_back(run(w, notice, note, &pb));
    report("receipt (80 mm roll)", a, pa, 300);
    report("note (A4)", b, pb, 1000);
    w.reset();
    w.wait_idle();
    return 0;
}

// Printing (issue #17, docs/print.md): the sheets of the Anor pack drawn to PDF
// and read back with poppler (pdftotext, pdftoppm), then printed through a
// private cupsd with a printer-driver-cups-pdf queue (cupsd_fixture.sh): the
// job reaches the queue, the PDF comes out, a reset leaves the spool empty,
// and a missing or stopped printer gives a French message.
#include "common/file.hpp"
#include "print/cups_printer.hpp"
#include "print/print_worker.hpp"
#include "print/render.hpp"
#include "print/sheet.hpp"
#include "sheets.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

using namespace guichet;
using namespace guichet::print;
using guichet::test::run_command;
using guichet::test::TempDir;

namespace {

const std::filesystem::path kPack = std::filesystem::path(GUICHET_SOURCE_DIR) / "content_packs/anor";
const std::string kFixture = std::string(GUICHET_SOURCE_DIR) + "/tests/print/cupsd_fixture.sh";

Sheet anor_sheet(const std::string& id) {
    auto text = read_text_file(kPack / "sheets" / (id + ".yaml"), 1 << 20);
    REQUIRE(text);
    packsrc::Diagnostics diags;
    auto json = packsrc::compile_sheet(id, *text, id + ".yaml", diags);
    for (const auto& d : diags.all()) MESSAGE(d.to_string());
    REQUIRE(json);
    auto sheet = parse_sheet_json(id, *json);
    REQUIRE(sheet);
    return *sheet;
}

SheetData receipt_data() {
    SheetData d;
    d.values = {{"commune", "Anor"},          {"code", "ANR-7K3Q-9P"},
                {"demarche", "Demande d'acte d'état civil"}, {"service", "Service état civil"},
                {"date", "lundi 7 décembre 2026 à 14 h 03"}, {"imprime_le", "lundi 7 décembre 2026 à 14 h 05"}};
    d.lists["pieces"] = {"Pièce d’identité", "Justificatif de domicile"};
    return d;
}

// N paragraphs of a page body: enough text for several A4 pages.
SheetData long_note_data(int paragraphs) {
    SheetData d = receipt_data();
    d.values["resume"] = "Obtenir une copie d’acte.";
    for (int i = 0; i < paragraphs; ++i)
        d.body_markdown += "## Section " + std::to_string(i + 1) +
                           "\n\nLe tarif est de 3,60 € par repas ; la mairie répond sous 8 jours. Pièces à fournir "
                           "dans l’ordre indiqué, sans agrafe ni trombone, avec une enveloppe timbrée.\n\n";
    return d;
}

// pdftotext writes no-break spaces as plain spaces: expected texts are compared so.
std::string plain(std::string s) {
    for (std::string_view nb : {"\u00A0", "\u202F"})
        for (std::size_t i = s.find(nb); i != std::string::npos; i = s.find(nb, i)) s.replace(i, nb.size(), " ");
    return s;
}

std::string pdftotext(const std::string& pdf, const TempDir& dir) {
    const auto path = dir / "t.pdf";
    std::ofstream(path, std::ios::binary) << pdf;
    std::string out;
    REQUIRE(run_command("pdftotext -enc UTF-8 " + path.string() + " -", &out) == 0);
    return out;
}

// Pixel size of each page drawn at DPI by pdftoppm (PNG IHDR).
std::vector<std::pair<int, int>> page_pixels(const std::string& pdf, int dpi, const TempDir& dir) {
    const auto path = dir / "p.pdf";
    std::ofstream(path, std::ios::binary) << pdf;
    REQUIRE(run_command("pdftoppm -r " + std::to_string(dpi) + " -png " + path.string() + " " + (dir / "page").string()) == 0);
    std::vector<std::pair<int, int>> sizes;
    std::vector<std::filesystem::path> pngs;
    for (const auto& e : std::filesystem::directory_iterator(dir.path()))
        if (e.path().extension() == ".png") pngs.push_back(e.path());
    std::sort(pngs.begin(), pngs.end());
    for (const auto& p : pngs) {
        auto b = test::read_all(p);
        REQUIRE(b.size() > 24);
        auto be32 = [&](std::size_t o) { return (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]; };
        sizes.emplace_back(be32(16), be32(20));
        std::filesystem::remove(p);
    }
    return sizes;
}

}  // namespace

TEST_CASE("french typography: apostrophes, guillemets, no-break spaces, euro") {
    CHECK(french_typography("l'acte") == "l’acte");
    CHECK(french_typography("« Suivre ma demande »") == "«\u202FSuivre ma demande\u202F»");
    CHECK(french_typography("Et maintenant ?") == "Et maintenant\u202F?");
    CHECK(french_typography("Tarif : 3,60 €") == "Tarif\u00A0: 3,60\u00A0€");
    CHECK(french_typography("de 8 h 30 à 12 h 00") == "de 8\u00A0h\u00A030 à 12\u00A0h\u00A000");
    CHECK(french_typography("https://anor.fr à 10:30") == "https://anor.fr à 10:30");
    CHECK(french_typography("déjà\u202F?") == "déjà\u202F?");  // typed right stays right
}

TEST_CASE("media keywords and printer-state-reasons") {
    CHECK(paper_from_media("iso_a4_210x297mm") == Paper::A4);
    CHECK(paper_from_media("oe_80x3276mm") == Paper::Roll80);
    CHECK(paper_from_media("roll_max_79.5x3000mm") == Paper::Roll80);
    CHECK(paper_from_media("na_letter_8.5x11in") == Paper::A4);
    CHECK(problem_from(3, {}, true) == Problem::None);
    CHECK(problem_from(3, {"media-empty-error"}, true) == Problem::NoPaper);
    CHECK(problem_from(4, {"media-needed-warning"}, true) == Problem::NoPaper);
    CHECK(problem_from(3, {"offline-report"}, true) == Problem::None);  // a report is no failure
    CHECK(problem_from(3, {"offline-error"}, true) == Problem::Offline);
    CHECK(problem_from(5, {"paused"}, true) == Problem::Stopped);
    CHECK(problem_from(3, {}, false) == Problem::Stopped);
    CHECK(problem_message_fr(Problem::NoPaper).find("plus de papier") != std::string::npos);
}

TEST_CASE("sheet compiler: placeholders, lists and blocks checked with line and column") {
    packsrc::Diagnostics diags;
    auto json = packsrc::compile_sheet("recu",
                                       "format: 1\ntitle: \"x\"\nblocks:\n  - text: \"Code {cod}\"\n  - checklist: piece\n"
                                       "  - textt: \"a\"\n  - body\n",
                                       "recu.yaml", diags);
    CHECK_FALSE(json);
    std::string all;
    for (const auto& d : diags.all()) all += d.to_string() + "\n";
    CHECK(all.find("recu.yaml:4:11: error: unknown placeholder {cod}") != std::string::npos);
    CHECK(all.find("recu.yaml:5:16: error: unknown list 'piece'") != std::string::npos);
    CHECK(all.find("recu.yaml:6:5: error: a block needs one of") != std::string::npos);
    CHECK(all.find("recu.yaml:7:5: error: sheet 'recu' has no page to print") != std::string::npos);
}

TEST_CASE("sheet compiler: a stray or unbalanced brace is refused like in the kiosk's texts") {
    for (const char* text : {"Code {code", "Code } {code}", "Code {Code}", "{}"}) {
        packsrc::Diagnostics diags;
        const std::string yaml = std::string("format: 1\ntitle: \"x\"\nblocks:\n  - text: \"") + text + "\"\n";
        CHECK_FALSE(packsrc::compile_sheet("recu", yaml, "recu.yaml", diags));
        std::string all;
        for (const auto& d : diags.all()) all += d.to_string() + "\n";
        CHECK_MESSAGE(all.find("recu.yaml:4:11: error: a '{' or '}' that is not a placeholder") != std::string::npos,
                      text);
    }
    packsrc::Diagnostics clean;
    CHECK(packsrc::compile_sheet("recu", "format: 1\ntitle: \"x\"\nblocks:\n  - text: \"Code {code}\"\n",
                                 "recu.yaml", clean));
}

TEST_CASE("receipt on an 80 mm roll: text read back, QR code, 300 dpi width") {
    TempDir dir;
    const Sheet sheet = anor_sheet("recu");
    auto pdf = render_pdf(sheet, receipt_data(), Paper::Roll80);
    REQUIRE(pdf);
    CHECK(pdf->pages == 1);
    const std::string text = pdftotext(pdf->pdf, dir);
    CHECK(text.find("ANR-7K3Q-9P") != std::string::npos);
    CHECK(text.find("« Demande d’acte d’état") != std::string::npos);  // ' became ’
    CHECK(text.find(plain("Et maintenant\u202F?")) != std::string::npos);
    CHECK(text.find("Pièce d’identité") != std::string::npos);
    CHECK(text.find("Service état civil") != std::string::npos);
    const auto px = page_pixels(pdf->pdf, 300, dir);
    REQUIRE(px.size() == 1);
    CHECK(px[0].first == 945);  // 80 mm at 300 dpi
    CHECK(px[0].second > px[0].first);
}

TEST_CASE("receipt of a SEPA mandate: its RUM is printed, and only for a mandate") {
    TempDir dir;
    const Sheet sheet = anor_sheet("recu");
    SheetData d = receipt_data();
    d.values["rum"] = "ANR1-7K3Q-1NM8VF0-Z2Q4K8D1";
    auto pdf = render_pdf(sheet, d, Paper::Roll80);
    REQUIRE(pdf);
    std::string text = pdftotext(pdf->pdf, dir);
    CHECK(text.find("ANR1-7K3Q-1NM8VF0-Z2Q4K8D1") != std::string::npos);
    CHECK(text.find("(RUM)") != std::string::npos);
    auto plain_receipt = render_pdf(sheet, receipt_data(), Paper::Roll80);
    REQUIRE(plain_receipt);
    CHECK(pdftotext(plain_receipt->pdf, dir).find("RUM") == std::string::npos);
}

TEST_CASE("every Anor sheet draws on A4 and reads back") {
    TempDir dir;
    for (const char* id : {"recu", "notice", "page", "offre-emploi", "affichage-legal"}) {
        CAPTURE(id);
        SheetData d = long_note_data(1);
        d.values["titre"] = "Agent d'entretien";
        d.values["employeur"] = "Mairie d’Anor";
        auto pdf = render_pdf(anor_sheet(id), d, Paper::A4);
        REQUIRE(pdf);
        const std::string text = pdftotext(pdf->pdf, dir);
        CHECK(text.find("Anor") != std::string::npos);
        if (std::string(id) != "recu") CHECK(text.find("3,60 € par repas ;") != std::string::npos);
        const auto px = page_pixels(pdf->pdf, 300, dir);
        REQUIRE_FALSE(px.empty());
        CHECK(std::abs(px[0].first - 2480) <= 1);  // 210 mm at 300 dpi is 2480.3 px: pdftoppm rounds up
        CHECK(px[0].second == 3508);
    }
}

TEST_CASE("no-break spaces hold on a narrow roll, no line starts with € ? : » nor ends with «") {
    TempDir dir;
    SheetData d = receipt_data();
    d.values["demarche"] = "";
    for (int i = 0; i < 30; ++i)
        d.values["demarche"] += "Repas à 3,60 € ou « forfait » de 12 h 00 : oui ? ";  // typed with plain spaces
    auto pdf = render_pdf(anor_sheet("recu"), d, Paper::Roll80);
    REQUIRE(pdf);
    const std::string text = pdftotext(pdf->pdf, dir);
    int lines = 0;
    for (std::size_t start = 0, end; start < text.size(); start = end + 1) {
        end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string line = text.substr(start, end - start);
        ++lines;
        for (std::string_view bad : {"€", "?", ";", ":", "»", "h 00", "00 :"}) CHECK_FALSE(line.starts_with(bad));
        CHECK_FALSE(line.ends_with("«"));
        CHECK_FALSE(line.ends_with(" h"));
    }
    CHECK(lines > 60);  // the text did wrap, many times
}

TEST_CASE("a long note flows onto three A4 pages") {
    TempDir dir;
    auto pdf = render_pdf(anor_sheet("notice"), long_note_data(28), Paper::A4);
    REQUIRE(pdf);
    CHECK(pdf->pages == 3);
    CHECK(page_pixels(pdf->pdf, 50, dir).size() == 3);
}

namespace {

// A private cupsd with a cups-pdf queue for one test case (tests/print/cupsd_fixture.sh).
struct PrivateCups {
    TempDir tmp;
    std::filesystem::path dir = tmp / "cups";
    std::string queue = "guichet-test-" + std::to_string(getpid());
    bool up = false;
    PrivateCups() {
        std::filesystem::permissions(tmp.path(), std::filesystem::perms(0755));  // cupsd's filters run as lp
        std::string out;
        const int rc = run_command(kFixture + " start " + dir.string() + " " + queue, &out);
        if (rc == 77) MESSAGE("skipped, no cups-pdf here: " << out);
        up = rc == 0;
        if (rc != 77) REQUIRE_MESSAGE(rc == 0, out);
    }
    ~PrivateCups() { run_command(kFixture + " stop " + dir.string() + " " + queue); }
    std::string socket() const { return (dir / "cups.sock").string(); }
    // The job files in the spool (c* control, d* data).
    std::vector<std::string> spool_files() const {
        std::vector<std::string> names;
        for (const auto& e : std::filesystem::directory_iterator(dir / "spool"))
            if (e.is_regular_file() && (e.path().filename().string()[0] == 'c' || e.path().filename().string()[0] == 'd'))
                names.push_back(e.path().filename().string());
        return names;
    }
    std::string lpstat_jobs() const {
        std::string out;
        run_command("lpstat -h " + socket() + " -W all -o " + queue, &out);
        return out;
    }
    // The first PDF cups-pdf wrote, waiting up to 30 s (ghostscript is slow under sanitizers).
    std::optional<std::filesystem::path> wait_output() const {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (std::chrono::steady_clock::now() < deadline) {
            for (const auto& e : std::filesystem::directory_iterator(dir / "out"))
                if (e.path().extension() == ".pdf" && e.file_size() > 0) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // cups-pdf closes it
                    return e.path();
                }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return std::nullopt;
    }
};

PrintEvent wait_event(PrintWorker& w, std::uint64_t ticket) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        for (PrintEvent& e : w.poll())
            if (e.ticket == ticket) return std::move(e);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    FAIL("no print event in 30 s");
    return {};
}

}  // namespace

TEST_CASE("a receipt printed through cupsd comes out of the cups-pdf queue, and a reset purges the session") {
    PrivateCups cups;
    if (!cups.up) return;
    CupsPrinter printer(cups.socket(), cups.queue);
    const PrinterState st = printer.state();
    CHECK(st.problem == Problem::None);
    CHECK(st.media == Paper::A4);  // cups-pdf's PPD: A4
    PrintWorker worker(printer, {});
    auto sheet = std::make_shared<const Sheet>(anor_sheet("recu"));
    const auto ticket = worker.print({sheet, receipt_data(), {}});
    PrintEvent ev = wait_event(worker, ticket);
    REQUIRE_MESSAGE(ev.kind == PrintEvent::Printed, ev.detail);
    CHECK(ev.job_id > 0);
    MESSAGE("« Imprimer » → job in the queue: " << std::chrono::duration<double, std::milli>(ev.elapsed).count() << " ms");
    auto out = cups.wait_output();
    REQUIRE_MESSAGE(out, "cups-pdf wrote nothing; " << cups.lpstat_jobs());
    std::string text;
    REQUIRE(run_command("pdftotext -enc UTF-8 " + out->string() + " -", &text) == 0);
    CHECK(text.find("ANR-7K3Q-9P") != std::string::npos);
    CHECK(text.find("Pièces à apporter") != std::string::npos);

    const auto reset = worker.reset();
    PrintEvent r = wait_event(worker, reset);
    CHECK(r.kind == PrintEvent::Reset);
    CHECK(r.detail.empty());
    CHECK(cups.spool_files().empty());
    CHECK(cups.lpstat_jobs().find(cups.queue) == std::string::npos);
}

TEST_CASE("a job waiting in the spool is cancelled and purged: nothing of it stays") {
    PrivateCups cups;
    if (!cups.up) return;
    // A stopped queue keeps the job and its data file: the case a reset must clean.
    REQUIRE(run_command("cupsdisable -h " + cups.socket() + " " + cups.queue) == 0);
    CupsPrinter printer(cups.socket(), cups.queue);
    CHECK(printer.state().problem == Problem::Stopped);
    auto pdf = render_pdf(anor_sheet("recu"), receipt_data(), Paper::Roll80);
    REQUIRE(pdf);
    auto job = printer.submit(pdf->pdf, "guichet-recu", Paper::Roll80);
    REQUIRE_MESSAGE(job, (job ? "" : job.error().message));
    CHECK_FALSE(cups.spool_files().empty());
    CHECK(cups.lpstat_jobs().find(cups.queue) != std::string::npos);
    REQUIRE(printer.cancel_and_purge(*job));
    CHECK(cups.spool_files().empty());
    CHECK(cups.lpstat_jobs().find(cups.queue) == std::string::npos);
}

TEST_CASE("printer missing, stopped or cupsd gone: French messages, nothing sent") {
    PrivateCups cups;
    if (!cups.up) return;
    auto sheet = std::make_shared<const Sheet>(anor_sheet("recu"));
    {
        PrintWorker worker(CupsPrinter(cups.socket(), "no-such-queue"), {});
        worker.write_status_to(cups.tmp / "printer-status.json");  // for the heartbeat
        PrintEvent ev = wait_event(worker, worker.print({sheet, receipt_data(), {}}));
        CHECK(ev.kind == PrintEvent::Failed);
        CHECK(ev.message_fr == "L’imprimante de la borne n’est pas installée. Demandez de l’aide à l’accueil.");
        CHECK(worker.state().problem == Problem::Missing);
        auto status = read_text_file(cups.tmp / "printer-status.json", 1 << 16);
        REQUIRE(status);
        CHECK(status->find("\"state\": \"missing\"") != std::string::npos);
    }
    {
        REQUIRE(run_command("cupsdisable -h " + cups.socket() + " " + cups.queue) == 0);
        PrintWorker worker(CupsPrinter(cups.socket(), cups.queue), {});
        PrintEvent ev = wait_event(worker, worker.print({sheet, receipt_data(), {}}));
        CHECK(ev.kind == PrintEvent::Failed);
        CHECK(ev.message_fr.starts_with("L’imprimante est arrêtée."));
        CHECK(cups.spool_files().empty());  // refused before anything was sent
    }
    {
        PrintWorker worker(CupsPrinter((cups.dir / "nothing.sock").string(), cups.queue), {});
        PrintEvent ev = wait_event(worker, worker.print({sheet, receipt_data(), {}}));
        CHECK(ev.kind == PrintEvent::Failed);
        CHECK(ev.message_fr.starts_with("L’imprimante ne répond pas."));
        CHECK(worker.state().problem == Problem::Unreachable);
    }
}

// Font caches freed once, after every case (the leak checker).
struct ReleaseFonts {
    ~ReleaseFonts() { release_font_caches(); }
} release_fonts_at_exit;

TEST_CASE("guichet-pack render-sheet draws a page with its picture at 300 dpi, and names layout errors in French") {
    TempDir dir;
    const std::string tool = GUICHET_PACK_TOOL;
    std::ofstream(dir / "data.json") << R"({"page": "pages/vie-pratique/dechets.md"})";
    std::string out;
    REQUIRE_MESSAGE(run_command(tool + " render-sheet " + kPack.string() + " page --data " + (dir / "data.json").string() +
                                    " -o " + (dir / "page.pdf").string(),
                                &out) == 0,
                    out);
    std::string images;
    REQUIRE(run_command("pdfimages -list " + (dir / "page.pdf").string(), &images) == 0);
    CHECK(images.find("   300   300 ") != std::string::npos);  // x-ppi, y-ppi
    CHECK(pdftotext(test::to_string(test::read_all(dir / "page.pdf")), dir).find("Jours de collecte") != std::string::npos);

    // A copy of the pack with a mistyped sheet: French, file:line:col, exit 1.
    const auto src = dir / "src";
    std::filesystem::create_directories(src / "sheets");
    std::ofstream(src / "sheets/recu.yaml") << "format: 1\ntitle: \"x\"\nblocks:\n  - text: \"{codee}\"\n";
    const int rc = run_command("GUICHET_LANG=fr " + tool + " render-sheet " + src.string() + " recu -o " +
                                   (dir / "r.pdf").string(),
                               &out);
    CHECK(rc == 1);
    CHECK(out.find("sheets/recu.yaml:4:11") != std::string::npos);
    CHECK(out.find("erreur") != std::string::npos);
    CHECK(out.find("valeur inconnue {codee} dans la feuille 'recu'") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "r.pdf"));
}

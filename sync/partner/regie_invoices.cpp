#include "partner/regie_invoices.hpp"

#include "common/csv.hpp"
#include "common/file.hpp"
#include "protocol/routes.hpp"
#include "transport/hub_client.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <ctime>
#include <iostream>
#include <map>

namespace guichet::sync::partner {

using nlohmann::json;

namespace {


Result<void> add_line(std::vector<invoices::FamilyToSeal>& out, std::map<std::string, std::size_t>& index,
                      const std::string& family, const std::string& code, const std::string& name,
                      const std::string& email, const invoices::Invoice& head, const invoices::InvoiceLine& line,
                      const std::string& where) {
    const std::string key = invoices::normalize_family(family);
    auto it = index.find(key);
    if (it == index.end()) {
        invoices::FamilyToSeal f;
        f.invoices.family = key;
        f.invoices.name = name;
        f.code = code;
        f.email = email;
        it = index.emplace(key, out.size()).first;
        out.push_back(std::move(f));
    }
    auto& f = out[it->second];
    if (invoices::normalize_code(f.code) != invoices::normalize_code(code))
        return fail(where + ": family " + key + " has two different codes");
    invoices::Invoice* inv = nullptr;
    for (auto& i : f.invoices.invoices)
        if (i.number == head.number) inv = &i;
    if (!inv) {
        f.invoices.invoices.push_back(head);
        inv = &f.invoices.invoices.back();
        inv->lines.clear();
        inv->amount_cents = 0;
    } else if (inv->due != head.due || inv->paid != head.paid || inv->period != head.period) {
        return fail(where + ": invoice " + head.number + " has lines with different period, due date or paid");
    }
    inv->lines.push_back(line);
    inv->amount_cents += line.amount_cents;
    return {};
}

}  // namespace

Result<std::vector<invoices::FamilyToSeal>> parse_invoices_csv(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a spreadsheet's BOM
    std::vector<invoices::FamilyToSeal> out;
    std::map<std::string, std::size_t> index;
    std::map<std::string, std::size_t> col;
    std::size_t line_no = 0;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        const std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        ++line_no;
        if (line.find_first_not_of(" \r\t") == std::string_view::npos) continue;
        auto fields = split_csv_line(line, ';');
        if (col.empty()) {
            for (std::size_t i = 0; i < fields.size(); ++i) col[fields[i]] = i;
            for (const char* need : {"famille", "code", "nom", "email", "facture", "periode", "libelle", "montant",
                                     "echeance", "payee"})
                if (!col.count(need)) return fail("line 1: the header lacks the column " + std::string(need));
            continue;
        }
        const std::string where = "line " + std::to_string(line_no);
        auto get = [&](const char* n) { return col[n] < fields.size() ? fields[col[n]] : std::string(); };
        invoices::Invoice head;
        head.number = get("facture");
        head.period = get("periode");
        head.due = get("echeance");
        const std::string paid = get("payee");
        if (paid != "oui" && paid != "non") return fail(where + ": payee is oui or non, not '" + paid + "'");
        head.paid = paid == "oui";
        auto amount = parse_euro_cents(get("montant"));
        if (!amount || *amount > 100'000'000)  // a million euros: a typing error, not a canteen bill return fail(where + ": montant '" + get("montant") + "' is not an amount in euros (38,40)");
        if (head.number.empty() || get("famille").empty()) return fail(where + ": famille and facture are required");
        if (auto r = add_line(out, index, get("famille"), get("code"), get("nom"), get("email"), head,
                              {get("libelle"), *amount}, where);
            !r)
            return r.error();
    }
    if (col.empty()) return fail("empty file");
    return out;
}

Result<std::vector<invoices::FamilyToSeal>> parse_invoices_json(std::string_view text) {
    json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("families") || !j["families"].is_array())
        return fail("expected {\"families\": [...]}");
    std::vector<invoices::FamilyToSeal> out;
    for (const json& fj : j["families"]) {
        if (!fj.is_object()) return fail("a family is not an object");
        invoices::FamilyToSeal f;
        auto s = [&](const json& o, const char* n) {
            return o.contains(n) && o[n].is_string() ? o[n].get<std::string>() : std::string();
        };
        f.invoices.family = s(fj, "family");
        f.invoices.name = s(fj, "name");
        f.code = s(fj, "code");
        f.email = s(fj, "email");
        if (!fj.contains("invoices") || !fj["invoices"].is_array()) return fail("family " + f.invoices.family + ": no invoices");
        // The invoice itself: FamilyInvoices' own parser, amounts in cents, amount = sum of lines.
        json inner = {{"family", f.invoices.family}, {"name", f.invoices.name}, {"invoices", json::array()}};
        for (json inv : fj["invoices"]) {
            if (!inv.is_object() || !inv.contains("lines") || !inv["lines"].is_array())
                return fail("family " + f.invoices.family + ": an invoice lacks lines");
            std::int64_t sum = 0;
            for (const json& l : inv["lines"])
                if (l.is_object() && l.contains("amount") && l["amount"].is_number_integer()) sum += l["amount"].get<std::int64_t>();
            inv["amount"] = sum;
            inner["invoices"].push_back(inv);
        }
        auto parsed = invoices::FamilyInvoices::parse(inner.dump());
        if (!parsed) return fail("family " + f.invoices.family + ": " + parsed.error().message);
        f.invoices = std::move(*parsed);
        out.push_back(std::move(f));
    }
    return out;
}

Result<std::vector<invoices::FamilyToSeal>> read_invoices(const std::filesystem::path& file) {
    auto text = read_text_file(file, 256u << 20);
    if (!text) return text.error();
    auto parsed = file.extension() == ".json" ? parse_invoices_json(*text) : parse_invoices_csv(*text);
    if (!parsed) return fail(file.string() + ": " + parsed.error().message);
    for (const auto& f : *parsed) {
        for (const auto& inv : f.invoices.invoices) {
            if (inv.number.empty() || inv.number.size() > 30 ||
                inv.number.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") !=
                    std::string::npos)
                return fail(file.string() + ": invoice '" + inv.number + "': PayFiP needs 1 to 30 letters or digits");
            if (!inv.paid && (f.email.size() < 6 || f.email.find('@') == std::string::npos))
                return fail(file.string() + ": family " + f.invoices.family +
                            ": an unpaid invoice needs the family's email (PayFiP's mel)");
        }
    }
    return parsed;
}

std::string publish_body(const invoices::SealedBundle& sealed) {
    json offers = json::array();
    for (const auto& o : sealed.offers)
        offers.push_back({{"ref", o.ref}, {"refdet", o.refdet}, {"montant", o.montant}, {"objet", o.objet},
                          {"exer", o.exer}, {"mel", o.mel}});
    return json{{"bundle", sealed.file}, {"offers", offers}}.dump();
}

int regie_invoices_main(int argc, char** argv) {
    // French only, like the rest of this command (docs/status.md: to go through staff_language).
    constexpr const char* kUsage =
        "Utilisation :\n"
        "  guichet-partner regie publish-invoices --hub URL --id ID --sign-key ID.sign.key --invoice-key CLÉ\n"
        "                  --from FICHIER.csv|FICHIER.json [--version N] [--out FICHIER.gib] [--ca FICHIER] [--pin PIN]\n"
        "      Scelle les factures de chaque famille sous son numéro et son code (Argon2id), signe le lot avec la\n"
        "      clé minisign CLÉ de la régie (sa moitié publique va aux bornes) et le publie par le hub\n"
        "      (docs/invoices.md). Avec --out seul, écrit le lot sans le publier.\n";
    if (argc >= 2 && (std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h")) {
        std::cout << kUsage;
        return 0;
    }
    std::map<std::string, std::string> opt;
    if (argc < 1 || std::string(argv[0]) != "publish-invoices") {
        std::cerr << "guichet-partner regie : commande attendue : publish-invoices\n" << kUsage;
        return 2;
    }
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (!arg.starts_with("--") || i + 1 >= argc) {
            std::cerr << "guichet-partner regie : option inattendue " << arg << "\n" << kUsage;
            return 2;
        }
        opt[arg] = argv[++i];
    }
    for (const char* need : {"--from", "--invoice-key", "--id"})
        if (!opt.count(need)) {
            std::cerr << "guichet-partner regie publish-invoices : " << need << " est nécessaire\n" << kUsage;
            return 2;
        }
    if (!opt.count("--hub") && !opt.count("--out")) {
        std::cerr << "guichet-partner regie publish-invoices : --hub ou --out est nécessaire\n" << kUsage;
        return 2;
    }
    auto families = read_invoices(opt["--from"]);
    if (!families) {
        std::cerr << "guichet-partner : " << families.error().message << "\n";
        return 1;
    }
    auto key = crypto::SecretKey::load(opt["--invoice-key"], std::nullopt);
    if (!key) {
        std::cerr << "guichet-partner : " << key.error().message << "\n";
        return 1;
    }
    const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
    std::uint64_t version = static_cast<std::uint64_t>(now);
    if (opt.count("--version")) {
        const std::string& v = opt["--version"];
        auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), version);
        if (ec != std::errc() || end != v.data() + v.size() || version == 0) {
            std::cerr << "guichet-partner regie publish-invoices : --version attend un nombre entier positif\n"
                      << kUsage;
            return 2;
        }
    }
    const std::size_t count = families->size();
    auto sealed = invoices::seal_bundle(std::move(*families), opt["--id"], version, now, *key);
    if (!sealed) {
        std::cerr << "guichet-partner : " << sealed.error().message << "\n";
        return 1;
    }
    if (opt.count("--out"))
        if (auto r = write_file_atomic(opt["--out"], as_bytes(sealed->file)); !r) {
            std::cerr << "guichet-partner : " << r.error().message << "\n";
            return 1;
        }
    if (opt.count("--hub")) {
        if (!opt.count("--sign-key")) {
            std::cerr << "guichet-partner regie publish-invoices : --sign-key est nécessaire avec --hub\n";
            return 2;
        }
        auto signing = RequestKey::load(opt["--sign-key"]);
        if (!signing) {
            std::cerr << "guichet-partner : " << signing.error().message << "\n";
            return 1;
        }
        HubClientOptions options;
        options.tls = {opt["--ca"], opt["--pin"]};
        auto hub = HubClient::create(opt["--hub"], options);
        if (!hub) {
            std::cerr << "guichet-partner : " << hub.error().message << "\n";
            return 1;
        }
        hub->set_identity({opt["--id"], std::move(*signing)});
        const std::string body = publish_body(*sealed);
        auto answer = hub->send("POST", paths::kPartnerInvoices, {}, as_bytes(body), "application/json");
        if (!answer) {
            std::cerr << "guichet-partner : " << answer.error().message << "\n";
            return 1;
        }
        if (answer->status != 200) {
            std::cerr << "guichet-partner : " << describe_answer("POST", paths::kPartnerInvoices, *answer) << "\n";
            return 1;
        }
    }
    std::cout << "factures publiées : " << count << " famille(s), " << sealed->offers.size()
              << " facture(s) à payer, version " << version << "\n";
    return 0;
}

}  // namespace guichet::sync::partner

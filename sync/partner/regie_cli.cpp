#include "partner/regie_cli.hpp"

#include "common/file.hpp"
#include "common/staff_language.hpp"
#include "common/time_format.hpp"
#include "partner/regie_register.hpp"
#include "sepa/pain008.hpp"
#include "sepa/sepa.hpp"

#include <sodium.h>

#include <algorithm>
#include <ctime>
#include <iostream>
#include <map>

namespace guichet::sync::regie {

using staff::msg;

namespace {

constexpr const char* kRegieUsage = R"(Usage:
  guichet-partner regie import [--dir DIR]
      Adds to the register the SEPA mandates among the démarches that
      `guichet-partner fetch --out DIR` opened (DIR/<uuid>/demarche.json).
  guichet-partner regie mandates [--dir DIR]
      Lists the register: RUM, state, type, account holder, IBAN, BIC, dates.
  guichet-partner regie creditor [--dir DIR] --name NAME --ics ICS --iban IBAN --bic BIC
      Sets the régie's own account, credited by the direct debits.
  guichet-partner regie amend RUM --iban IBAN --bic BIC [--dir DIR]
      The debtor's new account: same RUM; the next debit carries the amendment
      (another bank: FRST again, "SMNDA").
  guichet-partner regie revoke RUM [--final] [--dir DIR]
      Revokes the mandate at once (no debit any more); with --final, the next
      debit is the last one (FNAL), then the mandate ends.
  guichet-partner regie pain008 [--dir DIR] --invoices FILE.csv --format 02|08
                                --collection-date YYYY-MM-DD --out FILE.xml
      Writes the direct-debit file (ISO 20022 pain.008.001.02 or .08) for the
      invoices of FILE.csv (header: rum;montant;facture;libelle), with the
      sequence types the register gives (FRST, RCUR, OOFF, FNAL), and records
      the debits. Nothing is recorded when a line is refused.
  guichet-partner regie publish-invoices ...
      The families' invoices to the kiosks, sealed: publish-invoices --help
      (docs/invoices.md).

The register is DIR/regie.sqlite (default DIR: the current folder). Format: docs/sepa.md.
Exit status: 0 success, 1 failure, 2 usage error.
)";

int usage_error(std::string_view english, std::initializer_list<std::string_view> args = {}) {
    std::cerr << msg("guichet-partner regie: {1}\n\n", {msg(english, args)}) << msg(kRegieUsage);
    return 2;
}

int failure(const std::string& message) {
    std::cerr << msg("guichet-partner regie: {1}\n", {message});
    return 1;
}

std::string state_text(const Mandate& m) {
    if (m.state == "actif") return msg("active");
    if (m.state == "dernier") return msg("last debit next (FNAL)");
    if (m.state == "termine") return msg("used up");
    return msg("revoked on {1}", {m.revoked_on});
}

std::string message_id(std::int64_t now) {
    return "REGIE-" + format_utc_as(now, "%Y%m%d-%H%M%S") + "-" +
           sepa::base32_crockford(randombytes_uniform(1u << 20), 4);
}

std::string iso_date_time(std::int64_t now) {
    return format_utc_as(now, "%Y-%m-%dT%H:%M:%S");
}

int import(Register& reg, const std::filesystem::path& dir, std::int64_t now) {
    std::error_code ec;
    std::vector<std::filesystem::path> folders;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
        if (e.is_directory(ec) && std::filesystem::exists(e.path() / "demarche.json", ec)) folders.push_back(e.path());
    if (ec) return failure(msg("cannot read {1}: {2}", {dir.string(), ec.message()}));
    std::sort(folders.begin(), folders.end());
    int added = 0, known = 0, errors = 0;
    for (const auto& f : folders) {
        auto m = mandate_from_demarche(f);
        if (!m) {
            std::cerr << msg("guichet-partner regie: {1}\n", {m.error().message});
            ++errors;
            continue;
        }
        if (!*m) continue;  // not a mandate
        auto r = reg.add(**m, now);
        if (!r) {
            std::cerr << msg("guichet-partner regie: {1}\n", {r.error().message});
            ++errors;
        } else if (*r) {
            ++added;
            std::cout << msg("mandate {1} added: {2}, {3} ({4})\n",
                             {(*m)->rum, (*m)->debtor_name, (*m)->family, (*m)->tracking_code});
        } else {
            ++known;
        }
    }
    std::cerr << msg("guichet-partner regie: {1} mandate(s) added, {2} already in the register, {3} refused\n",
                     {std::to_string(added), std::to_string(known), std::to_string(errors)});
    return errors == 0 ? 0 : 1;
}

}  // namespace

std::string_view usage_text() { return kRegieUsage; }

int run(int argc, char** argv) {
    std::map<std::string, std::string> opt;
    bool final = false;
    std::vector<std::string> positional;
    for (int i = 2; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::cout << msg(kRegieUsage);
            return 0;
        } else if (arg == "--final") {
            final = true;
        } else if (arg == "--dir" || arg == "--name" || arg == "--ics" || arg == "--iban" || arg == "--bic" ||
                   arg == "--invoices" || arg == "--format" || arg == "--collection-date" || arg == "--out") {
            if (i + 1 >= argc) return usage_error("{1} needs a value", {arg});
            opt[arg] = argv[++i];
        } else if (arg.starts_with("--")) {
            return usage_error("unknown option {1}", {arg});
        } else {
            positional.push_back(arg);
        }
    }
    if (positional.empty()) return usage_error("a régie command is required (import, mandates, creditor, amend, revoke, pain008)");
    const std::string command = positional[0];
    positional.erase(positional.begin());
    static const std::map<std::string, std::size_t> kArity = {{"import", 0}, {"mandates", 0}, {"creditor", 0},
                                                              {"amend", 1},  {"revoke", 1},   {"pain008", 0}};
    auto arity = kArity.find(command);
    if (arity == kArity.end()) return usage_error("unknown régie command {1}", {command});
    if (positional.size() != arity->second)
        return usage_error(arity->second == 1 ? "{1} needs one mandate reference (RUM)" : "{1} takes no argument", {command});
    const std::filesystem::path dir = opt.count("--dir") ? opt["--dir"] : ".";
    const std::int64_t now = std::time(nullptr);

    if (command == "creditor" && (!opt.count("--name") || !opt.count("--ics") || !opt.count("--iban") || !opt.count("--bic")))
        return usage_error("creditor needs --name, --ics, --iban and --bic");
    if (command == "amend" && (!opt.count("--iban") || !opt.count("--bic"))) return usage_error("amend needs --iban and --bic");
    if (command == "pain008") {
        if (!opt.count("--invoices") || !opt.count("--format") || !opt.count("--collection-date") || !opt.count("--out"))
            return usage_error("pain008 needs --invoices, --format, --collection-date and --out");
        if (opt["--format"] != "02" && opt["--format"] != "08")
            return usage_error("--format is 02 (pain.008.001.02) or 08 (pain.008.001.08), not {1}", {opt["--format"]});
    }

    auto reg = Register::open(dir);
    if (!reg) return failure(reg.error().message);

    if (command == "import") return import(*reg, dir, now);
    if (command == "mandates") {
        auto all = reg->list();
        if (!all) return failure(all.error().message);
        for (const Mandate& m : *all) {
            std::cout << m.rum << "  " << state_text(m) << "  "
                      << (m.payment_type == "ponctuel" ? msg("one-off") : msg("recurrent")) << "\n";
            std::cout << msg("  holder: {1}; family: {2}; démarche {3}\n", {m.debtor_name, m.family, m.tracking_code});
            std::cout << msg("  IBAN {1}, BIC {2}; signed on {3}\n", {m.iban, m.bic, m.signed_on});
            std::cout << (m.first_collection.empty()
                              ? msg("  never collected: the next debit is FRST\n")
                              : msg("  first debit {1}, last {2}\n", {m.first_collection, m.last_collection}));
            if (m.amended)
                std::cout << (m.new_bank ? msg("  amendment pending: new bank (next debit FRST, SMNDA), was {1}\n", {m.original_iban})
                                         : msg("  amendment pending: new account at the same bank, was {1}\n", {m.original_iban}));
        }
        std::cerr << msg("guichet-partner regie: {1} mandate(s)\n", {std::to_string(all->size())});
        return 0;
    }
    if (command == "creditor") {
        if (auto r = reg->set_creditor({opt["--name"], opt["--ics"], opt["--iban"], opt["--bic"]}); !r) return failure(r.error().message);
        std::cout << msg("the régie's account is set\n");
        return 0;
    }
    if (command == "amend") {
        auto r = reg->amend(positional[0], opt["--iban"], opt["--bic"], now);
        if (!r) return failure(r.error().message);
        std::cout << (!r->recorded ? msg("mandate {1}: account replaced (never collected: no amendment to send)\n", {positional[0]})
                      : r->new_bank ? msg("mandate {1}: new bank; the next debit is FRST with the amendment SMNDA\n", {positional[0]})
                                    : msg("mandate {1}: new account; the next debit carries the amendment and the original IBAN\n",
                                          {positional[0]}));
        return 0;
    }
    if (command == "revoke") {
        if (auto r = reg->revoke(positional[0], final, iso_date(now), now); !r) return failure(r.error().message);
        std::cout << (final ? msg("mandate {1}: the next debit is the last one (FNAL)\n", {positional[0]})
                            : msg("mandate {1} revoked: no debit any more\n", {positional[0]}));
        return 0;
    }

    // pain008
    const std::string date = opt["--collection-date"];
    if (!is_iso_date(date)) return failure(msg("the collection date '{1}' is not a date YYYY-MM-DD", {date}));
    if (date < iso_date(now)) return failure(msg("the collection date {1} is past", {date}));
    const std::filesystem::path invoices_path = opt["--invoices"], out = opt["--out"];
    auto text = read_file(invoices_path, 64 << 20);
    if (!text) return failure(text.error().message);
    auto invoices = read_invoices(std::string(as_chars(*text)), invoices_path.string());
    if (!invoices) return failure(invoices.error().message);
    auto cred = reg->creditor();
    if (!cred) return failure(cred.error().message);
    const sepa::PainVersion version = opt["--format"] == "02" ? sepa::PainVersion::v02 : sepa::PainVersion::v08;
    const std::string id = message_id(now);
    std::filesystem::path tmp = out;
    tmp += ".tmp";
    // Plan, write aside, record, commit, then rename: a file appears only once its debits are recorded.
    auto debits = reg->collect(*invoices, date, id, now, [&](const std::vector<sepa::Debit>& planned) -> Result<void> {
        sepa::Batch batch{id, iso_date_time(now), date, {cred->name, cred->ics, cred->iban, cred->bic}, planned};
        auto xml = sepa::write_pain008(batch, version);
        if (!xml) return xml.error();
        return write_file_atomic(tmp, as_bytes(*xml), 0600);
    });
    if (!debits) {
        std::error_code ec;
        std::filesystem::remove(tmp, ec);
        return failure(invoices_path.string() + ": " + debits.error().message);
    }
    std::error_code ec;
    std::filesystem::rename(tmp, out, ec);
    if (ec) return failure(msg("the debits are recorded but {1} could not be renamed to {2}: {3}; send {1}", {tmp.string(), out.string(), ec.message()}));
    std::map<std::string, int> per;
    std::int64_t total = 0;
    for (const auto& d : *debits) {
        ++per[std::string(sepa::sequence_code(d.sequence))];
        total += d.amount_cents;
    }
    std::string by;
    for (const char* s : {"FRST", "RCUR", "OOFF", "FNAL"})
        if (per[s] > 0) by += (by.empty() ? "" : ", ") + std::string(s) + " " + std::to_string(per[s]);
    std::cout << msg("wrote {1}: {2} debit(s), {3} EUR ({4}), message {5}, collection on {6}\n",
                     {out.string(), std::to_string(debits->size()), sepa::format_amount(total), by, id, date});
    return 0;
}

}  // namespace guichet::sync::regie

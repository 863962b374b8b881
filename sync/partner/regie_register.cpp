#include "partner/regie_register.hpp"

#include "common/csv.hpp"
#include "common/file.hpp"
#include "common/time_format.hpp"
#include "common/staff_language.hpp"
#include "forms/validators.hpp"
#include "sepa/sepa.hpp"

#include <nlohmann/json.hpp>

#include <ctime>
#include <map>
#include <set>

namespace guichet::sync::regie {

using staff::msg;

namespace {

constexpr const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS mandate(
  rum TEXT PRIMARY KEY, payment_type TEXT NOT NULL CHECK(payment_type IN ('recurrent', 'ponctuel')),
  debtor_name TEXT NOT NULL, iban TEXT NOT NULL, bic TEXT NOT NULL, signed_on TEXT NOT NULL,
  ics TEXT NOT NULL, creditor TEXT NOT NULL, family TEXT NOT NULL DEFAULT '', tracking_code TEXT NOT NULL DEFAULT '',
  demarche_uuid TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL CHECK(state IN ('actif', 'dernier', 'termine', 'revoque')),
  first_collection TEXT NOT NULL DEFAULT '', last_collection TEXT NOT NULL DEFAULT '',
  amended INTEGER NOT NULL DEFAULT 0, new_bank INTEGER NOT NULL DEFAULT 0,
  original_iban TEXT NOT NULL DEFAULT '', original_bic TEXT NOT NULL DEFAULT '',
  revoked_on TEXT NOT NULL DEFAULT '', imported_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS mandate_event(id INTEGER PRIMARY KEY, rum TEXT NOT NULL, at INTEGER NOT NULL, what TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS collection(reference TEXT PRIMARY KEY, rum TEXT NOT NULL, amount_cents INTEGER NOT NULL,
  sequence TEXT NOT NULL, collection_date TEXT NOT NULL, message_id TEXT NOT NULL, at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS creditor(id INTEGER PRIMARY KEY CHECK(id = 1), name TEXT NOT NULL, ics TEXT NOT NULL,
  iban TEXT NOT NULL, bic TEXT NOT NULL);
PRAGMA user_version = 1;
)";

constexpr const char* kColumns =
    "rum, payment_type, debtor_name, iban, bic, signed_on, ics, creditor, family, tracking_code, demarche_uuid, state, "
    "first_collection, last_collection, amended, new_bank, original_iban, original_bic, revoked_on";

Mandate read_mandate(const store::Statement& st) {
    Mandate m;
    m.rum = st.column_text(0);
    m.payment_type = st.column_text(1);
    m.debtor_name = st.column_text(2);
    m.iban = st.column_text(3);
    m.bic = st.column_text(4);
    m.signed_on = st.column_text(5);
    m.ics = st.column_text(6);
    m.creditor = st.column_text(7);
    m.family = st.column_text(8);
    m.tracking_code = st.column_text(9);
    m.demarche_uuid = st.column_text(10);
    m.state = st.column_text(11);
    m.first_collection = st.column_text(12);
    m.last_collection = st.column_text(13);
    m.amended = st.column_int64(14) != 0;
    m.new_bank = st.column_int64(15) != 0;
    m.original_iban = st.column_text(16);
    m.original_bic = st.column_text(17);
    m.revoked_on = st.column_text(18);
    return m;
}

std::string compact(std::string_view s) {
    std::string out;
    for (char c : s)
        if (c != ' ') out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    return out;
}

// Whether two accounts are at the same bank (the debtor agent of the rulebook): for French and
// Monegasque IBANs the bank code (5 digits after the check digits), else the BIC's institution and
// country (its first 6 characters).
bool same_bank(const std::string& iban_a, const std::string& bic_a, const std::string& iban_b, const std::string& bic_b) {
    auto french = [](const std::string& i) { return i.starts_with("FR") || i.starts_with("MC"); };
    if (french(iban_a) && french(iban_b) && iban_a.size() > 9 && iban_b.size() > 9)
        return iban_a.substr(4, 5) == iban_b.substr(4, 5);
    return bic_a.substr(0, 6) == bic_b.substr(0, 6);
}

// D plus MONTHS months, as "YYYY-MM-DD" (day kept; comparisons are on strings).
std::string add_months(const std::string& d, int months) {
    int y = std::stoi(d.substr(0, 4)), m = std::stoi(d.substr(5, 2)) - 1 + months;
    y += m / 12;
    m = m % 12 + 1;
    char out[16];
    std::snprintf(out, sizeof out, "%04d-%02d-%s", y, m, d.substr(8, 2).c_str());
    return out;
}

}  // namespace

std::string iso_date(std::int64_t unix_seconds) {
    return format_utc_as(unix_seconds, "%Y-%m-%d");
}

bool is_iso_date(const std::string& d) {
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (d[i] < '0' || d[i] > '9') return false;
    int y = std::stoi(d.substr(0, 4)), m = std::stoi(d.substr(5, 2)), day = std::stoi(d.substr(8, 2));
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || day < 1) return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return day <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

Result<Register> Register::open(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    auto db = store::Database::open(dir / kRegisterFile);
    if (!db) return db.error();
    auto version = db->query_int("PRAGMA user_version");
    if (!version) return version.error();
    if (*version > kRegisterSchema)
        return fail(msg("{1} has register schema version {2}; this program reads version {3}: update it",
                        {(dir / kRegisterFile).string(), std::to_string(*version), std::to_string(kRegisterSchema)}));
    if (auto r = db->exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"); !r) return r.error();
    if (auto r = db->exec(kSchema); !r) return r.error();
    return Register(std::move(*db));
}

Result<void> Register::log(const std::string& rum, const std::string& what, std::int64_t now) {
    auto st = db_.prepare("INSERT INTO mandate_event(rum, at, what) VALUES (?, ?, ?)");
    if (!st) return st.error();
    st->bind(1, rum).bind(2, now).bind(3, what);
    return st->run();
}

Result<bool> Register::add(const Mandate& m, std::int64_t now) {
    auto existing = find(m.rum);
    if (!existing) return existing.error();
    if (*existing) {
        if (!m.demarche_uuid.empty() && (*existing)->demarche_uuid == m.demarche_uuid) return false;
        return fail(msg("the mandate reference {1} is already in the register (démarche {2}): démarche {3} is not imported",
                        {m.rum, (*existing)->demarche_uuid, m.demarche_uuid}));
    }
    // Its own transaction, unless the caller holds one (a batch of imports).
    std::optional<store::Transaction> tx;
    if (!db_.in_transaction()) {
        auto begun = store::Transaction::begin(db_);
        if (!begun) return begun.error();
        tx.emplace(std::move(*begun));
    }
    auto st = db_.prepare(std::string("INSERT INTO mandate(") + kColumns +
                          ", imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'actif', '', '', 0, 0, '', '', '', ?)");
    if (!st) return st.error();
    st->bind(1, m.rum).bind(2, m.payment_type).bind(3, m.debtor_name).bind(4, compact(m.iban)).bind(5, compact(m.bic));
    st->bind(6, m.signed_on).bind(7, m.ics).bind(8, m.creditor).bind(9, m.family).bind(10, m.tracking_code);
    st->bind(11, m.demarche_uuid).bind(12, now);
    if (auto r = st->run(); !r) return r.error();
    if (auto r = log(m.rum, "imported " + m.tracking_code, now); !r) return r.error();
    if (tx)
        if (auto r = tx->commit(); !r) return r.error();
    return true;
}

Result<std::optional<Mandate>> Register::find(const std::string& rum) {
    auto st = db_.prepare(std::string("SELECT ") + kColumns + " FROM mandate WHERE rum = ?");
    if (!st) return st.error();
    st->bind(1, rum);
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return std::optional<Mandate>{};
    return std::optional<Mandate>{read_mandate(*st)};
}

Result<std::vector<Mandate>> Register::list() {
    auto st = db_.prepare(std::string("SELECT ") + kColumns + " FROM mandate ORDER BY signed_on, rum");
    if (!st) return st.error();
    std::vector<Mandate> out;
    for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        out.push_back(read_mandate(*st));
    }
    return out;
}

Result<AmendOutcome> Register::amend(const std::string& rum, const std::string& iban_text, const std::string& bic_text,
                                     std::int64_t now) {
    auto found = find(rum);
    if (!found) return found.error();
    if (!*found) return fail(msg("unknown mandate {1}: see `guichet-partner regie mandates`", {rum}));
    const Mandate& m = **found;
    if (m.state == "revoque") return fail(msg("the mandate {1} was revoked on {2}: a new mandate must be signed", {rum, m.revoked_on}));
    if (m.state == "termine") return fail(msg("the mandate {1} is used up: a new mandate must be signed", {rum}));
    auto iban = forms::check_iban(iban_text);
    if (!iban) return fail(msg("the IBAN '{1}' is not valid: {2}", {iban_text, iban.message}));
    auto bic = forms::check_bic_for_iban(bic_text, iban_text);
    if (!bic) return fail(msg("the BIC '{1}' is not valid: {2}", {bic_text, bic.message}));
    const std::string new_iban = compact(iban.value), new_bic = bic.value;
    if (new_iban == m.iban && new_bic == m.bic) return fail(msg("the mandate {1} already has this account", {rum}));

    AmendOutcome out;
    bool amended = false, new_bank = false;
    std::string original_iban, original_bic;
    if (!m.first_collection.empty()) {
        // The account the debtor's bank last saw: the pending amendment's original, or the current one.
        original_iban = m.amended ? m.original_iban : m.iban;
        original_bic = m.amended ? m.original_bic : m.bic;
        amended = new_iban != original_iban;  // back to the account last collected: nothing to tell
        new_bank = amended && !same_bank(original_iban, original_bic, new_iban, new_bic);
        if (!amended) original_iban.clear(), original_bic.clear();
        out.recorded = amended;
        out.new_bank = new_bank;
    }
    auto tx = store::Transaction::begin(db_);
    if (!tx) return tx.error();
    auto st = db_.prepare("UPDATE mandate SET iban = ?, bic = ?, amended = ?, new_bank = ?, original_iban = ?, original_bic = ? WHERE rum = ?");
    if (!st) return st.error();
    st->bind(1, new_iban).bind(2, new_bic).bind(3, std::int64_t{amended}).bind(4, std::int64_t{new_bank});
    st->bind(5, original_iban).bind(6, original_bic).bind(7, rum);
    if (auto r = st->run(); !r) return r.error();
    if (auto r = log(rum, "account " + m.iban + " -> " + new_iban + (new_bank ? " (new bank: SMNDA, FRST)" : amended ? " (amendment)" : ""), now); !r)
        return r.error();
    if (auto r = tx->commit(); !r) return r.error();
    return out;
}

Result<void> Register::revoke(const std::string& rum, bool final, const std::string& today, std::int64_t now) {
    auto found = find(rum);
    if (!found) return found.error();
    if (!*found) return fail(msg("unknown mandate {1}: see `guichet-partner regie mandates`", {rum}));
    const Mandate& m = **found;
    if (m.state == "revoque") return fail(msg("the mandate {1} was already revoked on {2}", {rum, m.revoked_on}));
    if (m.state == "termine") return fail(msg("the mandate {1} is used up: there is nothing to revoke", {rum}));
    if (final && m.payment_type == "ponctuel")
        return fail(msg("the mandate {1} is one-off: its only debit is already the last one (OOFF)", {rum}));
    auto tx = store::Transaction::begin(db_);
    if (!tx) return tx.error();
    auto st = db_.prepare(final ? "UPDATE mandate SET state = 'dernier' WHERE rum = ?"
                                : "UPDATE mandate SET state = 'revoque', revoked_on = ? WHERE rum = ?");
    if (!st) return st.error();
    if (final) st->bind(1, rum);
    else st->bind(1, today).bind(2, rum);
    if (auto r = st->run(); !r) return r.error();
    if (auto r = log(rum, final ? "last debit next (FNAL)" : "revoked", now); !r) return r.error();
    return tx->commit();
}

Result<void> Register::set_creditor(const CreditorAccount& c) {
    auto ics = sepa::check_ics(c.ics);
    if (!ics) return ics.error();
    auto iban = forms::check_iban(c.iban);
    if (!iban) return fail(msg("the IBAN '{1}' is not valid: {2}", {c.iban, iban.message}));
    auto bic = forms::check_bic_for_iban(c.bic, c.iban);
    if (!bic) return fail(msg("the BIC '{1}' is not valid: {2}", {c.bic, bic.message}));
    if (c.name.empty()) return fail(msg("the creditor needs a name"));
    auto st = db_.prepare("INSERT OR REPLACE INTO creditor(id, name, ics, iban, bic) VALUES (1, ?, ?, ?, ?)");
    if (!st) return st.error();
    st->bind(1, c.name).bind(2, *ics).bind(3, compact(iban.value)).bind(4, bic.value);
    return st->run();
}

Result<CreditorAccount> Register::creditor() {
    auto st = db_.prepare("SELECT name, ics, iban, bic FROM creditor WHERE id = 1");
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    if (!*row)
        return fail(msg("the régie's account is not set: run `guichet-partner regie creditor --dir DIR --name NAME --ics ICS --iban IBAN --bic BIC`"));
    return CreditorAccount{st->column_text(0), st->column_text(1), st->column_text(2), st->column_text(3)};
}

Result<std::vector<sepa::Debit>> Register::plan(const std::vector<Invoice>& invoices, const std::string& collection_date) {
    if (!is_iso_date(collection_date))
        return fail(msg("the collection date '{1}' is not a date YYYY-MM-DD", {collection_date}));
    auto cred = creditor();
    if (!cred) return cred.error();
    if (invoices.empty()) return fail(msg("the invoices file has no invoice"));
    std::vector<sepa::Debit> out;
    std::map<std::string, sepa::Sequence> in_file;  // RUM -> its sequence type in this file
    std::set<std::string> references;
    auto collected = db_.prepare("SELECT message_id, collection_date FROM collection WHERE reference = ?");
    if (!collected) return collected.error();
    auto by_rum = db_.prepare(std::string("SELECT ") + kColumns + " FROM mandate WHERE rum = ?");  // prepared once: 5,000 lines
    if (!by_rum) return by_rum.error();
    for (const Invoice& inv : invoices) {
        const std::string at = msg("line {1}", {std::to_string(inv.line)});
        by_rum->reset(true);
        by_rum->bind(1, inv.rum);
        auto found = by_rum->step();
        if (!found) return found.error();
        if (!*found) return fail(msg("{1}: unknown mandate {2}: see `guichet-partner regie mandates`", {at, inv.rum}));
        const Mandate m = read_mandate(*by_rum);
        if (m.state == "revoque")
            return fail(msg("{1}: the mandate {2} was revoked on {3}: no debit; ask the family for another payment", {at, m.rum, m.revoked_on}));
        if (m.state == "termine")
            return fail(msg("{1}: the mandate {2} is used up (one-off or last debit done): a new mandate must be signed", {at, m.rum}));
        if (m.ics != cred->ics)
            return fail(msg("{1}: the mandate {2} was signed for the creditor identifier {3}, the régie's is {4}", {at, m.rum, m.ics, cred->ics}));
        // EPC SDD Core rulebook: a mandate unused for 36 months lapses.
        const std::string since = m.last_collection.empty() ? m.signed_on : m.last_collection;
        if (collection_date > add_months(since, 36))
            return fail(msg("{1}: the mandate {2} has lapsed: no debit for 36 months (since {3}); a new mandate must be signed",
                            {at, m.rum, since}));
        if (collection_date < m.signed_on)
            return fail(msg("{1}: the collection date {2} is before the mandate {3} was signed ({4})", {at, collection_date, m.rum, m.signed_on}));
        if (inv.amount_cents <= 0) return fail(msg("{1}: the amount must be more than 0", {at}));
        if (!references.insert(inv.reference).second)
            return fail(msg("{1}: the invoice {2} is twice in the file", {at, inv.reference}));
        collected->reset(true);
        collected->bind(1, inv.reference);
        auto row = collected->step();
        if (!row) return row.error();
        if (*row)
            return fail(msg("{1}: the invoice {2} was already collected on {3} (file {4}): it is not debited twice",
                            {at, inv.reference, collected->column_text(1), collected->column_text(0)}));

        sepa::Sequence seq = sepa::Sequence::rcur;
        if (m.payment_type == "ponctuel") seq = sepa::Sequence::ooff;
        else if (m.first_collection.empty() || (m.amended && m.new_bank)) seq = sepa::Sequence::frst;
        else if (m.state == "dernier") seq = sepa::Sequence::fnal;
        if (auto [it, fresh] = in_file.emplace(m.rum, seq); !fresh && (seq != sepa::Sequence::rcur || it->second != seq))
            return fail(msg("{1}: the mandate {2} is already debited in this file ({3}): put this invoice in the next file",
                            {at, m.rum, std::string(sepa::sequence_code(it->second))}));

        sepa::Debit d;
        d.end_to_end_id = inv.reference;
        d.amount_cents = inv.amount_cents;
        d.rum = m.rum;
        d.signed_on = m.signed_on;
        d.debtor_name = m.debtor_name;
        d.debtor_iban = m.iban;
        d.debtor_bic = m.bic;
        d.sequence = seq;
        d.remittance = inv.label;
        d.amended = m.amended;
        d.new_debtor_bank = m.new_bank;
        d.original_iban = m.original_iban;
        out.push_back(std::move(d));
    }
    return out;
}

Result<void> Register::record(const std::vector<sepa::Debit>& debits, const std::string& message_id,
                              const std::string& collection_date, std::int64_t now) {
    auto add = db_.prepare("INSERT INTO collection(reference, rum, amount_cents, sequence, collection_date, message_id, at) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!add) return add.error();
    auto upd = db_.prepare(
        "UPDATE mandate SET first_collection = CASE first_collection WHEN '' THEN ?1 ELSE first_collection END, "
        "last_collection = ?1, amended = 0, new_bank = 0, original_iban = '', original_bic = '', "
        "state = CASE WHEN ?2 IN ('OOFF', 'FNAL') OR state = 'dernier' THEN 'termine' ELSE state END WHERE rum = ?3");
    if (!upd) return upd.error();
    auto event = db_.prepare("INSERT INTO mandate_event(rum, at, what) VALUES (?, ?, ?)");
    if (!event) return event.error();
    for (const sepa::Debit& d : debits) {
        const std::string seq(sepa::sequence_code(d.sequence));
        add->reset(true);
        add->bind(1, d.end_to_end_id).bind(2, d.rum).bind(3, d.amount_cents).bind(4, seq).bind(5, collection_date);
        add->bind(6, message_id).bind(7, now);
        if (auto r = add->run(); !r) return r.error();
        upd->reset(true);
        upd->bind(1, collection_date).bind(2, seq).bind(3, d.rum);
        if (auto r = upd->run(); !r) return r.error();
        event->reset(true);
        event->bind(1, d.rum).bind(2, now).bind(3, seq + " " + d.end_to_end_id + " " + sepa::format_amount(d.amount_cents) + " EUR in " + message_id);
        if (auto r = event->run(); !r) return r.error();
    }
    return {};
}

namespace {

}  // namespace

Result<std::vector<Invoice>> read_invoices(const std::string& text, const std::string& file_name) {
    std::vector<Invoice> out;
    std::size_t pos = 0;
    int line_no = 0;
    std::map<std::string, std::size_t> col;
    char sep = ';';
    // The publish-invoices file with a rum column (docs/back-office.md §8.2): one row per invoice
    // line, summed per invoice; paid invoices and families without a mandate are left out.
    bool unified = false;
    std::map<std::string, std::size_t> by_reference;  // index in OUT
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        std::string line = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
        pos = end == std::string::npos ? text.size() : end + 1;
        ++line_no;
        if (line_no == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);  // a spreadsheet's BOM
        if (line.find_first_not_of(" \r") == std::string::npos) continue;
        const std::string at = file_name + ":" + std::to_string(line_no);
        if (col.empty()) {
            sep = line.find(';') != std::string::npos ? ';' : ',';
            auto names = split_csv_line(line, sep);
            for (std::size_t i = 0; i < names.size(); ++i) col[names[i]] = i;
            for (const char* need : {"rum", "montant", "facture"})
                if (!col.count(need))
                    return fail(msg("{1}: the header line lacks the column '{2}' (columns: rum, montant, facture, libelle)", {at, need}));
            unified = col.count("famille") != 0;
            continue;
        }
        auto f = split_csv_line(line, sep);
        auto get = [&](const char* name) { return col.count(name) && col[name] < f.size() ? f[col[name]] : std::string(); };
        Invoice inv;
        inv.line = line_no;
        inv.rum = get("rum");
        inv.reference = get("facture");
        inv.label = unified && !get("periode").empty() ? get("periode") : get("libelle");
        if (unified && (inv.rum.empty() || get("payee") == "oui" || get("payee") == "OUI")) continue;
        if (auto r = sepa::check_rum(inv.rum); !r) return fail(at + ": " + r.error().message);
        auto amount = parse_euro_cents(get("montant"));
        if (!amount || *amount <= 0)
            return fail(msg("{1}: the amount '{2}' is not an amount in euros above 0 with at most 2 decimals (e.g. 42,50)", {at, get("montant")}));
        inv.amount_cents = *amount;
        if (inv.reference.empty() || inv.reference.size() > 35)
            return fail(msg("{1}: the invoice number '{2}' must have 1 to 35 characters", {at, inv.reference}));
        for (char c : inv.reference)
            if (!sepa::is_sepa_char(c) || c == ' ')
                return fail(msg("{1}: the invoice number '{2}' may hold only letters, digits and / - ? : ( ) . , ' +", {at, inv.reference}));
        if (unified) {
            if (auto it = by_reference.find(inv.reference); it != by_reference.end()) {
                Invoice& first = out[it->second];
                if (first.rum != inv.rum)
                    return fail(msg("{1}: the invoice {2} has two mandate references ({3} and {4})", {at, inv.reference, first.rum, inv.rum}));
                first.amount_cents += inv.amount_cents;
                continue;
            }
            by_reference.emplace(inv.reference, out.size());
        }
        out.push_back(std::move(inv));
        if (out.size() > 100000) return fail(msg("{1}: more than 100000 invoices in one file", {at}));
    }
    if (col.empty()) return fail(msg("{1}: the file is empty (a header line rum;montant;facture;libelle is expected)", {file_name}));
    return out;
}

Result<std::optional<Mandate>> mandate_from_demarche(const std::filesystem::path& dir) {
    auto bytes = read_file(dir / "demarche.json", 4 << 20);
    if (!bytes) return bytes.error();
    auto payload = nlohmann::json::parse(bytes->begin(), bytes->end(), nullptr, false);
    if (payload.is_discarded() || !payload.is_object())
        return fail(msg("{1}: not a démarche's JSON", {(dir / "demarche.json").string()}));
    auto it = payload.find("sepa_mandate");
    if (it == payload.end()) return std::optional<Mandate>{};
    const auto& sm = *it;
    const auto& answers = payload.value("answers", nlohmann::json::object());
    auto text = [](const nlohmann::json& j, const char* key) {
        auto f = j.find(key);
        return f != j.end() && f->is_string() ? f->get<std::string>() : std::string();
    };
    Mandate m;
    m.rum = text(sm, "rum");
    m.ics = text(sm, "ics");
    m.creditor = text(sm, "creditor");
    m.payment_type = text(sm, "payment_type");
    m.signed_on = text(sm, "signed_on");
    // The form's own field ids for the debtor (forms/mandat-sepa.yaml); the account by field type.
    m.debtor_name = text(answers, "titulaire");
    for (const auto& f : payload.value("fields", nlohmann::json::array())) {
        std::string type = text(f, "type"), id = text(f, "id");
        if (type == "iban" && m.iban.empty()) m.iban = text(answers, id.c_str());
        if (type == "bic" && m.bic.empty()) m.bic = text(answers, id.c_str());
    }
    m.family = text(answers, "nom_famille");
    if (std::string ref = text(answers, "reference_famille"); !ref.empty()) m.family += " (" + ref + ")";
    if (auto info_bytes = read_file(dir / "info.json", 1 << 20)) {
        auto info = nlohmann::json::parse(info_bytes->begin(), info_bytes->end(), nullptr, false);
        if (info.is_object()) {
            m.tracking_code = text(info, "tracking_code");
            m.demarche_uuid = text(info, "uuid");
        }
    }
    if (m.demarche_uuid.empty()) m.demarche_uuid = dir.filename().string();
    const std::string where = dir.string();
    if (auto r = sepa::check_rum(m.rum); !r) return fail(where + ": " + r.error().message);
    if (auto r = sepa::check_ics(m.ics); !r) return fail(where + ": " + r.error().message);
    if (m.payment_type != "recurrent" && m.payment_type != "ponctuel")
        return fail(msg("{1}: unknown payment type '{2}' (recurrent or ponctuel)", {where, m.payment_type}));
    if (!is_iso_date(m.signed_on)) return fail(msg("{1}: the signature date '{2}' is not a date", {where, m.signed_on}));
    if (m.debtor_name.empty()) return fail(msg("{1}: the mandate has no account holder ('titulaire')", {where}));
    auto iban = forms::check_iban(m.iban);
    if (!iban) return fail(msg("{1}: the IBAN is not valid: {2}", {where, iban.message}));
    auto bic = forms::check_bic_for_iban(m.bic, m.iban);
    if (!bic) return fail(msg("{1}: the BIC is not valid: {2}", {where, bic.message}));
    m.iban = compact(iban.value);
    m.bic = bic.value;
    return std::optional<Mandate>{std::move(m)};
}

}  // namespace guichet::sync::regie

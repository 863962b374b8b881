#include "hub/invoice_payments.hpp"

#include "hub/hub_db.hpp"
#include "invoices/invoice_bundle.hpp"

#include <iostream>

namespace guichet::sync::hub {

namespace fs = std::filesystem;

namespace {

InvoiceOffer read_offer(const sql::Statement& st) {
    InvoiceOffer o;
    o.ref = st.column_text(0);
    o.service = st.column_text(1);
    o.refdet = st.column_text(2);
    o.montant = st.column_int64(3);
    o.objet = st.column_text(4);
    o.exer = st.column_text(5);
    o.mel = st.column_text(6);
    o.paid_at = st.column_opt_int64(7);
    return o;
}

std::optional<AttemptState> parse_state(std::string_view s) {
    for (auto st : {AttemptState::pending, AttemptState::paid, AttemptState::refused, AttemptState::abandoned,
                    AttemptState::expired})
        if (to_string(st) == s) return st;
    return std::nullopt;
}

}  // namespace

std::string_view to_string(AttemptState s) {
    switch (s) {
        case AttemptState::pending: return "pending";
        case AttemptState::paid: return "paid";
        case AttemptState::refused: return "refused";
        case AttemptState::abandoned: return "abandoned";
        case AttemptState::expired: return "expired";
    }
    return "pending";
}

namespace {

// Copies every row of SELECT_SQL (on FROM) into INSERT_SQL (on INTO), column
// by column as KINDS says: 'i' integer, 'I' integer or NULL, 't' text, 'T' text or NULL.
Result<void> copy_rows(sql::Database& from, sql::Database& into, std::string_view select_sql,
                       std::string_view insert_sql, std::string_view kinds) {
    auto rows = from.prepare(select_sql);
    if (!rows) return rows.error();
    auto put = into.prepare(insert_sql);
    if (!put) return put.error();
    for (;;) {
        auto row = rows->step();
        if (!row) return row.error();
        if (!*row) return {};
        put->reset(true);
        for (int c = 0; c < static_cast<int>(kinds.size()); ++c) {
            switch (kinds[static_cast<std::size_t>(c)]) {
                case 'i': put->bind(c + 1, rows->column_int64(c)); break;
                case 'I': put->bind(c + 1, rows->column_opt_int64(c)); break;
                case 'T': put->bind(c + 1, rows->column_opt_text(c)); break;
                default: put->bind(c + 1, rows->column_text(c)); break;
            }
        }
        if (auto r = put->run(); !r) return r.error();
    }
}

// Before hub schema 7 the payments were a SQLite file of their own,
// DATA/invoices/payments.db (tables offer and attempt, the same columns):
// copied into the hub's store once, then renamed payments.db.imported.
Result<void> import_payments_file(sql::Database& into, const fs::path& file) {
    std::error_code ec;
    if (!fs::exists(file, ec)) return {};
    {  // the old file is closed before it is renamed
        auto old = sql::Database::open_sqlite(file);
        if (!old) return old.error();
        auto tx = sql::Transaction::begin(into);
        if (!tx) return tx.error();
        if (auto r = copy_rows(*old, into,
                               "SELECT ref, service, refdet, montant, objet, exer, mel, paid_at, paid_idop, retired "
                               "FROM offer",
                               "INSERT INTO invoice_offer (ref, service, refdet, montant, objet, exer, mel, paid_at, "
                               "paid_idop, retired) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
                               "ON CONFLICT (ref) DO NOTHING",
                               "tttitttITi");
            !r)
            return r.error();
        if (auto r = copy_rows(*old, into,
                               "SELECT idop, ref, created_at, state, resultrans, numauto, checked_at FROM attempt",
                               "INSERT INTO invoice_attempt (idop, ref, created_at, state, resultrans, numauto, "
                               "checked_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (idop) DO NOTHING",
                               "ttitTTI");
            !r)
            return r.error();
        if (auto c = tx->commit(); !c) return c.error();
    }
    for (const char* suffix : {"", "-wal", "-shm"}) {
        const fs::path from = file.string() + suffix;
        if (fs::exists(from, ec)) fs::rename(from, fs::path(file.string() + ".imported" + suffix), ec);
        if (ec) return fail(from.string() + ": imported, but not renamed: " + ec.message());
    }
    std::cerr << "guichet-hub: the payments of " << file.string() << " moved into the hub's store\n";
    return {};
}

}  // namespace

Result<std::unique_ptr<InvoicePayments>> InvoicePayments::open(const fs::path& data_dir,
                                                               std::optional<payfip::Config> config,
                                                               std::function<std::int64_t()> clock) {
    std::unique_ptr<InvoicePayments> p(new InvoicePayments());
    p->dir_ = data_dir / invoices::kInvoicesDir;
    std::error_code ec;
    fs::create_directories(p->dir_, ec);
    if (ec) return fail(p->dir_.string() + ": " + ec.message());
    // A connection of its own to the hub's store (SQLite or PostgreSQL): its
    // statements never wait on the routes' mutex, and several hubs share the
    // payments (docs/hub-storage.md §5).
    auto hub = HubDb::open(data_dir);
    if (!hub) return hub.error();
    p->db_ = std::move(hub->db());
    if (auto r = import_payments_file(p->db_, p->dir_ / "payments.db"); !r)
        return fail("payments.db not imported: " + r.error().message);
    p->config_ = std::move(config);
    p->clock_ = std::move(clock);
    return p;
}

fs::path InvoicePayments::bundle_path(std::string_view service) const {
    return dir_ / invoices::invoice_bundle_file_name(service);
}

Result<void> InvoicePayments::replace_offers(const std::string& service, const std::vector<InvoiceOffer>& offers) {
    std::lock_guard lock(mutex_);
    auto tx = sql::Transaction::begin(db_);
    if (!tx) return tx.error();
    // Paid offers stay (the kiosks' paid list, the accounting); unpaid ones
    // of an older bundle can no longer be started, but stay, retired, so that
    // a payment already under way at PayFiP is still recorded when it ends.
    {
        auto st = db_.prepare("UPDATE invoice_offer SET retired = 1 WHERE service = ?1 AND paid_at IS NULL");
        if (!st) return st.error();
        if (auto r = st->bind(1, service).run(); !r) return r.error();
    }
    auto ins = db_.prepare(
        "INSERT INTO invoice_offer (ref, service, refdet, montant, objet, exer, mel, paid_at, paid_idop) "
        "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, "
        "(SELECT MAX(paid_at) FROM invoice_offer p WHERE p.service = ?2 AND p.refdet = ?3), "
        "(SELECT paid_idop FROM invoice_offer p WHERE p.service = ?2 AND p.refdet = ?3 AND p.paid_at IS NOT NULL LIMIT 1) "
        "WHERE true ON CONFLICT(ref) DO UPDATE SET retired = 0");
    if (!ins) return ins.error();
    for (const auto& o : offers) {
        ins->reset(true);
        ins->bind(1, o.ref).bind(2, service).bind(3, o.refdet).bind(4, o.montant).bind(5, o.objet).bind(6, o.exer)
            .bind(7, o.mel);
        if (auto r = ins->run(); !r) return r.error();
    }
    return tx->commit();
}

Result<std::optional<InvoiceOffer>> InvoicePayments::find_offer(const std::string& ref) {
    std::lock_guard lock(mutex_);
    auto st = db_.prepare(
        "SELECT ref, service, refdet, montant, objet, exer, mel, paid_at FROM invoice_offer WHERE ref = ?1 AND retired = 0");
    if (!st) return st.error();
    st->bind(1, ref);
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return std::optional<InvoiceOffer>();
    return std::optional<InvoiceOffer>(read_offer(*st));
}

Result<std::vector<std::pair<std::string, std::int64_t>>> InvoicePayments::paid_refs(const std::string& service) {
    std::lock_guard lock(mutex_);
    auto st = db_.prepare("SELECT ref, paid_at FROM invoice_offer WHERE service = ?1 AND paid_at IS NOT NULL ORDER BY ref");
    if (!st) return st.error();
    st->bind(1, service);
    std::vector<std::pair<std::string, std::int64_t>> out;
    for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) return out;
        out.emplace_back(st->column_text(0), st->column_int64(1));
    }
}

Result<InvoicePayments::Started> InvoicePayments::start_payment(const InvoiceOffer& offer) {
    if (!config_) return fail("Le paiement en ligne n’est pas encore ouvert à la mairie.");
    payfip::CreateRequest r;
    r.exer = offer.exer;
    r.mel = offer.mel;
    r.montant = offer.montant;
    r.objet = offer.objet;
    r.refdet = offer.refdet;
    r.urlnotif = config_->public_url + "paiement/notification";
    r.urlredirect = config_->public_url + "paiement/retour";
    auto answer = payfip::create_payment(*config_, r);
    if (!answer.ok()) {
        std::cerr << "guichet-hub: PayFiP creerPaiementSecurise for " << offer.refdet << ": " << answer.fault.code
                  << " " << answer.fault.message << "\n";
        return fail(answer.fault.code == "transport"
                        ? "Le service de paiement de la DGFiP ne répond pas. Réessayez dans quelques minutes."
                        : "Le service de paiement a refusé de créer ce paiement (" + answer.fault.code + ").");
    }
    std::lock_guard lock(mutex_);
    auto st = db_.prepare("INSERT INTO invoice_attempt (idop, ref, created_at, state) VALUES (?1, ?2, ?3, 'pending')");
    if (!st) return st.error();
    if (auto run = st->bind(1, *answer.value).bind(2, offer.ref).bind(3, clock_()).run(); !run) return run.error();
    const char sep = config_->payment_url.find('?') == std::string::npos ? '?' : '&';
    return Started{*answer.value, config_->payment_url + sep + "idop=" + *answer.value};
}

CheckOutcome InvoicePayments::check(const std::string& idop) {
    CheckOutcome out;
    std::string ref;
    std::int64_t created = 0;
    InvoiceOffer offer;
    {
        std::lock_guard lock(mutex_);
        auto st = db_.prepare(
            "SELECT a.state, a.ref, a.created_at, o.ref, o.service, o.refdet, o.montant, o.objet, o.exer, o.mel, "
            "o.paid_at FROM invoice_attempt a LEFT JOIN invoice_offer o ON o.ref = a.ref WHERE a.idop = ?1");
        if (!st) return {CheckOutcome::Kind::payfip_error, AttemptState::pending, false, st.error().message};
        st->bind(1, idop);
        auto row = st->step();
        // An idOp this hub never created: a forged or mistaken notification. Nothing changes.
        if (!row || !*row) return out;
        const auto state = parse_state(st->column_text(0)).value_or(AttemptState::pending);
        ref = st->column_text(1);
        created = st->column_int64(2);
        if (st->column_is_null(3)) {
            out.kind = CheckOutcome::Kind::mismatch;
            out.message = "the invoice of idOp " + idop + " is no longer offered";
            return out;
        }
        sql::Statement& s = *st;
        offer.ref = s.column_text(3);
        offer.service = s.column_text(4);
        offer.refdet = s.column_text(5);
        offer.montant = s.column_int64(6);
        offer.objet = s.column_text(7);
        offer.exer = s.column_text(8);
        offer.mel = s.column_text(9);
        offer.paid_at = s.column_opt_int64(10);
        out.invoice_paid = offer.paid_at.has_value();
        if (state != AttemptState::pending) {
            // A replayed notification: the answer PayFiP gave stands.
            out.kind = CheckOutcome::Kind::checked;
            out.state = state;
            return out;
        }
    }
    if (!config_) return {CheckOutcome::Kind::payfip_error, AttemptState::pending, out.invoice_paid, "PayFiP not configured"};
    auto answer = payfip::payment_detail(*config_, idop);
    const std::int64_t now = clock_();
    AttemptState state = AttemptState::pending;
    std::string resultrans, numauto;
    if (!answer.ok()) {
        if (answer.fault.code == "P1" || (answer.fault.code == "P5" && now - created >= payfip::kIdOpLifetimeSeconds)) {
            state = AttemptState::expired;
        } else {
            out.kind = CheckOutcome::Kind::payfip_error;
            out.message = answer.fault.code + " " + answer.fault.message;
            return out;  // still pending: asked again at the next notification or return
        }
    } else {
        const auto& d = *answer.value;
        // PayFiP's answer must be about this very payment.
        if (d.idop != idop || d.refdet != offer.refdet || d.montant != std::to_string(offer.montant) ||
            d.numcli != config_->numcli) {
            out.kind = CheckOutcome::Kind::mismatch;
            out.message = "PayFiP's detail of " + idop + " names refdet " + d.refdet + ", montant " + d.montant +
                          ", numcli " + d.numcli;
            return out;
        }
        resultrans = d.resultrans;
        numauto = d.numauto;
        if (d.resultrans == "P" || d.resultrans == "V") state = AttemptState::paid;
        else if (d.resultrans == "R" || d.resultrans == "Z") state = AttemptState::refused;
        else if (d.resultrans == "A") state = AttemptState::abandoned;
        else {
            out.kind = CheckOutcome::Kind::payfip_error;
            out.message = "unknown resultrans '" + d.resultrans + "'";
            return out;
        }
    }
    std::lock_guard lock(mutex_);
    auto tx = sql::Transaction::begin(db_);
    if (!tx) return {CheckOutcome::Kind::payfip_error, AttemptState::pending, out.invoice_paid, tx.error().message};
    auto up = db_.prepare("UPDATE invoice_attempt SET state = ?2, resultrans = ?3, numauto = ?4, checked_at = ?5 "
                          "WHERE idop = ?1 AND state = 'pending'");
    if (!up || !up->bind(1, idop).bind(2, to_string(state)).bind(3, resultrans).bind(4, numauto).bind(5, now).run())
        return {CheckOutcome::Kind::payfip_error, AttemptState::pending, out.invoice_paid, "database"};
    if (state == AttemptState::paid) {
        // This offer, and the same invoice under a later bundle's token.
        auto paid = db_.prepare("UPDATE invoice_offer SET paid_at = ?2, paid_idop = ?3 WHERE paid_at IS NULL AND "
                                "(ref = ?1 OR (service = ?4 AND refdet = ?5))");
        if (!paid || !paid->bind(1, ref).bind(2, now).bind(3, idop).bind(4, offer.service).bind(5, offer.refdet).run())
            return {CheckOutcome::Kind::payfip_error, AttemptState::pending, out.invoice_paid, "database"};
        out.invoice_paid = true;
    }
    if (auto c = tx->commit(); !c)
        return {CheckOutcome::Kind::payfip_error, AttemptState::pending, false, c.error().message};
    out.kind = CheckOutcome::Kind::checked;
    out.state = state;
    return out;
}

}  // namespace guichet::sync::hub

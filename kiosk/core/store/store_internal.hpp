// Helpers shared by the store's source files. Internal to guichet_store.
#pragma once

#include "sqlite/sqlite.hpp"
#include "store/store.hpp"

#include <sodium.h>

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::store::detail {

inline constexpr int kMaxCodeAttempts = 32;  // UNIQUE collisions on the code (or UUID) before giving up
inline constexpr std::size_t kMaxErrorText = 500;

// A recipient key that crypto_box_seal cannot use (a low-order point, e.g. all
// zeros) would give a démarche nobody can ever open: refuse it up front.
inline bool usable_public_key(const crypto::BoxPublicKey& key) {
    std::array<std::uint8_t, crypto_scalarmult_SCALARBYTES> scalar{};
    scalar.fill(0x5a);
    std::array<std::uint8_t, crypto_scalarmult_BYTES> out{};
    return crypto_scalarmult(out.data(), scalar.data(), key.key.data()) == 0;
}

inline std::int64_t i64(std::uint64_t v) {
    return static_cast<std::int64_t>(v);
}

// At most kMaxErrorText bytes, never cutting a UTF-8 sequence in two.
inline std::string clip(std::string_view s) {
    if (s.size() <= kMaxErrorText) return std::string(s);
    std::size_t n = kMaxErrorText;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return std::string(s.substr(0, n));
}

inline Claimed read_claimed(const Statement& st, int first) {
    Claimed c;
    c.uuid = st.column_text(first + 0);
    c.tracking_code = st.column_text(first + 1);
    c.form_id = st.column_text(first + 2);
    c.form_version = st.column_int64(first + 3);
    c.recipient_id = st.column_text(first + 4);
    c.created_at = st.column_int64(first + 5);
    c.attempts = static_cast<int>(st.column_int64(first + 6));
    c.payload_size = static_cast<std::uint64_t>(st.column_int64(first + 7));
    c.attachment_count = static_cast<int>(st.column_int64(first + 8));
    c.attachment_bytes = static_cast<std::uint64_t>(st.column_int64(first + 9));
    c.envelope_kiosk = st.column_text(first + 10);
    c.envelope_signature = st.column_blob(first + 11);
    return c;
}

inline constexpr const char* kClaimedColumns =
    "uuid, tracking_code, form_id, form_version, recipient_id, created_at, attempts, payload_size, "
    "attachment_count, attachment_bytes, coalesce(envelope_kiosk, ''), envelope_signature";

inline Error context(std::string_view what, const Error& e) {
    return fail(std::string(what) + ": " + e.message);
}

// The first column of every row SQL gives, as text; errors say WHAT failed.
inline Result<std::vector<std::string>> first_column_texts(Database& db, const std::string& sql, std::string_view what) {
    auto st = db.prepare(sql);
    if (!st) return context(what, st.error());
    std::vector<std::string> out;
    for (;;) {
        auto row = st->step();
        if (!row) return context(what, row.error());
        if (!*row) return out;
        out.push_back(st->column_text(0));
    }
}

// delivered → purged for démarches delivered before CUTOFF (inside a transaction).
inline Result<int> purge_before(Database& db, Timestamp cutoff) {
    auto del = db.prepare(
        "DELETE FROM attachment WHERE demarche_id IN "
        "(SELECT id FROM demarche WHERE state = 'delivered' AND delivered_at < ?1)");
    if (!del) return del.error();
    if (auto r = del->bind(1, cutoff).run(); !r) return r.error();
    auto upd = db.prepare(
        "UPDATE demarche SET state = 'purged', sealed_payload = NULL "
        "WHERE state = 'delivered' AND delivered_at < ?1");
    if (!upd) return upd.error();
    if (auto r = upd->bind(1, cutoff).run(); !r) return r.error();
    return static_cast<int>(db.changes());
}

inline Result<int> requeue_before(Database& db, Timestamp now, std::int64_t lease_seconds) {
    auto st = db.prepare(
        "UPDATE demarche INDEXED BY demarche_lease SET state = 'queued', claimed_at = NULL, last_error = ?1, "
        "last_error_at = ?2 "
        "WHERE state = 'sending' AND claimed_at <= ?3");
    if (!st) return st.error();
    st->bind(1, "lease expired: the sync agent stopped or crashed while sending")
        .bind(2, now)
        .bind(3, now - lease_seconds);
    if (auto r = st->run(); !r) return r.error();
    return static_cast<int>(db.changes());
}

}  // namespace guichet::store::detail

// The régie's invoice bundle (docs/invoices.md): each family's invoices,
// sealed with a key derived by Argon2id from the family number and the code
// printed on the paper invoice, the whole file signed by the régie. This
// header is the reading side (agent, kiosk): verify, find a family's box,
// derive its key, open it. Sealing and signing are in invoice_seal.hpp.
#pragma once

#include "common/result.hpp"
#include "crypto/minisign.hpp"
#include "crypto/secure.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::invoices {

inline constexpr int kInvoiceBundleFormat = 1;
inline constexpr std::string_view kInvoiceUntrustedComment = "guichet invoices";
inline constexpr std::string_view kInvoicesDir = "invoices";  // STATE/invoices/<service>.gib, DATA/invoices/
inline constexpr std::uint64_t kMaxInvoiceBundleSize = 32 * 1024 * 1024;
inline constexpr std::size_t kMaxFamilies = 100'000;
inline constexpr std::size_t kMaxInvoicesPerFamily = 200;
inline constexpr std::size_t kMaxLinesPerInvoice = 100;

// Argon2id (libsodium crypto_pwhash, ALG_ARGON2ID13) cost, chosen for a kiosk
// (docs/invoices.md §3): 64 MiB and 3 passes take a few tenths of a second on a
// small kiosk PC, once per try, off the UI thread; every guess of an attacker
// holding the disk costs the same 64 MiB and time. Stored in each bundle, so a
// later bundle may raise them without a new kiosk.
inline constexpr std::uint64_t kDefaultOpsLimit = 3;
inline constexpr std::size_t kDefaultMemLimit = 64u << 20;

struct KdfParams {
    std::uint64_t opslimit = kDefaultOpsLimit;
    std::size_t memlimit = kDefaultMemLimit;
};

struct InvoiceLine {
    std::string label;         // « Restauration scolaire — 12 repas »
    std::int64_t amount_cents = 0;
};

struct Invoice {
    std::string number;  // the régie's reference, PayFiP's refdet: [A-Za-z0-9]{1,30}
    std::string period;  // « Janvier 2027 »
    std::vector<InvoiceLine> lines;
    std::int64_t amount_cents = 0;
    std::string due;     // YYYY-MM-DD
    bool paid = false;
    // For an unpaid invoice: the payment token (base64url, 32 random bytes)
    // the kiosk puts in the QR code's URL; the hub knows only its hash.
    std::string pay_token;
};

struct FamilyInvoices {
    std::string family;  // the family number, normalised
    std::string name;    // « Famille Martin », may be empty
    std::vector<Invoice> invoices;

    std::string to_json() const;
    static Result<FamilyInvoices> parse(std::string_view json);
};

// One family's sealed box, as it sits in the bundle.
struct SealedFamily {
    std::array<std::uint8_t, 16> id{};    // keyed BLAKE2b-128 of the family number (lookup only)
    std::array<std::uint8_t, 16> salt{};  // Argon2id salt, random per family and bundle
    std::array<std::uint8_t, 24> nonce{};
    std::vector<std::uint8_t> box;        // crypto_secretbox (XSalsa20-Poly1305) of FamilyInvoices::to_json()
};

struct InvoiceBundle {
    std::string service;  // the régie's partner id
    std::uint64_t version = 0;  // only goes up (the agent refuses a rollback)
    std::int64_t created = 0;
    KdfParams kdf;
    std::array<std::uint8_t, 16> lookup_salt{};
    std::vector<SealedFamily> families;

    std::string to_json() const;  // the signed body
    static Result<InvoiceBundle> parse(std::string_view json);
    const SealedFamily* find(std::string_view family) const;
};

std::string invoice_comment(std::string_view service, std::uint64_t version);
std::string invoice_bundle_file_name(std::string_view service);  // "<service>.gib"
// The bundle's HTTP entity tag ("\"<BLAKE2b-256 hex>\""): the hub sends it, the
// agent asks If-None-Match with the bundle it holds.
std::string invoice_bundle_etag(std::string_view file);
bool is_service_id(std::string_view id);

// « 00 123-45 » → « 0012345 »: what the resident types, spaces and dashes
// left out, letters upper-cased. The same for the code.
std::string normalize_family(std::string_view text);
std::string normalize_code(std::string_view text);

std::array<std::uint8_t, 16> family_lookup_id(const std::array<std::uint8_t, 16>& lookup_salt, std::string_view family);

using FamilyKey = crypto::SecretArray<32>;
// Argon2id of "guichet-invoices-v1" \0 family \0 code, with SALT. Fails only
// when libsodium cannot get the memory.
Result<void> derive_family_key(std::string_view family, std::string_view code, const std::array<std::uint8_t, 16>& salt,
                               const KdfParams& kdf, FamilyKey& out);

// Hex of BLAKE2b-256 of a payment token: what the hub stores and lists as paid.
std::string payment_ref(std::string_view pay_token);

// Size, signature by one of the régie's KEYS, body, trusted comment.
Result<InvoiceBundle> verify_invoice_bundle(std::string_view file, const crypto::KeyRing& keys);

enum class OpenOutcome { opened, unknown_family, wrong_code };
struct OpenResult {
    OpenOutcome outcome = OpenOutcome::wrong_code;
    FamilyInvoices family;
};
// Derives the key (slow: Argon2id) and opens FAMILY's box. An unknown family
// costs the same derivation, so timing does not tell which numbers exist.
Result<OpenResult> open_family(const InvoiceBundle& bundle, std::string_view family, std::string_view code);
// The same with a key derived already (tests, benchmarks).
Result<FamilyInvoices> open_sealed(const SealedFamily& sealed, const FamilyKey& key, std::string_view family);

}  // namespace guichet::invoices

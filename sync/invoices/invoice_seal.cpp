#include "invoice_seal.hpp"

#include <sodium.h>

#include <atomic>
#include <cctype>
#include <cstring>
#include <thread>

namespace guichet::invoices {

std::string random_pay_token() {
    std::array<std::uint8_t, 32> raw{};
    randombytes_buf(raw.data(), raw.size());
    std::string out(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(std::strlen(out.c_str()));
    return out;
}

std::string payfip_objet(std::string_view text) {
    // Accented letters keep their base letter (UTF-8 of Latin-1 Supplement);
    // anything else becomes a space, runs of spaces one.
    std::string out;
    auto put = [&](char c) {
        if (c == ' ' && (out.empty() || out.back() == ' ')) return;
        out.push_back(c);
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (std::isalnum(c) && c < 0x80) {
            put(static_cast<char>(c));
        } else if (c == 0xC3 && i + 1 < text.size()) {
            const auto d = static_cast<unsigned char>(text[++i]);
            static constexpr std::string_view kFrom = "\xa0\xa2\xa4\xa7\xa8\xa9\xaa\xab\xae\xaf\xb4\xb6\xb9\xbb\xbc"
                                                      "\x80\x82\x87\x88\x89\x8a\x8b\x8e\x8f\x94\x99\x9b\x9c";
            static constexpr std::string_view kTo = "aaaceeeeiiooouuAACEEEEIIOUUU";
            const auto at = kFrom.find(static_cast<char>(d));
            put(at == std::string_view::npos ? ' ' : kTo[at]);
        } else {
            put(' ');
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (out.size() > 100) out.resize(100);
    return out;
}

Result<SealedBundle> seal_bundle(std::vector<FamilyToSeal> families, const std::string& service, std::uint64_t version,
                                 std::int64_t created, const crypto::SecretKey& key, const KdfParams& kdf,
                                 unsigned threads) {
    if (!is_service_id(service)) return fail("invoices: service '" + service + "' is not an id (a-z, 0-9, -)");
    if (families.size() > kMaxFamilies) return fail("invoices: more than 100,000 families");
    SealedBundle out;
    InvoiceBundle& b = out.bundle;
    b.service = service;
    b.version = version;
    b.created = created;
    b.kdf = kdf;
    randombytes_buf(b.lookup_salt.data(), b.lookup_salt.size());
    b.families.resize(families.size());
    for (std::size_t i = 0; i < families.size(); ++i) {
        auto& f = families[i];
        f.invoices.family = normalize_family(f.invoices.family);
        f.code = normalize_code(f.code);
        if (f.invoices.family.empty()) return fail("invoices: a family has no number");
        if (f.code.size() < 6) return fail("invoices: family " + f.invoices.family + ": code shorter than 6 characters");
        for (std::size_t k = 0; k < i; ++k)
            if (families[k].invoices.family == f.invoices.family)
                return fail("invoices: family " + f.invoices.family + " given twice");
        for (auto& inv : f.invoices.invoices) {
            if (inv.paid) {
                inv.pay_token.clear();
                continue;
            }
            if (inv.pay_token.empty()) inv.pay_token = random_pay_token();
            const std::string exer = inv.due.substr(0, 4);
            out.offers.push_back({payment_ref(inv.pay_token), inv.number, inv.amount_cents,
                                  payfip_objet("Facture " + inv.number + " " + inv.period), exer, f.email, inv.due});
        }
    }
    // Argon2id per family is the whole cost: spread over THREADS workers.
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    auto work = [&] {
        for (std::size_t i = next++; i < families.size() && !failed; i = next++) {
            SealedFamily& s = b.families[i];
            const auto& f = families[i];
            s.id = family_lookup_id(b.lookup_salt, f.invoices.family);
            randombytes_buf(s.salt.data(), s.salt.size());
            randombytes_buf(s.nonce.data(), s.nonce.size());
            FamilyKey fk;
            if (!derive_family_key(f.invoices.family, f.code, s.salt, kdf, fk)) {
                failed = true;
                return;
            }
            const std::string plain = f.invoices.to_json();
            s.box.resize(plain.size() + crypto_secretbox_MACBYTES);
            crypto_secretbox_easy(s.box.data(), reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                                  s.nonce.data(), fk.data());
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < std::max(1u, threads); ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    for (auto& f : families) sodium_memzero(f.code.data(), f.code.size());
    if (failed) return fail("invoices: Argon2id failed (not enough memory)");
    const std::string body = b.to_json();
    out.file = crypto::sign_document(key, body, std::string(kInvoiceUntrustedComment), invoice_comment(service, version));
    return out;
}

}  // namespace guichet::invoices

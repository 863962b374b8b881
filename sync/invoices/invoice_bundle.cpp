#include "invoice_bundle.hpp"

#include "crypto/base64.hpp"
#include "crypto/hash.hpp"
#include "crypto/signed_document.hpp"
#include "crypto/sodium_init.hpp"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <cctype>

namespace guichet::invoices {

using nlohmann::json;

namespace {

constexpr std::string_view kKdfContext = "guichet-invoices-v1";

template <std::size_t N>
std::string b64(const std::array<std::uint8_t, N>& a) {
    return crypto::base64_encode(ByteView(a.data(), a.size()));
}

template <std::size_t N>
bool unb64(const json& j, const char* name, std::array<std::uint8_t, N>& out) {
    auto it = j.find(name);
    if (it == j.end() || !it->is_string()) return false;
    auto bytes = crypto::base64_decode(it->get<std::string>());
    if (!bytes || bytes->size() != N) return false;
    std::copy(bytes->begin(), bytes->end(), out.begin());
    return true;
}

bool is_date(std::string_view d) {
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (!std::isdigit(static_cast<unsigned char>(d[i]))) return false;
    const int month = (d[5] - '0') * 10 + (d[6] - '0');
    const int day = (d[8] - '0') * 10 + (d[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

std::string normalize(std::string_view text) {
    std::string out;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == ' ' || c == '-' || c == '.' || c == '\t') continue;
        out.push_back(u < 0x80 ? static_cast<char>(std::toupper(u)) : c);
    }
    return out;
}

}  // namespace

bool is_service_id(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id)
        if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-'))
            return false;
    return true;
}

std::string normalize_family(std::string_view text) { return normalize(text); }
std::string normalize_code(std::string_view text) { return normalize(text); }

std::string invoice_comment(std::string_view service, std::uint64_t version) {
    return "guichet invoices service=" + std::string(service) + " version=" + std::to_string(version);
}

std::string invoice_bundle_etag(std::string_view file) {
    const auto h = crypto::blake2b_256(ByteView(reinterpret_cast<const std::uint8_t*>(file.data()), file.size()));
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = "\"";
    for (auto b : h) {
        out.push_back(kHex[b >> 4]);
        out.push_back(kHex[b & 15]);
    }
    return out + "\"";
}

std::string invoice_bundle_file_name(std::string_view service) { return std::string(service) + ".gib"; }

std::string FamilyInvoices::to_json() const {
    json j;
    j["family"] = family;
    j["name"] = name;
    j["invoices"] = json::array();
    for (const auto& inv : invoices) {
        json lines = json::array();
        for (const auto& l : inv.lines) lines.push_back({{"label", l.label}, {"amount", l.amount_cents}});
        json ij = {{"number", inv.number}, {"period", inv.period}, {"lines", lines}, {"amount", inv.amount_cents},
                   {"due", inv.due},       {"paid", inv.paid}};
        if (!inv.pay_token.empty()) ij["pay"] = inv.pay_token;
        j["invoices"].push_back(std::move(ij));
    }
    return j.dump();
}

Result<FamilyInvoices> FamilyInvoices::parse(std::string_view text) {
    json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return fail("invoices: a family's box is not a JSON object");
    FamilyInvoices f;
    auto family = j.find("family");
    auto name = j.find("name");
    auto invs = j.find("invoices");
    if (family == j.end() || !family->is_string() || name == j.end() || !name->is_string() || invs == j.end() ||
        !invs->is_array())
        return fail("invoices: a family's box lacks family, name or invoices");
    if (invs->size() > kMaxInvoicesPerFamily) return fail("invoices: more than 200 invoices for a family");
    f.family = family->get<std::string>();
    f.name = name->get<std::string>();
    for (const json& ij : *invs) {
        if (!ij.is_object()) return fail("invoices: an invoice is not an object");
        Invoice inv;
        auto number = ij.find("number");
        auto period = ij.find("period");
        auto lines = ij.find("lines");
        auto amount = ij.find("amount");
        auto due = ij.find("due");
        auto paid = ij.find("paid");
        if (number == ij.end() || !number->is_string() || period == ij.end() || !period->is_string() ||
            lines == ij.end() || !lines->is_array() || amount == ij.end() || !amount->is_number_integer() ||
            due == ij.end() || !due->is_string() || paid == ij.end() || !paid->is_boolean())
            return fail("invoices: an invoice lacks number, period, lines, amount, due or paid");
        inv.number = number->get<std::string>();
        inv.period = period->get<std::string>();
        inv.amount_cents = amount->get<std::int64_t>();
        inv.due = due->get<std::string>();
        inv.paid = paid->get<bool>();
        if (!is_date(inv.due)) return fail("invoices: invoice " + inv.number + ": due is not YYYY-MM-DD");
        if (inv.amount_cents < 0) return fail("invoices: invoice " + inv.number + ": negative amount");
        if (lines->size() > kMaxLinesPerInvoice) return fail("invoices: invoice " + inv.number + ": over 100 lines");
        for (const json& lj : *lines) {
            auto label = lj.is_object() ? lj.find("label") : lj.end();
            auto la = lj.is_object() ? lj.find("amount") : lj.end();
            if (!lj.is_object() || label == lj.end() || !label->is_string() || la == lj.end() ||
                !la->is_number_integer())
                return fail("invoices: invoice " + inv.number + ": a line lacks label or amount");
            inv.lines.push_back({label->get<std::string>(), la->get<std::int64_t>()});
        }
        if (auto pay = ij.find("pay"); pay != ij.end()) {
            if (!pay->is_string()) return fail("invoices: invoice " + inv.number + ": pay is not a string");
            inv.pay_token = pay->get<std::string>();
        }
        f.invoices.push_back(std::move(inv));
    }
    return f;
}

std::string InvoiceBundle::to_json() const {
    json j;
    j["format"] = kInvoiceBundleFormat;
    j["service"] = service;
    j["version"] = version;
    j["created"] = created;
    j["kdf"] = {{"alg", "argon2id13"}, {"opslimit", kdf.opslimit}, {"memlimit", kdf.memlimit}};
    j["lookup_salt"] = b64(lookup_salt);
    j["families"] = json::array();
    for (const auto& f : families)
        j["families"].push_back({{"id", b64(f.id)},
                                 {"salt", b64(f.salt)},
                                 {"nonce", b64(f.nonce)},
                                 {"box", crypto::base64_encode(ByteView(f.box.data(), f.box.size()))}});
    return j.dump();
}

Result<InvoiceBundle> InvoiceBundle::parse(std::string_view text) {
    json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return fail("invoices: not a JSON object");
    auto format = j.find("format");
    if (format == j.end() || !format->is_number_integer() || format->get<std::int64_t>() != kInvoiceBundleFormat)
        return fail("invoices: unsupported or missing format (this kiosk reads format 1)");
    InvoiceBundle b;
    auto service = j.find("service");
    auto version = j.find("version");
    auto created = j.find("created");
    auto kdf = j.find("kdf");
    auto families = j.find("families");
    if (service == j.end() || !service->is_string() || version == j.end() || !version->is_number_unsigned() ||
        created == j.end() || !created->is_number_integer() || kdf == j.end() || !kdf->is_object() ||
        families == j.end() || !families->is_array() || !unb64(j, "lookup_salt", b.lookup_salt))
        return fail("invoices: missing or mistyped service, version, created, kdf, lookup_salt or families");
    b.service = service->get<std::string>();
    if (!is_service_id(b.service)) return fail("invoices: service is not an id");
    b.version = version->get<std::uint64_t>();
    b.created = created->get<std::int64_t>();
    auto alg = kdf->find("alg");
    auto ops = kdf->find("opslimit");
    auto mem = kdf->find("memlimit");
    if (alg == kdf->end() || *alg != "argon2id13" || ops == kdf->end() || !ops->is_number_unsigned() ||
        mem == kdf->end() || !mem->is_number_unsigned())
        return fail("invoices: kdf is not argon2id13 with opslimit and memlimit");
    b.kdf.opslimit = ops->get<std::uint64_t>();
    b.kdf.memlimit = mem->get<std::size_t>();
    // Bounds that keep a kiosk usable whatever a (signed) bundle asks: at least
    // libsodium's minimum, at most 1 GiB and 10 passes.
    if (b.kdf.opslimit < crypto_pwhash_argon2id_OPSLIMIT_MIN || b.kdf.opslimit > 10 ||
        b.kdf.memlimit < (8u << 20) || b.kdf.memlimit > (1u << 30))
        return fail("invoices: kdf cost out of bounds (1–10 passes, 8 MiB–1 GiB)");
    if (families->size() > kMaxFamilies) return fail("invoices: more than 100,000 families");
    b.families.reserve(families->size());
    for (const json& fj : *families) {
        SealedFamily f;
        if (!fj.is_object() || !unb64(fj, "id", f.id) || !unb64(fj, "salt", f.salt) || !unb64(fj, "nonce", f.nonce))
            return fail("invoices: a family lacks id, salt or nonce");
        auto box = fj.find("box");
        if (box == fj.end() || !box->is_string()) return fail("invoices: a family lacks its box");
        auto bytes = crypto::base64_decode(box->get<std::string>());
        if (!bytes || bytes->size() < crypto_secretbox_MACBYTES) return fail("invoices: a family's box is not base64");
        f.box.assign(bytes->begin(), bytes->end());
        b.families.push_back(std::move(f));
    }
    return b;
}

std::array<std::uint8_t, 16> family_lookup_id(const std::array<std::uint8_t, 16>& lookup_salt,
                                              std::string_view family) {
    std::array<std::uint8_t, 16> out{};
    crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(family.data()), family.size(),
                       lookup_salt.data(), lookup_salt.size());
    return out;
}

const SealedFamily* InvoiceBundle::find(std::string_view family) const {
    const auto id = family_lookup_id(lookup_salt, family);
    for (const auto& f : families)
        if (sodium_memcmp(f.id.data(), id.data(), id.size()) == 0) return &f;
    return nullptr;
}

Result<void> derive_family_key(std::string_view family, std::string_view code, const std::array<std::uint8_t, 16>& salt,
                               const KdfParams& kdf, FamilyKey& out) {
    static_assert(crypto_pwhash_SALTBYTES == 16);
    // Before sodium_init libsodium runs Argon2's portable code (1.6 times the
    // CPU time here, docs/invoices.md §3); only the init selects SSSE3/AVX2.
    crypto::ensure_sodium();
    // The password holds the code: wiped as soon as it has been used.
    std::vector<std::uint8_t> password;
    password.reserve(kKdfContext.size() + family.size() + code.size() + 2);
    password.insert(password.end(), kKdfContext.begin(), kKdfContext.end());
    password.push_back(0);
    password.insert(password.end(), family.begin(), family.end());
    password.push_back(0);
    password.insert(password.end(), code.begin(), code.end());
    const int rc = crypto_pwhash(out.data(), out.size(), reinterpret_cast<const char*>(password.data()),
                                 password.size(), salt.data(), kdf.opslimit, kdf.memlimit,
                                 crypto_pwhash_ALG_ARGON2ID13);
    crypto::wipe(password);
    if (rc != 0) return fail("invoices: Argon2id failed (not enough memory for " +
                             std::to_string(kdf.memlimit >> 20) + " MiB)");
    return {};
}

std::string payment_ref(std::string_view pay_token) {
    std::array<std::uint8_t, 32> h{};
    crypto_generichash(h.data(), h.size(), reinterpret_cast<const unsigned char*>(pay_token.data()), pay_token.size(),
                       nullptr, 0);
    std::string hex(64, '0');
    sodium_bin2hex(hex.data(), hex.size() + 1, h.data(), h.size());
    return hex;
}

Result<InvoiceBundle> verify_invoice_bundle(std::string_view file, const crypto::KeyRing& keys) {
    if (file.size() > kMaxInvoiceBundleSize) return fail("invoices: larger than 32 MiB");
    auto doc = crypto::verify_signed_document(file, kInvoiceUntrustedComment, keys, "invoices", "guichet-partner");
    if (!doc) return doc.error();
    auto bundle = InvoiceBundle::parse(doc->body);
    if (!bundle) return bundle.error();
    if (doc->signature.trusted_comment != invoice_comment(bundle->service, bundle->version))
        return fail("invoices: trusted comment does not match the bundle's service and version (not an invoice "
                    "signature)");
    return bundle;
}

Result<FamilyInvoices> open_sealed(const SealedFamily& sealed, const FamilyKey& key, std::string_view family) {
    std::vector<std::uint8_t> plain(sealed.box.size() - crypto_secretbox_MACBYTES);
    if (crypto_secretbox_open_easy(plain.data(), sealed.box.data(), sealed.box.size(), sealed.nonce.data(),
                                   key.data()) != 0) {
        crypto::wipe(plain);
        return fail("wrong-code");
    }
    auto parsed = FamilyInvoices::parse(std::string_view(reinterpret_cast<const char*>(plain.data()), plain.size()));
    crypto::wipe(plain);
    if (!parsed) return parsed.error();
    // A box moved under another family's id opens only with that family's key
    // anyway; the number inside must still be the one typed.
    if (parsed->family != family) return fail("invoices: the box names another family");
    return parsed;
}

Result<OpenResult> open_family(const InvoiceBundle& bundle, std::string_view family_text, std::string_view code_text) {
    const std::string family = normalize_family(family_text);
    std::string code = normalize_code(code_text);
    const SealedFamily* sealed = bundle.find(family);
    FamilyKey key;
    // An unknown number costs one derivation too, with the lookup salt.
    auto derived = derive_family_key(family, code, sealed ? sealed->salt : bundle.lookup_salt, bundle.kdf, key);
    sodium_memzero(code.data(), code.size());
    if (!derived) return derived.error();
    OpenResult out;
    if (!sealed) {
        out.outcome = OpenOutcome::unknown_family;
        return out;
    }
    auto opened = open_sealed(*sealed, key, family);
    if (!opened) {
        if (opened.error().message == "wrong-code") {
            out.outcome = OpenOutcome::wrong_code;
            return out;
        }
        return opened.error();
    }
    out.outcome = OpenOutcome::opened;
    out.family = std::move(*opened);
    return out;
}

}  // namespace guichet::invoices

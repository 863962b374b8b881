#include "kiosk_invoices.hpp"

#include "common/file.hpp"

#include <nlohmann/json.hpp>

namespace guichet::invoices {

namespace fs = std::filesystem;
using nlohmann::json;

Result<KioskConfig> KioskConfig::parse(std::string_view text) {
    json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return fail("invoices.json: not a JSON object");
    KioskConfig c;
    if (auto s = j.find("service"); s != j.end()) {
        if (!s->is_string() || !is_service_id(s->get<std::string>())) return fail("invoices.json: service is not an id");
        c.service = s->get<std::string>();
    }
    auto keys = j.find("regie_key");
    if (keys == j.end()) return fail("invoices.json: regie_key (the régie's minisign public key) is required");
    std::vector<std::string> list;
    if (keys->is_string()) list.push_back(keys->get<std::string>());
    else if (keys->is_array())
        for (const auto& k : *keys)
            if (k.is_string()) list.push_back(k.get<std::string>());
    if (list.empty()) return fail("invoices.json: regie_key is a public key or a list of them");
    for (const auto& k : list) {
        auto pk = crypto::PublicKey::parse(k);
        if (!pk) return fail("invoices.json: regie_key: " + pk.error().message);
        c.regie_keys.add(*pk);
    }
    if (auto p = j.find("pay_url"); p != j.end()) {
        if (!p->is_string()) return fail("invoices.json: pay_url is a string");
        c.pay_url = p->get<std::string>();
        if (!c.pay_url.empty() && !c.pay_url.ends_with("/")) c.pay_url += "/";
    }
    return c;
}

Result<std::optional<KioskConfig>> KioskConfig::load(const fs::path& state_dir) {
    const fs::path path = state_dir / kKioskConfigFile;
    std::error_code ec;
    if (!fs::exists(path, ec)) return std::optional<KioskConfig>();
    auto text = read_text_file(path, 64 << 10);
    if (!text) return text.error();
    auto c = parse(*text);
    if (!c) return c.error();
    return std::optional<KioskConfig>(std::move(*c));
}

fs::path bundle_file(const fs::path& state_dir, std::string_view service) {
    return state_dir / kInvoicesDir / invoice_bundle_file_name(service);
}

fs::path paid_file(const fs::path& state_dir, std::string_view service) {
    return state_dir / kInvoicesDir / (std::string(service) + ".paid.json");
}

std::set<std::string> read_paid_refs(const fs::path& state_dir, std::string_view service) {
    std::set<std::string> out;
    auto text = read_text_file(paid_file(state_dir, service), 16u << 20);
    if (!text) return out;
    json j = json::parse(*text, nullptr, false);
    if (!j.is_object() || !j.contains("paid") || !j["paid"].is_array()) return out;
    for (const auto& p : j["paid"])
        if (p.is_object() && p.contains("ref") && p["ref"].is_string()) out.insert(p["ref"].get<std::string>());
    return out;
}

Result<InvoiceBundle> load_kiosk_bundle(const fs::path& state_dir, const KioskConfig& config) {
    const fs::path path = bundle_file(state_dir, config.service);
    std::error_code ec;
    if (!fs::exists(path, ec)) return fail("no-bundle");
    auto text = read_text_file(path, kMaxInvoiceBundleSize);
    if (!text) return text.error();
    auto b = verify_invoice_bundle(*text, config.regie_keys);
    if (!b) return b.error();
    if (b->service != config.service) return fail("invoices: the bundle is service " + b->service + "'s");
    return b;
}

}  // namespace guichet::invoices

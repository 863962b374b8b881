#include "agent/invoice_step.hpp"

#include "common/file.hpp"
#include "protocol/routes.hpp"

#include <nlohmann/json.hpp>

namespace guichet::invoices {

namespace fs = std::filesystem;

InvoiceFetch fetch_invoices(sync::HubClient& hub, const fs::path& state_dir, const KioskConfig& config) {
    using Outcome = InvoiceFetch::Outcome;
    InvoiceFetch f;
    const fs::path path = bundle_file(state_dir, config.service);
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    std::optional<std::string> held;
    std::optional<InvoiceBundle> held_bundle;
    if (fs::exists(path, ec))
        if (auto text = read_text_file(path, kMaxInvoiceBundleSize)) {
            held = std::move(*text);
            if (auto b = verify_invoice_bundle(*held, config.regie_keys)) held_bundle = std::move(*b);
        }
    std::vector<sync::Header> headers;
    if (held) headers.push_back({"If-None-Match", invoice_bundle_etag(*held)});
    const std::string route = sync::paths::invoices(config.service);
    auto answer = hub.send("GET", route, {}, {}, "", headers, kMaxInvoiceBundleSize + 1);
    if (!answer) {
        f.outcome = Outcome::failed;
        f.message = answer.error().message;
        return f;
    }
    if (answer->status == 304) {
        f.outcome = Outcome::unchanged;
    } else if (answer->status == 404) {
        f.outcome = Outcome::none_published;
        return f;
    } else if (answer->status != 200) {
        f.outcome = Outcome::failed;
        f.message = sync::describe_answer("GET", route, *answer);
        return f;
    } else if (auto b = verify_invoice_bundle(answer->body, config.regie_keys); !b) {
        // A forged or damaged bundle never replaces the one the kiosk has.
        f.outcome = Outcome::refused;
        f.message = b.error().message;
        return f;
    } else if (b->service != config.service) {
        f.outcome = Outcome::refused;
        f.message = "invoices: the hub served service " + b->service + "'s bundle for " + config.service;
        return f;
    } else if (held_bundle && b->version < held_bundle->version) {
        f.outcome = Outcome::refused;
        f.message = "invoices: version " + std::to_string(b->version) + " is older than the kiosk's " +
                    std::to_string(held_bundle->version) + " (refused)";
        return f;
    } else if (auto r = write_file_atomic(path, as_bytes(answer->body), 0600); !r) {
        f.outcome = Outcome::failed;
        f.message = r.error().message;
        return f;
    } else {
        f.outcome = Outcome::installed;
        f.version = b->version;
    }
    const std::string paid_route = sync::paths::invoices_paid(config.service);
    auto paid = hub.send("GET", paid_route, {}, {}, "", {}, 16u << 20);
    if (!paid || paid->status != 200) {
        f.outcome = Outcome::failed;
        f.message = paid ? sync::describe_answer("GET", paid_route, *paid) : paid.error().message;
        return f;
    }
    auto j = nlohmann::json::parse(paid->body, nullptr, false);
    if (!j.is_object() || !j.contains("paid") || !j["paid"].is_array()) {
        f.outcome = Outcome::failed;
        f.message = "invoices: the paid list is not {\"paid\": [...]}";
        return f;
    }
    f.paid = j["paid"].size();
    if (auto r = write_file_atomic(paid_file(state_dir, config.service), as_bytes(paid->body), 0600); !r) {
        f.outcome = Outcome::failed;
        f.message = r.error().message;
    }
    return f;
}

sync::agent::CycleStep make_invoice_step() {
    return {"invoices", [](sync::agent::CycleContext& ctx) -> Result<void> {
                auto config = KioskConfig::load(ctx.options.state_dir);
                if (!config) return config.error();
                if (!*config) return {};
                const auto f = fetch_invoices(ctx.hub, ctx.options.state_dir, **config);
                if (f.outcome == InvoiceFetch::Outcome::refused || f.outcome == InvoiceFetch::Outcome::failed)
                    ctx.report.errors.push_back("invoices '" + (*config)->service + "': " + f.message);
                return {};
            }};
}

}  // namespace guichet::invoices

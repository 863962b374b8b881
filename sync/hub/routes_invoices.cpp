#include "hub/routes_invoices.hpp"

#include "common/file.hpp"
#include "crypto/signed_document.hpp"
#include "invoices/invoice_bundle.hpp"
#include "protocol/routes.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

namespace guichet::sync::hub {

namespace {

using nlohmann::json;
constexpr std::uint64_t kMaxPublishBody = 32u << 20;
constexpr std::size_t kMaxOffers = 500'000;

// A page for the resident's phone: French, no script, nothing but text.
void page(http::Response& res, int status, std::string_view title, std::string_view text) {
    std::string body =
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
        "content=\"width=device-width,initial-scale=1\"><title>";
    body += title;
    body += "</title></head><body style=\"font-family:sans-serif;margin:1.5rem;font-size:1.2rem\"><h1>";
    body += title;
    body += "</h1><p>";
    body += text;
    body += "</p></body></html>\n";
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_content(std::move(body), "text/html; charset=utf-8");
}


bool is_token(std::string_view t) {
    if (t.size() != 43) return false;
    for (char c : t)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
    return true;
}

bool is_hex64(std::string_view t) {
    return t.size() == 64 && t.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

bool is_refdet(std::string_view t) {
    if (t.empty() || t.size() > 30) return false;
    for (char c : t)
        if (!std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
}

void publish(HubContext& ctx, InvoicePayments& payments, const http::Request& req, http::Response& res) {
    auto partner = ctx.authenticate(req, res, ClientKind::partner);
    if (!partner) return;
    json j = json::parse(req.body, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("bundle") || !j["bundle"].is_string() ||
        !j.contains("offers") || !j["offers"].is_array())
        return send_error(res, 400, "malformed", "expected {\"bundle\": text, \"offers\": [...]}");
    const std::string bundle_text = j["bundle"].get<std::string>();
    // The hub cannot verify the régie's signature (kiosks hold its key), but
    // it serves a bundle only under the name of the partner that sent it.
    auto doc = crypto::split_signed_document(bundle_text, invoices::kInvoiceUntrustedComment, "invoices",
                                             "guichet-partner");
    if (!doc) return send_error(res, 400, "malformed", doc.error().message);
    auto bundle = invoices::InvoiceBundle::parse(doc->body);
    if (!bundle) return send_error(res, 400, "malformed", bundle.error().message);
    if (bundle->service != *partner)
        return send_error(res, 403, "not-your-service", "a bundle of service " + bundle->service + " sent by " + *partner);
    if (j["offers"].size() > kMaxOffers) return send_error(res, 400, "malformed", "too many offers");
    std::vector<InvoiceOffer> offers;
    for (const json& o : j["offers"]) {
        auto s = [&](const char* n) { return o.is_object() && o.contains(n) && o[n].is_string() ? o[n].get<std::string>() : std::string(); };
        InvoiceOffer offer{s("ref"), *partner, s("refdet"), s("objet"), s("exer"), s("mel"), 0, std::nullopt};
        if (!o.is_object() || !o.contains("montant") || !o["montant"].is_number_integer())
            return send_error(res, 400, "malformed", "an offer lacks montant");
        offer.montant = o["montant"].get<std::int64_t>();
        if (!is_hex64(offer.ref) || !is_refdet(offer.refdet) || offer.montant < 1 || offer.montant > 99'999'999 ||
            offer.exer.size() != 4 || offer.objet.size() > 100)
            return send_error(res, 400, "malformed", "offer " + offer.refdet + ": ref, refdet, montant, exer or objet invalid");
        offers.push_back(std::move(offer));
    }
    // Rollback: a version at most the one served is refused.
    const auto path = payments.bundle_path(*partner);
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
        if (auto held = read_text_file(path, invoices::kMaxInvoiceBundleSize)) {
            auto held_doc = crypto::split_signed_document(*held, invoices::kInvoiceUntrustedComment, "invoices", "guichet-partner");
            auto held_bundle = held_doc ? invoices::InvoiceBundle::parse(held_doc->body) : Result<invoices::InvoiceBundle>(fail(""));
            if (held_bundle && held_bundle->version >= bundle->version)
                return send_error(res, 409, "old-version",
                                  "version " + std::to_string(bundle->version) + " is not above the served " +
                                      std::to_string(held_bundle->version));
        }
    }
    // Offers first: a kiosk that fetches the new bundle finds its tokens payable.
    if (auto r = payments.replace_offers(*partner, offers); !r) return send_error(res, 500, "internal", r.error().message);
    if (auto r = write_file_atomic(path, as_bytes(bundle_text)); !r) return send_error(res, 500, "internal", r.error().message);
    send_json(res, 200, json{{"version", bundle->version}, {"families", bundle->families.size()}, {"offers", offers.size()}}.dump());
}

void serve_bundle(HubContext& ctx, InvoicePayments& payments, const http::Request& req, http::Response& res) {
    if (!ctx.authenticate(req, res, ClientKind::kiosk)) return;
    const std::string service = req.matches[1];
    const auto path = payments.bundle_path(service);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return send_error(res, 404, "not-found", "no invoices published by " + service);
    auto file = read_text_file(path, invoices::kMaxInvoiceBundleSize);
    if (!file) return send_error(res, 500, "internal", file.error().message);
    const std::string etag = invoices::invoice_bundle_etag(*file);
    res.set_header("ETag", etag);
    if (req.get_header_value("If-None-Match") == etag) {
        res.status = 304;
        return;
    }
    res.set_content(std::move(*file), "application/octet-stream");
}

void serve_paid(HubContext& ctx, InvoicePayments& payments, const http::Request& req, http::Response& res) {
    if (!ctx.authenticate(req, res, ClientKind::kiosk)) return;
    auto paid = payments.paid_refs(req.matches[1]);
    if (!paid) return send_error(res, 500, "internal", paid.error().message);
    json list = json::array();
    for (const auto& [ref, at] : *paid) list.push_back({{"ref", ref}, {"paid_at", at}});
    send_json(res, 200, json{{"paid", list}}.dump());
}

std::string euros(std::int64_t cents) {
    std::string s = std::to_string(cents / 100) + "," + (cents % 100 < 10 ? "0" : "") + std::to_string(cents % 100);
    return s + "\u00a0€";
}

void scan(InvoicePayments& payments, const http::Request& req, http::Response& res) {
    const std::string token = req.matches[1];
    if (!is_token(token))
        return page(res, 404, "Lien inconnu", "Ce lien de paiement n’existe pas. Scannez de nouveau le code affiché à la borne.");
    auto offer = payments.find_offer(invoices::payment_ref(token));
    if (!offer) return page(res, 500, "Erreur", "Le paiement est momentanément indisponible. Réessayez plus tard.");
    if (!*offer)
        return page(res, 404, "Facture introuvable",
                    "Cette facture n’est plus à payer en ligne : elle a peut-être été remplacée par une facture plus "
                    "récente. Consultez « Mes factures » à la borne.");
    if ((*offer)->paid_at)
        return page(res, 200, "Facture déjà réglée", "La facture " + (*offer)->refdet + " est déjà réglée. Merci !");
    auto started = payments.start_payment(**offer);
    if (!started) return page(res, 502, "Paiement indisponible", started.error().message);
    res.status = 303;
    res.set_header("Location", started->redirect);
    res.set_header("Cache-Control", "no-store");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_content("Paiement de " + euros((*offer)->montant) + " : " + started->redirect + "\n", "text/plain; charset=utf-8");
}

std::string idop_of(const http::Request& req) {
    if (req.has_param("idop")) return req.get_param_value("idop");
    if (req.has_param("idOp")) return req.get_param_value("idOp");
    // PayFiP posts a form: idop=…
    for (std::string_view key : {"idop=", "idOp="}) {
        auto at = req.body.find(key);
        if (at != std::string::npos && (at == 0 || req.body[at - 1] == '&')) {
            auto from = at + key.size();
            return req.body.substr(from, req.body.find('&', from) - from);
        }
    }
    return "";
}

bool is_idop(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    for (char c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
    return true;
}

void notification(InvoicePayments& payments, const http::Request& req, http::Response& res) {
    const std::string idop = idop_of(req);
    if (!is_idop(idop)) return send_error(res, 400, "malformed", "no idop");
    const auto out = payments.check(idop);
    if (out.kind == CheckOutcome::Kind::unknown_idop) {
        std::cerr << "guichet-hub: PayFiP notification for an unknown idOp (forged or mistaken), ignored\n";
        return send_error(res, 404, "not-found", "unknown idop");
    }
    if (out.kind != CheckOutcome::Kind::checked)
        std::cerr << "guichet-hub: PayFiP notification " << idop << ": " << out.message << "\n";
    res.status = 200;
    res.set_content(std::string(to_string(out.state)) + "\n", "text/plain; charset=utf-8");
}

void back(InvoicePayments& payments, const http::Request& req, http::Response& res) {
    const std::string idop = idop_of(req);
    if (!is_idop(idop))
        return page(res, 200, "Paiement en cours de traitement",
                    "Le résultat de votre paiement sera visible à la borne après sa prochaine mise à jour.");
    const auto out = payments.check(idop);
    if (out.invoice_paid) return page(res, 200, "Paiement accepté", "Votre facture est réglée. Merci ! Vous pouvez fermer cette page.");
    switch (out.state) {
        case AttemptState::refused:
            return page(res, 200, "Paiement refusé", "Votre paiement a été refusé : la facture reste à payer. "
                                                     "Vous pouvez réessayer avec une autre carte en scannant de nouveau le code à la borne.");
        case AttemptState::abandoned:
            return page(res, 200, "Paiement abandonné", "Vous avez abandonné le paiement : la facture reste à payer.");
        case AttemptState::expired:
            return page(res, 200, "Paiement expiré", "Le délai de paiement est dépassé : la facture reste à payer. "
                                                     "Scannez de nouveau le code à la borne.");
        default:
            return page(res, 200, "Paiement en cours de traitement",
                        "Le résultat de votre paiement sera visible à la borne après sa prochaine mise à jour.");
    }
}

}  // namespace

RouteModule invoice_routes(InvoicePayments& payments) {
    return [&payments](http::Server& server, HubContext& ctx) {
        ctx.limit_body({"POST", std::string(paths::kPartnerInvoices), kMaxPublishBody});
        ctx.limit_body({"POST", "/paiement/", 4096});
        server.Post(std::string(paths::kPartnerInvoices),
                    [&ctx, &payments](const http::Request& req, http::Response& res) { publish(ctx, payments, req, res); });
        server.Get(patterns::invoices_paid(),
                   [&ctx, &payments](const http::Request& req, http::Response& res) { serve_paid(ctx, payments, req, res); });
        server.Get(patterns::invoices(),
                   [&ctx, &payments](const http::Request& req, http::Response& res) { serve_bundle(ctx, payments, req, res); });
        server.Post("/paiement/notification",
                    [&payments](const http::Request& req, http::Response& res) { notification(payments, req, res); });
        server.Get("/paiement/retour", [&payments](const http::Request& req, http::Response& res) { back(payments, req, res); });
        server.Post("/paiement/retour", [&payments](const http::Request& req, http::Response& res) { back(payments, req, res); });
        server.Get("/paiement/([A-Za-z0-9_-]{43})",
                   [&payments](const http::Request& req, http::Response& res) { scan(payments, req, res); });
    };
}

}  // namespace guichet::sync::hub

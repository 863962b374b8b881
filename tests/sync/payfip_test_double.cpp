#include "payfip_test_double.hpp"

#include "common/markup_escape.hpp"
#include "hub/payfip_client.hpp"

#include <doctest/doctest.h>

namespace guichet::test::sync {

namespace http = guichet::sync::hub::http;
namespace payfip = guichet::sync::hub::payfip;

namespace {

constexpr const char* kReponseNs = "http://securite.service.tpa.cp.finances.gouv.fr/reponse";

std::string envelope(const std::string& body) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<soap:Envelope "
           "xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>" +
           body + "</soap:Body></soap:Envelope>\n";
}

// PayFiP's functional error, as its WSDL declares it (HTTP 500, SOAP fault).
void fault(http::Response& res, const std::string& code, const std::string& libelle) {
    res.status = 500;
    res.set_content(envelope("<soap:Fault><faultcode>soap:Server</faultcode><faultstring>"
                             "fr.gouv.finances.cp.tpa.webservice.exceptions.FonctionnelleErreur</faultstring><detail>"
                             "<ns2:FonctionnelleErreur xmlns:ns2=\"" + std::string(payfip::kServiceNamespace) +
                             "\"><code>" + code + "</code><descriptif>" + escape_markup(libelle) +
                             "</descriptif><libelle>" + escape_markup(libelle) +
                             "</libelle><severite>2</severite></ns2:FonctionnelleErreur></detail></soap:Fault>"),
                    "text/xml; charset=utf-8");
}

bool all_of(const std::string& s, const char* allowed) { return s.find_first_not_of(allowed) == std::string::npos; }

}  // namespace

PayFipTestDouble::PayFipTestDouble(std::string numcli) : numcli_(std::move(numcli)) {
    http::Application app;
    app.body_limit = [](const http::Request&) { return std::uint64_t{1} << 20; };
    app.rate_limited = [](const http::Request&) { return false; };
    app.handle = [this](http::Request& req, http::Response& res) { handle(req, res); };
    app.count_refusal = [](std::string_view) {};
    server_ = std::make_unique<http::HttpServer>(http::Limits{}, std::move(app));
    auto [port, error] = server_->bind("127.0.0.1", 0);
    REQUIRE_MESSAGE(error.empty(), error);
    port_ = port;
    thread_ = std::thread([this] { server_->listen(); });
}

PayFipTestDouble::~PayFipTestDouble() {
    server_->stop();
    if (thread_.joinable()) thread_.join();
}

void PayFipTestDouble::handle(http::Request& req, http::Response& res) {
    if (req.method == "GET" && req.path == "/tpa/paiementws.web") {
        res.status = 200;
        res.set_content("<!doctype html><title>PayFiP (double de test)</title><p>idop " +
                            escape_markup(req.get_param_value("idop")) + "</p>",
                        "text/html; charset=utf-8");
        return;
    }
    if (req.method != "POST" || req.path != "/tpa/services/securite") {
        res.status = 404;
        return;
    }
    const std::string& body = req.body;
    std::lock_guard lock(mutex_);
    if (payfip::xml_field(body, "creerPaiementSecurise")) {
        ++creates_;
        Payment p;
        for (const char* name : {"exer", "mel", "montant", "numcli", "objet", "refdet", "saisie", "urlnotif", "urlredirect"})
            p.fields[name] = payfip::xml_field(body, name).value_or("");
        const auto& f = p.fields;
        // The checks PayFiP documents for these parameters.
        if (f.at("numcli") != numcli_) return fault(res, "R1", "numcli inconnu");
        if (f.at("saisie") != "T" && f.at("saisie") != "X" && f.at("saisie") != "W")
            return fault(res, "R3", "saisie invalide");
        if (f.at("exer").size() != 4 || !all_of(f.at("exer"), "0123456789")) return fault(res, "R4", "exer invalide");
        if (f.at("montant").empty() || !all_of(f.at("montant"), "0123456789") || std::stoll(f.at("montant")) < 1)
            return fault(res, "R5", "montant invalide");
        if (f.at("refdet").empty() || f.at("refdet").size() > 30 ||
            !all_of(f.at("refdet"), "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"))
            return fault(res, "R6", "refdet invalide");
        if (f.at("mel").find('@') == std::string::npos || f.at("mel").size() < 6 || f.at("mel").size() > 80)
            return fault(res, "R7", "mel invalide");
        if (f.at("objet").size() > 100 ||
            !all_of(f.at("objet"), "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 "))
            return fault(res, "R8", "objet invalide");
        if (f.at("urlnotif").empty() || f.at("urlredirect").empty()) return fault(res, "R9", "url manquante");
        const std::string idop = "TD" + std::to_string(100000 + creates_) + "0000000000000000000000000000";
        payments_[idop] = p;
        order_.push_back(idop);
        res.status = 200;
        res.set_content(envelope("<ns2:creerPaiementSecuriseResponse xmlns:ns2=\"" +
                                 std::string(payfip::kServiceNamespace) + "\"><return><idOp xmlns=\"" + kReponseNs +
                                 "\">" + idop + "</idOp></return></ns2:creerPaiementSecuriseResponse>"),
                        "text/xml; charset=utf-8");
        return;
    }
    if (payfip::xml_field(body, "recupererDetailPaiementSecurise")) {
        ++details_;
        const std::string idop = payfip::xml_field(body, "idOp").value_or("");
        auto it = payments_.find(idop);
        if (it == payments_.end()) return fault(res, "P1", "IdOp incorrect");
        const Payment& p = it->second;
        if (p.resultrans.empty()) return fault(res, "P5", "Transaction non aboutie");
        auto f = [&](const char* n, const std::string& v) {
            return "<" + std::string(n) + ">" + escape_markup(v) + "</" + std::string(n) + ">";
        };
        const std::string montant = p.montant_override.empty() ? p.fields.at("montant") : p.montant_override;
        res.status = 200;
        res.set_content(
            envelope("<ns2:recupererDetailPaiementSecuriseResponse xmlns:ns2=\"" +
                     std::string(payfip::kServiceNamespace) + "\"><return>" + f("dattrans", "07122026") +
                     f("exer", p.fields.at("exer")) + f("heurtrans", "2041") + f("idOp", idop) +
                     f("mel", p.fields.at("mel")) + f("montant", montant) +
                     f("numauto", p.resultrans == "P" ? "123456" : "") + f("numcli", p.fields.at("numcli")) +
                     f("objet", p.fields.at("objet")) + f("refdet", p.fields.at("refdet")) +
                     f("resultrans", p.resultrans) + f("saisie", p.fields.at("saisie")) +
                     "</return></ns2:recupererDetailPaiementSecuriseResponse>"),
            "text/xml; charset=utf-8");
        return;
    }
    res.status = 500;
    res.set_content(envelope("<soap:Fault><faultcode>soap:Client</faultcode><faultstring>unknown operation"
                             "</faultstring></soap:Fault>"),
                    "text/xml; charset=utf-8");
}

void PayFipTestDouble::set_result(const std::string& idop, const std::string& resultrans) {
    std::lock_guard lock(mutex_);
    payments_.at(idop).resultrans = resultrans;
}
void PayFipTestDouble::forget(const std::string& idop) {
    std::lock_guard lock(mutex_);
    payments_.erase(idop);
}
void PayFipTestDouble::lie_about_amount(const std::string& idop, const std::string& montant) {
    std::lock_guard lock(mutex_);
    payments_.at(idop).montant_override = montant;
}
std::vector<std::string> PayFipTestDouble::idops() {
    std::lock_guard lock(mutex_);
    return order_;
}
PayFipTestDouble::Payment PayFipTestDouble::payment(const std::string& idop) {
    std::lock_guard lock(mutex_);
    return payments_.at(idop);
}
int PayFipTestDouble::create_calls() {
    std::lock_guard lock(mutex_);
    return creates_;
}
int PayFipTestDouble::detail_calls() {
    std::lock_guard lock(mutex_);
    return details_;
}

}  // namespace guichet::test::sync

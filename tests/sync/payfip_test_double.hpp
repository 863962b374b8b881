// A TEST DOUBLE of PayFiP (the DGFiP's online payment), for the tests only:
// it speaks PayFiP's documented SOAP web service PaiementSecuriseService on
// 127.0.0.1 — creerPaiementSecurise (checks numcli, exer, refdet, objet,
// montant, mel, urlnotif, urlredirect, saisie; answers an idOp) and
// recupererDetailPaiementSecurise (answers the transaction's detail with
// resultrans, or the FonctionnelleErreur faults P1 « idOp inconnu » and P5
// « transaction non aboutie ») — and serves a stand-in payment page. The
// test decides each payment's outcome (set_result) as a payer would, and
// can forget an idOp (expired) or lie about an amount.
#pragma once

#include "hub/http/http.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace guichet::test::sync {

class PayFipTestDouble {
public:
    explicit PayFipTestDouble(std::string numcli = "123456");
    ~PayFipTestDouble();
    PayFipTestDouble(const PayFipTestDouble&) = delete;
    PayFipTestDouble& operator=(const PayFipTestDouble&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::string service_url() const { return url() + "/tpa/services/securite"; }
    std::string payment_url() const { return url() + "/tpa/paiementws.web"; }

    struct Payment {
        std::map<std::string, std::string> fields;  // as creerPaiementSecurise received them
        std::string resultrans;                     // "" until the payer finished: P5
        std::string montant_override;               // a lying answer (tests of the hub's checks)
    };
    void set_result(const std::string& idop, const std::string& resultrans);
    void forget(const std::string& idop);  // PayFiP's nightly purge: P1 from then on
    void lie_about_amount(const std::string& idop, const std::string& montant);
    std::vector<std::string> idops();
    Payment payment(const std::string& idop);
    int create_calls();
    int detail_calls();

private:
    void handle(guichet::sync::hub::http::Request& req, guichet::sync::hub::http::Response& res);
    std::string numcli_;
    std::unique_ptr<guichet::sync::hub::http::HttpServer> server_;
    std::thread thread_;
    int port_ = 0;
    std::mutex mutex_;
    std::map<std::string, Payment> payments_;
    std::vector<std::string> order_;
    int creates_ = 0, details_ = 0;
};

}  // namespace guichet::test::sync

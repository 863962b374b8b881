// The hub's client of PayFiP, the DGFiP's online payment for local
// authorities (docs/protocol.md §9): its SOAP web service
// PaiementSecuriseService, operations creerPaiementSecurise (→ idOp) and
// recupererDetailPaiementSecurise (idOp → the transaction's result). SOAP 1.1
// over HTTPS with libcurl; the few fields are read without an XML library.
// The endpoint, the payment page and the mode (test T, activation X,
// production W) are the hub's configuration (`guichet-hub serve --payfip FILE`).
#pragma once

#include "common/result.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace guichet::sync::hub::payfip {

inline constexpr std::string_view kServiceNamespace =
    "http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/contrat_paiement_securise/"
    "PaiementSecuriseService";
inline constexpr std::string_view kDefaultServiceUrl = "https://www.payfip.gouv.fr/tpa/services/securite";
inline constexpr std::string_view kDefaultPaymentUrl = "https://www.payfip.gouv.fr/tpa/paiementws.web";
// PayFiP keeps an idOp payable 15 minutes; a P5 answer past 20 means it never will be.
inline constexpr std::int64_t kIdOpLifetimeSeconds = 20 * 60;

struct Config {
    std::string numcli;        // the collectivity's 6-digit client number
    char saisie = 'T';         // T test, X activation, W production
    std::string service_url = std::string(kDefaultServiceUrl);
    std::string payment_url = std::string(kDefaultPaymentUrl);
    std::string public_url;    // the hub as phones reach it, ending in '/': urlnotif, urlredirect, the QR codes
    long timeout_seconds = 20;
    std::string ca_file;       // extra CA bundle for the service (tests: none, plain http on loopback)

    // {"numcli", "mode": "test"|"activation"|"production", "service_url", "payment_url", "public_url", "timeout_seconds"}
    static Result<Config> load(const std::filesystem::path& file);
    static Result<Config> parse(std::string_view json);
};

struct CreateRequest {
    std::string exer, mel, objet, refdet, urlnotif, urlredirect;
    std::int64_t montant = 0;
};

struct Detail {
    std::string idop, refdet, montant, numcli, exer, resultrans, numauto, dattrans, heurtrans, saisie, mel, objet;
};

// A SOAP fault: FonctionnelleErreur's code (P1: unknown idOp, P5: not yet
// paid…) and words; code "transport" when PayFiP could not be reached, "soap"
// for an answer that is not what the protocol says.
struct Fault {
    std::string code;
    std::string message;
};

template <class T>
struct Answer {
    std::optional<T> value;
    Fault fault;
    bool ok() const { return value.has_value(); }
};

// The SOAP bodies, exposed for the test double and the tests.
std::string create_envelope(const Config& config, const CreateRequest& request);
std::string detail_envelope(std::string_view idop);
// The text of the first element named NAME (any prefix), unescaped; nullopt when absent.
std::optional<std::string> xml_field(std::string_view xml, std::string_view name);

Answer<std::string> create_payment(const Config& config, const CreateRequest& request);  // the idOp
Answer<Detail> payment_detail(const Config& config, std::string_view idop);

}  // namespace guichet::sync::hub::payfip

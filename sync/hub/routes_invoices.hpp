// The régie's invoices through the hub (docs/protocol.md §9, protocol 1.8):
//   POST /v1/partner/invoices              the régie publishes a bundle and its offers
//   GET  /v1/kiosk/invoices/{service}      the bundle, for the agent (ETag)
//   GET  /v1/kiosk/invoices/{service}/paid the payment refs paid online
//   GET  /paiement/{token}                 a phone scanned the kiosk's QR code: PayFiP, then redirect
//   POST /paiement/notification            PayFiP's notification (idop), checked with PayFiP
//   GET|POST /paiement/retour              the phone back from PayFiP: where the payment stands
#pragma once

#include "hub/hub_server.hpp"
#include "hub/invoice_payments.hpp"

namespace guichet::sync::hub {

// PAYMENTS outlives the server (guichet-hub serve keeps it in main).
RouteModule invoice_routes(InvoicePayments& payments);

}  // namespace guichet::sync::hub

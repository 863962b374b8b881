#include "partner/partner_text_fr.hpp"

#include "common/staff_language.hpp"

#include <utility>

namespace guichet::sync::partner {

namespace {

constexpr std::string_view kUsageFr = R"(Utilisation :
  guichet-partner keygen --id ID --out DOSSIER [--box]
      Écrit DOSSIER/ID.sign.key (secrète, 0600) et DOSSIER/ID.sign.pub, la paire
      de clés qui signe les requêtes ; le personnel inscrit le .pub au hub avec
      `guichet-hub add-partner --id ID --key DOSSIER/ID.sign.pub`. Avec --box,
      aussi DOSSIER/ID.box.key et DOSSIER/ID.box.pub, la paire de clés pour
      laquelle les démarches sont scellées.
  guichet-partner fetch --hub URL --key ID.box.key --out DOSSIER [--all] [--ack] [--keep-sealed]
      Ouvre les démarches de ce service dans DOSSIER/<uuid>/ : demarche.json
      (les réponses du formulaire), info.json, attachments/. Celles déjà
      récupérées sont gardées.
  guichet-partner ack --hub URL --key ID.box.key UUID...
  guichet-partner status --hub URL --key ID.box.key CODE STATUT [MESSAGE]
      STATUT : recu, en_cours, a_completer, pret_a_retirer, termine, refuse.
  guichet-partner visio-book --hub URL --key ID.box.key CRÉNEAU CODE DÉBUT
  guichet-partner visio-cancel --hub URL --key ID.box.key CRÉNEAU
      La démarche CODE a réservé le rendez-vous en visio CRÉNEAU à DÉBUT
      (AAAA-MM-JJTHH:MM, heure locale, comme dans le flux des créneaux) : le
      hub ouvre sa salle de 10 minutes avant à 30 minutes après (docs/visio.md).
  guichet-partner regie COMMANDE ...
      Le registre des mandats SEPA de la régie et ses fichiers de prélèvements : regie --help.
  guichet-partner regie publish-invoices --hub URL --id ID --sign-key ID.sign.key
                  --invoice-key CLÉ --from FICHIER.csv|FICHIER.json [--version N] [--out FICHIER.gib]
      Les factures de la régie vers les bornes, celles de chaque famille
      scellées sous son numéro et son code, signées avec la clé minisign CLÉ
      de la régie (docs/invoices.md).

Options communes : --sign-key FICHIER (par défaut : ID.sign.key à côté de --key),
--id ID (par défaut : le nom du fichier --key sans .box.key).
Un hub https:// (http:// seulement pour un hub sur cette machine) est reconnu
avec --ca FICHIER (PEM : son certificat auto-signé ou son autorité de
certification ; le certificat doit nommer l’hôte de l’URL) et/ou --pin
sha256//BASE64 (sa clé publique, SHA-256 de la SPKI, telle que scripts/run.sh
l’affiche ; seule, aucune autorité n’est nécessaire) ; par défaut : les
autorités du système. Un hub qui ne correspond pas est refusé avant tout envoi.
Code de sortie : 0 réussite, 1 échec, 2 ligne de commande incorrecte.
Les messages sont en français, en anglais si LANG (ou GUICHET_LANG, LC_ALL, LC_MESSAGES) commence par « en ».
)";

const std::pair<std::string_view, std::string_view> kFrench[] = {
    {"guichet-partner: {1}\n\n", "guichet-partner : {1}\n\n"},
    {"guichet-partner: {1}\n", "guichet-partner : {1}\n"},
    // usage errors
    {"a command is required", "une commande est nécessaire"},
    {"ack needs at least one UUID", "ack a besoin d’au moins un UUID"},
    {"fetch needs --out DIR", "fetch a besoin de --out DOSSIER"},
    {"keygen needs --id and --out", "keygen a besoin de --id et --out"},
    {"status needs CODE STATUS [MESSAGE]", "status a besoin de CODE STATUT [MESSAGE]"},
    {"visio-book needs SLOT CODE START", "visio-book a besoin de CRÉNEAU CODE DÉBUT"},
    {"visio-cancel needs SLOT", "visio-cancel a besoin d’un CRÉNEAU"},
    {"START: expected YYYY-MM-DDTHH:MM (local time) or Unix seconds, got {1}",
     "DÉBUT : AAAA-MM-JJTHH:MM (heure locale) ou secondes Unix attendues, reçu {1}"},
    {"unknown command {1}", "commande inconnue {1}"},
    {"unknown option {1}", "option inconnue {1}"},
    {"unknown status {1} (recu, en_cours, a_completer, pret_a_retirer, termine, refuse)",
     "statut inconnu {1} (recu, en_cours, a_completer, pret_a_retirer, termine, refuse)"},
    {"{1} needs --hub and --key", "{1} a besoin de --hub et --key"},
    {"{1} needs a value", "{1} a besoin d’une valeur"},
    // output
    {"wrote {1} and {2}\n", "écrit {1} et {2}\n"},
    {"wrote {1} and {2} (and the box key pair)\n", "écrit {1} et {2} (et la paire de clés de scellement)\n"},
    {" (already there)", " (déjà là)"},
    {"guichet-partner: {1} new démarche(s), {2} already fetched\n",
     "guichet-partner : {1} nouvelle(s) démarche(s), {2} déjà récupérée(s)\n"},
    {"{1}: {2}, stopping{3}\n", "{1} : {2}, arrêt{3}\n"},
    {"Terminated", "signal d’arrêt (SIGTERM)"},
    {"Interrupt", "interruption (SIGINT)"},
    // partner.cpp
    {"démarche {1}: its envelope is addressed to '{2}', not to {3}", "démarche {1} : son enveloppe est adressée à '{2}', pas à {3}"},
    {"démarche {1}: the hub listed no usable key for kiosk {2}",
     "démarche {1} : le hub n’a donné aucune clé utilisable pour la borne {2}"},
    {"démarche {1}: {2}", "démarche {1} : {2}"},
    {"cannot create {1}: {2}", "impossible de créer {1} : {2}"},
    {"démarche {1}: cannot open the payload with {2}'s key", "démarche {1} : impossible d’ouvrir le contenu avec la clé de {2}"},
    {"démarche {1}: attachment {2} does not match its hash", "démarche {1} : la pièce jointe {2} n’a pas l’empreinte attendue"},
    {"démarche {1}: cannot open attachment metadata", "démarche {1} : impossible d’ouvrir les métadonnées d’une pièce jointe"},
    {"démarche {1}: cannot open attachment {2}", "démarche {1} : impossible d’ouvrir la pièce jointe {2}"},
    {"démarche {1}: attachment {2} differs from the hash its payload declares",
     "démarche {1} : la pièce jointe {2} n’a pas l’empreinte que déclare son contenu"},
    {"the hub listed a malformed UUID", "le hub a donné un UUID mal formé"},
    {"cannot rename {1}: {2}", "impossible de renommer {1} : {2}"},
};

}  // namespace

void add_french_texts(std::string_view usage) {
    const std::pair<std::string_view, std::string_view> entry[] = {{usage, kUsageFr}};
    staff::add_french(entry);
    staff::add_french(kFrench);
}

}  // namespace guichet::sync::partner

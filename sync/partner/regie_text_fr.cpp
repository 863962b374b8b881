// The régie's commands in French (common/staff_language.hpp): usage, output and the register's errors.
#include "common/staff_language.hpp"
#include "partner/regie_cli.hpp"
#include "sepa/sepa_text_fr.hpp"

#include <string_view>
#include <utility>

namespace guichet::sync::regie {

namespace {

constexpr std::string_view kUsageFr = R"(Utilisation :
  guichet-partner regie import [--dir DOSSIER]
      Ajoute au registre les mandats SEPA parmi les démarches que
      `guichet-partner fetch --out DOSSIER` a ouvertes (DOSSIER/<uuid>/demarche.json).
  guichet-partner regie mandates [--dir DOSSIER]
      Liste le registre : RUM, état, type, titulaire, IBAN, BIC, dates.
  guichet-partner regie creditor [--dir DOSSIER] --name NOM --ics ICS --iban IBAN --bic BIC
      Enregistre le compte de la régie, crédité par les prélèvements.
  guichet-partner regie amend RUM --iban IBAN --bic BIC [--dir DOSSIER]
      Le nouveau compte du débiteur : même RUM ; le prochain prélèvement porte
      la modification (autre banque : de nouveau FRST, « SMNDA »).
  guichet-partner regie revoke RUM [--final] [--dir DOSSIER]
      Révoque le mandat tout de suite (plus aucun prélèvement) ; avec --final,
      le prochain prélèvement est le dernier (FNAL), puis le mandat prend fin.
  guichet-partner regie pain008 [--dir DOSSIER] --invoices FICHIER.csv --format 02|08
                                --collection-date AAAA-MM-JJ --out FICHIER.xml
      Écrit le fichier de prélèvements (ISO 20022 pain.008.001.02 ou .08) des
      factures de FICHIER.csv (en-tête : rum;montant;facture;libelle), avec les
      types de séquence que donne le registre (FRST, RCUR, OOFF, FNAL), et
      enregistre les prélèvements. Rien n’est enregistré si une ligne est refusée.
  guichet-partner regie publish-invoices ...
      Les factures des familles vers les bornes, scellées : publish-invoices --help
      (docs/invoices.md).

Le registre est DOSSIER/regie.sqlite (DOSSIER par défaut : le dossier courant). Format : docs/sepa.md.
Code de sortie : 0 réussite, 1 échec, 2 ligne de commande incorrecte.
)";

const std::pair<std::string_view, std::string_view> kFrench[] = {

    {"guichet-partner regie: {1}\n\n", "guichet-partner regie : {1}\n\n"},
    {"guichet-partner regie: {1}\n", "guichet-partner regie : {1}\n"},
    // usage errors
    {"a régie command is required (import, mandates, creditor, amend, revoke, pain008)",
     "une commande de la régie est nécessaire (import, mandates, creditor, amend, revoke, pain008)"},
    {"unknown régie command {1}", "commande de la régie inconnue {1}"},
    {"{1} needs one mandate reference (RUM)", "{1} a besoin d’une référence de mandat (RUM)"},
    {"{1} takes no argument", "{1} ne prend pas d’argument"},
    {"creditor needs --name, --ics, --iban and --bic", "creditor a besoin de --name, --ics, --iban et --bic"},
    {"amend needs --iban and --bic", "amend a besoin de --iban et --bic"},
    {"pain008 needs --invoices, --format, --collection-date and --out",
     "pain008 a besoin de --invoices, --format, --collection-date et --out"},
    {"--format is 02 (pain.008.001.02) or 08 (pain.008.001.08), not {1}",
     "--format vaut 02 (pain.008.001.02) ou 08 (pain.008.001.08), pas {1}"},
    // regie_register.cpp
    {"{1} has register schema version {2}; this program reads version {3}: update it",
     "{1} a la version {2} du schéma du registre ; ce programme lit la version {3} : mettez-le à jour"},
    {"the mandate reference {1} is already in the register (démarche {2}): démarche {3} is not imported",
     "la référence de mandat {1} est déjà dans le registre (démarche {2}) : la démarche {3} n’est pas importée"},
    {"unknown mandate {1}: see `guichet-partner regie mandates`", "mandat inconnu {1} : voyez `guichet-partner regie mandates`"},
    {"the mandate {1} was revoked on {2}: a new mandate must be signed",
     "le mandat {1} a été révoqué le {2} : un nouveau mandat doit être signé"},
    {"the mandate {1} is used up: a new mandate must be signed", "le mandat {1} est épuisé : un nouveau mandat doit être signé"},
    {"the IBAN '{1}' is not valid: {2}", "l’IBAN « {1} » n’est pas valable : {2}"},
    {"the BIC '{1}' is not valid: {2}", "le BIC « {1} » n’est pas valable : {2}"},
    {"the mandate {1} already has this account", "le mandat {1} a déjà ce compte"},
    {"the mandate {1} was already revoked on {2}", "le mandat {1} a déjà été révoqué le {2}"},
    {"the mandate {1} is used up: there is nothing to revoke", "le mandat {1} est épuisé : il n’y a rien à révoquer"},
    {"the mandate {1} is one-off: its only debit is already the last one (OOFF)",
     "le mandat {1} est ponctuel : son unique prélèvement est déjà le dernier (OOFF)"},
    {"the creditor needs a name", "le créancier a besoin d’un nom"},
    {"the régie's account is not set: run `guichet-partner regie creditor --dir DIR --name NAME --ics ICS --iban IBAN --bic BIC`",
     "le compte de la régie n’est pas enregistré : lancez `guichet-partner regie creditor --dir DOSSIER --name NOM --ics ICS --iban IBAN --bic BIC`"},
    {"the collection date '{1}' is not a date YYYY-MM-DD", "la date de prélèvement « {1} » n’est pas une date AAAA-MM-JJ"},
    {"the invoices file has no invoice", "le fichier des factures ne contient aucune facture"},
    {"line {1}", "ligne {1}"},
    {"{1}: unknown mandate {2}: see `guichet-partner regie mandates`",
     "{1} : mandat inconnu {2} : voyez `guichet-partner regie mandates`"},
    {"{1}: the mandate {2} was revoked on {3}: no debit; ask the family for another payment",
     "{1} : le mandat {2} a été révoqué le {3} : aucun prélèvement ; demandez à la famille un autre moyen de paiement"},
    {"{1}: the mandate {2} is used up (one-off or last debit done): a new mandate must be signed",
     "{1} : le mandat {2} est épuisé (ponctuel ou dernier prélèvement fait) : un nouveau mandat doit être signé"},
    {"{1}: the mandate {2} was signed for the creditor identifier {3}, the régie's is {4}",
     "{1} : le mandat {2} a été signé pour l’identifiant créancier {3}, celui de la régie est {4}"},
    {"{1}: the mandate {2} has lapsed: no debit for 36 months (since {3}); a new mandate must be signed",
     "{1} : le mandat {2} est caduc : aucun prélèvement depuis 36 mois (depuis le {3}) ; un nouveau mandat doit être signé"},
    {"{1}: the collection date {2} is before the mandate {3} was signed ({4})",
     "{1} : la date de prélèvement {2} est antérieure à la signature du mandat {3} ({4})"},
    {"{1}: the amount must be more than 0", "{1} : le montant doit être supérieur à 0"},
    {"{1}: the invoice {2} is twice in the file", "{1} : la facture {2} est deux fois dans le fichier"},
    {"{1}: the invoice {2} has two mandate references ({3} and {4})", "{1} : la facture {2} a deux RUM différentes ({3} et {4})"},
    {"{1}: the invoice {2} was already collected on {3} (file {4}): it is not debited twice",
     "{1} : la facture {2} a déjà été prélevée le {3} (fichier {4}) : elle n’est pas prélevée deux fois"},
    {"{1}: the mandate {2} is already debited in this file ({3}): put this invoice in the next file",
     "{1} : le mandat {2} est déjà prélevé dans ce fichier ({3}) : mettez cette facture dans le fichier suivant"},
    {"{1}: the header line lacks the column '{2}' (columns: rum, montant, facture, libelle)",
     "{1} : la ligne d’en-tête n’a pas la colonne « {2} » (colonnes : rum, montant, facture, libelle)"},
    {"{1}: the amount '{2}' is not an amount in euros above 0 with at most 2 decimals (e.g. 42,50)",
     "{1} : le montant « {2} » n’est pas un montant en euros supérieur à 0 avec 2 décimales au plus (par exemple 42,50)"},
    {"{1}: the invoice number '{2}' must have 1 to 35 characters", "{1} : le numéro de facture « {2} » doit avoir de 1 à 35 caractères"},
    {"{1}: the invoice number '{2}' may hold only letters, digits and / - ? : ( ) . , ' +",
     "{1} : le numéro de facture « {2} » ne peut contenir que des lettres, des chiffres et / - ? : ( ) . , ' +"},
    {"{1}: more than 100000 invoices in one file", "{1} : plus de 100000 factures dans un seul fichier"},
    {"{1}: the file is empty (a header line rum;montant;facture;libelle is expected)",
     "{1} : le fichier est vide (une ligne d’en-tête rum;montant;facture;libelle est attendue)"},
    {"{1}: not a démarche's JSON", "{1} : ce n’est pas le JSON d’une démarche"},
    {"{1}: unknown payment type '{2}' (recurrent or ponctuel)", "{1} : type de paiement inconnu « {2} » (recurrent ou ponctuel)"},
    {"{1}: the signature date '{2}' is not a date", "{1} : la date de signature « {2} » n’est pas une date"},
    {"{1}: the mandate has no account holder ('titulaire')", "{1} : le mandat n’a pas de titulaire du compte (« titulaire »)"},
    {"{1}: the IBAN is not valid: {2}", "{1} : l’IBAN n’est pas valable : {2}"},
    {"{1}: the BIC is not valid: {2}", "{1} : le BIC n’est pas valable : {2}"},
    // regie_cli.cpp output
    {"active", "actif"},
    {"last debit next (FNAL)", "dernier prélèvement à venir (FNAL)"},
    {"used up", "épuisé"},
    {"revoked on {1}", "révoqué le {1}"},
    {"cannot read {1}: {2}", "impossible de lire {1} : {2}"},
    {"mandate {1} added: {2}, {3} ({4})\n", "mandat {1} ajouté : {2}, {3} ({4})\n"},
    {"guichet-partner regie: {1} mandate(s) added, {2} already in the register, {3} refused\n",
     "guichet-partner regie : {1} mandat(s) ajouté(s), {2} déjà dans le registre, {3} refusé(s)\n"},
    {"one-off", "ponctuel"},
    {"recurrent", "récurrent"},
    {"  holder: {1}; family: {2}; démarche {3}\n", "  titulaire : {1} ; famille : {2} ; démarche {3}\n"},
    {"  IBAN {1}, BIC {2}; signed on {3}\n", "  IBAN {1}, BIC {2} ; signé le {3}\n"},
    {"  never collected: the next debit is FRST\n", "  jamais prélevé : le prochain prélèvement est FRST\n"},
    {"  first debit {1}, last {2}\n", "  premier prélèvement {1}, dernier {2}\n"},
    {"  amendment pending: new bank (next debit FRST, SMNDA), was {1}\n",
     "  modification à transmettre : nouvelle banque (prochain prélèvement FRST, SMNDA), ancien compte {1}\n"},
    {"  amendment pending: new account at the same bank, was {1}\n",
     "  modification à transmettre : nouveau compte dans la même banque, ancien compte {1}\n"},
    {"guichet-partner regie: {1} mandate(s)\n", "guichet-partner regie : {1} mandat(s)\n"},
    {"the régie's account is set\n", "le compte de la régie est enregistré\n"},
    {"mandate {1}: account replaced (never collected: no amendment to send)\n",
     "mandat {1} : compte remplacé (jamais prélevé : aucune modification à transmettre)\n"},
    {"mandate {1}: new bank; the next debit is FRST with the amendment SMNDA\n",
     "mandat {1} : nouvelle banque ; le prochain prélèvement est FRST avec la modification SMNDA\n"},
    {"mandate {1}: new account; the next debit carries the amendment and the original IBAN\n",
     "mandat {1} : nouveau compte ; le prochain prélèvement porte la modification et l’IBAN d’origine\n"},
    {"mandate {1}: the next debit is the last one (FNAL)\n", "mandat {1} : le prochain prélèvement est le dernier (FNAL)\n"},
    {"mandate {1} revoked: no debit any more\n", "mandat {1} révoqué : plus aucun prélèvement\n"},
    {"the collection date {1} is past", "la date de prélèvement {1} est passée"},
    {"the debits are recorded but {1} could not be renamed to {2}: {3}; send {1}",
     "les prélèvements sont enregistrés mais {1} n’a pas pu être renommé en {2} : {3} ; envoyez {1}"},
    {"wrote {1}: {2} debit(s), {3} EUR ({4}), message {5}, collection on {6}\n",
     "écrit {1} : {2} prélèvement(s), {3} EUR ({4}), message {5}, prélèvement le {6}\n"},
};

}  // namespace

void add_french_texts() {
    // Keyed on the English usage itself (regie_cli.cpp), so that the two never drift apart.
    const std::pair<std::string_view, std::string_view> usage[] = {{usage_text(), kUsageFr}};
    staff::add_french(usage);
    staff::add_french(kFrench);
    sepa::add_french_texts();
}

}  // namespace guichet::sync::regie

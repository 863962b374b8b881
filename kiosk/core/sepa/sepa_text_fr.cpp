#include "sepa/sepa_text_fr.hpp"

#include "common/staff_language.hpp"

#include <string_view>
#include <utility>

namespace guichet::sepa {

namespace {

const std::pair<std::string_view, std::string_view> kFrench[] = {
    // sepa.cpp
    {"the creditor identifier (ICS) is empty", "l’identifiant créancier SEPA (ICS) est vide"},
    {"the creditor identifier (ICS) '{1}' may hold only letters and digits",
     "l’identifiant créancier SEPA (ICS) « {1} » ne peut contenir que des lettres et des chiffres"},
    {"the creditor identifier (ICS) '{1}' has {2} characters: it has 8 to 35 (13 in France, e.g. FR46ZZZ005002)",
     "l’identifiant créancier SEPA (ICS) « {1} » a {2} caractères : il en a de 8 à 35 (13 en France, par exemple FR46ZZZ005002)"},
    {"the creditor identifier (ICS) '{1}' must start with a country code (FR)",
     "l’identifiant créancier SEPA (ICS) « {1} » doit commencer par un code pays (FR)"},
    {"the creditor identifier (ICS) '{1}' must have two check digits after its country code",
     "l’identifiant créancier SEPA (ICS) « {1} » doit avoir deux chiffres de contrôle après le code pays"},
    {"the French creditor identifier (ICS) '{1}' has {2} characters instead of 13 (FRkk ZZZ nnnnnn)",
     "l’identifiant créancier SEPA (ICS) français « {1} » a {2} caractères au lieu de 13 (FRkk ZZZ nnnnnn)"},
    {"the creditor identifier (ICS) '{1}' has wrong check digits ({2} instead of {3}): check it against the bank's letter",
     "l’identifiant créancier SEPA (ICS) « {1} » a une clé de contrôle fausse ({2} au lieu de {3}) : vérifiez-le sur le courrier de la banque"},
    {"the mandate reference (RUM) is empty", "la référence unique du mandat (RUM) est vide"},
    {"the mandate reference (RUM) '{1}' has {2} characters: at most 35",
     "la référence unique du mandat (RUM) « {1} » a {2} caractères : 35 au plus"},
    {"the mandate reference (RUM) '{1}' contains a space, which banks refuse",
     "la référence unique du mandat (RUM) « {1} » contient une espace, que les banques refusent"},
    {"the mandate reference (RUM) '{1}' contains a character outside the SEPA set (letters, digits, / - ? : ( ) . , ' +)",
     "la référence unique du mandat (RUM) « {1} » contient un caractère hors du jeu SEPA (lettres, chiffres, / - ? : ( ) . , ' +)"},
    {"the mandate reference (RUM) '{1}' may not start or end with '/' nor contain '//'",
     "la référence unique du mandat (RUM) « {1} » ne peut ni commencer ni finir par « / », ni contenir « // »"},
    {"the tracking prefix '{1}' is not 3 capital letters", "le préfixe de suivi « {1} » n’est pas fait de 3 lettres capitales"},
    {"a RUM needs the kiosk's id", "une RUM a besoin de l’identifiant de la borne"},
    {"the clock is out of range for a RUM", "l’horloge est hors des limites d’une RUM"},
    {"'{1}' is not a mandate reference made by a kiosk (PPP1-KKKK-TTTTTTT-RRRRRRRR)",
     "« {1} » n’est pas une référence de mandat faite par une borne (PPP1-KKKK-TTTTTTT-RRRRRRRR)"},
    // pain008.cpp
    {"{1} '{2}' must have 1 to 35 characters", "{1} « {2} » doit avoir de 1 à 35 caractères"},
    {"{1} '{2}' has a character outside the SEPA set", "{1} « {2} » contient un caractère hors du jeu SEPA"},
    {"the message id", "l’identifiant du message"},
    {"the end-to-end id", "la référence de bout en bout"},
    {"the collection date '{1}' is not a date YYYY-MM-DD", "la date de prélèvement « {1} » n’est pas une date AAAA-MM-JJ"},
    {"there is no debit to collect", "il n’y a aucun prélèvement à faire"},
    {"the creditor's IBAN '{1}' is not valid", "l’IBAN du créancier « {1} » n’est pas valable"},
    {"the creditor's BIC '{1}' is not valid for its IBAN", "le BIC du créancier « {1} » n’est pas valable pour son IBAN"},
    {"the creditor has no name", "le créancier n’a pas de nom"},
    {"debit {1}: the amount {2} is not between 0.01 and 999999999.99 euros",
     "prélèvement {1} : le montant {2} n’est pas compris entre 0,01 et 999 999 999,99 euros"},
    {"debit {1}: the mandate's signature date '{2}' is not a date YYYY-MM-DD",
     "prélèvement {1} : la date de signature du mandat « {2} » n’est pas une date AAAA-MM-JJ"},
    {"debit {1}: the debtor's IBAN is not valid", "prélèvement {1} : l’IBAN du débiteur n’est pas valable"},
    {"debit {1}: the debtor's BIC '{2}' is not valid for the IBAN",
     "prélèvement {1} : le BIC du débiteur « {2} » n’est pas valable pour l’IBAN"},
    {"debit {1}: the debtor has no name", "prélèvement {1} : le débiteur n’a pas de nom"},
    {"debit {1}: the amendment's original IBAN is not valid", "prélèvement {1} : l’IBAN d’origine de la modification n’est pas valable"},
    {"debit {1}: a mandate moved to another bank is collected as FRST",
     "prélèvement {1} : un mandat passé dans une autre banque est prélevé en FRST"},
};

}  // namespace

void add_french_texts() { staff::add_french(kFrench); }

}  // namespace guichet::sepa

#include "agent/agent_text_fr.hpp"

#include "common/staff_language.hpp"

#include <utility>

namespace guichet::sync::agent {

namespace {

constexpr std::string_view kUsageFr = R"(Utilisation :
  guichet-sync --state DOSSIER [--hub URL] [--once] [options]
      Synchronise avec le hub la borne dont le dossier d’état est DOSSIER
      (guichet.db) : vide la boîte d’envoi, récupère les statuts, envoie un
      signe de vie ; puis attend --interval secondes ou que DOSSIER/sync-request
      apparaisse. SIGTERM/SIGINT l’arrêtent en moins d’une seconde, en abandonnant
      la requête en cours (elle est refaite plus tard) ; SIGKILL est sans danger.
  guichet-sync enroll --state DOSSIER --hub URL --token JETON [--name TEXTE]
                      [--ca FICHIER] [--pin sha256//BASE64]
      Crée la paire de clés de la borne (DOSSIER/sync-key, mode 0600) et
      l’inscrit au hub avec un jeton de `guichet-hub enroll-token`. L’URL du
      hub, --ca et --pin sont notés dans DOSSIER/sync.json pour les exécutions
      suivantes.
  guichet-sync import-bundle --state DOSSIER --packs DOSSIER --bundle CLÉ_USB [--keys DOSSIER]
      Installe les mises à jour de packs depuis une copie du dépôt de packs du
      hub sur clé USB (docs/bundle.md), avec les vérifications d’une mise à
      jour par le réseau, et applique les statuts de
      CLÉ_USB/statuses/<cette borne>.gst (`guichet-hub export-statuses` :
      signé par une clé de pack de confiance, pour cette borne, non expiré ;
      sans effet la seconde fois). Avec --keys et sans --packs, seulement les
      statuts.
  guichet-sync export-bundle --state DOSSIER --out CLÉ_USB
      Écrit les démarches pas encore confirmées par le hub (toujours scellées)
      et un signe de vie dans CLÉ_USB/outbox/, signés avec DOSSIER/sync-key,
      pour `guichet-hub import-bundle` (docs/bundle.md §4). Elles restent en
      attente ici : celle des deux voies qui arrive en second, clé ou ligne,
      est sans effet au hub. Le manifeste est écrit en dernier ; une clé
      retirée avant « lot écrit » est refusée par le hub comme incomplète.

Options :
  --hub URL            https://HÔTE:PORT (http:// seulement pour un hub sur cette
                       machine) ; par défaut : l’URL notée à l’enrôlement
  --ca FICHIER         le certificat d’un hub https:// doit être signé par FICHIER
                       (PEM : le certificat auto-signé du hub ou son autorité de
                       certification) et nommer son hôte
  --pin sha256//BASE64 la clé publique du hub doit être celle-ci (SHA-256 de la
                       SPKI, telle que scripts/run.sh l’affiche ; plusieurs :
                       séparées par « ; ») ; seule, aucune autorité n’est
                       nécessaire. Un hub qui ne correspond pas est refusé sans
                       rien envoyer : les démarches restent en attente. Par
                       défaut pour les deux : ce que l’enrôlement a noté, sinon
                       les autorités du système
  --once               un seul cycle, puis sortie (code 0 s’il n’a pas eu d’erreur)
  --interval S         secondes entre deux cycles (60 par défaut)
  --retry-base S       premier délai avant de réessayer une démarche en échec (10 par défaut)
  --retry-cap S        plus long délai avant de réessayer (3600 par défaut)
  --batch N            démarches prises à la fois (100 par défaut), envoyées en une
                       seule requête quand le hub prend les lots (protocole 1.7)
  --no-batch           une requête par démarche, comme avant le protocole 1.7
  --no-pipeline        une requête de lot à la fois (par défaut, le lot suivant
                       part sur une seconde connexion pendant que le hub répond)
  --chunk-bytes N      taille des morceaux de pièces jointes (262144 par défaut)
  --timeout-ms N       délai de chaque requête, en entier : connexion, en-têtes et
                       corps (20000 par défaut ; attentes dues à --max-rate non comptées)
  --lease S            une démarche laissée « en envoi » par un agent tué est
                       réessayée après S secondes (900 par défaut)
  --seed N             graine du hasard des délais (par défaut : aléatoire)
  --packs DOSSIER      met aussi à jour les packs de la borne dans DOSSIER depuis le
                       dépôt de packs du hub (docs/pack-repository.md), une fois la
                       boîte d’envoi vide
  --keys DOSSIER       les clés de pack de confiance de la borne (*.pub ; par défaut
                       le DOSSIER de --packs)
  --kiosk-id ID        l’identifiant de borne que nomment les publics des packs
                       (« kiosk » par défaut)
  --pack-window H-H    heures (locales) où les packs se téléchargent même avec des
                       démarches en attente, par ex. 1-5
  --pack-chunk-bytes N taille des plages de téléchargement des packs (1048576 par
                       défaut, au moins 4096) : ce qu’un téléchargement interrompu
                       peut devoir reprendre
  --max-rate KBIT      plafond de débit des téléchargements de packs, en kilobits
                       par seconde (1000 bit/s), lissé par un seau à jetons avec
                       une rafale d’un quart de seconde ; par défaut : aucun
  --max-rate-all       applique plutôt --max-rate à toutes les requêtes et réponses
                       (démarches, statuts, flux, packs)
  Avec --packs ou --keys, chaque cycle récupère aussi les flux signés (offres
  d’emploi, agenda, créneaux de rendez-vous ; docs/feeds.md) dans DOSSIER/feeds/,
  vérifiés avec les mêmes clés de pack de confiance.
Protocole : docs/protocol.md. Code de sortie : 0 réussite, 1 échec, 2 ligne de commande incorrecte.
Les messages sont en français, en anglais si LANG (ou GUICHET_LANG, LC_ALL, LC_MESSAGES) commence par « en ».
)";

const std::pair<std::string_view, std::string_view> kFrench[] = {
    {"guichet-sync: {1}\n\n", "guichet-sync : {1}\n\n"},
    {"guichet-sync: {1}\n", "guichet-sync : {1}\n"},
    // usage errors
    {"--batch: expected 1–1000", "--batch : de 1 à 1000 est attendu"},
    {"--chunk-bytes: expected 1024–1048576", "--chunk-bytes : de 1024 à 1048576 est attendu"},
    {"--interval: expected seconds", "--interval : des secondes sont attendues"},
    {"--lease: expected seconds", "--lease : des secondes sont attendues"},
    {"--max-rate-all needs --max-rate KBIT", "--max-rate-all a besoin de --max-rate KBIT"},
    {"--max-rate: expected kilobits per second, 8–10000000", "--max-rate : des kilobits par seconde, de 8 à 10000000, sont attendus"},
    {"--pack-chunk-bytes: expected 4096–1048576", "--pack-chunk-bytes : de 4096 à 1048576 est attendu"},
    {"--pack-window: expected hours H-H, e.g. 1-5", "--pack-window : des heures H-H sont attendues, par ex. 1-5"},
    {"--retry-base: expected seconds", "--retry-base : des secondes sont attendues"},
    {"--retry-cap: expected seconds", "--retry-cap : des secondes sont attendues"},
    {"--seed: expected a number", "--seed : un nombre est attendu"},
    {"--state DIR is required", "--state DOSSIER est obligatoire"},
    {"--timeout-ms: expected milliseconds", "--timeout-ms : des millisecondes sont attendues"},
    {"enroll needs --hub URL and --token TOKEN", "enroll a besoin de --hub URL et --token JETON"},
    {"export-bundle needs --out USB", "export-bundle a besoin de --out CLÉ_USB"},
    {"import-bundle needs --bundle DIR and --packs DIR (or --keys DIR for statuses only)",
     "import-bundle a besoin de --bundle DOSSIER et --packs DOSSIER (ou --keys DOSSIER pour les seuls statuts)"},
    {"unknown command {1}", "commande inconnue {1}"},
    {"unknown option {1}", "option inconnue {1}"},
    {"{1} needs a value (or is unknown)", "{1} a besoin d’une valeur (ou est inconnue)"},
    // output and log lines
    {"enrolled as {1}\n", "enrôlée sous l’identifiant {1}\n"},
    {"import-bundle: statuses refused: {1}", "import-bundle : statuts refusés : {1}"},
    {"no statuses for kiosk {1} on this stick\n", "aucun statut pour la borne {1} sur cette clé\n"},
    {"statuses: {1} applied (hub sequence {2})\n", "statuts : {1} appliqué(s) (séquence du hub {2})\n"},
    {"bundle written to {1}: {2} démarches, {3} attachments, {4} bytes, signed as kiosk {5}\n",
     "lot écrit dans {1} : {2} démarche(s), {3} pièce(s) jointe(s), {4} octets, signé en tant que borne {5}\n"},
    {"guichet-sync: hub reachable, delivered {1}, failed {2}, statuses {3}\n",
     "guichet-sync : hub joignable, {1} remise(s), {2} en échec, {3} statut(s)\n"},
    {"guichet-sync: hub unreachable, delivered {1}, failed {2}, statuses {3}\n",
     "guichet-sync : hub injoignable, {1} remise(s), {2} en échec, {3} statut(s)\n"},
    {"pack '{1}': {2}\n", "pack '{1}' : {2}\n"},
    {"index version {1} from {2}\n", "index version {1} depuis {2}\n"},
    {"{1}: {2}, stopping{3}\n", "{1} : {2}, arrêt{3}\n"},
    {"Terminated", "signal d’arrêt (SIGTERM)"},
    {"Interrupt", "interruption (SIGINT)"},
    {"(the request in progress is abandoned)", "(la requête en cours est abandonnée)"},
};

}  // namespace

void add_french_texts(std::string_view usage) {
    const std::pair<std::string_view, std::string_view> entry[] = {{usage, kUsageFr}};
    staff::add_french(entry);
    staff::add_french(kFrench);
}

}  // namespace guichet::sync::agent

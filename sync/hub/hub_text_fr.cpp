#include "hub/hub_text_fr.hpp"

#include "common/staff_language.hpp"

#include <utility>

namespace guichet::sync::hub {

namespace {

constexpr std::string_view kUsageFr = R"(Utilisation :
  guichet-hub [serve] --data DOSSIER --listen HÔTE:PORT [--max-connections N]
                    [--max-connections-per-address N] [--header-timeout S]
                    [--public-rate N] [--web DOSSIER] [--staff-from PLAGES]
                    [--metrics-token-file FICHIER] [--staff-idle-minutes N]
                    [--pack-key PUB] [--payfip FICHIER] [--alert-webhook URL]
                    [--alert-mail ADR] [--alert-from ADR] [--alert-sendmail CHEMIN]
                    [--alert-interval S] [--alert-name NOM]
                    [--turn-secret-file FICHIER --turn-uri URI...]
                    [--web-channel web-ID [--web-rate-per-address N]
                     [--web-rate-total N]]
                    [--tls-cert CERT.pem --tls-key CLÉ.pem | --behind-tls-proxy]
      Sert l’API du hub sur HÔTE:PORT (PORT 0 : un port libre quelconque).
      Affiche « listening on https://HÔTE:PORT » (http:// sans TLS) une fois
      prêt (dans toutes les langues : des scripts le lisent). SIGTERM/SIGINT
      l’arrêtent proprement.
      Avec --tls-cert et --tls-key (PEM : la chaîne de certificats, la clé
      privée), le hub ne parle que HTTPS (TLS 1.2 ou 1.3). Le HTTP en clair
      n’est servi que sur la boucle locale (127.0.0.1, ::1) : sur une autre
      adresse, le hub refuse de démarrer sans TLS, sauf si --behind-tls-proxy
      indique qu’un mandataire TLS sur cette machine (nginx) lui transmet les
      requêtes ; le hub doit alors écouter sur la boucle locale, et croit les
      en-têtes X-Forwarded-Proto et X-Forwarded-For du mandataire
      (docs/back-office.md §4.1).
      Le bureau des agents des services partenaires est à /bureau/
      (docs/back-office.md), ses fichiers lus dans DOSSIER (par défaut
      ../share/guichet/web à côté du programme installé, sinon sync/hub/web
      de l’arbre des sources).
      Les pages du personnel (/mairie/, comptes créés par staff-add) et
      /metrics ne répondent qu’à la machine du hub elle-même, ou aux plages
      d’adresses de PLAGES, séparées par des virgules (192.168.1.0/24,fd00::/8).
      Avec FICHIER, /metrics répond aussi à « Authorization: Bearer <première
      ligne du fichier> » depuis n’importe où. Une session du personnel se
      ferme après N minutes sans requête (30 par défaut), et après 12 heures
      dans tous les cas. PUB : la moitié publique de la clé de signature des
      packs (celle à laquelle les bornes font confiance), répétable : avec
      elle, le personnel peut déposer depuis ses pages un flux signé par
      guichet-hub publish-feed.
      --payfip FICHIER : le paiement en ligne de la régie par PayFiP (JSON :
      numcli, mode test|activation|production, service_url, payment_url,
      public_url ; docs/protocol.md §9) ; sans lui, les factures sont
      relayées mais pas payables.
      --web-channel web-ID : accepte les démarches du site de la commune
      (docs/protocol.md §11), au plus N par minute depuis une adresse (6 par
      défaut) et en tout (120 par défaut) ; fermé par défaut (403).
      Alertes (docs/alerts.md) : toutes les S secondes (60 par défaut), le hub
      regarde les problèmes de ses bornes (muette, file bloquée, disque
      presque plein, imprimante, packs) et signale une fois chaque nouveau
      problème, et chaque problème réglé : un POST JSON vers URL et/ou un
      courriel en français à ADR (répétable) par CHEMIN -t -oi (par défaut
      /usr/sbin/sendmail), de la part de ADR, avec NOM (guichet-hub par
      défaut) dans l’objet.
  guichet-hub routes --data DOSSIER
      Liste chaque route à laquelle le serveur répond, une ligne « MÉTHODE
      MOTIF » par route.
      Limites contre les clients hostiles (docs/protocol.md §1) : connexions au
      total (1024 par défaut) et depuis une même adresse (32 par défaut),
      au-delà desquelles une connexion est fermée aussitôt ; secondes pour la
      ligne et les en-têtes d’une requête (10 par défaut) ; requêtes non signées
      (ping, enrôlement, pages du personnel) par seconde depuis une même adresse
      (20 par défaut, rafales de 200).
  guichet-hub enroll-token --data DOSSIER [--valid-hours N]
      Affiche un jeton d’enrôlement de borne à usage unique (valable 168 h par
      défaut).
  guichet-hub add-partner --data DOSSIER --id DESTINATAIRE --key PARTENAIRE.sign.pub
      Inscrit (ou change la clé d’)un service partenaire par la clé publique
      avec laquelle il signe ses requêtes.
  guichet-hub revoke --data DOSSIER CLIENT
      Révoque une borne ou un partenaire : ses requêtes sont refusées dès
      maintenant.
  guichet-hub staff-add --data DOSSIER --name NOM [--role staff|admin]
  guichet-hub staff-password --data DOSSIER --name NOM
      Crée un compte du personnel de la mairie (rôle staff par défaut :
      bornes, packs, flux ; admin révoque aussi, inscrit les partenaires et
      gère les comptes), ou change son mot de passe (et ferme ses sessions).
      Le mot de passe est lu sur l’entrée standard (demandé deux fois sur un
      terminal) : 12 caractères au moins, haché avec Argon2id.
  guichet-hub staff-disable|staff-enable --data DOSSIER --name NOM
  guichet-hub staff-list --data DOSSIER
      Désactive (en fermant ses sessions) ou réactive un compte ; liste les
      comptes.
  guichet-hub import-bundle --data DOSSIER CLÉ_USB
      Reprend la boîte d’envoi d’une borne apportée sur une clé USB
      (guichet-sync export-bundle ; docs/bundle.md §4) : vérifie la signature
      de la borne, puis enregistre chaque démarche comme un envoi par le réseau
      (une démarche déjà reçue n’est pas enregistrée deux fois). Affiche une
      ligne par démarche et un bilan ; code de sortie 1 quand le lot ou l’une
      de ses démarches est refusé.
  guichet-hub publish-feed --data DOSSIER --kind TYPE --key SECRÈTE [--expires JOURS]
                           [--created T] SOURCE.json
      Signe le flux SOURCE.json du personnel ({"items": [...]}, docs/feeds.md)
      avec la clé de signature des packs SECRÈTE (celle à laquelle les bornes
      font déjà confiance pour les packs ; lue par cette commande seulement,
      jamais par le serveur) et le publie dans DOSSIER/feeds/TYPE.gfd, version
      = celle en place + 1. TYPE : jobs (offres d’emploi), events (agenda),
      slots (rendez-vous en visio). Valable JOURS jours (7 par défaut, de 1 à
      366) : publiez à nouveau avant, même sans changement. Les erreurs de
      SOURCE donnent son fichier et sa ligne. $GUICHET_KEY_PASSWORD ouvre une
      clé chiffrée ; T (secondes Unix) vaut $SOURCE_DATE_EPOCH par défaut,
      sinon maintenant.
  guichet-hub export-statuses --data DOSSIER --key SECRÈTE --out CLÉ_USB [--kiosk ID]
                              [--expires JOURS]
      Pour la navette USB hub -> borne (docs/bundle.md §5) : écrit
      CLÉ_USB/statuses/<id de la borne>.gst pour chaque borne enrôlée (ou
      seulement ID), le dernier statut de chacun de ses codes de suivi, signé
      avec la clé de signature des packs SECRÈTE. Valable JOURS jours (30 par
      défaut, de 1 à 366). La borne l’applique avec `guichet-sync import-bundle`.
  guichet-hub usage-report --data DOSSIER --month AAAA-MM [--kiosk ID]
                           [--csv FICHIER] [--svg FICHIER] [--note TEXTE]
      Les statistiques d’utilisation anonymes des bornes pour un mois (toutes
      les bornes, ou seulement ID ; docs/usage-stats.md) : un résumé sur la
      sortie standard, les compteurs du mois en CSV (RFC 4180, UTF-8) dans
      FICHIER, les graphiques en SVG dans FICHIER avec TEXTE écrit au-dessus
      (par exemple « Données simulées »).
  guichet-hub backup --data DOSSIER --to FICHIER
      Copie la base du hub (DOSSIER/hub.db) dans FICHIER pendant que le hub
      tourne (sauvegarde en ligne de SQLite : un seul instantané cohérent),
      écrite dans FICHIER.tmp puis renommée. Le dépôt de packs et les flux
      (DOSSIER/repo, DOSSIER/feeds) sont de simples fichiers : sauvegardez-les
      avec tar (docs/install.md).
  guichet-hub restore --data DOSSIER --from FICHIER [--replace]
      Vérifie FICHIER (fait par backup) et le copie dans DOSSIER/hub.db, mis à
      la version de ce hub. Arrêtez d’abord le hub. Refuse une base qui contient
      déjà des démarches ou des clients, sauf avec --replace.
  guichet-hub use-postgres --data DOSSIER --conninfo CONNEXION
      Place les tables de ce hub sur un serveur PostgreSQL (les hubs d’un
      département qui en partagent un ; docs/hub-storage.md) : vérifie la
      connexion, crée les tables et écrit CONNEXION (« host=… dbname=…
      user=… » de libpq ou une URI postgresql://) dans DOSSIER/postgres.conf,
      mode 0600 ; toutes les commandes sur DOSSIER l’utilisent ensuite.
      Refuse un DOSSIER qui contient déjà hub.db.

Le dossier de données contient hub.db (SQLite), ou postgres.conf qui désigne un serveur PostgreSQL. Protocole : docs/protocol.md.
Code de sortie : 0 réussite, 1 échec, 2 ligne de commande incorrecte.
Les messages sont en français, en anglais si LANG (ou GUICHET_LANG, LC_ALL, LC_MESSAGES) commence par « en ».
)";

// As in guichet-pack's catalogue: a plain space before « : » and « ; ».
const std::pair<std::string_view, std::string_view> kFrench[] = {
    {"guichet-hub: {1}\n\n", "guichet-hub : {1}\n\n"},
    {"guichet-hub: {1}\n", "guichet-hub : {1}\n"},
    // usage errors
    {"$SOURCE_DATE_EPOCH: expected Unix seconds", "$SOURCE_DATE_EPOCH : des secondes Unix sont attendues"},
    {"--created needs Unix seconds", "--created a besoin de secondes Unix"},
    {"--created: expected Unix seconds", "--created : des secondes Unix sont attendues"},
    {"--data DIR is required", "--data DOSSIER est obligatoire"},
    {"--data needs a directory", "--data a besoin d’un dossier"},
    {"--expires needs a number of days", "--expires a besoin d’un nombre de jours"},
    {"--expires: expected a number of days from 1 to 366", "--expires : un nombre de jours de 1 à 366 est attendu"},
    {"--id needs a recipient id", "--id a besoin d’un identifiant de destinataire"},
    {"--key needs a file", "--key a besoin d’un fichier"},
    {"--kind needs jobs, events or slots", "--kind a besoin de jobs, events ou slots"},
    {"--kind: expected jobs, events or slots", "--kind : jobs, events ou slots est attendu"},
    {"--kiosk needs a kiosk id", "--kiosk a besoin d’un identifiant de borne"},
    {"--month needs YYYY-MM", "--month a besoin d’un mois AAAA-MM"},
    {"{1} needs a file", "{1} a besoin d’un fichier"},
    {"--note needs a text", "--note a besoin d’un texte"},
    {"usage-report needs --month YYYY-MM", "usage-report a besoin de --month AAAA-MM"},
    {"backup needs --to FILE", "backup a besoin de --to FICHIER"},
    {"restore needs --from FILE", "restore a besoin de --from FICHIER"},
    {"--to needs a file", "--to a besoin d’un fichier"},
    {"--from needs a file", "--from a besoin d’un fichier"},
    {"backup {1}: {2} démarche(s), {3} client(s), {4} bytes\n",
     "sauvegarde {1} : {2} démarche(s), {3} client(s), {4} octets\n"},
    {"restored from {1}: {2} démarche(s), {3} client(s)\n", "restauré depuis {1} : {2} démarche(s), {3} client(s)\n"},
    {"{1}: the hub's tables are on PostgreSQL ({2})\n", "{1} : les tables du hub sont sur PostgreSQL ({2})\n"},
    {"{1}: the hub's tables are on PostgreSQL: back them up with pg_dump (docs/install.md)",
     "{1} : les tables du hub sont sur PostgreSQL : sauvegardez-les avec pg_dump (docs/install.md)"},
    {"use-postgres needs --conninfo", "use-postgres demande --conninfo"},
    {"--conninfo needs PostgreSQL's connection", "--conninfo demande la connexion à PostgreSQL"},
    {"--listen HOST:PORT expected", "--listen HÔTE:PORT est attendu"},
    {"--listen HOST:PORT is required", "--listen HÔTE:PORT est obligatoire"},
    {"--listen needs HOST:PORT", "--listen a besoin de HÔTE:PORT"},
    {"--listen: bad port", "--listen : port incorrect"},
    {"--out needs a directory", "--out a besoin d’un dossier"},
    {"--web needs a directory", "--web a besoin d’un dossier"},
    {"--tls-cert needs a PEM file", "--tls-cert a besoin d’un fichier PEM"},
    {"--tls-key needs a PEM file", "--tls-key a besoin d’un fichier PEM"},
    {"--tls-cert and --tls-key go together", "--tls-cert et --tls-key vont ensemble"},
    {"--tls-cert {1}: not a usable PEM certificate ({2})", "--tls-cert {1} : pas un certificat PEM utilisable ({2})"},
    {"--tls-key {1}: not a usable PEM private key ({2})", "--tls-key {1} : pas une clé privée PEM utilisable ({2})"},
    {"--tls-key {1} does not match the certificate {2}", "--tls-key {1} ne correspond pas au certificat {2}"},
    {"--behind-tls-proxy and --tls-cert exclude each other", "--behind-tls-proxy et --tls-cert s’excluent"},
    {"--behind-tls-proxy: the hub must then listen on loopback (127.0.0.1 or ::1), not {1}",
     "--behind-tls-proxy : le hub doit alors écouter sur la boucle locale (127.0.0.1 ou ::1), pas sur {1}"},
    {"refusing to serve plain HTTP on {1}: give the hub its certificate with --tls-cert CERT.pem --tls-key KEY.pem, "
     "or listen on 127.0.0.1 behind a TLS proxy with --behind-tls-proxy",
     "refus de servir du HTTP en clair sur {1} : donnez au hub son certificat avec --tls-cert CERT.pem --tls-key "
     "CLÉ.pem, ou faites-le écouter sur 127.0.0.1 derrière un mandataire TLS avec --behind-tls-proxy"},
    {"--staff-from needs address ranges, e.g. 192.168.1.0/24",
     "--staff-from a besoin de plages d’adresses, par exemple 192.168.1.0/24"},
    {"--staff-from: {1}", "--staff-from : {1}"},
    {"--valid-hours needs a number", "--valid-hours a besoin d’un nombre"},
    {"--valid-hours: expected a positive number", "--valid-hours : un nombre positif est attendu"},
    {"add-partner needs --id and --key", "add-partner a besoin de --id et --key"},
    {"export-statuses needs --key SECRET and --out USB", "export-statuses a besoin de --key SECRÈTE et --out CLÉ_USB"},
    {"import-bundle needs one USB directory", "import-bundle a besoin d’un dossier de clé USB"},
    {"publish-feed needs --kind KIND, --key SECRET and one SOURCE.json",
     "publish-feed a besoin de --kind TYPE, --key SECRÈTE et d’un SOURCE.json"},
    {"revoke needs one CLIENT_ID", "revoke a besoin d’un identifiant de CLIENT"},
    {"unknown command {1}", "commande inconnue {1}"},
    {"--name needs an account name", "--name a besoin d’un nom de compte"},
    {"--role needs staff or admin", "--role a besoin de staff ou admin"},
    {"--metrics-token-file needs a file", "--metrics-token-file a besoin d’un fichier"},
    {"--turn-secret-file needs a file", "--turn-secret-file a besoin d’un fichier"},
    {"--turn-uri needs a turn:, turns: or stun: URI", "--turn-uri a besoin d’une adresse turn:, turns: ou stun:"},
    {"{1}: the TURN secret needs 16 characters at least", "{1} : le secret TURN doit compter au moins 16 caractères"},
    {"--pack-key needs a public key file", "--pack-key a besoin d’un fichier de clé publique"},
    {"--payfip needs a configuration file", "--payfip a besoin d’un fichier de configuration"},
    {"--web-channel needs an id: web- then 1 to 40 of a-z, 0-9, -",
     "--web-channel a besoin d’un identifiant : web- puis 1 à 40 caractères parmi a-z, 0-9, -"},
    {"{1} needs a number of requests per minute", "{1} a besoin d’un nombre de requêtes par minute"},
    {"--staff-idle-minutes needs a number from 1 to 720", "--staff-idle-minutes a besoin d’un nombre de 1 à 720"},
    {"--alert-webhook needs an http:// or https:// URL", "--alert-webhook a besoin d’une adresse http:// ou https://"},
    {"--alert-mail needs an e-mail address", "--alert-mail a besoin d’une adresse électronique"},
    {"--alert-from needs an e-mail address", "--alert-from a besoin d’une adresse électronique"},
    {"--alert-sendmail needs a program", "--alert-sendmail a besoin d’un programme"},
    {"--alert-name needs a name", "--alert-name a besoin d’un nom"},
    {"--alert-interval needs a number of seconds from 1 to 86400",
     "--alert-interval a besoin d’un nombre de secondes de 1 à 86400"},
    {"guichet-hub: alerts not sent, tried again in {1} s: {2}\n",
     "guichet-hub : alertes non envoyées, nouvel essai dans {1} s : {2}\n"},
    {"{1}: the metrics token needs 16 characters at least", "{1} : le jeton de supervision doit compter au moins 16 caractères"},
    // staff accounts
    {"Password: ", "Mot de passe : "},
    {"Password again: ", "Mot de passe, à nouveau : "},
    {"the two passwords differ", "les deux mots de passe diffèrent"},
    {"--name: 1 to 64 of a-z, 0-9, '.', '_' and '-', starting with a letter",
     "--name : de 1 à 64 caractères parmi a-z, 0-9, « . », « _ » et « - », commençant par une lettre"},
    {"--role: staff or admin", "--role : staff ou admin"},
    {"account {1} exists", "le compte {1} existe déjà"},
    {"account {1} ({2}) created\n", "compte {1} ({2}) créé\n"},
    {"no account {1}", "aucun compte {1}"},
    {"password of {1} changed; its sessions are closed\n", "mot de passe de {1} changé ; ses sessions sont fermées\n"},
    {"account {1} disabled\n", "compte {1} désactivé\n"},
    {"account {1} enabled\n", "compte {1} réactivé\n"},
    {"\tdisabled", "\tdésactivé"},
    {"\tlocked", "\tverrouillé"},
    {"unknown option {1}", "option inconnue {1}"},
    {"{1} needs a number from 1 to 1000000", "{1} a besoin d’un nombre de 1 à 1000000"},
    // serve: start, stop, logs
    {"guichet-hub: at most {1} connections (RLIMIT_NOFILE {2})\n",
     "guichet-hub : au plus {1} connexions (RLIMIT_NOFILE {2})\n"},
    {"{1}: {2}, stopping{3}\n", "{1} : {2}, arrêt{3}\n"},
    {"Terminated", "signal d’arrêt (SIGTERM)"},
    {"Interrupt", "interruption (SIGINT)"},
    {"guichet-hub: stopped\n", "guichet-hub : arrêté\n"},
    {"guichet-hub: disk full in {1} ({2} {3}): writes are refused with 507 until space returns; reads go on\n",
     "guichet-hub : disque plein dans {1} ({2} {3}) : les écritures sont refusées (507) jusqu’au retour de la place ; "
     "les lectures continuent\n"},
    {"guichet-hub: disk space is back, writes work again\n",
     "guichet-hub : la place sur le disque est revenue, les écritures refonctionnent\n"},
    {"guichet-hub: back office unavailable, {1} is missing (run scripts/setup.sh, which installs the npm packages)\n",
     "guichet-hub : bureau des agents indisponible, {1} manque (lancez scripts/setup.sh, qui installe les paquets "
     "npm)\n"},
    {"guichet-hub: the forms of {1} cannot be read, the back office shows its démarches without their layout: {2}\n",
     "guichet-hub : les formulaires de {1} sont illisibles, le bureau des agents montre leurs démarches sans leur mise "
     "en page : {2}\n"},
    // commands' output
    {"bundle refused: {1}", "lot refusé : {1}"},
    {" (from kiosk {1})", " (de la borne {1})"},
    {"{1}: new{2}\n", "{1} : nouvelle{2}\n"},
    {"{1}: already present\n", "{1} : déjà présente\n"},
    {"{1}: refused: {2}\n", "{1} : refusée : {2}\n"},
    {"kiosk {1}: {2} new, {3} already present, {4} refused\n",
     "borne {1} : {2} nouvelle(s), {3} déjà présente(s), {4} refusée(s)\n"},
    {"feed '{1}' version {2} published: {3} items, {4} bytes, signed by key {5}, valid {6} days ({7})\n",
     "flux '{1}' version {2} publié : {3} élément(s), {4} octets, signé par la clé {5}, valable {6} jours ({7})\n"},
    {"kiosk {1}: {2} statuses up to #{3} -> {4}\n", "borne {1} : {2} statut(s) jusqu’au n° {3} -> {4}\n"},
    {"{1} kiosk(s), signed by key {2}, valid {3} days\n", "{1} borne(s), signé par la clé {2}, valable {3} jours\n"},
    {"partner {1} registered\n", "partenaire {1} inscrit\n"},
    {"no client {1}", "aucun client {1}"},
    {"{1} revoked\n", "{1} révoqué\n"},
};

}  // namespace

void add_french_texts(std::string_view usage) {
    const std::pair<std::string_view, std::string_view> entry[] = {{usage, kUsageFr}};
    staff::add_french(entry);
    staff::add_french(kFrench);
}

}  // namespace guichet::sync::hub

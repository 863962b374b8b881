// guichet-pack's own texts in French (help, command summaries, command-line
// errors), added to the content checks' catalogue at start (messages.hpp).
// The English text in the code is the key: keep both in step.
#include "help_fr.hpp"

#include "messages.hpp"

namespace guichet::packtool {

namespace {

const std::pair<std::string_view, std::string_view> kHelpFrench[] = {
    // main.cpp
    {"guichet-pack — build, sign, verify and inspect Guichet content packs\n\n"
     "Usage: guichet-pack COMMAND [ARGS] [--help]\n\nCommands:\n",
     "guichet-pack — fabriquer, signer, vérifier et inspecter les packs de contenu Guichet\n\n"
     "Utilisation : guichet-pack COMMANDE [ARGUMENTS] [--help]\n\nCommandes :\n"},
    {"\nExit status: 0 success; 1 failure (invalid pack or content, failed verification,\n"
     "I/O error); 2 bad command line.\n"
     "Formats: docs/pack-format.md and docs/content-format.md.\n"
     "Messages are in French unless LANG (or GUICHET_LANG, LC_ALL, LC_MESSAGES) starts with \"en\".\n",
     "\nCode de sortie : 0 réussite ; 1 échec (pack ou contenu invalide, vérification ratée,\n"
     "erreur de lecture ou d’écriture) ; 2 ligne de commande incorrecte.\n"
     "Formats : docs/pack-format.md et docs/content-format.md.\n"
     "Les messages sont en français, en anglais si LANG (ou GUICHET_LANG, LC_ALL, LC_MESSAGES) commence par « en ».\n"},
    {"guichet-pack {1}: {2}\n(see guichet-pack {1} --help)\n", "guichet-pack {1} : {2}\n(voir guichet-pack {1} --help)\n"},
    {"guichet-pack {1}: wrong number of arguments\n\n", "guichet-pack {1} : nombre d’arguments incorrect\n\n"},
    {"guichet-pack {1}: missing --{2}\n\n", "guichet-pack {1} : --{2} manque\n\n"},
    {"guichet-pack: unknown command '{1}' (see guichet-pack --help)\n",
     "guichet-pack : commande inconnue '{1}' (voir guichet-pack --help)\n"},
    {"error: {1}\n", "erreur : {1}\n"},
    {"{1} error(s), {2} warning(s)\n", "{1} erreur(s), {2} avertissement(s)\n"},
    {"{1}: OK — pack '{2}' version {3}: {4} page(s), {5} form(s), {6} media file(s)\n",
     "{1} : OK — pack '{2}' version {3} : {4} page(s), {5} formulaire(s), {6} fichier(s) de médias\n"},
    {"the content has errors; nothing was built", "le contenu a des erreurs ; rien n’a été fabriqué"},
    // preview.cpp
    {"the content has errors; nothing to preview", "le contenu a des erreurs ; rien à prévisualiser"},
    {"preview: pack '{1}' version {2} built with a development key in {3}\n",
     "preview : pack '{1}' version {2} fabriqué avec une clé de développement dans {3}\n"},
    {"cannot run {1}: {2} (use --kiosk PATH)", "impossible de lancer {1} : {2} (utilisez --kiosk CHEMIN)"},
    {"the kiosk ended with signal {1}", "la borne s’est arrêtée sur le signal {1}"},
    {"preview: the kiosk keeps showing the last good build\n", "preview : la borne garde la dernière version correcte\n"},
    {"preview: rebuilt after a change; the kiosk shows it from its home screen\n",
     "preview : refait après une modification ; la borne le montre depuis son écran d’accueil\n"},
    {"secret key: {1} (keep it on the staff PC, never on a kiosk)\npublic key: {2} (key id {3})\n",
     "clé secrète : {1} (gardez-la sur le PC du personnel, jamais sur une borne)\nclé publique : {2} (identifiant {3})\n"},
    {"public key: {1} (goes in the content folder's keys/)\nsecret key: {2} (for the recipient service only)\n",
     "clé publique : {1} (va dans le dossier keys/ du contenu)\nclé secrète : {2} (pour le seul service destinataire)\n"},
    {"--version must be a positive whole number, not '{1}'",
     "--version doit être un nombre entier positif, pas '{1}'"},
    {"expires {1}; detached signature {2}\n",
     "expire le {1} ; signature séparée {2}\n"},
    {"built {1}: pack '{2}' version {3}, {4} entries ({5} pages, {6} forms, {7} media), {8} from {9}, "
     "dictionary {10} ({11} entries use it), signed by key {12}, in {13} s\n",
     "fabriqué {1} : pack '{2}' version {3}, {4} entrée(s) ({5} page(s), {6} formulaire(s), {7} média(s)), {8} au lieu de {9}, "
     "dictionnaire {10} (utilisé par {11} entrée(s)), signé par la clé {12}, en {13} s\n"},
    // publish.cpp
    {"published '{1}' version {2} ({3})\n",
     "publié '{1}' version {2} ({3})\n"},
    {"  no delta from version {1} (not smaller than the pack)\n",
     "  pas de delta depuis la version {1} (pas plus petit que le pack)\n"},
    {"  delta from version {1}: {2} ({3}% of the pack)\n",
     "  delta depuis la version {1} : {2} ({3} % du pack)\n"},
    {"--expires must be a number of days from 1 to 366, not '{1}'",
     "--expires doit être un nombre de jours de 1 à 366, pas '{1}'"},
    {"--keep must be a number of versions from 1 to 16, not '{1}'",
     "--keep doit être un nombre de versions de 1 à 16, pas '{1}'"},
    {"{1}: {2} (a repository is signed by one key: is --key the key that signed it?)",
     "{1} : {2} (un dépôt est signé par une seule clé : --key est-elle celle qui l’a signé ?)"},
    {"{1}: another publication is in progress in this repository (a colleague, or a hub receiving an upload); try "
     "again in a moment",
     "{1} : une autre publication est en cours dans ce dépôt (un collègue, ou un hub qui reçoit un dépôt) ; "
     "réessayez dans un instant"},
    {"{1} does not exist: publish a pack first",
     "{1} n’existe pas : publiez d’abord un pack"},
    {"{1}: --base version {2} is not older than version {3}", "{1} : la version {2} de --base n’est pas plus ancienne que la version {3}"},
    {"{1}: the repository already holds a different {2}", "{1} : le dépôt contient déjà un autre {2}"},
    {"{1} (is --key the key that signed this pack?)", "{1} (--key est-elle la clé qui a signé ce pack\u00a0?)"},
    {"{1}: the pack has already expired; build it again", "{1} : le pack a déjà expiré ; fabriquez-le à nouveau"},
    {"{1}: '{2}' version {3} is already published; build a higher version (`guichet-pack build --version N`)",
     "{1} : '{2}' version {3} est déjà publié ; fabriquez une version plus haute (`guichet-pack build --version N`)"},
    {"delta from version {1}: {2}", "delta depuis la version {1} : {2}"},
    {"--base needs a pack file", "--base a besoin d’un fichier de pack"},
    {"the index would exceed 1 MiB; nothing was changed", "l’index dépasserait 1 Mio ; rien n’a été changé"},
    {"warning: cannot read {1} to compare tracking prefixes: {2}\n",
     "avertissement : impossible de lire {1} pour comparer les préfixes de suivi : {2}\n"},
    {"{1}: pack '{2}' uses the tracking prefix {3}, which pack '{4}' already uses in this repository: "
     "a kiosk with both could not tell which commune a code belongs to; give each commune its own "
     "'tracking_prefix' in pack.yaml and build again",
     "{1} : le pack '{2}' utilise le préfixe de suivi {3}, que le pack '{4}' utilise déjà dans ce dépôt : "
     "une borne qui aurait les deux ne saurait pas à quelle commune appartient un code ; donnez à chaque commune "
     "son propre 'tracking_prefix' dans pack.yaml et fabriquez le pack à nouveau"},
    {"index version {1} signed (key id {2}), {3} pack(s), expires {4}\n",
     "index version {1} signé (clé {2}), {3} pack(s), expire le {4}\n"},
    // commands.cpp: pack commands' output
    {"{1} already exists; use --force to replace it", "{1} existe déjà ; utilisez --force pour le remplacer"},
    {"INVALID: {1}", "INVALIDE : {1}"},
    {"INVALID detached signature: {1}", "signature séparée INVALIDE : {1}"},
    {"INVALID: pack '{1}' version {2} expired on {3}; kiosks refuse it",
     "INVALIDE : le pack '{1}' version {2} a expiré le {3} ; les bornes le refusent"},
    {"valid: {1} — pack '{2}' version {3}, {4} entries, signed by key {5}, expires {6}\n",
     "valide : {1} — pack '{2}' version {3}, {4} entrée(s), signé par la clé {5}, expire le {6}\n"},
    {"verifying", "vérification"},
    {"compressing", "compression"},
    {"extracting", "extraction"},
    {"pack:              {1}\ntitle:             {2}\nversion:           {3}\ncreated:           {4}\n"
     "expires:           {5}\nmin kiosk version: {6}\naudience:          {7}\nlanguages:         {8}\n"
     "signed by key:     {9} ({10})\nentries:           {11} ({12} uncompressed, file {13})\n"
     "dictionary:        {14}\n",
     "pack :                      {1}\ntitre :                     {2}\nversion :                   {3}\nfabriqué le :               {4}\n"
     "expire le :                 {5}\nversion minimale de borne : {6}\nbornes visées :             {7}\nlangues :                   {8}\n"
     "signé par la clé :          {9} ({10})\nentrées :                   {11} ({12} décompressé, fichier de {13})\n"
     "dictionnaire :              {14}\n"},
    {"signature verified", "signature vérifiée"},
    {"signature NOT checked: give --pub KEY.pub", "signature NON vérifiée : donnez --pub CLÉ.pub"},
    {"{1} entries, {2}", "{1} entrée(s), {2}"},
    {"cannot write to standard output", "impossible d’écrire sur la sortie standard"},
    {"warning: signature not checked (give --pub KEY.pub to check it)\n",
     "avertissement : signature non vérifiée (donnez --pub CLÉ.pub pour la vérifier)\n"},
    {"cannot create {1}: {2}", "impossible de créer {1} : {2}"},
    {"extracted {1} entries to {2}\n", "{1} entrée(s) extraite(s) dans {2}\n"},
    {"delta {1}: {2} ({3}% of the new pack's {4}); {5} copied from the old pack, {6} patched from it "
     "(in {7}), {8} new, {9} operations\n",
     "delta {1} : {2} ({3} % des {4} du nouveau pack) ; {5} copiés de l’ancien pack, {6} modifiés à partir de lui "
     "(en {7}), {8} nouveaux, {9} opérations\n"},
    {"rebuilt {1} (matches the delta's target hash)\n", "{1} refait (il a l’empreinte attendue par le delta)\n"},
    {"--created must be a Unix time in seconds, not '{1}'", "--created doit être une date Unix en secondes, pas '{1}'"},
    {"SOURCE_DATE_EPOCH must be a Unix time in seconds, not '{1}'", "SOURCE_DATE_EPOCH doit être une date Unix en secondes, pas '{1}'"},
    {"--base pack is '{1}', not '{2}'", "le pack --base est '{1}', pas '{2}'"},
    {"warning: version {1} is not above the base's version {2}; kiosks that have the base will refuse it\n",
     "avertissement : la version {1} n’est pas au-dessus de la version {2} de la base ; les bornes qui ont la base la refuseront\n"},
    {"--level must be a zstd level from 1 to 22", "--level doit être un niveau zstd de 1 à 22"},
    {"no form '{1}' in the pack (see `guichet-pack ls {2}`)", "pas de formulaire '{1}' dans le pack (voir `guichet-pack ls {2}`)"},
    {"{1}: not a JSON object of answers (field id -> answer); see docs/forms.md",
     "{1} : ce n’est pas un objet JSON de réponses (identifiant de champ -> réponse) ; voir docs/forms.md"},
    {"--today must be a date written YYYY-MM-DD", "--today doit être une date écrite AAAA-MM-JJ"},
    // command summaries
    {"create a pack-signing key pair (minisign format)", "créer une paire de clés de signature des packs (format minisign)"},
    {"create a recipient service's sealing key pair", "créer la paire de clés de scellement d’un service destinataire"},
    {"validate a content folder without building", "vérifier un dossier de contenu sans fabriquer le pack"},
    {"validate, compress and sign a content folder into a pack", "vérifier, compresser et signer un dossier de contenu en pack"},
    {"check a pack's signature and every entry", "vérifier la signature d’un pack et chacune de ses entrées"},
    {"show a pack's manifest", "afficher le manifeste d’un pack"},
    {"list a pack's entries", "lister les entrées d’un pack"},
    {"print one entry", "afficher une entrée"},
    {"write every entry to a folder", "écrire toutes les entrées dans un dossier"},
    {"check a filled démarche against its form, as a kiosk would", "vérifier une démarche remplie avec son formulaire, comme une borne"},
    {"draw a printed sheet to PDF, as the kiosk prints it", "dessiner une feuille imprimée en PDF, comme la borne l’imprime"},
    {"make a delta from one pack version to the next", "faire un delta d’une version d’un pack à la suivante"},
    {"rebuild a pack from its base and a delta", "reconstruire un pack à partir de sa base et d’un delta"},
    {"add a pack version to a pack repository and sign its index", "ajouter une version de pack au dépôt et signer son index"},
    {"open the kiosk on a pack source (built with a throwaway development key)",
     "ouvrir la borne sur un dossier de contenu (signé d’une clé jetable de développement), rechargée à chaque modification"},
    {"import one map source and show what the kiosk will get", "importer une source de carte et montrer ce que la borne recevra"},
    {"start a new content folder from a commented template", "commencer un dossier de contenu à partir d’un modèle commenté"},
    // full help of the commands staff use most
    {"Usage: guichet-pack check SRC\n\n"
     "Checks pack.yaml, every page, form, link and key in the content folder SRC and\n"
     "prints each problem as FILE:LINE:COLUMN: error: what is wrong and how to fix it.\n",
     "Utilisation : guichet-pack check DOSSIER\n\n"
     "Vérifie pack.yaml, chaque page, formulaire, lien et clé du dossier de contenu DOSSIER et\n"
     "affiche chaque problème sous la forme FICHIER:LIGNE:COLONNE : erreur : ce qui ne va pas et\n"
     "comment le corriger. Une clé mal écrite est une erreur, avec la clé la plus proche.\n"},
    {"Usage: guichet-pack new DIR\n\n"
     "Creates the content folder DIR (which must not exist yet) from a small commented\n"
     "template: pack.yaml with every key explained, a home page, one form, its recipient's\n"
     "public key. It passes `check` and `build` as it is; then change it to your commune's.\n",
     "Utilisation : guichet-pack new DOSSIER\n\n"
     "Crée le dossier de contenu DOSSIER (qui ne doit pas encore exister) à partir d’un petit\n"
     "modèle commenté : pack.yaml avec chaque clé expliquée, une page d’accueil, un formulaire,\n"
     "la clé publique de son destinataire. Il passe `check` et `build` tel quel ; adaptez-le\n"
     "ensuite à votre commune.\n"},
    // the other commands' help (the English text is each command's `help`)
    {"Usage: guichet-pack keygen -o BASENAME [--force]\n\n"
     "Writes BASENAME.key (secret, mode 0600, unencrypted like `minisign -G -W`) and\n"
     "BASENAME.pub (public, minisign format: give it to kiosks and to `minisign -V -p`).\n"
     "Keep the secret key on the staff PC only. Keys made with `minisign -G` also work;\n"
     "for a password-protected key set GUICHET_KEY_PASSWORD when building.\n",
     "Utilisation : guichet-pack keygen -o BASE [--force]\n"
     "\n"
     "Écrit BASE.key (secrète, mode 0600, non chiffrée comme `minisign -G -W`) et\n"
     "BASE.pub (publique, format minisign : pour les bornes et pour `minisign -V -p`).\n"
     "Gardez la clé secrète sur le seul PC du personnel. Les clés faites avec `minisign -G`\n"
     "conviennent aussi ; pour une clé protégée par un mot de passe, donnez GUICHET_KEY_PASSWORD\n"
     "en fabriquant le pack.\n"},
    {"Usage: guichet-pack recipient-keygen ID -o DIR [--force]\n\n"
     "Writes DIR/ID.box.pub (for the content folder's keys/) and DIR/ID.box.key (secret,\n"
     "mode 0600, for the recipient service only: it opens that service's démarches).\n",
     "Utilisation : guichet-pack recipient-keygen ID -o DOSSIER [--force]\n"
     "\n"
     "Écrit DOSSIER/ID.box.pub (pour le dossier keys/ du contenu) et DOSSIER/ID.box.key (secrète,\n"
     "mode 0600, pour le seul service destinataire : elle ouvre les démarches de ce service).\n"},
    {"Usage: guichet-pack build SRC --key KEY -o PACK [options]\n\n"
     "Validates the content folder SRC (as `check`), compresses every entry, signs the\n"
     "manifest with the secret KEY and writes PACK and PACK.minisig.\n\n"
     "Options:\n"
     "  --key KEY        secret signing key (from `keygen` or `minisign -G`)\n"
     "  -o, --output P   the pack file to write (replaced atomically)\n"
     "  --version N      override pack.yaml's version\n"
     "  --created T      creation time, Unix seconds (default: $SOURCE_DATE_EPOCH, else now);\n"
     "                   the same sources, key, version and time give the same bytes\n"
     "  --base OLD       reuse OLD's compression dictionary so that `diff OLD PACK` stays small\n"
     "  --level N        zstd level for compressible entries (default 19)\n"
     "  -q, --quiet      no progress\n",
     "Utilisation : guichet-pack build DOSSIER --key CLÉ -o PACK [options]\n"
     "\n"
     "Vérifie le dossier de contenu DOSSIER (comme `check`), compresse chaque entrée, signe le\n"
     "manifeste avec la CLÉ secrète et écrit PACK et PACK.minisig.\n"
     "\n"
     "Options :\n"
     "  --key CLÉ        clé secrète de signature (de `keygen` ou `minisign -G`)\n"
     "  -o, --output P   le pack à écrire (remplacé d’un coup)\n"
     "  --version N      remplace la version de pack.yaml\n"
     "  --created T      date de fabrication, en secondes Unix (par défaut : $SOURCE_DATE_EPOCH, sinon\n"
     "                   maintenant) ; mêmes sources, clé, version et date donnent les mêmes octets\n"
     "  --base ANCIEN    réutilise le dictionnaire de compression d’ANCIEN pour que `diff ANCIEN PACK`\n"
     "                   reste petit\n"
     "  --level N        niveau zstd des entrées compressibles (19 par défaut)\n"
     "  -q, --quiet      sans progression\n"},
    {"Usage: guichet-pack verify PACK --pub KEY.pub [--deep] [--minisig] [-q]\n\n"
     "Checks the header, the embedded manifest signature against KEY.pub, the index\n"
     "and the hash of every entry, and that the pack has not expired.\n"
     "  --deep      also decompress every entry\n"
     "  --minisig   also check the detached PACK.minisig over the whole file\n"
     "Exit 0 when valid; 1 when not, with the reason.\n",
     "Utilisation : guichet-pack verify PACK --pub CLÉ.pub [--deep] [--minisig] [-q]\n"
     "\n"
     "Vérifie l’en-tête, la signature du manifeste avec CLÉ.pub, l’index et l’empreinte de\n"
     "chaque entrée, et que le pack n’a pas expiré.\n"
     "  --deep      décompresse aussi chaque entrée\n"
     "  --minisig   vérifie aussi la signature séparée PACK.minisig du fichier entier\n"
     "Sortie 0 quand il est valide ; 1 sinon, avec la raison.\n"},
    {"Usage: guichet-pack info PACK [--pub KEY.pub]\n\n"
     "Shows id, version, dates, audience and sizes. Without --pub the signature is not checked.\n",
     "Utilisation : guichet-pack info PACK [--pub CLÉ.pub]\n"
     "\n"
     "Affiche l’identifiant, la version, les dates, les bornes visées et les tailles. Sans --pub\n"
     "la signature n’est pas vérifiée.\n"},
    {"Usage: guichet-pack ls PACK [-l] [--pub KEY.pub]\n\n"
     "  -l, --long   size, stored size, codec, type and hash prefix of each entry\n",
     "Utilisation : guichet-pack ls PACK [-l] [--pub CLÉ.pub]\n"
     "\n"
     "  -l, --long   taille, taille stockée, codec, type et début d’empreinte de chaque entrée\n"},
    {"Usage: guichet-pack cat PACK PATH [--pub KEY.pub]\n\nWrites the entry PATH, checked and decompressed, to standard output.\n",
     "Utilisation : guichet-pack cat PACK CHEMIN [--pub CLÉ.pub]\n"
     "\n"
     "Écrit l’entrée CHEMIN, vérifiée et décompressée, sur la sortie standard.\n"},
    {"Usage: guichet-pack extract PACK -o DIR [--pub KEY.pub] [-q]\n",
     "Utilisation : guichet-pack extract PACK -o DOSSIER [--pub CLÉ.pub] [-q]\n"},
    {"Usage: guichet-pack test-form PACK FORM_ID --data FILLED.json [--pub KEY.pub] [--today YYYY-MM-DD]\n\n"
     "Checks the answers in FILLED.json (a JSON object: field id -> answer, see docs/forms.md)\n"
     "against the form FORM_ID of PACK: conditions, required fields, validations, computed\n"
     "fields. Prints the French messages a resident would see and the computed values.\n"
     "Exit 0 when the démarche would be accepted, 1 when not.\n",
     "Utilisation : guichet-pack test-form PACK FORMULAIRE --data REMPLI.json [--pub CLÉ.pub] [--today AAAA-MM-JJ]\n"
     "\n"
     "Vérifie les réponses de REMPLI.json (un objet JSON : identifiant de champ -> réponse, voir\n"
     "docs/forms.md) avec le formulaire FORMULAIRE de PACK : conditions, champs obligatoires,\n"
     "contrôles, champs calculés. Affiche les messages qu’un habitant verrait et les valeurs\n"
     "calculées. Sortie 0 quand la démarche serait acceptée, 1 sinon.\n"},
    {"Usage: guichet-pack render-sheet SRC SHEET -o OUT.pdf [--data DATA.json] [--paper a4|roll80]\n\n"
     "Checks SRC/sheets/SHEET.yaml (recu, notice, page, offre-emploi, affichage-legal) and draws\n"
     "it to OUT.pdf with the kiosk's renderer, filled with example values. DATA.json replaces\n"
     "them: {\"values\": {name: text}, \"lists\": {name: [texts]}, \"page\": \"pages/….md\"}\n"
     "(docs/print.md). --paper chooses the paper of a sheet whose paper is auto.\n",
     "Utilisation : guichet-pack render-sheet SOURCE FEUILLE -o SORTIE.pdf [--data DONNÉES.json] [--paper a4|roll80]\n"
     "\n"
     "Vérifie SOURCE/sheets/FEUILLE.yaml (recu, notice, page, offre-emploi, affichage-legal) et la\n"
     "dessine dans SORTIE.pdf avec le moteur de la borne, remplie de valeurs d’exemple. DONNÉES.json\n"
     "les remplace : {\"values\": {nom: texte}, \"lists\": {nom: [textes]}, \"page\": \"pages/….md\"}\n"
     "(docs/print.md). --paper choisit le papier d’une feuille dont le papier est auto.\n"},
    {"Usage: guichet-pack diff OLD NEW -o DELTA\n\n"
     "DELTA holds only what OLD lacks; `apply OLD DELTA -o NEW2` rebuilds NEW byte for byte.\n"
     "Build NEW with --base OLD so that unchanged entries compress identically.\n",
     "Utilisation : guichet-pack diff ANCIEN NOUVEAU -o DELTA\n"
     "\n"
     "DELTA ne contient que ce qui manque à ANCIEN ; `apply ANCIEN DELTA -o NOUVEAU2` refait NOUVEAU\n"
     "octet pour octet. Fabriquez NOUVEAU avec --base ANCIEN pour que les entrées inchangées se\n"
     "compressent à l’identique.\n"},
    {"Usage: guichet-pack apply OLD DELTA -o NEW\n\n"
     "Refuses a delta made for another base; NEW is written only if it matches the\n"
     "target's hash recorded in the delta.\n",
     "Utilisation : guichet-pack apply ANCIEN DELTA -o NOUVEAU\n"
     "\n"
     "Refuse un delta fait pour une autre base ; NOUVEAU n’est écrit que s’il a l’empreinte\n"
     "attendue, inscrite dans le delta.\n"},
    {"Usage: guichet-pack publish --repo DIR [PACK] --key KEY [--base OLD ...] [options]\n\n"
     "Copies PACK into the repository DIR (the hub serves DIR), makes deltas to it from\n"
     "the older versions kept there, and signs a new index.gpi (docs/pack-repository.md).\n"
     "PACK and the existing index must be signed by KEY. Without PACK, only re-signs the\n"
     "index with a new version and expiry: run that before the index expires.\n\n"
     "Options:\n"
     "  --repo DIR      the repository (created if missing)\n"
     "  --key KEY       secret signing key (the pack signing key kiosks trust)\n"
     "  --base OLD      an older version kiosks may have (repeatable): kept and used as a delta base\n"
     "  --expires DAYS  the index expires after DAYS days (default 7; kiosks refuse an expired index)\n"
     "  --keep N        keep the N highest versions of each pack as delta bases (default 3)\n"
     "  --created T     signing time, Unix seconds (default: $SOURCE_DATE_EPOCH, else now)\n",
     "Utilisation : guichet-pack publish --repo DOSSIER [PACK] --key CLÉ [--base ANCIEN ...] [options]\n"
     "\n"
     "Copie PACK dans le dépôt DOSSIER (que le hub sert), fait des deltas vers lui depuis les\n"
     "anciennes versions gardées là, et signe un nouvel index.gpi (docs/pack-repository.md).\n"
     "PACK et l’index existant doivent être signés par CLÉ. Sans PACK, signe seulement l’index\n"
     "à nouveau, avec une nouvelle version et une nouvelle échéance : faites-le avant qu’il expire.\n"
     "\n"
     "Options :\n"
     "  --repo DOSSIER  le dépôt (créé s’il manque)\n"
     "  --key CLÉ       clé secrète de signature (celle à laquelle les bornes font confiance)\n"
     "  --base ANCIEN   une ancienne version que des bornes peuvent avoir (répétable) : gardée comme base de delta\n"
     "  --expires JOURS l’index expire après JOURS jours (7 par défaut ; les bornes refusent un index expiré)\n"
     "  --keep N        garde les N plus hautes versions de chaque pack comme bases de delta (3 par défaut)\n"
     "  --created T     date de signature, en secondes Unix (par défaut : $SOURCE_DATE_EPOCH, sinon maintenant)\n"},
    {"Usage: guichet-pack preview SRC [--kiosk PATH] [kiosk options]\n\n"
     "Checks and builds the pack source SRC into a temporary directory, signed with a key\n"
     "made for this preview only, and opens guichet-kiosk on it in a window. While it is\n"
     "open, every change saved in SRC is checked and built again, and the kiosk shows it\n"
     "from its home screen (problems are printed here; the last good build stays shown).\n"
     "The temporary directory is removed when the kiosk closes. Exit status: the kiosk's.\n\n"
     "Options:\n"
     "  --kiosk PATH       the kiosk program (default: guichet-kiosk next to guichet-pack, else $PATH)\n"
     "  --size WxH         window size (default 1080x1920)\n"
     "  --fullscreen       full screen, as on a kiosk\n"
     "  --high-contrast, --low-reach, --text-scale N, --date YYYY-MM-DD\n"
     "                     passed to the kiosk (see guichet-kiosk --help)\n"
     "  --headless --replay SCRIPT --shots DIR\n"
     "                     run a replay script without a display (tests, docs/replay-format.md)\n",
     "Utilisation : guichet-pack preview DOSSIER [--kiosk CHEMIN] [options de la borne]\n"
     "\n"
     "Vérifie et fabrique le dossier de contenu DOSSIER dans un dossier temporaire, signé d’une clé\n"
     "faite pour cet aperçu seulement, et ouvre guichet-kiosk dessus dans une fenêtre. Tant qu’elle\n"
     "est ouverte, chaque modification enregistrée dans DOSSIER est vérifiée et fabriquée à nouveau,\n"
     "et la borne la montre depuis son écran d’accueil (les problèmes s’affichent ici ; la dernière\n"
     "version correcte reste affichée). Le dossier temporaire est effacé quand la borne se ferme.\n"
     "Code de sortie : celui de la borne.\n"
     "\n"
     "Options :\n"
     "  --kiosk CHEMIN     le programme de la borne (par défaut : guichet-kiosk à côté de guichet-pack, sinon $PATH)\n"
     "  --size LxH         taille de la fenêtre (1080x1920 par défaut)\n"
     "  --fullscreen       plein écran, comme sur une borne\n"
     "  --high-contrast, --low-reach, --text-scale N, --date AAAA-MM-JJ\n"
     "                     passés à la borne (voir guichet-kiosk --help)\n"
     "  --headless --replay SCRIPT --shots DOSSIER\n"
     "                     joue un script sans écran (tests, docs/replay-format.md)\n"},

};

}  // namespace

void add_french_help() { packsrc::add_french(kHelpFrench); }

}  // namespace guichet::packtool

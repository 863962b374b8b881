// The French catalogue of guichet-pack's messages (messages.hpp): English key,
// French text, the same {1}…{9} placeholders. Staff are French: this is what
// they read unless their locale is English.
#include "messages.hpp"

#include <string_view>
#include <unordered_map>

namespace guichet::packsrc {

namespace {

// NBSP before « ? » and « : » where French typography wants a space.
const std::pair<std::string_view, std::string_view> kFrench[] = {
    {": error: {1}", " : erreur : {1}"},
    {": warning: {1}", " : avertissement : {1}"},
    // keys.cpp: strict keys
    {"a key must be a single word, such as 'title'", "une clé doit être un seul mot, comme 'title'"},
    {"key '{1}' is written twice in {2} (first at line {3}): keep one",
     "la clé '{1}' est écrite deux fois dans {2} (la première à la ligne {3}) : n’en gardez qu’une"},
    {"key '{1}' does not apply to {2}: it is for {3}", "la clé '{1}' ne s’applique pas à {2} : elle est pour {3}"},
    {"unknown key '{1}' in {2}: did you mean '{3}'?", "clé inconnue '{1}' dans {2} : vouliez-vous dire '{3}'\u00a0?"},
    {"unknown key '{1}' in {2}; the keys are: {3}", "clé inconnue '{1}' dans {2} ; les clés possibles : {3}"},
    {"a '{1}' field", "un champ '{1}'"},
    {"{1} fields", "les champs {1}"},
    {"an option", "une option"},
    {"a form", "un formulaire"},
    {"a section", "une section"},
    {"a table", "une table"},
    {"a table row", "une ligne de table"},
    {"a recipient", "un destinataire"},
    {"a rubrique", "une rubrique"},
    {"the front matter of a '{1}' page", "l’en-tête d’une page '{1}'"},
    {"pages of kind '{1}'", "les pages de type '{1}'"},
    // forms.cpp
    {"each field must be a mapping with 'id', 'type' and 'label'", "chaque champ doit être un bloc avec 'id', 'type' et 'label'"},
    {"field id '{1}' must be lowercase letters, digits and '_' (for example date_naissance)",
     "l’identifiant de champ '{1}' doit s’écrire en minuscules, chiffres et '_' (par exemple date_naissance)"},
    {"field id '{1}' is used twice in this form (first at line {2}): give each field its own id",
     "l’identifiant de champ '{1}' est utilisé deux fois dans ce formulaire (la première à la ligne {2}) : donnez à chaque champ le sien"},
    {"unknown field type '{1}': did you mean '{2}'?", "type de champ inconnu '{1}' : vouliez-vous dire '{2}'\u00a0?"},
    {"unknown field type '{1}'; use one of: {2}", "type de champ inconnu '{1}' ; utilisez l’un de ceux-ci : {2}"},
    {"a '{1}' field needs the official commune list: add data/communes-france.json to the pack "
     "(docs/content-format.md §1), else any INSEE code, even 99999, would be accepted",
     "un champ '{1}' a besoin de la liste officielle des communes : ajoutez data/communes-france.json au pack "
     "(docs/content-format.md §1), sinon n’importe quel code INSEE, même 99999, serait accepté"},
    {"option value '{1}' appears twice (first at line {2})", "la valeur d’option '{1}' apparaît deux fois (la première à la ligne {2})"},
    {"section {1}, {2}: ", "section {1}, {2} : "},
    {"field '{1}', {2}: ", "champ '{1}', {2} : "},
    {"a form file must be a mapping starting with 'id:'", "un fichier de formulaire doit être un bloc qui commence par 'id:'"},
    // pages.cpp
    {"the front matter must be 'key: value' lines", "l’en-tête doit être fait de lignes 'clé: valeur'"},
    {"unknown kind '{1}': use page, association, event, legal_notice or job_offer",
     "type de page inconnu '{1}' : utilisez page, association, event, legal_notice ou job_offer"},
    {"unknown kind '{1}': did you mean '{2}'?", "type de page inconnu '{1}' : vouliez-vous dire '{2}'\u00a0?"},
    // yaml_util.cpp
    {"YAML syntax error: {1}", "erreur de syntaxe YAML : {1}"},
    {"the quote {1} opened here is never closed: add the closing {1} at the end of the text",
     "le guillemet {1} ouvert ici n’est jamais fermé : ajoutez le {1} fermant à la fin du texte"},
    {"the {1} opened here is never closed: add {2}", "le {1} ouvert ici n’est jamais fermé : ajoutez {2}"},
    {"YAML syntax error: {1}. Check indentation (spaces, not tabs) and put text containing ':' or '#' in quotes.",
     "erreur de syntaxe YAML : {1}. Vérifiez l’indentation (des espaces, pas de tabulations) et mettez entre guillemets "
     "les textes qui contiennent ':' ou '#'."},
    {"expected a mapping with the key '{1}'", "un bloc avec la clé '{1}' est attendu ici"},
    {"missing '{1}': add a line '{1}: …'", "'{1}' manque : ajoutez une ligne '{1}: …'"},
    {"'{1}' must be a single value, not a list or a mapping", "'{1}' doit être une seule valeur, pas une liste ni un bloc"},
    {"'{1}' must be a whole number, not '{2}'", "'{1}' doit être un nombre entier, pas '{2}'"},
    {"'{1}' must be true or false, not '{2}'", "'{1}' doit valoir true ou false, pas '{2}'"},
    {"'{1}' must be a date written YYYY-MM-DD (for example 2026-12-05), not '{2}'",
     "'{1}' doit être une date écrite AAAA-MM-JJ (par exemple 2026-12-05), pas '{2}'"},
    // content_source.cpp
    {"recipient '{1}' is declared twice (first at line {2})", "le destinataire '{1}' est déclaré deux fois (la première à la ligne {2})"},
    {"menu id '{1}' is used twice (first at line {2})", "l’identifiant de rubrique '{1}' est utilisé deux fois (la première à la ligne {2})"},
    {"missing 'tracking_prefix': the 3 capital letters that start the tracking codes of this pack's démarches "
     "(ANR for Anor); give each commune its own",
     "'tracking_prefix' manque : les 3 lettres majuscules qui commencent les codes de suivi des démarches de ce pack "
     "(ANR pour Anor) ; chaque commune a les siennes"},
    {"'tracking_prefix' must be 3 capital letters A-Z, such as ANR, not '{1}'",
     "'tracking_prefix' doit être 3 lettres majuscules A-Z, comme ANR, pas '{1}'"},
    {"missing 'commune_name': the commune's name, shown next to its tracking codes (for example commune_name: \"Anor\")",
     "'commune_name' manque : le nom de la commune, affiché à côté de ses codes de suivi (par exemple commune_name: \"Anor\")"},
    {"'commune_name' must not be empty", "'commune_name' ne doit pas être vide"},
    // the other checks
    {"a strings file is 'key: \"text\"' lines, for example home.title: \"Bienvenue\"",
     "un fichier de textes est fait de lignes 'clé: \"texte\"', par exemple home.title: \"Bienvenue\""},
    {"a key must be a name such as home.title",
     "une clé doit être un nom comme home.title"},
    {"the text of '{1}' must be one text in quotes, not a list or a mapping",
     "le texte de '{1}' doit être un seul texte entre guillemets, pas une liste ni un bloc"},
    {"the text of '{1}' is empty: give a text, or remove the line to keep the default",
     "le texte de '{1}' est vide : donnez un texte, ou enlevez la ligne pour garder celui par défaut"},
    {"unknown key '{1}': the kiosk has no such text; did you mean '{2}'?",
     "clé inconnue '{1}' : la borne n’a pas ce texte ; vouliez-vous dire '{2}' ?"},
    {"unknown key '{1}': the kiosk has no such text (the keys are those of the default file, docs/content-format.md §15)",
     "clé inconnue '{1}' : la borne n’a pas ce texte (les clés sont celles du fichier par défaut, docs/content-format.md §15)"},
    {"unknown key '{1}': the kiosk has no such text; keys of that group: {2}",
     "clé inconnue '{1}' : la borne n’a pas ce texte ; clés de ce groupe : {2}"},
    {"file name is not usable in a pack (control characters or backslashes): rename it",
     "ce nom de fichier ne peut pas aller dans un pack (caractères de contrôle ou barres obliques inverses) : renommez-le"},
    {"the file is not valid UTF-8 text: save it as UTF-8 in your editor",
     "le fichier n’est pas un texte UTF-8 valide : enregistrez-le en UTF-8 dans votre éditeur"},
    {"'recipients' must be a list of { id, name, key }",
     "'recipients' doit être une liste de { id, name, key }"},
    {"recipient id '{1}' must be lowercase letters, digits and '-'",
     "l’identifiant de destinataire '{1}' doit s’écrire en minuscules, chiffres et '-'"},
    {"recipient key file '{1}' does not exist: ask the service for its public key file",
     "le fichier de clé '{1}' n’existe pas : demandez au service le fichier de sa clé publique"},
    {"a menu must be a list of rubriques",
     "un menu doit être une liste de rubriques"},
    {"the menu is nested more than 3 levels deep: residents get lost",
     "le menu a plus de 3 niveaux : les habitants s’y perdent"},
    {"menu id '{1}' must be lowercase letters, digits and '-'",
     "l’identifiant de rubrique '{1}' doit s’écrire en minuscules, chiffres et '-'"},
    {"unknown icon '{1}'; use maison, formulaire, carte, emploi, associations, calendrier, affichage, visio, suivi, paiement, info or plan",
     "icône inconnue '{1}' ; utilisez maison, formulaire, carte, emploi, associations, calendrier, affichage, visio, suivi, paiement, info ou plan"},
    {"page '{1}' does not exist: check the path (relative to the pack folder)",
     "la page '{1}' n’existe pas : vérifiez le chemin (depuis le dossier du pack)"},
    {"'forms' must be a list of form ids",
     "'forms' doit être une liste d’identifiants de formulaires"},
    {"rubrique '{1}' shows nothing: give it a 'page', 'forms' or 'children'",
     "la rubrique '{1}' ne montre rien : donnez-lui 'page', 'forms' ou 'children'"},
    {"link to form '{1}', which does not exist in forms/",
     "lien vers le formulaire '{1}', qui n’existe pas dans forms/"},
    {"link to '{1}' leaves the kiosk, which works offline: residents cannot follow it; write the address as plain text instead",
     "le lien vers '{1}' sort de la borne, qui fonctionne hors ligne : les habitants ne peuvent pas le suivre ; écrivez plutôt l’adresse en texte simple"},
    {"link '{1}' points outside the pack folder",
     "le lien '{1}' sort du dossier du pack"},
    {"image '{1}' does not resolve: there is no file {2}; fix the path (relative to this page) or add the file",
     "l’image '{1}' ne mène nulle part : il n’y a pas de fichier {2} ; corrigez le chemin (depuis cette page) ou ajoutez le fichier"},
    {"link '{1}' does not resolve: there is no file {2}; fix the path (relative to this page) or add the file",
     "le lien '{1}' ne mène nulle part : il n’y a pas de fichier {2} ; corrigez le chemin (depuis cette page) ou ajoutez le fichier"},
    {"image '{1}' must be a file under media/",
     "l’image '{1}' doit être un fichier de media/"},
    {"not a directory: give the folder that holds pack.yaml",
     "ce n’est pas un dossier : donnez le dossier qui contient pack.yaml"},
    {"missing: every content folder needs a pack.yaml (see docs/content-format.md)",
     "manquant : chaque dossier de contenu a besoin d’un pack.yaml (voir docs/content-format.md)"},
    {"pack.yaml must be 'key: value' lines",
     "pack.yaml doit être fait de lignes 'clé: valeur'"},
    {"pack id '{1}' must be lowercase letters, digits and '-'",
     "l’identifiant de pack '{1}' doit s’écrire en minuscules, chiffres et '-'"},
    {"'version' must be 1 or more, and go up with every new pack",
     "'version' doit valoir 1 ou plus, et augmenter à chaque nouveau pack"},
    {"'expires_days' must be between 1 and 3650",
     "'expires_days' doit être entre 1 et 3650"},
    {"'min_kiosk_version' {1} is raised to {2}: the network map '{3}' (lines, map layer format 2) needs kiosk software version {2} or later; older kiosks will refuse this pack",
     "'min_kiosk_version' {1} est porté à {2} : la carte de réseau '{3}' (des lignes, format de couche 2) demande le logiciel de borne en version {2} ou plus ; les bornes plus anciennes refuseront ce pack"},
    {"each language must be a two-letter code such as fr",
     "chaque langue doit être un code de deux lettres comme fr"},
    {"'languages' must be a list such as [fr]",
     "'languages' doit être une liste comme [fr]"},
    {"only .md files are pages; this file is not included (put images in media/)",
     "seuls les fichiers .md sont des pages ; ce fichier n’est pas inclus (mettez les images dans media/)"},
    {"only forms/<id>.yaml files are forms; this file is not included",
     "seuls les fichiers forms/<id>.yaml sont des formulaires ; ce fichier n’est pas inclus"},
    {"missing 'menu': the list of rubriques shown on the home screen",
     "'menu' manque : la liste des rubriques de l’écran d’accueil"},
    {"home page '{1}' does not exist",
     "la page d’accueil '{1}' n’existe pas"},
    {"no menu entry, form or page links to this page: residents cannot reach it",
     "aucune rubrique, aucun formulaire ni aucune page ne mène à cette page : les habitants ne peuvent pas l’atteindre"},
    {"only public keys (.pub) belong in a content folder: move this file out, it must never be published",
     "seules les clés publiques (.pub) vont dans un dossier de contenu : sortez ce fichier, il ne doit jamais être publié"},
    {"not part of any pack section (pages/, forms/, media/, keys/); not included",
     "ne fait partie d’aucune partie du pack (pages/, forms/, media/, keys/) ; pas inclus"},
    {"a {1} field needs 'options': a list of { value: …, label: … }",
     "un champ {1} a besoin de 'options' : une liste de { value: …, label: … }"},
    {"groups cannot be nested inside groups",
     "un groupe ne peut pas être dans un autre groupe"},
    {"a group needs 'fields': the list of fields repeated for each item",
     "un groupe a besoin de 'fields' : la liste des champs répétés pour chaque élément"},
    {"a slot field cannot be required: the kiosk may have no slot to offer; say in 'help' what happens then",
     "un champ slot ne peut pas être obligatoire : la borne peut n’avoir aucun créneau à proposer ; dites dans 'help' ce qui se passe alors"},
    {"form id '{1}' must match the file name '{2}.yaml'",
     "l’identifiant de formulaire '{1}' doit être celui du nom de fichier '{2}.yaml'"},
    {"page '{1}' does not exist in the pack",
     "la page '{1}' n’existe pas dans le pack"},
    {"a form needs 'sections': a list of screens, each with a 'title' and 'fields'",
     "un formulaire a besoin de 'sections' : une liste d’écrans, chacun avec 'title' et 'fields'"},
    {"each section needs 'fields': a list of at least one field",
     "chaque section a besoin de 'fields' : une liste d’au moins un champ"},
    {"'date_end' is before 'date_start'",
     "'date_end' est avant 'date_start'"},
    {"a page must start with a front matter: a line '---', then 'title: …', then '---'",
     "une page doit commencer par un en-tête : une ligne '---', puis 'title: …', puis '---'"},
    {"the front matter is not closed: add a line '---' after it",
     "l’en-tête n’est pas fermé : ajoutez une ligne '---' après lui"},
};

std::unordered_map<std::string_view, std::string_view>& table() {
    static std::unordered_map<std::string_view, std::string_view> t(std::begin(kFrench), std::end(kFrench));
    return t;
}

}  // namespace

FrenchTable french_catalogue() { return kFrench; }

void add_french(FrenchTable more) {
    for (const auto& [en, fr] : more) table().emplace(en, fr);
}

const char* french_for(std::string_view english) {
    auto it = table().find(english);
    return it == table().end() ? nullptr : it->second.data();
}

}  // namespace guichet::packsrc

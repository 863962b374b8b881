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
     "Messages are in French unless LANG (or LC_ALL, LC_MESSAGES) starts with \"en\".\n",
     "\nCode de sortie : 0 réussite ; 1 échec (pack ou contenu invalide, vérification ratée,\n"
     "erreur de lecture ou d’écriture) ; 2 ligne de commande incorrecte.\n"
     "Formats : docs/pack-format.md et docs/content-format.md.\n"
     "Les messages sont en français, en anglais si LANG (ou LC_ALL, LC_MESSAGES) commence par « en ».\n"},
    {"guichet-pack {1}: {2}\n(see guichet-pack {1} --help)\n", "guichet-pack {1} : {2}\n(voir guichet-pack {1} --help)\n"},
    {"guichet-pack {1}: wrong number of arguments\n\n", "guichet-pack {1} : nombre d’arguments incorrect\n\n"},
    {"guichet-pack {1}: missing --{2}\n\n", "guichet-pack {1} : --{2} manque\n\n"},
    {"guichet-pack: unknown command '{1}' (see guichet-pack --help)\n",
     "guichet-pack : commande inconnue '{1}' (voir guichet-pack --help)\n"},
    {"error: {1}\n", "erreur : {1}\n"},
    {"{1} error(s), {2} warning(s)\n", "{1} erreur(s), {2} avertissement(s)\n"},
    {"{1}: OK — pack '{2}' version {3}: {4} pages, {5} forms, {6} media files\n",
     "{1} : OK — pack '{2}' version {3} : {4} pages, {5} formulaires, {6} fichiers de médias\n"},
    {"the content has errors; nothing was built", "le contenu a des erreurs ; rien n’a été fabriqué"},
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
};

}  // namespace

void add_french_help() { packsrc::add_french(kHelpFrench); }

}  // namespace guichet::packtool

#include "new_pack.hpp"

#include "common/file.hpp"
#include "crypto/box.hpp"
#include "crypto/recipient/box_open.hpp"
#include "messages.hpp"

#include <cstdio>

namespace guichet::packtool {

namespace fs = std::filesystem;
using packsrc::msg;

namespace {

// Every key of docs/content-format.md §2, with a line saying what it does.
constexpr const char* kPackYaml = R"(# pack.yaml — la description du pack (docs/content-format.md, section 2).
# Les lignes qui commencent par # sont des commentaires : la borne ne les lit pas.
# Une clé mal écrite est une erreur : `guichet-pack check` la signale avec la clé voulue.

format: 1                     # toujours 1
id: ma-commune                # identifiant du pack : minuscules, chiffres, '-' ; ne le changez plus ensuite
title: "Mairie de Ma-Commune — Espace Services Publics"
version: 1                    # augmentez-le de 1 à chaque nouvelle publication
languages: [fr]
expires_days: 365             # la borne refuse le pack ce nombre de jours après sa fabrication
min_kiosk_version: 1          # version minimale du logiciel de la borne (facultatif, 1 par défaut)
audience: ["*"]               # bornes autorisées : ["*"] pour toutes, ou leurs identifiants (facultatif)
commune_name: "Ma-Commune"    # nom de la commune, affiché à côté de ses codes de suivi
tracking_prefix: MAC          # 3 majuscules : les codes de suivi seront MAC-XXXX-XC ; une par commune
home: pages/accueil.md        # la page d'accueil

# Les rubriques de l'écran d'accueil (section 3). Chacune montre une page, des formulaires
# ou des sous-rubriques (children). Icônes : maison, formulaire, carte, emploi, associations,
# calendrier, affichage, visio, suivi, paiement, info, plan.
menu:
  - id: demarches
    title: "Les démarches"
    icon: formulaire
    page: pages/demarches.md
    forms: [contact-mairie]   # un fichier forms/contact-mairie.yaml par formulaire
  - id: suivi
    title: "Suivre ma demande"
    icon: suivi
    page: pages/suivi.md

# Les services qui reçoivent les démarches (section 5), avec leur clé PUBLIQUE.
# Une nouvelle clé : guichet-pack recipient-keygen ID -o DOSSIER_HORS_DU_PACK
recipients:
  - id: accueil
    name: "Accueil de la mairie"
    key: keys/accueil.box.pub

# Cartes (section 14 et docs/map-format.md) : décommentez et complétez.
# maps:
#   commune: "12345"
#   layers: …
)";

constexpr const char* kHome = R"(---
title: "Bienvenue à la mairie"
summary: "La borne de la mairie vous aide à faire vos démarches et à vous informer."
---
# Bienvenue à la mairie

Cette borne est à votre service. Elle est gratuite.

- **faire une démarche** → [Les démarches](demarches.md)
- **suivre une demande déjà faite** → [Suivre ma demande](suivi.md)

## Horaires

| Jour | Matin | Après-midi |
|---|---|---|
| Lundi | 9 h – 12 h | 14 h – 17 h |
| Mercredi | 9 h – 12 h | fermé |
)";

constexpr const char* kDemarches = R"(---
title: "Les démarches"
summary: "Écrire à la mairie depuis la borne."
---
# Les démarches

[Écrire à la mairie](form:contact-mairie)
)";

constexpr const char* kSuivi = R"(---
title: "Suivre ma demande"
summary: "Où en est votre demande ?"
---
# Suivre ma demande

Saisissez le code de suivi inscrit sur votre reçu.
)";

// One form (docs/content-format.md §6, docs/forms.md): fields, a condition, a hidden section.
constexpr const char* kForm = R"(# Un formulaire (docs/content-format.md, section 6 ; docs/forms.md pour les types de champs).
id: contact-mairie            # le même que le nom du fichier
version: 1
title: "Écrire à la mairie"
recipient: accueil            # un destinataire de pack.yaml
summary: "Une question, une remarque : la mairie vous répond."
page: pages/demarches.md
sections:
  - title: "Vous"
    fields:
      - id: nom
        type: text
        label: "Votre nom"
        required: true
        max_length: 80
      - id: reponse
        type: choice
        label: "Voulez-vous une réponse ?"
        required: true
        options:
          - { value: oui, label: "Oui, par courriel" }
          - { value: non, label: "Non" }
  # Une section entière se cache avec show_if : ses champs, même obligatoires, ne sont
  # alors pas demandés.
  - title: "Pour vous répondre"
    show_if: "reponse == 'oui'"
    fields:
      - id: courriel
        type: email
        label: "Votre adresse électronique"
        required: true
  - title: "Votre message"
    fields:
      - id: message
        type: long_text
        label: "Votre message"
        required: true
        max_length: 2000
)";

int cmd_new(const cli::Args& args) {
    const fs::path dir = args.positional[0];
    std::error_code ec;
    if (fs::exists(dir, ec)) {
        std::fprintf(stderr, "%s", msg("error: {1}\n", {msg("{1} already exists: give the name of a new folder", {dir.string()})}).c_str());
        return kExitFailed;
    }
    // The recipient's secret key must never be in the content folder: it goes next to it.
    const fs::path secrets = dir.string() + "-cles-secretes";
    auto kp = crypto::BoxKeyPair::generate();
    const std::pair<fs::path, std::string> files[] = {
        {dir / "pack.yaml", kPackYaml},         {dir / "pages/accueil.md", kHome},
        {dir / "pages/demarches.md", kDemarches}, {dir / "pages/suivi.md", kSuivi},
        {dir / "forms/contact-mairie.yaml", kForm}, {dir / "keys/accueil.box.pub", kp.public_key.to_file_text("accueil")},
    };
    for (const auto& [path, text] : files) {
        fs::create_directories(path.parent_path(), ec);
        if (auto r = write_file_atomic(path, as_bytes(text)); !r) {
            std::fprintf(stderr, "%s", msg("error: {1}\n", {r.error().message}).c_str());
            return kExitFailed;
        }
    }
    fs::create_directories(secrets, ec);
    if (auto r = kp.save(secrets / "accueil.box.key"); !r) {
        std::fprintf(stderr, "%s", msg("error: {1}\n", {r.error().message}).c_str());
        return kExitFailed;
    }
    std::printf("%s", msg("{1}: new content folder. Next: edit pack.yaml, then `guichet-pack check {1}` and "
                          "`guichet-pack preview {1}`.\nThe secret key of the recipient 'accueil' is in {2}: "
                          "give it to that service, never put it in the content folder.\n",
                          {dir.string(), (secrets / "accueil.box.key").string()})
                          .c_str());
    return kExitOk;
}

const std::pair<std::string_view, std::string_view> kFrench[] = {
    {"{1} already exists: give the name of a new folder", "{1} existe déjà : donnez le nom d’un nouveau dossier"},
    {"{1}: new content folder. Next: edit pack.yaml, then `guichet-pack check {1}` and "
     "`guichet-pack preview {1}`.\nThe secret key of the recipient 'accueil' is in {2}: "
     "give it to that service, never put it in the content folder.\n",
     "{1} : nouveau dossier de contenu. Ensuite : modifiez pack.yaml, puis `guichet-pack check {1}` et "
     "`guichet-pack preview {1}`.\nLa clé secrète du destinataire 'accueil' est dans {2} : "
     "donnez-la à ce service, ne la mettez jamais dans le dossier de contenu.\n"},
};

}  // namespace

const Command& new_command() {
    packsrc::add_french(kFrench);
    static const Command command{
        "new", "start a new content folder from a commented template",
        "Usage: guichet-pack new DIR\n\n"
        "Creates the content folder DIR (which must not exist yet) from a small commented\n"
        "template: pack.yaml with every key explained, a home page, one form, its recipient's\n"
        "public key. It passes `check` and `build` as it is; then change it to your commune's.\n",
        {}, cmd_new, 1, 1};
    return command;
}

}  // namespace guichet::packtool

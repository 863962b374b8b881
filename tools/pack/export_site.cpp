#include "export_site.hpp"

#include "common/file.hpp"
#include "common/time_format.hpp"
#include "content/pack_content.hpp"
#include "crypto/minisign.hpp"
#include "messages.hpp"
#include "pack/reader.hpp"
#include "site/site_export.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace guichet::packtool {

namespace {

using packsrc::msg;

constexpr const char* kUsage =
    "Usage: guichet-pack export-site PACK OUT --pub KEY.pub [--hub URL [--scripts DIR]]\n"
    "                                [--today YYYY-MM-DD]\n\n"
    "Checks PACK's signature against KEY.pub and every entry, then writes into the folder OUT\n"
    "(new, empty, or an earlier export) a static website: home with the rubriques, every page,\n"
    "every démarche's page with its note and pièces à joindre, the lists (associations, events,\n"
    "legal notices) as shown on the export date, pictures resized for the web, video guides\n"
    "with their subtitles. Any web server can serve OUT (docs/site-export.md).\n\n"
    "  --pub KEY.pub   the public key the pack must be signed with\n"
    "  --hub URL       the hub that receives the démarches filled on the site (its web channel)\n"
    "  --scripts DIR   the démarche pages' scripts (docs/site-export.md); without it no form online\n"
    "  --today DATE    export as of DATE (default: today, local time): display periods and « à jour au »\n";

const std::pair<std::string_view, std::string_view> kFrench[] = {
    {"export a verified pack as the commune's static website", "exporter un pack vérifié en site internet statique de la commune"},
    {kUsage,
     "Utilisation : guichet-pack export-site PACK SORTIE --pub CLÉ.pub [--hub URL [--scripts DOSSIER]]\n"
     "                                [--today AAAA-MM-JJ]\n\n"
     "Vérifie la signature de PACK avec CLÉ.pub et chacune de ses entrées, puis écrit dans le dossier\n"
     "SORTIE (nouveau, vide, ou un export précédent) un site internet statique : l’accueil et ses\n"
     "rubriques, chaque page, la page de chaque démarche avec sa notice et ses pièces à joindre, les\n"
     "listes (associations, manifestations, affichage légal) telles qu’affichées le jour de l’export,\n"
     "les images réduites pour le web, les guides vidéo et leurs sous-titres. N’importe quel serveur\n"
     "web peut servir SORTIE (docs/site-export.md).\n\n"
     "  --pub CLÉ.pub   la clé publique dont le pack doit porter la signature\n"
     "  --hub URL       le hub qui reçoit les démarches faites sur le site (son canal web)\n"
     "  --scripts DOSSIER les scripts des pages de démarche (docs/site-export.md) ; sans lui, pas de formulaire en ligne\n"
     "  --today DATE    exporter à la date DATE (par défaut : aujourd’hui, heure locale) : périodes d’affichage et « à jour au »\n"},
    {"{1}: INVALID pack: {2}", "{1} : pack INVALIDE : {2}"},
    {"{1}: the pack's content cannot be read: {2}", "{1} : le contenu du pack est illisible : {2}"},
    {"--today must be a date written YYYY-MM-DD", "--today doit être une date écrite AAAA-MM-JJ"},
    {"warning: {1}\n", "avertissement : {1}\n"},
    {"{1}: site of pack '{2}' version {3} as of {4}: {5} page(s), {6} picture(s), {7} video(s), {8} KiB; "
     "largest page {9} KiB\n",
     "{1} : site du pack '{2}' version {3} au {4} : {5} page(s), {6} image(s), {7} vidéo(s), {8} Kio ; "
     "plus grande page {9} Kio\n"},
    // site/site_export.cpp
    {"{1} is a symbolic link; give a real folder", "{1} est un lien symbolique ; donnez un vrai dossier"},
    {"{1} exists and is not a folder", "{1} existe et n’est pas un dossier"},
    {"{1} is not empty and holds no earlier export (site.json); give a new or empty folder",
     "{1} n’est pas vide et ne contient pas d’export précédent (site.json) ; donnez un dossier nouveau ou vide"},
    {"cannot create {1}: {2}", "impossible de créer {1} : {2}"},
    {"cannot read {1}: {2}", "impossible de lire {1} : {2}"},
    {"cannot remove {1}: {2}", "impossible de supprimer {1} : {2}"},
    {"{1} is a symbolic link", "{1} est un lien symbolique"},
    {"refused to write {1}: outside {2}", "écriture de {1} refusée : hors de {2}"},
    {"refused to write {1}: a symbolic link", "écriture de {1} refusée : c’est un lien symbolique"},
    {"the export date must be written YYYY-MM-DD", "la date de l’export doit s’écrire AAAA-MM-JJ"},
    {"--hub must be an http:// or https:// address", "--hub doit être une adresse http:// ou https://"},
};

bool iso_date(const std::string& s) {
    return s.size() == 10 && s[4] == '-' && s[7] == '-' &&
           std::all_of(s.begin(), s.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); }) &&
           s.substr(5, 2) >= "01" && s.substr(5, 2) <= "12" && s.substr(8, 2) >= "01" && s.substr(8, 2) <= "31";
}

int failed(const std::string& message) {
    std::fprintf(stderr, "%s", msg("error: {1}\n", {message}).c_str());
    return kExitFailed;
}

int cmd_export_site(const cli::Args& args) {
    const std::string path = args.positional[0];
    site::ExportOptions options;
    options.out = args.positional[1];
    options.hub_url = args.value("hub").value_or("");
    options.scripts = args.value("scripts").value_or("");
    options.today = args.value("today").value_or(local_date());
    if (!iso_date(options.today)) return failed(msg("--today must be a date written YYYY-MM-DD"));
    if (!options.hub_url.empty() && !options.hub_url.starts_with("https://") && !options.hub_url.starts_with("http://"))
        return failed(msg("--hub must be an http:// or https:// address"));

    auto text = read_text_file(*args.value("pub"), 4096);
    if (!text) return failed(text.error().message);
    auto key = crypto::PublicKey::parse(*text);
    if (!key) return failed(*args.value("pub") + ": " + key.error().message);
    crypto::KeyRing ring;
    ring.add(*key);
    auto reader = pack::PackReader::open(path, ring);
    if (!reader) return failed(msg("{1}: INVALID pack: {2}", {path, reader.error().message}));
    if (auto r = reader->verify_all(); !r) return failed(msg("{1}: INVALID pack: {2}", {path, r.error().message}));
    auto content = content::build_pack_content(*reader);
    if (!content) return failed(msg("{1}: the pack's content cannot be read: {2}", {path, content.error().message}));

    auto report = site::export_site(*reader, *content, options);
    if (!report) return failed(report.error().message);
    for (const auto& w : report->warnings) std::fprintf(stderr, "%s", msg("warning: {1}\n", {w}).c_str());
    std::printf("%s", msg("{1}: site of pack '{2}' version {3} as of {4}: {5} page(s), {6} picture(s), {7} video(s), {8} KiB; "
                          "largest page {9} KiB\n",
                          {options.out.string(), content->pack_id, std::to_string(content->pack_version), options.today,
                           std::to_string(report->pages), std::to_string(report->pictures), std::to_string(report->videos),
                           std::to_string((report->bytes + 1023) / 1024), std::to_string((report->largest_html + 1023) / 1024)})
                          .c_str());
    return kExitOk;
}

}  // namespace

const Command& export_site_command() {
    packsrc::add_french(kFrench);
    static const Command command{
        "export-site", "export a verified pack as the commune's static website",
        kUsage,
        {{"pub", true, 0}, {"hub", true, 0}, {"scripts", true, 0}, {"today", true, 0}}, cmd_export_site, 2, 2, {"pub"}};
    return command;
}

}  // namespace guichet::packtool

#include "render_sheet.hpp"

#include "commands.hpp"
#include "common/file.hpp"
#include "media/image_decode.hpp"
#include "messages.hpp"
#include "print/render.hpp"
#include "sheets.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace guichet::packtool {
namespace {

using packsrc::msg;

int failed(const std::string& message) {
    std::fprintf(stderr, "%s", msg("error: {1}\n", {message}).c_str());
    return kExitFailed;
}

// Example values, so a sheet can be looked at without a kiosk.
print::SheetData sample_data(const std::string& sheet_id) {
    print::SheetData d;
    d.values = {{"commune", "Anor"},
                {"borne", "Mairie d’Anor — Espace Services Publics"},
                {"imprime_le", "lundi 7 décembre 2026 à 14 h 05"},
                {"code", "ANR-7K3Q-9P"},
                {"demarche", "Demande d’acte d’état civil"},
                {"service", "Service état civil"},
                {"date", "lundi 7 décembre 2026 à 14 h 03"},
                {"resume", "Obtenir une copie ou un extrait d’acte de naissance, de mariage ou de décès."},
                {"titre", "Agent d’entretien des espaces verts (H/F)"},
                {"employeur", "Mairie d’Anor"},
                {"contrat", "CDD de 6 mois, 35 h par semaine"},
                {"publiee", "1er décembre 2026"},
                {"expire", "31 décembre 2026"},
                {"reference", "Arrêté municipal n° 2026-EX-041 (exemple)"},
                {"contact", "Service des ressources humaines, 03 27 59 51 11"},
                {"affiche_du", "20 novembre 2026"},
                {"affiche_au", "7 décembre 2026"}};
    d.lists["pieces"] = {"Pièce d’identité du demandeur", "Livret de famille (pour un acte de mariage ou de décès)",
                         "Justificatif de domicile de moins de 3 mois"};
    if (sheet_id != "recu")
        d.body_markdown =
            "# Exemple de page\n\nCe texte d’exemple remplace le corps de la page : donnez une vraie page avec "
            "`--data` (clé \"page\").\n\n- Tarif : 3,60 €\n- Horaires : du lundi au vendredi\n";
    return d;
}

// The body of a page file: what follows its front matter.
std::string page_body(const std::string& text) {
    if (!text.starts_with("---")) return text;
    const std::size_t end = text.find("\n---", 3);
    if (end == std::string::npos) return text;
    const std::size_t nl = text.find('\n', end + 4);
    return nl == std::string::npos ? "" : text.substr(nl + 1);
}

}  // namespace

int cmd_render_sheet(const cli::Args& args) {
    const std::filesystem::path src = args.positional[0];
    const std::string id = args.positional[1];
    const std::filesystem::path yaml = src / "sheets" / (id + ".yaml");
    auto text = read_text_file(yaml, 4 * 1024 * 1024);
    if (!text) return failed(msg("no sheet '{1}' in {2}: write {3}", {id, src.string(), yaml.string()}));
    packsrc::Diagnostics diags;
    auto json = packsrc::compile_sheet(id, *text, yaml.string(), diags);
    for (const auto& d : diags.all()) std::fprintf(stderr, "%s\n", d.to_string().c_str());
    if (!json) return kExitFailed;
    auto sheet = print::parse_sheet_json(id, *json);
    if (!sheet) return failed(sheet.error().message);

    print::SheetData data = sample_data(id);
    std::optional<std::string> data_page;
    if (auto data_path = args.value("data")) {
        auto dtext = read_text_file(*data_path, 16 * 1024 * 1024);
        if (!dtext) return failed(dtext.error().message);
        auto j = nlohmann::json::parse(*dtext, nullptr, false);
        if (j.is_discarded() || !j.is_object())
            return failed(msg("{1}: not a JSON object with \"values\", \"lists\", \"body\" or \"page\" (docs/print.md)",
                              {*data_path}));
        if (j.contains("values") && j["values"].is_object())
            for (const auto& [k, v] : j["values"].items())
                if (v.is_string()) data.values[k] = v.get<std::string>();
        if (j.contains("lists") && j["lists"].is_object())
            for (const auto& [k, v] : j["lists"].items()) {
                data.lists[k].clear();
                if (v.is_array())
                    for (const auto& item : v)
                        if (item.is_string()) data.lists[k].push_back(item.get<std::string>());
            }
        if (j.contains("body") && j["body"].is_string()) data.body_markdown = j["body"].get<std::string>();
        if (j.contains("page") && j["page"].is_string()) {
            auto page = read_text_file(src / j["page"].get<std::string>(), 4 * 1024 * 1024);
            if (!page) return failed(page.error().message);
            data.body_markdown = page_body(*page);
            data_page = j["page"].get<std::string>();
        }
    }
    print::Paper paper = sheet->paper;
    if (auto p = args.value("paper")) {
        if (*p == "a4") paper = print::Paper::A4;
        else if (*p == "roll80") paper = print::Paper::Roll80;
        else return failed(msg("--paper must be a4 or roll80"));
    }
    if (paper == print::Paper::Auto) paper = id == "recu" ? print::Paper::Roll80 : print::Paper::A4;
    // Pictures of the page, from the content folder, as the kiosk prints them.
    std::filesystem::path page_dir = src;
    print::PictureSource pictures = [&](const std::string& href) -> std::optional<print::Picture> {
        const std::filesystem::path file = (page_dir / href).lexically_normal();
        auto bytes = read_file(file, 64u * 1024 * 1024);
        if (!bytes) return std::nullopt;
        auto img = media::decode_image(*bytes, file.string());
        if (!img) {
            std::fprintf(stderr, "%s\n", img.error().message.c_str());
            return std::nullopt;
        }
        print::Picture p;
        p.width = img->image.width;
        p.height = img->image.height;
        p.rgba.assign(img->image.pixels.begin(), img->image.pixels.end());
        return p;
    };
    if (data_page) page_dir = (src / *data_page).parent_path();
    auto pdf = print::render_pdf(*sheet, data, paper, pictures);
    print::release_font_caches();
    if (!pdf) return failed(pdf.error().message);
    const std::string out = *args.value("output");
    if (auto w = write_file_atomic(out, ByteView(reinterpret_cast<const std::uint8_t*>(pdf->pdf.data()), pdf->pdf.size()));
        !w)
        return failed(w.error().message);
    std::printf("%s", msg("{1}: {2} page(s), {3} × {4} mm\n",
                          {out, std::to_string(pdf->pages), std::to_string(static_cast<int>(pdf->width_mm + 0.5)),
                           std::to_string(static_cast<int>(pdf->height_mm + 0.5))})
                          .c_str());
    return kExitOk;
}

}  // namespace guichet::packtool

// The capture flow with the stand-in camera, no display: open → preview →
// photo → review (crop, turn, document mode) → page encoded under its budget
// → attachment in the draft; a second page makes one PDF; USB pictures and
// PDFs; the signature; and everything wiped by a reset.
#include "crypto/box.hpp"
#include "crypto/recipient/box_open.hpp"
#include "demarche/submit.hpp"
#include "forms/form.hpp"
#include "media/image_decode.hpp"
#include "ui/capture/capture_session.hpp"
#include "ui/screens/wizard.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <cstdlib>
#include <fstream>

#include <unistd.h>

using namespace guichet;
using namespace guichet::ui::capture;
namespace fs = std::filesystem;

namespace {

forms::Field attachment_field(std::size_t max_kb = 3000, std::vector<std::string> accept = {"jpeg", "png", "pdf"}) {
    forms::Field f;
    f.id = "justificatif_domicile";
    f.label = "Justificatif de domicile";
    f.type = forms::FieldType::attachment;
    f.accept = std::move(accept);
    f.max_size_kb = max_kb;
    return f;
}

// Lets the worker finish and drains its results until WANT holds (bounded: a few rounds).
template <class Pred>
bool settle(CaptureSession& s, demarche::Draft& d, Pred want) {
    for (int i = 0; i < 12 && !want(); ++i) {
        s.wait_idle();
        s.pump(&d);
    }
    return want();
}

// The synthetic camera's sheet as a crop over the (unturned) 1920×1080 frame.
NormRect page_crop() {
    const media::Rect p = media::SyntheticDocumentCamera().page();
    return {static_cast<float>(p.x) / 1920.0f, static_cast<float>(p.y) / 1080.0f,
            static_cast<float>(p.x + p.width) / 1920.0f, static_cast<float>(p.y + p.height) / 1080.0f};
}

void photograph(CaptureSession& s, demarche::Draft& d, const forms::Field& f) {
    s.open_camera(f);
    REQUIRE(settle(s, d, [&] { return s.step() == CaptureSession::Step::preview; }));
    s.take_photo();
    REQUIRE(settle(s, d, [&] { return s.step() == CaptureSession::Step::review; }));
    CHECK(s.document_mode());  // on by default
    s.crop = page_crop();
    s.use_photo();
    CHECK(s.step() == CaptureSession::Step::encoding);
    REQUIRE(settle(s, d, [&] { return !s.active(); }));
}

}  // namespace

TEST_CASE("capture session: a photographed page becomes the field's JPEG attachment under its budget") {
    CaptureSession s;
    s.configure({"synthetic", {}, {}});
    demarche::Draft d("changement-adresse");
    const forms::Field f = attachment_field();
    CHECK(s.next_budget(f) == kPageBudget);
    photograph(s, d, f);
    CHECK(s.error().empty());
    REQUIRE(d.files().count(f.id) == 1);
    const demarche::AttachedFile& file = d.files().at(f.id);
    CHECK(file.name == "justificatif_domicile.jpg");
    CHECK(file.mime == "image/jpeg");
    CHECK(file.bytes.size() <= kPageBudget);
    CHECK(file.bytes.size() > 10'000);
    CHECK(d.answers()[f.id]["size"] == file.bytes.size());
    // The page is the sheet in document mode: gray, portrait like the paper.
    auto img = media::decode_image(file.bytes, "page");
    REQUIRE(img);
    CHECK(img->image.height > img->image.width);
    const media::Rect sheet = media::SyntheticDocumentCamera().page();
    CHECK(std::abs(img->image.width - sheet.width) <= sheet.width / 20 + 2);
    REQUIRE(s.document(f.id) != nullptr);
    CHECK(s.document(f.id)->pages.size() == 1);
}

TEST_CASE("capture session: a second page turns the document into one PDF, within the field's limit") {
    CaptureSession s;
    s.configure({"synthetic", {}, {}});
    demarche::Draft d("f");
    const forms::Field f = attachment_field(500);  // 500 KB in all
    photograph(s, d, f);
    const std::size_t first = d.files().at(f.id).bytes.size();
    const auto budget = s.next_budget(f);
    if (!budget) {
        CHECK(first + kPdfOverhead + kMinPageBudget > 500'000);
        return;
    }
    CHECK(*budget <= 500'000 - first - kPdfOverhead);
    photograph(s, d, f);
    const demarche::AttachedFile& file = d.files().at(f.id);
    CHECK(file.mime == "application/pdf");
    CHECK(file.name == "justificatif_domicile.pdf");
    CHECK(file.bytes.size() <= 500'000);
    CHECK(std::string(file.bytes.begin(), file.bytes.begin() + 8) == "%PDF-1.4");
    CHECK(s.document(f.id)->pages.size() == 2);
    // « Retirer ce document »
    s.remove(f.id, d);
    CHECK(d.files().empty());
    CHECK_FALSE(d.answers().contains(f.id));
    CHECK(s.document(f.id) == nullptr);
}

TEST_CASE("capture session: turning and document mode reach the encoded page") {
    CaptureSession s;
    s.configure({"synthetic", {}, {}});
    demarche::Draft d("f");
    const forms::Field f = attachment_field();
    s.open_camera(f);
    REQUIRE(settle(s, d, [&] { return s.step() == CaptureSession::Step::preview; }));
    s.take_photo();
    REQUIRE(settle(s, d, [&] { return s.step() == CaptureSession::Step::review; }));
    s.rotate();  // a quarter turn: the 1920×1080 frame is shown 1080×1920
    CHECK(s.rotation() == media::Rotation::clockwise);
    s.toggle_document_mode();
    CHECK_FALSE(s.document_mode());
    s.wait_idle();
    s.pump(&d);
    CHECK(s.view_size() == media::Size{540, 960});  // fitted in the 960 px view box
    s.crop = turn_clockwise(page_crop());  // the sheet, as shown once turned (keeps the encode small)
    s.use_photo();
    REQUIRE(settle(s, d, [&] { return !s.active(); }));
    auto img = media::decode_image(d.files().at(f.id).bytes, "page");
    REQUIRE(img);
    CHECK(img->image.width > img->image.height);  // the portrait sheet, turned a quarter: landscape
}

TEST_CASE("capture session: « Recommencer » goes back to the live preview, « Retour » closes") {
    CaptureSession s;
    s.configure({"synthetic", {}, {}});
    demarche::Draft d("f");
    const forms::Field f = attachment_field();
    s.open_camera(f);
    REQUIRE(settle(s, d, [&] { return s.step() == CaptureSession::Step::preview; }));
    s.take_photo();
    s.take_photo();  // a second tap while taking is ignored
    REQUIRE(settle(s, d, [&] { return s.step() == CaptureSession::Step::review; }));
    s.back();
    CHECK(s.step() == CaptureSession::Step::preview);
    CHECK(s.active());
    s.use_photo();  // not in review: nothing happens
    CHECK(s.step() == CaptureSession::Step::preview);
    s.back();
    CHECK_FALSE(s.active());
    s.wait_idle();
    s.pump(&d);
    CHECK(d.files().empty());
}

TEST_CASE("capture session: no camera gives the French message, not a crash") {
    CaptureSession s;
    s.configure({"/nonexistent/video9", {}, {}});
    demarche::Draft d("f");
    s.open_camera(attachment_field());
    REQUIRE(settle(s, d, [&] { return s.step() == CaptureSession::Step::failed; }));
    CHECK(s.error() == "Aucune caméra n’est branchée sur cette borne.");
}

TEST_CASE("capture session: a USB stick lists accepted files, a picture is reviewed, a PDF attached as is") {
    const fs::path dir = fs::temp_directory_path() / ("guichet-usb-test-" + std::to_string(::getpid()));
    fs::create_directories(dir / "sous-dossier");
    fs::create_directories(dir / ".cache");
    auto write = [](const fs::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary) << bytes; };
    std::ifstream jpeg(std::string(GUICHET_TEST_DATA) + "/usb/facture-energie.jpg", std::ios::binary);
    write(dir / "facture.JPG", std::string(std::istreambuf_iterator<char>(jpeg), {}));
    write(dir / "sous-dossier" / "attestation.pdf", "%PDF-1.4\n%%EOF\n");
    write(dir / "notes.txt", "pas une image");
    write(dir / ".cache" / "cache.jpg", "x");
    write(dir / "grand.pdf", std::string(120'000, 'x'));

    CaptureSession s;
    s.configure({"synthetic", dir, {}});
    CHECK(s.usb_enabled());
    demarche::Draft d("f");
    const forms::Field f = attachment_field(100);  // 100 KB
    s.open_usb(f);
    REQUIRE(settle(s, d, [&] { return !s.listing(); }));
    REQUIRE(s.files().size() == 3);
    CHECK(s.files()[0].name == "facture.JPG");
    CHECK(s.files()[1].name == "grand.pdf");
    CHECK(s.files()[2].name == "sous-dossier/attestation.pdf");

    s.choose(1);  // too large for the field
    s.wait_idle();
    s.pump(&d);
    CHECK(s.error().find("Ce fichier PDF pèse 120\u00a0Ko : la limite est de 100\u00a0Ko.") == 0);
    CHECK(d.files().empty());

    s.choose(2);
    REQUIRE(settle(s, d, [&] { return !s.active(); }));
    CHECK(d.files().at(f.id).mime == "application/pdf");
    CHECK(s.document(f.id)->whole_file);
    CHECK_FALSE(s.next_budget(f).has_value());

    s.open_usb(f);
    REQUIRE(settle(s, d, [&] { return !s.listing(); }));
    s.choose(0);  // the picture: reviewed like a photo, then encoded under the budget
    REQUIRE(settle(s, d, [&] { return s.step() == CaptureSession::Step::review; }));
    CHECK(s.mode() == CaptureSession::Mode::usb);
    CHECK(s.crop == NormRect{0, 0, 1, 1});  // a file from the stick is kept whole unless cropped
    s.use_photo();
    REQUIRE(settle(s, d, [&] { return !s.active(); }));
    CHECK(d.files().at(f.id).mime == "image/jpeg");
    CHECK(d.files().at(f.id).bytes.size() <= 100'000);
    CHECK_FALSE(s.document(f.id)->whole_file);
    fs::remove_all(dir);
}

TEST_CASE("capture session: a missing USB folder says so in French") {
    CaptureSession s;
    s.configure({"synthetic", "/nonexistent/usb", {}});
    demarche::Draft d("f");
    s.open_usb(attachment_field());
    REQUIRE(settle(s, d, [&] { return !s.listing(); }));
    CHECK(s.error() == "Aucune clé USB n’est branchée, ou elle ne peut pas être lue.");
}

TEST_CASE("capture session: the signature is attached as a PNG and answered with its name") {
    CaptureSession s;
    s.configure({"synthetic", {}, {}});
    demarche::Draft d("inscription-cantine");
    forms::Field f;
    f.id = "signature";
    f.label = "Signez avec le doigt";
    f.type = forms::FieldType::signature;
    s.open_signature(f);
    s.confirm_signature();  // no ink yet: nothing happens
    CHECK_FALSE(s.signing());
    s.strokes = {{{0.1f, 0.5f}, {0.3f, 0.3f}, {0.5f, 0.6f}}, {{0.6f, 0.4f}, {0.9f, 0.45f}}};
    s.confirm_signature();
    CHECK(s.signing());
    REQUIRE(settle(s, d, [&] { return !s.active(); }));
    CHECK(s.strokes.empty());  // wiped when the pad closes
    CHECK(d.answers()["signature"] == "signature.png");
    const demarche::AttachedFile& png = d.files().at("signature");
    CHECK(png.mime == "image/png");
    auto img = media::decode_image(png.bytes, "signature.png");
    REQUIRE(img);
    CHECK(img->image.size() == kSignatureSize);
}

TEST_CASE("capture session: the wizard's reset wipes pages, photo and draft") {
    ui::WizardScreen w;
    w.capture.session.configure({"synthetic", {}, {}});
    w.draft = std::make_unique<demarche::Draft>("changement-adresse");
    const forms::Field f = attachment_field();
    photograph(w.capture.session, *w.draft, f);
    REQUIRE(w.capture.session.document(f.id) != nullptr);
    // A photo under review when the session ends (idle reset, « Terminer et effacer »).
    w.capture.session.open_camera(f);
    REQUIRE(settle(w.capture.session, *w.draft, [&] { return w.capture.session.step() == CaptureSession::Step::preview; }));
    w.capture.session.take_photo();
    w.reset();
    CHECK_FALSE(w.capture.active());
    CHECK(w.capture.session.document(f.id) == nullptr);
    CHECK(w.draft == nullptr);
    w.capture.session.wait_idle();
    demarche::Draft fresh("x");
    w.capture.session.pump(&fresh);  // the photo taken before the reset is dropped, not attached
    CHECK(fresh.files().empty());
    CHECK(w.capture.session.view() == nullptr);
}

TEST_CASE("capture session: a page from the USB stick joins photographed pages, PDFs are not offered then") {
    const fs::path dir = fs::temp_directory_path() / ("guichet-usb-page-test-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    auto write = [](const fs::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary) << bytes; };
    std::ifstream jpeg(std::string(GUICHET_TEST_DATA) + "/usb/facture-energie.jpg", std::ios::binary);
    write(dir / "page2.jpg", std::string(std::istreambuf_iterator<char>(jpeg), {}));
    write(dir / "attestation.pdf", "%PDF-1.4\n%%EOF\n");

    CaptureSession s;
    s.configure({"synthetic", dir, {}});
    demarche::Draft d("f");
    const forms::Field f = attachment_field();
    photograph(s, d, f);
    REQUIRE(s.document(f.id) != nullptr);
    REQUIRE(s.next_budget(f).has_value());

    s.open_usb(f, true);
    CHECK(s.next_page());
    REQUIRE(settle(s, d, [&] { return !s.listing(); }));
    REQUIRE(s.files().size() == 1);  // the PDF is not listed
    CHECK(s.files()[0].name == "page2.jpg");
    s.choose(0);
    REQUIRE(settle(s, d, [&] { return s.step() == CaptureSession::Step::review; }));
    s.use_photo();
    REQUIRE(settle(s, d, [&] { return !s.active(); }));
    CHECK(s.document(f.id)->pages.size() == 2);
    CHECK_FALSE(s.document(f.id)->whole_file);
    CHECK(d.files().at(f.id).mime == "application/pdf");
    CHECK(d.files().at(f.id).name == "justificatif_domicile.pdf");

    s.open_usb(f);  // the plain chooser (« Depuis une clé USB ») lists both
    CHECK_FALSE(s.next_page());
    REQUIRE(settle(s, d, [&] { return !s.listing(); }));
    CHECK(s.files().size() == 2);
    s.close();
    fs::remove_all(dir);
}

TEST_CASE("capture session: an attachment inside a repeated group is keyed by its path, follows its item, and is sent") {
    auto form = forms::Form::from_json(nlohmann::json::parse(R"({"id":"cantine","version":1,"title":"Cantine","recipient":"ecoles",
      "sections":[{"title":"Enfants","fields":[{"id":"enfants","type":"group","label":"Enfant","required":true,"max_items":4,"fields":[
        {"id":"prenom","type":"text","label":"Prénom","required":true},
        {"id":"certificat","type":"attachment","label":"Certificat médical","accept":["jpeg","pdf"],"max_size_kb":3000}]}]}]})"));
    REQUIRE(form.ok());
    auto compiled = forms::CompiledForm::compile(std::move(*form));
    REQUIRE(compiled.ok());
    const forms::Field& group = compiled->form().sections[0].fields[0];
    const forms::Field& certificat = group.fields[1];

    CaptureSession s;
    s.configure({"synthetic", {}, {}});
    demarche::Draft d("cantine");
    d.answers()["enfants"] = nlohmann::json::array({{{"prenom", "Léa"}}, {{"prenom", "Hugo"}}, {{"prenom", "Inès"}}});
    // Photographed for the 2nd and 3rd children (as the wizard's card does, with the item's path).
    for (const char* path : {"enfants[2].certificat", "enfants[3].certificat"}) {
        s.open_camera(certificat, path);
        CHECK(s.field_id() == path);
        REQUIRE(settle(s, d, [&] { return s.step() == CaptureSession::Step::preview; }));
        s.take_photo();
        REQUIRE(settle(s, d, [&] { return s.step() == CaptureSession::Step::review; }));
        s.crop = page_crop();
        s.use_photo();
        REQUIRE(settle(s, d, [&] { return !s.active(); }));
    }
    REQUIRE(s.document("enfants[2].certificat") != nullptr);
    CHECK(d.files().at("enfants[2].certificat").name == "enfants-2-certificat.jpg");
    CHECK(d.answers()["enfants"][1]["certificat"]["mime"] == "image/jpeg");
    CHECK(d.answers()["enfants"][2]["certificat"]["mime"] == "image/jpeg");
    CHECK_FALSE(d.answers()["enfants"][0].contains("certificat"));
    CHECK_FALSE(d.answers().contains("certificat"));
    const std::size_t ines_size = d.files().at("enfants[3].certificat").bytes.size();

    // « Retirer » on Hugo (item 2), as the wizard does: his document goes, Inès's follows her answers up.
    s.group_item_removed(group, "enfants", 2, 3, d);
    forms::wipe_json(d.answers()["enfants"][1]);
    d.answers()["enfants"].erase(1);
    CHECK(d.files().size() == 1);
    REQUIRE(d.files().count("enfants[2].certificat") == 1);
    CHECK(d.files().at("enfants[2].certificat").bytes.size() == ines_size);
    CHECK(s.document("enfants[2].certificat") != nullptr);
    CHECK(s.document("enfants[3].certificat") == nullptr);
    CHECK(d.answers()["enfants"][1]["prenom"] == "Inès");
    CHECK(d.answers()["enfants"][1]["certificat"]["size"] == ines_size);

    // Sent: the checker accepts it, the payload names the path, the file is sealed with the démarche.
    test::TempDir dir;
    auto db = store::Store::open(dir / "guichet.db", {});
    REQUIRE(db.ok());
    const crypto::BoxKeyPair partner = crypto::BoxKeyPair::generate();
    const std::vector<demarche::Recipient> recipients{{"ecoles", "Écoles", partner.public_key}};
    const demarche::SubmitContext context{nullptr, *forms::expr::Date::parse("2026-11-28"), 1'800'000'000};
    auto out = demarche::submit(*db, *compiled, recipients, d, context);
    REQUIRE(out.ok());
    REQUIRE_MESSAGE(out->receipt.has_value(), (out->check.problems.empty() ? "" : out->check.problems[0].message));
    auto batch = db->claim_next_batch(10, context.now + 1);
    REQUIRE(batch.ok());
    REQUIRE(batch->size() == 1);
    auto sealed = db->load_sealed((*batch)[0].uuid);
    REQUIRE(sealed.ok());
    auto opened = crypto::open_sealed(sealed->sealed_payload, partner);
    REQUIRE(opened.ok());
    const auto payload = nlohmann::json::parse(opened->begin(), opened->end());
    REQUIRE(payload["attachments"].size() == 1);
    CHECK(payload["attachments"][0]["field"] == "enfants[2].certificat");
    CHECK(payload["attachments"][0]["size"] == ines_size);
    CHECK(payload["answers"]["enfants"][1]["certificat"]["name"] == "enfants-3-certificat.jpg");
    REQUIRE(sealed->attachments.size() == 1);
    s.reset();
}

// guichet-pack's treatment of media/ files (tools/pack/source/media_check.hpp):
// oversized pictures re-encoded at kiosk size, undecodable media refused with
// a message naming the file, videos and subtitles checked.
#include "content_source.hpp"
#include "media_check.hpp"
#include "media/image_decode.hpp"
#include "media/audio_decoder.hpp"
#include "media/image_encode.hpp"
#include "media/video_decoder.hpp"
#include "media_test_util.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace guichet;
using namespace guichet::packsrc;
using media::test::data_file;

namespace {

struct Checked {
    std::optional<pack::SourceEntry> entry;
    Diagnostics diags;
};

Checked check(const guichet::test::TempDir& dir, const std::string& rel, ByteView content) {
    std::filesystem::create_directories((dir / rel).parent_path());
    guichet::test::write_all(dir / rel, content);
    Checked out;
    out.entry = prepare_media_entry(dir / rel, rel, "src/" + rel, out.diags);
    return out;
}

std::string only_error(const Checked& c) {
    REQUIRE_FALSE(c.entry.has_value());
    REQUIRE(c.diags.all().size() == 1);
    return c.diags.all()[0].to_string();
}

}  // namespace

TEST_CASE("a picture larger than the kiosk's screen is re-encoded at 1600 px in its own format") {
    guichet::test::TempDir dir;
    for (media::ImageFormat format : {media::ImageFormat::jpeg, media::ImageFormat::webp}) {
        media::EncodeOptions options;
        options.format = format;
        auto big = media::encode_image(media::test::gradient_picture(2000, 1000), options, "big");
        REQUIRE(big.ok());
        const std::string rel = format == media::ImageFormat::jpeg ? "media/plan.jpg" : "media/plan.webp";
        Checked c = check(dir, rel, *big);
        REQUIRE(c.entry.has_value());
        CHECK_FALSE(c.diags.has_errors());
        CHECK(c.entry->path == rel);
        REQUIRE_FALSE(c.entry->data.empty());  // replaced by the re-encoded bytes
        auto info = media::probe_image(c.entry->data, "x");
        REQUIRE(info.ok());
        CHECK(info->format == format);
        CHECK(info->size == media::Size{1600, 800});
        CHECK(c.entry->already_compressed);
    }
}

TEST_CASE("a picture within the size passes unchanged") {
    guichet::test::TempDir dir;
    Checked c = check(dir, "media/logo.png", data_file("testsrc-64x48.png"));
    REQUIRE(c.entry.has_value());
    CHECK(c.entry->data.empty());
    CHECK(c.entry->file == dir / "media/logo.png");
    CHECK(c.diags.all().empty());
}

TEST_CASE("media that does not decode is refused with the file named") {
    guichet::test::TempDir dir;
    const Bytes jpeg = data_file("testsrc-64x48.jpg");
    CHECK(only_error(check(dir, "media/photo.jpg", ByteView(jpeg).first(jpeg.size() / 2))) ==
          "src/media/photo.jpg: error: truncated JPEG (the file ends before its end-of-image marker); "
          "export it again as JPEG, PNG or WebP from an image editor, or remove it");
    CHECK(only_error(check(dir, "media/fake.png", as_bytes("GIF89a not really"))).find("src/media/fake.png: error: not a JPEG, PNG or WebP") == 0);
    CHECK(only_error(check(dir, "media/guide.mp4", as_bytes("this is not a video"))).find("src/media/guide.mp4: error: not a video this tool can read") == 0);
    const std::string bad_vtt = "WEBVTT\n\n00:01.000 --> 00:00.000\nBonjour\n";
    CHECK(only_error(check(dir, "media/guide.vtt", as_bytes(bad_vtt))) ==
          "src/media/guide.vtt:3: error: cue ends before it starts: '00:01.000 --> 00:00.000'");
}

TEST_CASE("a guide and its subtitles pass; other files are not inspected") {
    guichet::test::TempDir dir;
    CHECK(check(dir, "media/guide.mp4", data_file("testsrc-160x120-2s.mp4")).entry.has_value());
    CHECK(check(dir, "media/guide.vtt", as_bytes("WEBVTT\n\n00:00.000 --> 00:01.000\nBonjour\n")).entry.has_value());
    CHECK(check(dir, "media/notice.pdf", as_bytes("%PDF-1.4 whatever")).entry.has_value());
}

TEST_CASE("a guide the kiosk cannot play (MPEG-4 part 2 in AVI) is transcoded to H.264 MP4, sound kept") {
    guichet::test::TempDir dir;
    Checked c = check(dir, "media/guide.avi", data_file("testsrc-64x48-1s-mpeg4-mp3.avi"));
    REQUIRE_MESSAGE(c.entry.has_value(), (c.diags.all().empty() ? "" : c.diags.all()[0].to_string()));
    REQUIRE_FALSE(c.entry->data.empty());
    auto video = media::VideoDecoder::open_memory(c.entry->data, "out");
    REQUIRE(video.ok());
    CHECK(video->info().codec == "h264");
    CHECK(video->info().size == media::Size{64, 48});
    int frames = 0;
    for (auto frame = video->next_frame(); frame.ok() && !frame->end_of_stream; frame = video->next_frame()) ++frames;
    CHECK(frames == 10);
    auto audio = media::AudioDecoder::open_memory(c.entry->data, "out");
    REQUIRE(audio.ok());
    CHECK(audio->info().codec.find("mp3") != std::string::npos);
}

TEST_CASE("compiling a content source applies the checks to media/") {
    guichet::test::TempDir dir;
    const auto root = dir / "mini";
    auto put = [&](const std::string& rel, ByteView bytes) {
        std::filesystem::create_directories((root / rel).parent_path());
        guichet::test::write_all(root / rel, bytes);
    };
    put("pack.yaml", as_bytes("format: 1\nid: mini\ntitle: \"Mini\"\nversion: 1\nlanguages: [fr]\nexpires_days: 30\n"
                              "home: pages/accueil.md\nmenu:\n  - id: infos\n    title: \"Infos\"\n    icon: formulaire\n"
                              "    page: pages/accueil.md\n"));
    put("pages/accueil.md", as_bytes("---\ntitle: \"Accueil\"\n---\n# Bienvenue\n\n![Plan de la mairie](../media/plan.jpg)\n"));
    auto big = media::encode_image(media::test::gradient_picture(2400, 1200), {}, "big");
    REQUIRE(big.ok());
    put("media/plan.jpg", *big);

    Diagnostics diags;
    auto compiled = compile_source(root, diags);
    std::string messages;
    for (const auto& d : diags.all()) messages += d.to_string() + "\n";
    REQUIRE_MESSAGE(compiled.has_value(), messages);
    CHECK(compiled->media == 1);
    const auto plan = std::find_if(compiled->entries.begin(), compiled->entries.end(),
                                   [](const pack::SourceEntry& e) { return e.path == "media/plan.jpg"; });
    REQUIRE(plan != compiled->entries.end());
    CHECK(media::probe_image(plan->data, "plan")->size == media::Size{1600, 800});

    put("media/plan.jpg", ByteView(*big).first(big->size() / 3));
    Diagnostics broken;
    CHECK_FALSE(compile_source(root, broken).has_value());
    REQUIRE(broken.error_count() == 1);
    CHECK(broken.all().back().to_string().find("mini/media/plan.jpg: error: truncated JPEG") != std::string::npos);
}

TEST_CASE("a video guide shown in a page must have subtitles next to it") {
    guichet::test::TempDir dir;
    const auto root = dir / "mini";
    auto put = [&](const std::string& rel, const std::string& text) {
        std::filesystem::create_directories((root / rel).parent_path());
        guichet::test::write_all(root / rel, ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
    };
    put("pack.yaml",
        "format: 1\nid: mini\ntitle: \"Mini\"\nversion: 1\nlanguages: [fr]\nexpires_days: 30\n"
        "home: pages/accueil.md\n"
        "menu:\n  - id: guide\n    title: \"Guide\"\n    icon: info\n    page: pages/guide.md\n");
    put("pages/accueil.md", "---\ntitle: \"Accueil\"\n---\n# Bienvenue\n\nVoir [le guide](guide.md).\n");
    put("pages/guide.md", "---\ntitle: \"Guide\"\n---\n# Guide\n\n![Guide vidéo](../media/guide.mp4)\n");
    std::filesystem::create_directories(root / "media");
    guichet::test::write_all(root / "media/guide.mp4", data_file("testsrc-160x120-2s.mp4"));
    auto errors = [&] {
        Diagnostics diags;
        compile_source(root, diags);
        std::string out;
        for (const auto& d : diags.all()) out += d.to_string() + "\n";
        return out;
    };
    const std::string without = errors();
    CHECK_MESSAGE(without.find("pages/guide.md:6: error: video guide '../media/guide.mp4' has no subtitles: add media/guide.vtt") !=
                      std::string::npos,
                  without);
    guichet::test::write_all(root / "media/guide.vtt", data_file("guide.vtt"));
    const std::string with = errors();
    CHECK_MESSAGE(with.find("error") == std::string::npos, with);
}

// WebVTT and SRT parsing to timed cues.
#include "media/subtitles.hpp"
#include "media_test_util.hpp"

#include <doctest/doctest.h>

using namespace guichet::media;

TEST_CASE("timestamps") {
    CHECK(parse_timestamp("00:00:01.500") == 1500);
    CHECK(parse_timestamp("01:02:03,004") == 3723004);
    CHECK(parse_timestamp("02:03.004") == 123004);
    CHECK(parse_timestamp("100:00:00.000") == 360000000);
    CHECK(parse_timestamp("00:60:00.000") == -1);
    CHECK(parse_timestamp("00:00:61.000") == -1);
    CHECK(parse_timestamp("00:00:01.5") == -1);
    CHECK(parse_timestamp("00:00:01") == -1);
    CHECK(parse_timestamp("1.000") == -1);
    CHECK(parse_timestamp("") == -1);
    CHECK(parse_timestamp("00:00:00:01.000") == -1);
    CHECK(parse_timestamp("aa:bb.ccc") == -1);
}

TEST_CASE("WebVTT: header, identifiers, settings, notes, tags and entities") {
    const char* text =
        "\xEF\xBB\xBFWEBVTT - guide\r\n"
        "Kind: captions\r\n"
        "\r\n"
        "NOTE relu par l'accueil\r\n"
        "\r\n"
        "intro\r\n"
        "00:00.000 --> 00:02.500 align:start\r\n"
        "<v Agent>Bonjour&nbsp;!</v>\r\n"
        "Touchez « Commencer ».\r\n"
        "\r\n"
        "00:00:02.000 --> 00:00:04.000\r\n"
        "Pièces &amp; justificatifs <i>demandés</i>\r\n";
    auto cues = parse_webvtt(text, "media/guide.vtt");
    REQUIRE_MESSAGE(cues.ok(), (cues.ok() ? "" : cues.error().message));
    REQUIRE(cues->size() == 2);
    CHECK((*cues)[0].start_ms == 0);
    CHECK((*cues)[0].end_ms == 2500);
    CHECK((*cues)[0].text == "Bonjour\xC2\xA0!\nTouchez « Commencer ».");
    CHECK((*cues)[1].start_ms == 2000);
    CHECK((*cues)[1].text == "Pièces & justificatifs demandés");
    CHECK(cues_at(*cues, 2100).size() == 2);  // overlapping cues are both shown
    CHECK(cues_at(*cues, 2500).size() == 1);  // end is exclusive
    CHECK(cues_at(*cues, 4000).empty());
    CHECK(parse_subtitles(text, "x")->size() == 2);
}

TEST_CASE("SRT: numbered blocks, comma milliseconds, LF endings, cues sorted") {
    const char* text =
        "2\n00:00:05,000 --> 00:00:06,000\nDeuxième\n\n"
        "1\n00:00:01,000 --> 00:00:03,000\n<b>Première</b>\nligne deux\n\n\n";
    auto cues = parse_srt(text, "g.srt");
    REQUIRE(cues.ok());
    REQUIRE(cues->size() == 2);
    CHECK((*cues)[0].text == "Première\nligne deux");
    CHECK((*cues)[1].start_ms == 5000);
    CHECK(cues_at(*cues, 1000).size() == 1);
    CHECK(cues_at(*cues, 999).empty());
    CHECK(parse_subtitles(text, "g.srt")->size() == 2);
    CHECK(parse_srt("", "g.srt")->empty());
}

TEST_CASE("malformed subtitle files give errors with the file and line") {
    auto error = [](auto result) {
        REQUIRE_FALSE(result.ok());
        return result.error().message;
    };
    CHECK(error(parse_webvtt("WEBVTTX\n", "a.vtt")) == "a.vtt:1: a WebVTT file starts with the line WEBVTT");
    CHECK(error(parse_webvtt("", "a.vtt")).find("a.vtt:1:") == 0);
    CHECK(error(parse_webvtt("WEBVTT\n\n00:01.000 --> 00:00.500\nx\n", "a.vtt")).find("a.vtt:3: cue ends before it starts") == 0);
    CHECK(error(parse_webvtt("WEBVTT\n\n00:01.000 --> soon\nx\n", "a.vtt")).find("a.vtt:3: malformed cue timing") == 0);
    CHECK(error(parse_srt("1\n00:00:01,000 -> 00:00:02,000\nx\n", "b.srt")).find("b.srt:1: subtitle block without a timing") == 0);
    CHECK(error(parse_srt("1\nextra\n00:00:01,000 --> 00:00:02,000\nx\n", "b.srt")).find("b.srt:1: unexpected text") == 0);
    CHECK(error(parse_srt("1\n00:00:01,000 -->\nx\n", "b.srt")).find("b.srt:2:") == 0);
}

TEST_CASE("the sample guide's subtitles (tests/media/data/guide.vtt)") {
    const auto bytes = guichet::media::test::data_file("guide.vtt");
    auto cues = parse_subtitles(std::string(bytes.begin(), bytes.end()), "guide.vtt");
    REQUIRE(cues.ok());
    REQUIRE(cues->size() == 2);
    CHECK((*cues)[1].text == "Puis choisissez la démarche & suivez les étapes.");
    REQUIRE(cues_at(*cues, 1500).size() == 1);
    CHECK(cues_at(*cues, 1500)[0]->start_ms == 1000);
}

// The signature pad's picture: strokes rendered black on white, nothing
// outside them, and the strokes wiped.
#include "ui/capture/signature_image.hpp"

#include <doctest/doctest.h>

using namespace guichet;
using namespace guichet::ui::capture;

TEST_CASE("signature: strokes are rendered as thick black lines on white") {
    const std::vector<Stroke> strokes = {{{0.1f, 0.5f}, {0.9f, 0.5f}}};
    const media::Image img = render_signature(strokes, {200, 100}, 6.0f);
    REQUIRE(img.size() == media::Size{200, 100});
    CHECK(img.row(50)[100 * 4] == 0);       // on the line
    CHECK(img.row(48)[100 * 4] == 0);       // 3 px pen radius
    CHECK(img.row(20)[100 * 4] == 255);     // away from it
    CHECK(img.row(50)[5 * 4] == 255);       // before its start
    CHECK(img.row(50)[100 * 4 + 3] == 255); // opaque
    CHECK(has_ink(strokes));
    CHECK_FALSE(has_ink({{{0.5f, 0.5f}}}));  // a single touch is not a signature
    CHECK_FALSE(has_ink({}));
}

TEST_CASE("signature: wipe_strokes empties them") {
    std::vector<Stroke> s = {{{0.1f, 0.2f}, {0.3f, 0.4f}}};
    wipe_strokes(s);
    CHECK(s.empty());
}

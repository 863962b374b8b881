// French wording of the parcel card, pure (unit-tested).
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace guichet::ui::map {

// "12345" → "12 345" with a narrow no-break space (U+202F) between groups;
// anything but digits is returned as is.
std::string french_integer(std::string_view digits);
// Contenance "1234" → "1 234 m²"; "" → "".
std::string area_label(std::string_view contenance);
// "0037" → "37"; "0A" → "A".
std::string strip_zeros(std::string_view s);
// « Section AB n° 123 » (no-break space after n°).
std::string parcel_title(std::string_view section, std::string_view number);

// TEXT (an address without spaces: a URL) cut into lines no wider than
// MAX_WIDTH as WIDTH measures them, preferably after '/', '.', '_', '-', '?',
// '&' or '='; never inside a UTF-8 character; a line holds at least one.
std::string break_long_text(std::string_view text, float max_width, const std::function<float(std::string_view)>& width);

}  // namespace guichet::ui::map

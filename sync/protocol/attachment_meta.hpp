// The sealed attachment metadata (docs/protocol.md): each attachment's name and
// type travel as crypto_box_seal of UTF-8 JSON {"name":"…","mime":"…"}. The
// kiosk's store writes it, the partner reads it: a small library both link, so
// the partner links no store.
#pragma once

#include "common/result.hpp"

#include <string>
#include <string_view>
#include <utility>

namespace guichet::sync {

std::string encode_attachment_meta(std::string_view name, std::string_view mime);
Result<std::pair<std::string, std::string>> decode_attachment_meta(std::string_view json);

}  // namespace guichet::sync

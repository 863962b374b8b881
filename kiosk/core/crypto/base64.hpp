#pragma once

#include "common/bytes.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace guichet::crypto {

std::string base64_encode(ByteView data);  // standard alphabet, padded (as minisign)
std::optional<Bytes> base64_decode(std::string_view text);

}  // namespace guichet::crypto

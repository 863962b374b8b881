#pragma once

#include "common/bytes.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace guichet::crypto {

std::string base64_encode(ByteView data);  // standard alphabet, padded (as minisign)
std::optional<Bytes> base64_decode(std::string_view text);
// The first line of a key file that is neither blank, a '#' comment nor an
// "untrusted comment:" line (a trailing '\r' removed); "" when none.
std::string_view key_file_data_line(std::string_view text);

}  // namespace guichet::crypto

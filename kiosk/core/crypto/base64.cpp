#include "crypto/base64.hpp"
#include "crypto/sodium_init.hpp"

#include <sodium.h>

namespace guichet::crypto {

std::string base64_encode(ByteView data) {
    ensure_sodium();
    constexpr int variant = sodium_base64_VARIANT_ORIGINAL;
    std::string out(sodium_base64_encoded_len(data.size(), variant), '\0');
    sodium_bin2base64(out.data(), out.size(), data.data(), data.size(), variant);
    out.resize(out.size() - 1);  // drop the terminating NUL
    return out;
}

std::optional<Bytes> base64_decode(std::string_view text) {
    ensure_sodium();
    Bytes out(text.size() / 4 * 3 + 3);
    std::size_t len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != text.data() + text.size())
        return std::nullopt;
    out.resize(len);
    return out;
}

std::string_view key_file_data_line(std::string_view text) {
    while (!text.empty()) {
        auto nl = text.find('\n');
        auto line = text.substr(0, nl);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!line.empty() && !line.starts_with("#") && !line.starts_with("untrusted comment:")) return line;
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
    return {};
}

}  // namespace guichet::crypto

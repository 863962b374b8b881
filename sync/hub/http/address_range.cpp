#include "hub/http/address_range.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace guichet::sync::hub::http {

namespace {

// ADDRESS as 16 bytes (IPv4 as its IPv4-mapped IPv6 form) and whether it was IPv6.
bool to_bytes(std::string_view address, std::array<unsigned char, 16>& out, bool& v6) {
    const std::string text(address);
    in_addr a4{};
    if (::inet_pton(AF_INET, text.c_str(), &a4) == 1) {
        out = {};
        out[10] = out[11] = 0xff;
        std::memcpy(&out[12], &a4, 4);
        v6 = false;
        return true;
    }
    in6_addr a6{};
    if (::inet_pton(AF_INET6, text.c_str(), &a6) == 1) {
        std::memcpy(out.data(), &a6, 16);
        v6 = true;
        return true;
    }
    return false;
}

bool is_v4_mapped(const std::array<unsigned char, 16>& b) {
    for (int i = 0; i < 10; ++i)
        if (b[i] != 0) return false;
    return b[10] == 0xff && b[11] == 0xff;
}

}  // namespace

Result<AddressRange> parse_address_range(std::string_view text) {
    const auto slash = text.find('/');
    AddressRange r;
    if (!to_bytes(text.substr(0, slash), r.prefix, r.v6)) return fail("'" + std::string(text) + "': not an IP address");
    const int max = r.v6 ? 128 : 32;
    r.bits = max;
    if (slash != std::string_view::npos) {
        const auto bits = text.substr(slash + 1);
        auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), r.bits);
        if (ec != std::errc() || end != bits.data() + bits.size() || r.bits < 0 || r.bits > max)
            return fail("'" + std::string(text) + "': the prefix length must be 0 to " + std::to_string(max));
    }
    if (!r.v6) r.bits += 96;  // IPv4 ranges compare on the mapped form
    return r;
}

Result<std::vector<AddressRange>> parse_address_ranges(std::string_view list) {
    std::vector<AddressRange> out;
    while (!list.empty()) {
        const auto comma = list.find(',');
        auto one = parse_address_range(list.substr(0, comma));
        if (!one) return one.error();
        out.push_back(*one);
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    if (out.empty()) return fail("no address range given");
    return out;
}

std::vector<AddressRange> loopback_ranges() {
    return {parse_address_range("127.0.0.0/8").value(), parse_address_range("::1").value()};
}

bool address_in(std::string_view address, const std::vector<AddressRange>& ranges) {
    std::array<unsigned char, 16> a{};
    bool v6 = false;
    if (!to_bytes(address, a, v6)) return false;
    const bool mapped = is_v4_mapped(a);
    for (const auto& r : ranges) {
        if (r.v6 && !is_v4_mapped(r.prefix) && mapped) continue;
        int bits = r.bits;
        bool match = true;
        for (int i = 0; i < 16 && bits > 0 && match; ++i, bits -= 8) {
            const unsigned mask = bits >= 8 ? 0xffu : (0xffu << (8 - bits)) & 0xffu;
            match = (a[i] & mask) == (r.prefix[i] & mask);
        }
        if (match) return true;
    }
    return false;
}

}  // namespace guichet::sync::hub::http

// Address ranges (CIDR) for the pages meant for town-hall staff and
// operators (the staff page, /metrics): until staff accounts exist
// (docs/back-office.md), they answer only the addresses staff declared —
// by default the hub's own machine.
#pragma once

#include "common/result.hpp"

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::sync::hub::http {

struct AddressRange {
    bool v6 = false;
    std::array<unsigned char, 16> prefix{};
    int bits = 0;
};

// "192.168.1.0/24", "10.0.0.7", "::1", "fd00::/8"; an Error naming the text otherwise.
Result<AddressRange> parse_address_range(std::string_view text);
// A comma-separated list of ranges.
Result<std::vector<AddressRange>> parse_address_ranges(std::string_view list);
// 127.0.0.0/8 and ::1: the hub's own machine.
std::vector<AddressRange> loopback_ranges();
// ADDRESS as the server writes remote_addr ("127.0.0.1", "::1", "::ffff:10.0.0.2").
bool address_in(std::string_view address, const std::vector<AddressRange>& ranges);

}  // namespace guichet::sync::hub::http

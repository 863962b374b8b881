#include "sepa/sepa.hpp"

#include "common/staff_language.hpp"
#include "crypto/hash.hpp"

namespace guichet::sepa {

namespace {

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum_upper(char c) { return is_upper(c) || is_digit(c); }
char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// ISO 7064 MOD 97-10 of an upper-case alphanumeric string, letters as 10…35.
int mod97(std::string_view s) {
    int rem = 0;
    for (char c : s) {
        if (is_digit(c)) rem = (rem * 10 + (c - '0')) % 97;
        else rem = (rem * 100 + (c - 'A' + 10)) % 97;
    }
    return rem;
}

}  // namespace

bool is_sepa_char(char c) {
    if (is_digit(c) || is_upper(c) || (c >= 'a' && c <= 'z')) return true;
    return std::string_view("/-?:().,'+ ").find(c) != std::string_view::npos;
}

std::string ics_check_digits(std::string_view country, std::string_view national_id) {
    std::string s;
    for (char c : national_id) {
        if (!is_alnum_upper(upper(c))) return {};
        s += upper(c);
    }
    for (char c : country) {
        if (!is_upper(upper(c))) return {};
        s += upper(c);
    }
    s += "00";
    int check = 98 - mod97(s);
    return {static_cast<char>('0' + check / 10), static_cast<char>('0' + check % 10)};
}

Result<std::string> check_ics(std::string_view text) {
    std::string s;
    for (char c : text)
        if (c != ' ') s += upper(c);
    if (s.empty()) return fail(staff::msg("the creditor identifier (ICS) is empty"));
    for (char c : s)
        if (!is_alnum_upper(c))
            return fail(staff::msg("the creditor identifier (ICS) '{1}' may hold only letters and digits", {s}));
    if (s.size() < 8 || s.size() > 35)
        return fail(staff::msg("the creditor identifier (ICS) '{1}' has {2} characters: it has 8 to 35 (13 in France, e.g. FR46ZZZ005002)",
                               {s, std::to_string(s.size())}));
    if (!is_upper(s[0]) || !is_upper(s[1]))
        return fail(staff::msg("the creditor identifier (ICS) '{1}' must start with a country code (FR)", {s}));
    if (!is_digit(s[2]) || !is_digit(s[3]))
        return fail(staff::msg("the creditor identifier (ICS) '{1}' must have two check digits after its country code", {s}));
    if (s.starts_with("FR") && s.size() != 13)
        return fail(staff::msg("the French creditor identifier (ICS) '{1}' has {2} characters instead of 13 (FRkk ZZZ nnnnnn)",
                               {s, std::to_string(s.size())}));
    std::string expected = ics_check_digits(s.substr(0, 2), s.substr(7));
    if (expected != s.substr(2, 2))
        return fail(staff::msg("the creditor identifier (ICS) '{1}' has wrong check digits ({2} instead of {3}): check it against the bank's letter",
                               {s, s.substr(2, 2), expected}));
    return s;
}

Result<std::string> check_rum(std::string_view text) {
    std::string s(text);
    if (s.empty()) return fail(staff::msg("the mandate reference (RUM) is empty"));
    if (s.size() > 35)
        return fail(staff::msg("the mandate reference (RUM) '{1}' has {2} characters: at most 35", {s, std::to_string(s.size())}));
    for (char c : s) {
        if (c == ' ') return fail(staff::msg("the mandate reference (RUM) '{1}' contains a space, which banks refuse", {s}));
        if (!is_sepa_char(c))
            return fail(staff::msg("the mandate reference (RUM) '{1}' contains a character outside the SEPA set (letters, digits, / - ? : ( ) . , ' +)", {s}));
    }
    if (s.front() == '/' || s.back() == '/' || s.find("//") != std::string::npos)
        return fail(staff::msg("the mandate reference (RUM) '{1}' may not start or end with '/' nor contain '//'", {s}));
    return s;
}

std::string base32_crockford(std::uint64_t value, int digits) {
    std::string out(static_cast<std::size_t>(digits), '0');
    for (int i = digits - 1; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = kCrockford[value & 31u];
        value >>= 5;
    }
    return out;
}

Result<std::string> make_rum(std::string_view prefix, std::string_view kiosk_id, std::int64_t unix_time,
                             const std::array<std::uint8_t, 5>& random) {
    if (prefix.size() != 3 || !is_upper(prefix[0]) || !is_upper(prefix[1]) || !is_upper(prefix[2]))
        return fail(staff::msg("the tracking prefix '{1}' is not 3 capital letters", {prefix}));
    if (kiosk_id.empty()) return fail(staff::msg("a RUM needs the kiosk's id"));
    if (unix_time < 0 || unix_time >= (std::int64_t{1} << 35)) return fail(staff::msg("the clock is out of range for a RUM"));
    auto h = crypto::blake2b_256(as_bytes(kiosk_id));
    std::uint64_t k = (std::uint64_t{h[0]} << 12) | (std::uint64_t{h[1]} << 4) | (h[2] >> 4);
    std::uint64_t r = 0;
    for (std::uint8_t b : random) r = (r << 8) | b;
    std::string rum = std::string(prefix) + std::to_string(kRumFormat) + "-" + base32_crockford(k, 4) + "-" +
                      base32_crockford(static_cast<std::uint64_t>(unix_time), 7) + "-" + base32_crockford(r, 8);
    return rum;
}

Result<RumParts> parse_kiosk_rum(std::string_view rum) {
    auto bad = [&] { return fail(staff::msg("'{1}' is not a mandate reference made by a kiosk (PPP1-KKKK-TTTTTTT-RRRRRRRR)", {rum})); };
    if (rum.size() != kRumLength || rum[3] != '1' || rum[4] != '-' || rum[9] != '-' || rum[17] != '-') return bad();
    for (std::size_t i = 0; i < 3; ++i)
        if (!is_upper(rum[i])) return bad();
    RumParts parts;
    parts.prefix = std::string(rum.substr(0, 3));
    parts.kiosk_code = std::string(rum.substr(5, 4));
    for (std::size_t i : {5u, 6u, 7u, 8u, 10u, 11u, 12u, 13u, 14u, 15u, 16u, 18u, 19u, 20u, 21u, 22u, 23u, 24u, 25u})
        if (kCrockford.find(rum[i]) == std::string_view::npos) return bad();
    for (std::size_t i = 10; i < 17; ++i)
        parts.unix_time = parts.unix_time * 32 + static_cast<std::int64_t>(kCrockford.find(rum[i]));
    return parts;
}

}  // namespace guichet::sepa

#include "store/tracking_code.hpp"

#include <cassert>

namespace guichet::store::tracking {

namespace {

constexpr std::array<std::int8_t, 256> kValues = [] {
    std::array<std::int8_t, 256> v{};
    v.fill(-1);
    for (std::size_t i = 0; i < kAlphabet.size(); ++i)
        v[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
    return v;
}();

}  // namespace

int symbol_value(char c) {
    return kValues[static_cast<unsigned char>(c)];
}

namespace {

int weighted_sum(std::string_view symbols) {
    int sum = 0;
    for (std::size_t i = 0; i < symbols.size(); ++i) {
        int v = symbol_value(symbols[i]);
        assert(v >= 0);
        sum += kWeights[i] * v;
    }
    return sum % kBase;
}

}  // namespace

char check_symbol(std::string_view five) {
    assert(five.size() == kRandomSymbols);
    // The check's weight is 1, so it is the value that brings the sum to 0 mod 29.
    int check = (kBase - weighted_sum(five)) % kBase;
    return kAlphabet[static_cast<std::size_t>(check)];
}

bool check_ok(std::string_view six) {
    if (six.size() != kSymbols) return false;
    for (char c : six)
        if (symbol_value(c) < 0) return false;
    return weighted_sum(six) == 0;
}

bool valid_prefix(std::string_view prefix) {
    if (prefix.size() != 3) return false;
    for (char c : prefix)
        if (c < 'A' || c > 'Z') return false;
    return true;
}

std::string format(std::string_view prefix, std::string_view six) {
    assert(six.size() == kSymbols);
    std::string out(prefix);
    out += '-';
    out += six.substr(0, 4);
    out += '-';
    out += six.substr(4, 2);
    return out;
}

std::string generate(std::string_view prefix, const std::function<void(std::span<std::uint8_t>)>& random) {
    // 232 = 8 × 29: bytes at or above it are drawn again so that b % 29 is uniform.
    constexpr int kLimit = 256 - 256 % kBase;
    std::string symbols;
    std::array<std::uint8_t, 16> pool{};
    std::size_t used = pool.size();
    while (symbols.size() < kRandomSymbols) {
        if (used == pool.size()) {
            random(pool);
            used = 0;
        }
        int b = pool[used++];
        if (b < kLimit) symbols.push_back(kAlphabet[static_cast<std::size_t>(b % kBase)]);
    }
    symbols.push_back(check_symbol(symbols));
    return format(prefix, symbols);
}

Result<std::string> normalize(std::string_view typed) {
    std::string compact;
    for (char c : typed) {
        if (c == ' ' || c == '-' || c == '.' || c == '\t') continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        compact.push_back(c);
    }
    if (compact.size() != 3 + kSymbols)
        return fail("a tracking code has 3 letters then 6 characters (like ANR-7K3Q-9P); this one has " +
                    std::to_string(compact.size()));
    std::string_view prefix = std::string_view(compact).substr(0, 3);
    if (!valid_prefix(prefix)) return fail("a tracking code starts with 3 letters (like ANR)");
    std::string_view six = std::string_view(compact).substr(3);
    for (char c : six)
        if (symbol_value(c) < 0) {
            unsigned char u = static_cast<unsigned char>(c);
            std::string shown = u < 0x80 ? std::string(1, c) : "a non-ASCII character";
            return fail("'" + shown + "' is never used in tracking codes (they contain no 0, 1, I, L, O, S or U)");
        }
    if (!check_ok(six)) return fail("this tracking code is not valid: a character was mistyped or two were swapped");
    return format(prefix, six);
}

bool valid(std::string_view code) {
    if (code.size() != 11 || code[3] != '-' || code[8] != '-') return false;
    if (!valid_prefix(code.substr(0, 3))) return false;
    std::string six(code.substr(4, 4));
    six += code.substr(9, 2);
    return check_ok(six);
}

}  // namespace guichet::store::tracking

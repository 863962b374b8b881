// Tracking codes: the alphabet, and exhaustive proofs that the check symbol
// catches every single wrong symbol and every swap of two neighbours.
//
// Why testing every error pattern covers every code: a code is valid when
// S = Σ w_i·v_i ≡ 0 (mod 29). Changing the code changes S by an amount that
// depends only on the change (which positions, which old and new symbols), not
// on the other symbols. So an error is caught in every code iff it is caught in
// one. The tests below still run the real check_ok() on real codes, for every
// error pattern, over many surrounding codes, and enumerate all 29^5 codes once.
#include "store_test_util.hpp"

#include "store/tracking_code.hpp"

#include <set>

using namespace guichet;
namespace tc = guichet::store::tracking;

namespace {

bool is_prime(int n) {
    if (n < 2) return false;
    for (int d = 2; d * d <= n; ++d)
        if (n % d == 0) return false;
    return true;
}

char sym(int v) {
    return tc::kAlphabet[static_cast<std::size_t>(v)];
}

// A valid six-symbol code whose symbol at POS is VALUE, the other data symbols
// taken from BACKGROUND (0…29^5−1). When POS is the check position, the first
// data symbol is adjusted so that the check comes out as VALUE.
std::string code_with(int pos, int value, std::uint32_t background) {
    std::string five;
    for (int i = 0; i < tc::kRandomSymbols; ++i) {
        five.push_back(sym(static_cast<int>(background % 29)));
        background /= 29;
    }
    if (pos < tc::kRandomSymbols) {
        five[static_cast<std::size_t>(pos)] = sym(value);
        return five + tc::check_symbol(five);
    }
    for (int v0 = 0; v0 < 29; ++v0) {
        five[0] = sym(v0);
        if (tc::check_symbol(five) == sym(value)) return five + sym(value);
    }
    FAIL("no first symbol gives check " << value);  // impossible: weight 6 is invertible mod 29
    return {};
}

}  // namespace

TEST_CASE("the alphabet: 29 distinct symbols (a prime), none of the easily confused ones") {
    CHECK(tc::kAlphabet.size() == 29);
    CHECK(is_prime(static_cast<int>(tc::kAlphabet.size())));
    std::set<char> distinct(tc::kAlphabet.begin(), tc::kAlphabet.end());
    CHECK(distinct.size() == tc::kAlphabet.size());
    for (char bad : std::string("01OILSU")) CHECK(tc::symbol_value(bad) == -1);
    for (char c : tc::kAlphabet) CHECK(((c >= '2' && c <= '9') || (c >= 'A' && c <= 'Z')));
    // Every weight is invertible mod 29 and neighbours' weights differ by 1.
    for (std::size_t i = 0; i < tc::kWeights.size(); ++i) {
        CHECK(tc::kWeights[i] % 29 != 0);
        if (i + 1 < tc::kWeights.size()) CHECK((tc::kWeights[i] - tc::kWeights[i + 1]) % 29 != 0);
    }
}

TEST_CASE("every one of the 29^5 codes gets a check symbol that validates, and only that one") {
    // Enumerates all 20,511,149 data words; for each, the one valid check symbol
    // is the computed one (the other 28 fail: that is the substitution property
    // at the check position, here checked on every word).
    std::string six(6, '2');
    std::uint64_t words = 0, bad = 0;
    std::uint32_t checks_seen[29] = {};
    for (int a = 0; a < 29; ++a) {
        six[0] = sym(a);
        for (int b = 0; b < 29; ++b) {
            six[1] = sym(b);
            for (int c = 0; c < 29; ++c) {
                six[2] = sym(c);
                for (int d = 0; d < 29; ++d) {
                    six[3] = sym(d);
                    for (int e = 0; e < 29; ++e) {
                        six[4] = sym(e);
                        char check = tc::check_symbol(std::string_view(six).substr(0, 5));
                        six[5] = check;
                        ++words;
                        checks_seen[tc::symbol_value(check)]++;
                        if (!tc::check_ok(six)) ++bad;
                    }
                }
            }
        }
    }
    CHECK(words == 20'511'149);
    CHECK(bad == 0);
    // The check symbol is uniform over the alphabet (each appears 29^4 times).
    for (auto n : checks_seen) CHECK(n == 707'281);
}

TEST_CASE("proof: every single-symbol substitution is detected") {
    // Algebra, all patterns: position p, old value a, new value b ≠ a changes the
    // sum by w_p·(b − a), never ≡ 0 mod 29 since 29 is prime and 0 < |b − a| < 29.
    int patterns = 0;
    for (int p = 0; p < tc::kSymbols; ++p)
        for (int a = 0; a < 29; ++a)
            for (int b = 0; b < 29; ++b) {
                if (a == b) continue;
                ++patterns;
                CHECK(((tc::kWeights[static_cast<std::size_t>(p)] * (b - a)) % 29 + 29) % 29 != 0);
            }
    CHECK(patterns == 6 * 29 * 28);

    // The real validator on real codes: every pattern, in 97 different codes each.
    std::uint64_t tried = 0, missed = 0;
    for (int p = 0; p < tc::kSymbols; ++p)
        for (int a = 0; a < 29; ++a)
            for (std::uint32_t bg = 0; bg < 97; ++bg) {
                std::string code = code_with(p, a, bg * 211'417u % 20'511'149u);
                REQUIRE(tc::check_ok(code));
                for (int b = 0; b < 29; ++b) {
                    if (b == a) continue;
                    std::string typo = code;
                    typo[static_cast<std::size_t>(p)] = sym(b);
                    ++tried;
                    if (tc::check_ok(typo)) ++missed;
                }
            }
    CHECK(tried == 6ull * 29 * 97 * 28);
    CHECK(missed == 0);
}

TEST_CASE("proof: every swap of two different neighbouring symbols is detected") {
    // Algebra: swapping a (at p) and b (at p+1) changes the sum by
    // (w_p − w_{p+1})·(b − a) = b − a, never ≡ 0 when a ≠ b.
    for (int p = 0; p + 1 < tc::kSymbols; ++p)
        for (int a = 0; a < 29; ++a)
            for (int b = 0; b < 29; ++b) {
                if (a == b) continue;
                int w = tc::kWeights[static_cast<std::size_t>(p)] - tc::kWeights[static_cast<std::size_t>(p) + 1];
                CHECK(((w * (b - a)) % 29 + 29) % 29 != 0);
            }

    // The real validator: every neighbouring pair of positions, every pair of
    // values, in 29 different codes each (5 × 29 × 29 × 29 codes).
    std::uint64_t tried = 0, missed = 0;
    for (int p = 0; p + 1 < tc::kSymbols; ++p)
        for (int a = 0; a < 29; ++a)
            for (int b = 0; b < 29; ++b)
                for (std::uint32_t bg = 0; bg < 29; ++bg) {
                    // A valid code with a at p and b at p+1: fix two data symbols,
                    // adjust a free data symbol so the check lands where needed.
                    std::string code;
                    for (std::uint32_t k = 0; k < 29 * 29 && code.empty(); ++k) {
                        std::string five;
                        std::uint32_t x = (bg * 7919u + k) * 104'729u;
                        for (int i = 0; i < 5; ++i) {
                            five.push_back(sym(static_cast<int>(x % 29)));
                            x /= 29;
                        }
                        if (p < 5) five[static_cast<std::size_t>(p)] = sym(a);
                        if (p + 1 < 5) five[static_cast<std::size_t>(p) + 1] = sym(b);
                        std::string six = five + tc::check_symbol(five);
                        if (six[static_cast<std::size_t>(p)] == sym(a) &&
                            six[static_cast<std::size_t>(p) + 1] == sym(b))
                            code = six;
                    }
                    REQUIRE_FALSE(code.empty());
                    REQUIRE(tc::check_ok(code));
                    if (a == b) continue;
                    std::string swapped = code;
                    std::swap(swapped[static_cast<std::size_t>(p)], swapped[static_cast<std::size_t>(p) + 1]);
                    ++tried;
                    if (tc::check_ok(swapped)) ++missed;
                }
    CHECK(tried == 5ull * 29 * 28 * 29);
    CHECK(missed == 0);
}

TEST_CASE("bonus: swaps across one symbol and doubled-symbol errors are detected too") {
    for (int p = 0; p + 2 < tc::kSymbols; ++p) {
        int w = tc::kWeights[static_cast<std::size_t>(p)] - tc::kWeights[static_cast<std::size_t>(p) + 2];  // 2
        for (int d = 1; d < 29; ++d) CHECK((w * d) % 29 != 0);
    }
    for (int p = 0; p + 1 < tc::kSymbols; ++p) {  // "aa" typed "bb"
        int w = tc::kWeights[static_cast<std::size_t>(p)] + tc::kWeights[static_cast<std::size_t>(p) + 1];
        for (int d = 1; d < 29; ++d) CHECK((w * d) % 29 != 0);
    }
}

TEST_CASE("generate: prefix, 4-2 grouping, symbols from the alphabet, uniform by rejection") {
    std::uint32_t x = 12345;
    auto counting = [&](std::span<std::uint8_t> out) {
        for (auto& b : out) {
            x = x * 1103515245u + 12345u;
            b = static_cast<std::uint8_t>(x >> 16);
        }
    };
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        auto code = tc::generate("ANR", counting);
        REQUIRE(code.size() == 11);
        CHECK(code.substr(0, 4) == "ANR-");
        CHECK(code[8] == '-');
        CHECK(tc::valid(code));
        seen.insert(code);
    }
    CHECK(seen.size() == 200);
    // Bytes 232…255 are rejected (they would favour the first symbols).
    std::vector<std::uint8_t> script = {240, 250, 255, 232, 0, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0};
    auto scripted = [&](std::span<std::uint8_t> out) {
        for (std::size_t i = 0; i < out.size(); ++i) out[i] = script[i];
    };
    auto code = tc::generate("XYZ", scripted);
    std::string five = "23456";
    CHECK(code == tc::format("XYZ", five + tc::check_symbol(five)));
}

TEST_CASE("normalize: what a resident types, forgiving on form, strict on content") {
    std::string five = "7K3Q9";
    std::string code = tc::format("ANR", five + tc::check_symbol(five));
    auto lower = code;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto r = tc::normalize("  " + lower + " ");
    REQUIRE(r.ok());
    CHECK(*r == code);
    std::string spaced = code.substr(0, 3) + " " + code.substr(4, 4) + " " + code.substr(9);
    CHECK(tc::normalize(spaced).value() == code);
    std::string bare = code.substr(0, 3) + code.substr(4, 4) + code.substr(9);
    CHECK(tc::normalize(bare).value() == code);

    auto too_short = tc::normalize("ANR-7K3Q-9");
    REQUIRE_FALSE(too_short.ok());
    CHECK(too_short.error().message.find("6 characters") != std::string::npos);
    auto with_o = tc::normalize("ANR-7K3O-9P");
    REQUIRE_FALSE(with_o.ok());
    CHECK(with_o.error().message.find("'O' is never used") != std::string::npos);
    auto bad_prefix = tc::normalize("A2R-7K3Q-9P");
    REQUIRE_FALSE(bad_prefix.ok());
    auto swapped = code;
    std::swap(swapped[5], swapped[6]);  // K and 3
    auto typo = tc::normalize(swapped);
    REQUIRE_FALSE(typo.ok());
    CHECK(typo.error().message.find("mistyped") != std::string::npos);
    CHECK_FALSE(tc::valid(swapped));
    CHECK_FALSE(tc::valid("ANR7K3Q-9PX"));
}

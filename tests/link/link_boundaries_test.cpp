// Link-time trust boundaries (docs/architecture: who links what). The programs
// are linked statically against our libraries and dynamically against
// libsodium, so a capability a program could use shows up as an undefined
// dynamic symbol: `nm -D --undefined-only` lists every libsodium function the
// binary can call.
//   - guichet-kiosk must not sign (no pack or request signing key in the lobby)
//     and must not open a sealed démarche;
//   - guichet-hub must not open a sealed démarche (it only stores them);
// and, so that the check is known to see what it looks for, the partner CLI
// does open sealed boxes and the pack tool does sign.
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <memory>
#include <regex>
#include <string>
#include <vector>

namespace {

std::vector<std::string> undefined_dynamic_symbols(const std::string& binary) {
    const std::string command = "nm -D --undefined-only '" + binary + "' 2>&1";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    REQUIRE(pipe);
    std::vector<std::string> symbols;
    std::array<char, 4096> line{};
    while (fgets(line.data(), static_cast<int>(line.size()), pipe.get())) {
        std::string text(line.data());
        while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
        // "                 U crypto_box_seal" (optionally "@LIBSODIUM_…")
        auto pos = text.rfind(' ');
        std::string name = pos == std::string::npos ? text : text.substr(pos + 1);
        if (auto at = name.find('@'); at != std::string::npos) name.resize(at);
        symbols.push_back(name);
    }
    return symbols;
}

std::vector<std::string> matching(const std::vector<std::string>& symbols, const std::regex& pattern) {
    std::vector<std::string> found;
    for (const auto& s : symbols)
        if (std::regex_match(s, pattern)) found.push_back(s);
    return found;
}

// Signing with Ed25519 (verifying is allowed: crypto_sign_verify_detached).
const std::regex kSigning("crypto_sign(|_detached|_keypair|_seed_keypair|_final_create|_ed25519_sk_to_.*)");
// Opening sealed or authenticated boxes.
const std::regex kOpening("crypto_box(_seal)?_open.*");

std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += s + " ";
    return out;
}

}  // namespace

TEST_CASE("the checks see libsodium's symbols: the partner opens sealed boxes, the pack tool signs") {
    auto partner = undefined_dynamic_symbols(GUICHET_PARTNER_BINARY);
    auto pack = undefined_dynamic_symbols(GUICHET_PACK_BINARY);
    CHECK_MESSAGE(!matching(partner, std::regex("crypto_box_seal")).empty(), "nm output: " << joined(partner));
    CHECK(!matching(partner, kOpening).empty());
    CHECK(!matching(pack, kSigning).empty());
}

TEST_CASE("the kiosk can neither sign nor open a sealed démarche") {
    auto kiosk = undefined_dynamic_symbols(GUICHET_KIOSK_BINARY);
    REQUIRE_MESSAGE(!matching(kiosk, std::regex("crypto_box_seal")).empty(), "the kiosk seals démarches");
    CHECK_MESSAGE(matching(kiosk, kSigning).empty(), "signing functions linked: " << joined(matching(kiosk, kSigning)));
    CHECK_MESSAGE(matching(kiosk, kOpening).empty(), "opening functions linked: " << joined(matching(kiosk, kOpening)));
}

TEST_CASE("the hub cannot open a sealed démarche") {
    auto hub = undefined_dynamic_symbols(GUICHET_HUB_BINARY);
    REQUIRE_MESSAGE(!matching(hub, std::regex("crypto_sign_verify_detached")).empty(), "the hub verifies requests");
    CHECK_MESSAGE(matching(hub, kOpening).empty(), "opening functions linked: " << joined(matching(hub, kOpening)));
}

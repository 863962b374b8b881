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

std::vector<std::string> symbols_of(const std::string& command) {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    REQUIRE(pipe);
    std::vector<std::string> symbols;
    std::array<char, 4096> line{};
    while (fgets(line.data(), static_cast<int>(line.size()), pipe.get())) {
        std::string text(line.data());
        while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
        symbols.push_back(text);
    }
    return symbols;
}

// libsodium functions the binary can call: "                 U crypto_box_seal@LIBSODIUM_…" → "crypto_box_seal".
std::vector<std::string> undefined_dynamic_symbols(const std::string& binary) {
    auto symbols = symbols_of("nm -D --undefined-only '" + binary + "' 2>&1");
    for (auto& text : symbols) {
        auto pos = text.rfind(' ');
        std::string name = pos == std::string::npos ? text : text.substr(pos + 1);
        if (auto at = name.find('@'); at != std::string::npos) name.resize(at);
        text = name;
    }
    return symbols;
}

// Our own functions linked into the binary, demangled ("0000… T guichet::sync::RequestKey::sign(…) const").
std::vector<std::string> defined_symbols(const std::string& binary) {
    return symbols_of("nm -C --defined-only '" + binary + "' 2>&1");
}

std::vector<std::string> matching(const std::vector<std::string>& symbols, const std::regex& pattern) {
    std::vector<std::string> found;
    for (const auto& s : symbols)
        if (std::regex_search(s, pattern)) found.push_back(s);
    return found;
}

// Signing with Ed25519 (verifying is allowed: crypto_sign_verify_detached).
const std::regex kSigning("^crypto_sign(|_detached|_keypair|_seed_keypair|_final_create|_ed25519_sk_to_.*)$");
// Opening sealed or authenticated boxes.
const std::regex kOpening("^crypto_box(_seal)?_open.*$");
// Our code that holds a secret signing key or signs: requests, envelopes, minisign secret keys.
const std::regex kOurSigning(
    R"( guichet::sync::RequestKey::|guichet::sync::sign_envelope|guichet::sync::sign_request|guichet::crypto::SecretKey::|guichet::crypto::sign\()");
// What the kiosk must still never link, now that its visio call signs its own
// hub requests (docs/visio.md §9, docs/protocol.md §4.4 « Who signs »): the
// envelope's signature (the agent's) and pack or document signing (staff's).
const std::regex kKioskNeverSigns(
    R"( guichet::sync::sign_envelope|guichet::crypto::SecretKey::|guichet::crypto::sign\()");
// Our code that holds a recipient's secret key or opens what was sealed for it.
const std::regex kOurOpening(R"( guichet::crypto::open_sealed|guichet::crypto::BoxKeyPair::)");

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
    CHECK(!matching(defined_symbols(GUICHET_PARTNER_BINARY), kOurOpening).empty());
    CHECK(!matching(defined_symbols(GUICHET_PACK_BINARY), kOurSigning).empty());
}

TEST_CASE("the kiosk can neither sign an envelope or a pack nor open a sealed démarche") {
    auto kiosk = undefined_dynamic_symbols(GUICHET_KIOSK_BINARY);
    REQUIRE_MESSAGE(!matching(kiosk, std::regex("crypto_box_seal")).empty(), "the kiosk seals démarches");
    CHECK_MESSAGE(matching(kiosk, kOpening).empty(), "opening functions linked: " << joined(matching(kiosk, kOpening)));
    auto ours = defined_symbols(GUICHET_KIOSK_BINARY);
    REQUIRE(ours.size() > 1000);  // nm read the symbol table
    // Since the visio call (issue #16) the kiosk signs its own signalling
    // requests with the kiosk's enrolment key: request signing is there, and
    // only that.
    REQUIRE_MESSAGE(!matching(ours, std::regex(" guichet::sync::sign_request")).empty(),
                    "the visio call signs its requests: a check that finds nothing must have looked");
    CHECK_MESSAGE(matching(ours, kKioskNeverSigns).empty(),
                  "envelope or pack signing linked: " << joined(matching(ours, kKioskNeverSigns)));
    CHECK_MESSAGE(matching(ours, kOurOpening).empty(), "opening code linked: " << joined(matching(ours, kOurOpening)));
}

TEST_CASE("the hub cannot open a sealed démarche") {
    auto hub = undefined_dynamic_symbols(GUICHET_HUB_BINARY);
    REQUIRE_MESSAGE(!matching(hub, std::regex("crypto_sign_verify_detached")).empty(), "the hub verifies requests");
    CHECK_MESSAGE(matching(hub, kOpening).empty(), "opening functions linked: " << joined(matching(hub, kOpening)));
    auto ours = defined_symbols(GUICHET_HUB_BINARY);
    REQUIRE(ours.size() > 1000);
    CHECK_MESSAGE(matching(ours, kOurOpening).empty(), "opening code linked: " << joined(matching(ours, kOurOpening)));
}

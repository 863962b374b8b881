// Deterministic démarches for the store tests and the crash child: démarche n
// always has the same payload and attachments, so a process that did not
// submit it can recompute what it must find after opening the sealed bytes.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/box.hpp"
#include "crypto/recipient/box_open.hpp"
#include "store/store.hpp"

#include <cstdint>
#include <string>

namespace guichet::test {

// Appears in every payload and attachment: must never be found in a raw file.
inline constexpr const char* kPlaintextMarker = "MARQUEUR-EN-CLAIR-4f1d9b";
inline constexpr std::size_t kLargeAttachment = 300 * 1024;

inline Bytes payload_for(std::uint64_t n) {
    std::string s = "{\"formulaire\":\"etat-civil/acte-naissance\",\"n\":" + std::to_string(n) + ",\"nom\":\"Dupont-" +
                    std::to_string(n) + "\",\"prenom\":\"Camille\",\"commune\":\"Anor\"," + "\"marqueur\":\"" +
                    kPlaintextMarker + "\",\"motif\":\"";
    for (std::uint64_t i = 0; i < 40 + n % 50; ++i) s += "demande de copie integrale ";
    s += "\"}";
    return Bytes(s.begin(), s.end());
}

// SIZE bytes from a xorshift generator seeded by N, with the marker at the start.
inline Bytes attachment_bytes_for(std::uint64_t n, std::size_t size) {
    Bytes out(size);
    std::uint64_t x = n * 0x9E3779B97F4A7C15ull + 1;
    for (std::size_t i = 0; i < size; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out[i] = static_cast<std::uint8_t>(x >> 24);
    }
    std::string m = kPlaintextMarker;
    for (std::size_t i = 0; i < m.size() && i < size; ++i) out[i] = static_cast<std::uint8_t>(m[i]);
    return out;
}

inline std::string attachment_name_for(std::uint64_t n) {
    return std::string("justificatif-") + kPlaintextMarker + "-" + std::to_string(n) + ".pdf";
}

// Démarche n: a large attachment when n % 3 == 0 (in the crash test, "some").
inline bool has_attachment(std::uint64_t n) {
    return n % 3 == 0;
}

inline store::Submission submission_for(std::uint64_t n, const crypto::BoxPublicKey& key,
                                        std::size_t attachment_size = kLargeAttachment) {
    store::Submission s;
    s.form_id = "etat-civil/acte-naissance";
    s.form_version = 3;
    s.recipient_id = "etat-civil";
    s.recipient_key = key;
    s.payload = payload_for(n);
    if (has_attachment(n))
        s.attachments.emplace_back(attachment_name_for(n), "application/pdf", attachment_bytes_for(n, attachment_size));
    return s;
}

// Reads the number n back from an opened payload.
inline std::int64_t counter_in(const Bytes& payload) {
    std::string s(payload.begin(), payload.end());
    auto p = s.find("\"n\":");
    if (p == std::string::npos) return -1;
    return std::stoll(s.substr(p + 4));
}

// Opens démarche UUID with KEYS and checks it is exactly démarche n (EXPECTED,
// or whatever n its payload names when EXPECTED < 0). Returns n.
inline Result<std::int64_t> verify_demarche(store::Store& st, const std::string& uuid, const crypto::BoxKeyPair& keys,
                                            std::int64_t expected = -1,
                                            std::size_t attachment_size = kLargeAttachment) {
    auto d = st.load_sealed(uuid);
    if (!d) return d.error();
    auto payload = crypto::open_sealed(d->sealed_payload, keys);
    if (!payload) return fail(uuid + ": payload: " + payload.error().message);
    std::int64_t n = counter_in(*payload);
    if (n < 0) return fail(uuid + ": payload has no counter");
    if (expected >= 0 && n != expected)
        return fail(uuid + ": holds démarche " + std::to_string(n) + ", expected " + std::to_string(expected));
    auto un = static_cast<std::uint64_t>(n);
    if (*payload != payload_for(un)) return fail(uuid + ": payload differs from démarche " + std::to_string(n));
    if (d->info.payload_size != payload->size()) return fail(uuid + ": wrong payload size");
    std::size_t want = has_attachment(un) ? 1 : 0;
    if (d->attachments.size() != want || static_cast<std::size_t>(d->info.attachment_count) != want)
        return fail(uuid + ": " + std::to_string(d->attachments.size()) + " attachments, expected " +
                    std::to_string(want));
    for (const auto& a : d->attachments) {
        auto meta = crypto::open_sealed(a.sealed_meta, keys);
        if (!meta) return fail(uuid + ": attachment meta: " + meta.error().message);
        auto nm = store::decode_attachment_meta(as_chars(*meta));
        if (!nm || nm->first != attachment_name_for(un) || nm->second != "application/pdf")
            return fail(uuid + ": attachment name/mime differ");
        auto data = crypto::open_sealed(a.sealed_data, keys);
        if (!data) return fail(uuid + ": attachment: " + data.error().message);
        if (*data != attachment_bytes_for(un, attachment_size)) return fail(uuid + ": attachment bytes differ");
        if (a.size != data->size()) return fail(uuid + ": wrong attachment size");
    }
    return n;
}

}  // namespace guichet::test

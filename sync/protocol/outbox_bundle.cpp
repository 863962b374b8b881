// Outbox bundle manifest: JSON, signature (docs/bundle.md §4).
#include "protocol/outbox_bundle.hpp"

#include "crypto/base64.hpp"
#include "crypto/hash.hpp"
#include "protocol/messages.hpp"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <stdexcept>

namespace guichet::sync {

namespace {

constexpr std::string_view kSignaturePrefix = "guichet-outbox-bundle-v1\n";

nlohmann::json file_json(const BundleFile& f) {
    return {{"path", f.path}, {"size", f.size}, {"blake2b", f.blake2b}};
}

BundleFile parse_file(const nlohmann::json& j) {
    BundleFile f{j.at("path").get<std::string>(), j.at("size").get<std::uint64_t>(), j.at("blake2b").get<std::string>()};
    // Paths come from the stick: only plain names under demarches/, never "..".
    if (f.path.rfind("demarches/", 0) != 0 || f.path.find("..") != std::string::npos ||
        f.path.find('/', 10) != std::string::npos)
        throw std::runtime_error("file path '" + f.path + "' is not under demarches/");
    return f;
}

nlohmann::json manifest_json(const OutboxManifest& m) {
    nlohmann::json ds = nlohmann::json::array();
    for (const auto& d : m.demarches) {
        nlohmann::json atts = nlohmann::json::array();
        for (const auto& a : d.attachments) atts.push_back(file_json(a));
        ds.push_back({{"uuid", d.uuid}, {"body", file_json(d.body)}, {"attachments", atts}});
    }
    return {{"format", "guichet-outbox-bundle"}, {"version", m.version},     {"kiosk_id", m.kiosk_id},
            {"created_at", m.created_at},        {"heartbeat", m.heartbeat}, {"demarches", ds}};
}

std::string signed_text(const nlohmann::json& manifest) {
    return std::string(kSignaturePrefix) + manifest.dump();
}

}  // namespace

BundleFile describe_bundle_file(std::string path, ByteView data) {
    return {std::move(path), data.size(), to_hex(crypto::blake2b_256(data))};
}

std::string sign_outbox_manifest(const OutboxManifest& m, const RequestKey& key) {
    const auto manifest = manifest_json(m);
    const auto sig = key.sign(as_bytes(signed_text(manifest)));
    return nlohmann::json{{"manifest", manifest}, {"signature", crypto::base64_encode(sig)}}.dump(1) + "\n";
}

Result<OutboxManifest> parse_outbox_manifest(std::string_view text) {
    try {
        const auto root = nlohmann::json::parse(text);
        const auto& j = root.at("manifest");
        if (j.at("format").get<std::string>() != "guichet-outbox-bundle") return fail("format: not an outbox bundle");
        OutboxManifest m;
        m.version = j.at("version").get<int>();
        if (m.version != kOutboxBundleVersion)
            return fail("version " + std::to_string(m.version) + " is not supported (this hub reads version " +
                        std::to_string(kOutboxBundleVersion) + ")" +
                        (m.version < kOutboxBundleVersion
                             ? ": export the stick again with the kiosk's updated guichet-sync, which signs each démarche"
                             : ": update guichet-hub"));
        m.kiosk_id = j.at("kiosk_id").get<std::string>();
        m.created_at = j.at("created_at").get<std::int64_t>();
        m.heartbeat = j.at("heartbeat").get<std::string>();
        for (const auto& d : j.at("demarches")) {
            BundleDemarche bd;
            bd.uuid = d.at("uuid").get<std::string>();
            if (!is_uuid(bd.uuid)) return fail("demarches: '" + bd.uuid + "' is not a UUID");
            bd.body = parse_file(d.at("body"));
            for (const auto& a : d.at("attachments")) bd.attachments.push_back(parse_file(a));
            m.demarches.push_back(std::move(bd));
        }
        return m;
    } catch (const std::exception& e) {
        return fail(std::string("malformed manifest: ") + e.what());
    }
}

Result<void> verify_outbox_manifest(std::string_view text, const crypto::Ed25519PublicKey& key) {
    try {
        const auto root = nlohmann::json::parse(text);
        const auto sig = crypto::base64_decode(root.at("signature").get<std::string>());
        if (!sig || sig->size() != crypto_sign_BYTES) return fail("signature: not base64 of 64 bytes");
        const auto message = signed_text(root.at("manifest"));
        if (crypto_sign_verify_detached(sig->data(), reinterpret_cast<const unsigned char*>(message.data()),
                                        message.size(), key.data()) != 0)
            return fail("the signature does not match the kiosk's enrolled key (altered or signed by another key)");
        return {};
    } catch (const std::exception& e) {
        return fail(std::string("malformed manifest: ") + e.what());
    }
}

}  // namespace guichet::sync

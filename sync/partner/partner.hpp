// A partner service's side of the hub (docs/protocol.md §5): fetch and open
// its sealed démarches into a folder, acknowledge them, post statuses.
#pragma once

#include "common/result.hpp"
#include "crypto/box.hpp"
#include "crypto/recipient/box_open.hpp"
#include "protocol/messages.hpp"
#include "transport/hub_client.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace guichet::sync::partner {

struct PartnerIdentity {
    std::string id;          // the recipient id démarches are routed by
    crypto::BoxKeyPair box;  // opens the démarches
    RequestKey signing;      // authenticates requests
};

// Loads the box secret key BOX_KEY_FILE ("<id>.box.key"); the signing key
// defaults to "<id>.sign.key" next to it and the id to the file's stem.
Result<PartnerIdentity> load_identity(const std::filesystem::path& box_key_file, std::filesystem::path sign_key_file,
                                      std::string id);

struct FetchOptions {
    std::filesystem::path out_dir;
    bool all = false;          // also démarches already acknowledged
    bool ack = false;          // acknowledge each one once written
    bool keep_sealed = false;  // also write the sealed bytes as received (sealed/)
};

struct Fetched {
    std::string uuid;
    std::filesystem::path dir;
    bool already_there = false;
};

// Writes OUT/<uuid>/ for each démarche: demarche.json (the opened payload,
// byte for byte), info.json (tracking code, form, times), attachments/<n>-<name>.
// Each folder appears whole (written aside, then renamed); one already there is skipped.
Result<std::vector<Fetched>> fetch(HubClient& hub, const PartnerIdentity& me, const FetchOptions& options);

Result<void> acknowledge(HubClient& hub, const std::string& uuid);
Result<void> post_status(HubClient& hub, const std::string& tracking_code, const std::string& status,
                         const std::string& message);

// The visio-accueil (docs/visio.md §1): announces that the démarche CODE has
// booked SLOT at START (Unix time), so that the hub opens the slot's room for
// its kiosk and this service; or cancels it.
Result<void> book_visio(HubClient& hub, const std::string& slot, const std::string& tracking_code, std::int64_t start);
Result<void> cancel_visio(HubClient& hub, const std::string& slot);
// START as the slots feed writes it, "YYYY-MM-DDTHH:MM" in this machine's
// local time (the town hall's), or Unix seconds.
Result<std::int64_t> parse_visio_start(const std::string& text);

// Checks a fetched démarche's envelope signature (docs/protocol.md §4.4) with
// the author's key the hub lists, and that it is addressed to ME. Returns
// what info.json records: "signed by kiosk k-…", or "unsigned (stored before
// protocol 1.2)" for a démarche the hub took before signatures existed.
// fetch() refuses a démarche that fails (nothing of it is written).
Result<std::string> check_envelope(const PartnerDemarche& d, const std::string& me);

// "facture.pdf" stays; "../x" → "x"; control characters and slashes → '_'.
std::string safe_file_name(std::string_view name, int index);

}  // namespace guichet::sync::partner

#include "protocol/routes.hpp"

#include <initializer_list>

namespace guichet::sync {

namespace {

constexpr std::string_view kUuid = "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})";
constexpr std::string_view kIndex = "([0-9]{1,2})";
constexpr std::string_view kAttachments = "/attachments/";
constexpr std::string_view kAck = "/ack";
// Kiosk ids (k-…), partner recipient ids and staff account names.
constexpr std::string_view kClientId = "([a-z0-9][a-z0-9._-]{0,63})";

std::string cat(std::initializer_list<std::string_view> parts) {
    std::string out;
    for (auto p : parts) out += p;
    return out;
}

}  // namespace

namespace paths {

std::string demarche(std::string_view uuid) {
    return cat({kDemarchesPrefix, uuid});
}
std::string web_demarche(std::string_view uuid) {
    return cat({kWebDemarchesPrefix, uuid});
}
std::string attachment(std::string_view uuid, int index) {
    return cat({kDemarchesPrefix, uuid, kAttachments, std::to_string(index)});
}
std::string feed(std::string_view kind) {
    return cat({kFeedsPrefix, kind});
}
std::string repo_file(std::string_view name) {
    return cat({kRepoPrefix, name});
}
std::string invoices(std::string_view service) {
    return cat({kInvoicesPrefix, service});
}
std::string invoices_paid(std::string_view service) {
    return cat({kInvoicesPrefix, service, "/paid"});
}
std::string partner_demarche(std::string_view uuid) {
    return cat({kPartnerDemarches, "/", uuid});
}
std::string partner_attachment(std::string_view uuid, int index) {
    return cat({kPartnerDemarches, "/", uuid, kAttachments, std::to_string(index)});
}
std::string partner_ack(std::string_view uuid) {
    return cat({kPartnerDemarches, "/", uuid, kAck});
}

std::string staff_kiosk(std::string_view id, std::string_view action) {
    return cat({kStaffKiosks, "/", id, "/", action});
}
std::string staff_partner(std::string_view id, std::string_view action) {
    return cat({kStaffPartners, "/", id, "/", action});
}
std::string staff_account(std::string_view name, std::string_view action) {
    return cat({kStaffAccounts, "/", name, "/", action});
}

std::string staff_feed(std::string_view kind) {
    return cat({kStaffFeeds, "/", kind});
}

}  // namespace paths

namespace patterns {

std::string demarche() {
    return cat({paths::kDemarchesPrefix, kUuid});
}
std::string web_demarche() {
    return cat({paths::kWebDemarchesPrefix, kUuid});
}
std::string attachment() {
    return cat({paths::kDemarchesPrefix, kUuid, kAttachments, kIndex});
}
std::string feed() {
    return cat({paths::kFeedsPrefix, "([a-z]{1,16})"});
}
std::string repo_file() {
    return cat({paths::kRepoPrefix, "(.+)"});
}
std::string invoices() {
    return cat({paths::kInvoicesPrefix, "([a-z0-9-]{1,64})"});
}
std::string invoices_paid() {
    return cat({paths::kInvoicesPrefix, "([a-z0-9-]{1,64})/paid"});
}
std::string partner_demarche() {
    return cat({paths::kPartnerDemarches, "/", kUuid});
}
std::string partner_attachment() {
    return cat({paths::kPartnerDemarches, "/", kUuid, kAttachments, kIndex});
}
std::string partner_ack() {
    return cat({paths::kPartnerDemarches, "/", kUuid, kAck});
}

std::string staff_kiosk_rename() {
    return cat({paths::kStaffKiosks, "/", kClientId, "/name"});
}
std::string staff_kiosk_revoke() {
    return cat({paths::kStaffKiosks, "/", kClientId, "/revoke"});
}
std::string staff_partner_revoke() {
    return cat({paths::kStaffPartners, "/", kClientId, "/revoke"});
}
std::string staff_account_action() {
    return cat({paths::kStaffAccounts, "/", kClientId, "/(disable|enable|password)"});
}

std::string staff_feed() {
    return cat({paths::kStaffFeeds, "/([a-z]{1,16})"});
}

}  // namespace patterns

std::string upload_checksum(std::string_view hex_blake2b_256) {
    return cat({"blake2b-256 ", hex_blake2b_256});
}

}  // namespace guichet::sync

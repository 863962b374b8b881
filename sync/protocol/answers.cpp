#include "protocol/answers.hpp"

#include "protocol/json_body.hpp"

namespace guichet::sync {

using nlohmann::json;
using detail::field;
using detail::object_array;
using detail::parse_with;

std::string to_json(const ErrorBody& m) {
    // The message may quote what a client sent: replaced, not refused, when it is not UTF-8.
    return json{{"error", m.error}, {"message", m.message}}.dump(-1, ' ', false, json::error_handler_t::replace);
}
std::string to_json(const HeartbeatAnswer& m) {
    return json{{"usage_days", m.usage_days}}.dump();
}
std::string to_json(const PingAnswer& m) {
    json j{{"protocol", m.protocol}};
    if (m.batch) j["batch"] = {{"demarches", m.batch->demarches}, {"bytes", m.batch->bytes}};
    return j.dump();
}
std::string to_json(const StatusPosted& m) {
    return json{{"seq", m.seq}}.dump();
}
std::string to_json(const DemarcheState& m) {
    json atts = json::array();
    for (const auto& a : m.attachments) atts.push_back({{"index", a.index}, {"offset", a.offset}, {"length", a.length}});
    return json{{"uuid", m.uuid}, {"receipt", m.receipt}, {"complete", m.complete}, {"attachments", atts}}.dump();
}

Result<ErrorBody> parse_error_body(std::string_view text) {
    return parse_with<ErrorBody>(text, "error body", [](const json& j) {
        return ErrorBody{field<std::string>(j, "error"),
                         j.contains("message") ? field<std::string>(j, "message") : std::string()};
    });
}
Result<PingAnswer> parse_ping_answer(std::string_view text) {
    return parse_with<PingAnswer>(text, "ping answer", [](const json& j) {
        PingAnswer a{field<int>(j, "protocol"), std::nullopt};
        if (auto it = j.find("batch"); it != j.end() && it->is_object())
            a.batch = BatchLimits{field<int>(*it, "demarches", "batch."), field<std::uint64_t>(*it, "bytes", "batch.")};
        return a;
    });
}
Result<StatusPosted> parse_status_posted(std::string_view text) {
    return parse_with<StatusPosted>(text, "status answer",
                                    [](const json& j) { return StatusPosted{field<std::int64_t>(j, "seq")}; });
}
Result<DemarcheState> parse_demarche_state(std::string_view text) {
    return parse_with<DemarcheState>(text, "démarche state", [](const json& j) {
        DemarcheState s;
        s.uuid = field<std::string>(j, "uuid");
        s.receipt = field<std::string>(j, "receipt");
        s.complete = field<bool>(j, "complete");
        for (const auto& a : object_array(j, "attachments")) {
            const std::string at = "attachments[" + std::to_string(s.attachments.size()) + "].";
            s.attachments.push_back({field<int>(a, "index", at), field<std::uint64_t>(a, "offset", at),
                                     field<std::uint64_t>(a, "length", at)});
        }
        return s;
    });
}

Result<HeartbeatAnswer> parse_heartbeat_answer(std::string_view text) {
    return parse_with<HeartbeatAnswer>(text, "heartbeat answer", [](const json& j) {
        HeartbeatAnswer a;
        auto it = j.find("usage_days");
        if (it == j.end() || !it->is_array()) throw std::invalid_argument("field usage_days is missing or not an array");
        for (const auto& d : *it) a.usage_days.push_back(d.get<std::string>());
        return a;
    });
}

}  // namespace guichet::sync

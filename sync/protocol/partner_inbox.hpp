// The partner's paged inbox (protocol 1.4, docs/protocol.md §5.1): the query
// parameters of GET /v1/partner/demarches that ask for one page, filtered and
// sorted at the hub, so that a service with 10,000 démarches gets 25 of them
// and its counts, not everything. The answer is InboxPage (messages.hpp).
#pragma once

#include "common/result.hpp"
#include "protocol/auth.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace guichet::sync {

inline constexpr int kInboxDefaultPerPage = 25;
inline constexpr int kInboxMaxPerPage = 200;

struct InboxQuery {
    std::int64_t page = 1;  // from 1
    int per_page = kInboxDefaultPerPage;
    std::optional<bool> acknowledged;  // state=new: false, state=acknowledged: true
    std::string status;                // one of kStatuses, or "none" (no status posted yet); empty: any
    std::string form_id;               // empty: any
    std::string code;                  // a part of the tracking code, [A-Z0-9-]{1,16}; empty: any
    std::optional<std::int64_t> received_from, received_to;  // Unix seconds, inclusive
    bool newest_first = true;          // order=newest (default) or oldest
};

// PARAM(name): the query parameter's value, empty when absent. Returns
// nullopt when the request has no `page` (the list of §5, as before 1.4),
// an Error naming the parameter when one is malformed.
Result<std::optional<InboxQuery>> parse_inbox_query(const std::function<std::string(const std::string&)>& param);

// The parameters a client sends for QUERY (with all=1, so that a hub older
// than 1.4 answers with every démarche instead).
Query inbox_query_params(const InboxQuery& query);

}  // namespace guichet::sync

#include "protocol/batch.hpp"

#include "protocol/json_body.hpp"

#include <zstd.h>

namespace guichet::sync {

using nlohmann::json;
using detail::field;
using detail::parse_with;

namespace {

void put_u32(Bytes& out, std::uint64_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

// The item's JSON: its §4.1 body with an empty sealed_payload (the bytes follow raw).
std::string item_json(const SubmissionUpload& up) {
    SubmissionUpload head = up;
    head.sealed_payload.clear();
    return to_json(head);
}

class Reader {
public:
    explicit Reader(ByteView b) : b_(b) {}
    bool done() const { return at_ == b_.size(); }
    bool u32(std::uint64_t& v) {
        if (b_.size() - at_ < 4) return false;
        v = 0;
        for (int i = 0; i < 4; ++i) v = (v << 8) | b_[at_++];
        return true;
    }
    bool take(std::uint64_t n, ByteView& out) {
        if (b_.size() - at_ < n) return false;
        out = ByteView(b_.data() + at_, n);
        at_ += n;
        return true;
    }

private:
    ByteView b_;
    std::size_t at_ = 0;
};

}  // namespace

std::uint64_t batch_item_size(const SubmissionUpload& up) {
    return 8 + item_json(up).size() + up.sealed_payload.size();
}

Bytes encode_submission_batch(const std::vector<const SubmissionUpload*>& uploads, bool compress) {
    Bytes items;
    for (const auto* up : uploads) {
        const auto head = item_json(*up);
        put_u32(items, head.size());
        items.insert(items.end(), head.begin(), head.end());
        put_u32(items, up->sealed_payload.size());
        items.insert(items.end(), up->sealed_payload.begin(), up->sealed_payload.end());
    }
    const auto magic = compress ? kBatchMagicZstd : kBatchMagic;
    Bytes out(magic.begin(), magic.end());
    if (!compress) {
        out.insert(out.end(), items.begin(), items.end());
        return out;
    }
    out.resize(magic.size() + ZSTD_compressBound(items.size()));
    // Level 1: the payloads are incompressible, only the JSON gains, and a kiosk's CPU is small.
    const auto n = ZSTD_compress(out.data() + magic.size(), out.size() - magic.size(), items.data(), items.size(), 1);
    if (ZSTD_isError(n)) return encode_submission_batch(uploads, false);  // cannot happen with compressBound
    out.resize(magic.size() + n);
    return out;
}

Result<std::vector<BatchItem>> parse_submission_batch(ByteView body) {
    const auto starts = [&](std::string_view magic) {
        return body.size() >= magic.size() &&
               std::string_view(reinterpret_cast<const char*>(body.data()), magic.size()) == magic;
    };
    Bytes inflated;
    ByteView framed;
    if (starts(kBatchMagic)) {
        framed = ByteView(body.data() + kBatchMagic.size(), body.size() - kBatchMagic.size());
    } else if (starts(kBatchMagicZstd)) {
        const ByteView z(body.data() + kBatchMagicZstd.size(), body.size() - kBatchMagicZstd.size());
        // The frame must say its size, within the limit, before anything is allocated.
        const auto size = ZSTD_getFrameContentSize(z.data(), z.size());
        if (size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR || size > kBatchMaxBytes)
            return fail("malformed batch: a zstd frame of unknown size, or over " + std::to_string(kBatchMaxBytes) +
                        " bytes");
        if (ZSTD_findFrameCompressedSize(z.data(), z.size()) != z.size())
            return fail("malformed batch: not exactly one zstd frame");
        inflated.resize(size);
        const auto n = ZSTD_decompress(inflated.data(), inflated.size(), z.data(), z.size());
        if (ZSTD_isError(n) || n != size) return fail("malformed batch: the zstd frame does not decode");
        framed = inflated;
    } else {
        return fail("malformed batch: it does not start with " + std::string(kBatchMagic.substr(0, 7)) + " or " +
                    std::string(kBatchMagicZstd.substr(0, 7)));
    }
    Reader r(framed);
    std::vector<BatchItem> items;
    while (!r.done()) {
        const std::string at = "malformed batch: item " + std::to_string(items.size()) + ": ";
        if (items.size() == static_cast<std::size_t>(kBatchMaxDemarches))
            return fail("malformed batch: more than " + std::to_string(kBatchMaxDemarches) + " démarches");
        std::uint64_t json_len = 0, payload_len = 0;
        ByteView head, payload;
        if (!r.u32(json_len) || json_len > kBatchItemMaxJson || !r.take(json_len, head))
            return fail(at + "JSON length missing, over " + std::to_string(kBatchItemMaxJson) + " or truncated");
        if (!r.u32(payload_len) || payload_len > kBatchItemMaxPayload || !r.take(payload_len, payload))
            return fail(at + "payload length missing, over " + std::to_string(kBatchItemMaxPayload) + " or truncated");
        const std::string_view text(reinterpret_cast<const char*>(head.data()), head.size());
        BatchItem item{{}, parse_submission_upload(text)};
        if (item.upload) {
            if (!item.upload->sealed_payload.empty())
                item.upload = fail("malformed submission: sealed_payload must be empty in a batch (the bytes follow)");
            else
                item.upload->sealed_payload.assign(payload.begin(), payload.end());
            item.uuid = item.upload ? item.upload->uuid : std::string();
        }
        if (item.uuid.empty()) {
            // Name the item in the answer when its JSON says who it is, however malformed the rest.
            auto j = json::parse(text, nullptr, false);
            if (j.is_object() && j.contains("uuid") && j["uuid"].is_string() && j["uuid"].get<std::string>().size() <= 64)
                item.uuid = j["uuid"].get<std::string>();
        }
        items.push_back(std::move(item));
    }
    if (items.empty()) return fail("malformed batch: no démarche");
    return items;
}

std::string to_json(const BatchAnswer& m) {
    json list = json::array();
    for (const auto& r : m.results) {
        json j{{"uuid", r.uuid}, {"status", r.status}};
        if (r.receipt) {
            j["receipt"] = r.receipt->receipt;
            j["received_at"] = r.receipt->received_at;
            if (r.replay) j["replay"] = true;
        } else {
            j["error"] = r.error;
            j["message"] = r.message;
        }
        list.push_back(std::move(j));
    }
    return json{{"results", list}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<BatchAnswer> parse_batch_answer(std::string_view text) {
    return parse_with<BatchAnswer>(text, "batch answer", [](const json& j) {
        BatchAnswer a;
        std::size_t i = 0;
        for (const auto& e : detail::object_array(j, "results")) {
            const std::string where = "results[" + std::to_string(i++) + "].";
            BatchResult r;
            r.uuid = field<std::string>(e, "uuid", where);
            r.status = field<int>(e, "status", where);
            if (r.status == 200) {
                r.receipt = SubmissionReceipt{r.uuid, field<std::string>(e, "receipt", where),
                                              field<std::int64_t>(e, "received_at", where)};
                r.replay = e.value("replay", false);
            } else {
                r.error = field<std::string>(e, "error", where);
                r.message = e.value("message", std::string());
            }
            a.results.push_back(std::move(r));
        }
        return a;
    });
}

}  // namespace guichet::sync

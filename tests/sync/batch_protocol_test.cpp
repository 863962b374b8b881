// The batch body's framing and answer (docs/protocol.md §4.5): round trip,
// limits, and a malformed item that leaves the others standing.
#include "protocol/batch.hpp"

#include <doctest/doctest.h>
#include <zstd.h>

using namespace guichet;
using namespace guichet::sync;

namespace {

SubmissionUpload upload(int i) {
    SubmissionUpload up;
    up.uuid = "00000000-0000-4000-8000-00000000000" + std::to_string(i);
    up.tracking_code = "ANR-7K3Q-9P";
    up.form_id = "f";
    up.form_version = 1;
    up.recipient_id = "etat-civil";
    up.created_at = 1'800'000'000;
    up.sealed_payload = Bytes(100 + static_cast<std::size_t>(i), static_cast<std::uint8_t>(0xF0 + i));  // not UTF-8
    up.kiosk_id = "k-1";
    up.envelope_signature = Bytes(64, 7);
    return up;
}

void put_u32(Bytes& b, std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>(v >> s));
}

}  // namespace

TEST_CASE("batch: framed démarches round trip, raw payloads, sizes as announced") {
    const auto a = upload(1), b = upload(2);
    const auto body = encode_submission_batch({&a, &b}, false);
    CHECK(body.size() == kBatchMagic.size() + batch_item_size(a) + batch_item_size(b));
    const auto compressed = encode_submission_batch({&a, &b});
    CHECK(std::string_view(reinterpret_cast<const char*>(compressed.data()), 8) == kBatchMagicZstd);
    CHECK(compressed.size() < body.size());
    auto unzipped = parse_submission_batch(compressed);
    REQUIRE(unzipped.ok());
    REQUIRE(unzipped->size() == 2);
    CHECK(to_json(*(*unzipped)[1].upload) == to_json(b));
    auto items = parse_submission_batch(body);
    REQUIRE_MESSAGE(items.ok(), (items.ok() ? "" : items.error().message));
    REQUIRE(items->size() == 2);
    REQUIRE((*items)[1].upload.ok());
    CHECK((*items)[1].uuid == b.uuid);
    CHECK((*items)[1].upload->sealed_payload == b.sealed_payload);
    CHECK(to_json(*(*items)[0].upload) == to_json(a));  // nothing lost in the framing
}

TEST_CASE("batch: broken framing, too many items and an empty batch are refused whole") {
    const auto a = upload(1);
    auto body = encode_submission_batch({&a}, false);
    CHECK(!parse_submission_batch(Bytes(body.begin() + 1, body.end())).ok());  // no magic
    CHECK(!parse_submission_batch(Bytes(body.begin(), body.end() - 1)).ok());  // truncated payload
    CHECK(!parse_submission_batch(Bytes(kBatchMagic.begin(), kBatchMagic.end())).ok());  // none
    Bytes huge(kBatchMagic.begin(), kBatchMagic.end());
    put_u32(huge, static_cast<std::uint32_t>(kBatchItemMaxJson + 1));
    auto refused = parse_submission_batch(huge);
    REQUIRE(!refused.ok());
    CHECK(refused.error().message.find("item 0") != std::string::npos);
    std::vector<const SubmissionUpload*> many(kBatchMaxDemarches + 1, &a);
    auto too_many = parse_submission_batch(encode_submission_batch(many));
    REQUIRE(!too_many.ok());
    CHECK(too_many.error().message.find("more than 100") != std::string::npos);
    CHECK(parse_submission_batch(encode_submission_batch(std::vector<const SubmissionUpload*>(kBatchMaxDemarches, &a)))
              .ok());
}

TEST_CASE("batch: a zstd frame must say its size, within the limit, and hold nothing after it") {
    const auto a = upload(1);
    auto z = encode_submission_batch({&a});
    REQUIRE(parse_submission_batch(z).ok());
    auto trailing = z;
    trailing.push_back(0);
    CHECK(!parse_submission_batch(trailing).ok());
    CHECK(!parse_submission_batch(Bytes(z.begin(), z.end() - 1)).ok());
    // 5 MiB of zeros compress to a few hundred bytes: refused on the size the frame declares.
    Bytes zeros(5 << 20, 0);
    Bytes bomb(kBatchMagicZstd.begin(), kBatchMagicZstd.end());
    Bytes frame(ZSTD_compressBound(zeros.size()));
    const auto n = ZSTD_compress(frame.data(), frame.size(), zeros.data(), zeros.size(), 1);
    REQUIRE(!ZSTD_isError(n));
    bomb.insert(bomb.end(), frame.begin(), frame.begin() + static_cast<std::ptrdiff_t>(n));
    auto refused = parse_submission_batch(bomb);
    REQUIRE(!refused.ok());
    CHECK(refused.error().message.find("over 4194304") != std::string::npos);
}

TEST_CASE("batch: an item whose JSON is malformed is named and the others stand") {
    const auto a = upload(1);
    auto body = encode_submission_batch({&a}, false);
    const std::string bad = R"({"uuid":"00000000-0000-4000-8000-000000000009","form_id":3})";
    put_u32(body, static_cast<std::uint32_t>(bad.size()));
    body.insert(body.end(), bad.begin(), bad.end());
    put_u32(body, 1);
    body.push_back(0);
    SubmissionUpload inline_payload = a;  // a payload inside the JSON is refused: the bytes follow
    const auto j = to_json(inline_payload);
    put_u32(body, static_cast<std::uint32_t>(j.size()));
    body.insert(body.end(), j.begin(), j.end());
    put_u32(body, 0);
    auto items = parse_submission_batch(body);
    REQUIRE(items.ok());
    REQUIRE(items->size() == 3);
    CHECK((*items)[0].upload.ok());
    CHECK(!(*items)[1].upload.ok());
    CHECK((*items)[1].uuid == "00000000-0000-4000-8000-000000000009");
    REQUIRE(!(*items)[2].upload.ok());
    CHECK((*items)[2].upload.error().message.find("sealed_payload") != std::string::npos);
}

TEST_CASE("batch: the answer carries a receipt or an error per item") {
    BatchAnswer answer;
    answer.results.push_back({"u1", 200, SubmissionReceipt{"u1", "h-1", 5}, false, {}, {}});
    answer.results.push_back({"u2", 200, SubmissionReceipt{"u2", "h-2", 6}, true, {}, {}});
    answer.results.push_back({"u3", 409, std::nullopt, false, "copied-payload", "a copy"});
    auto back = parse_batch_answer(to_json(answer));
    REQUIRE(back.ok());
    REQUIRE(back->results.size() == 3);
    CHECK(back->results[0].receipt->receipt == "h-1");
    CHECK(!back->results[0].replay);
    CHECK(back->results[1].replay);
    CHECK(back->results[2].status == 409);
    CHECK(back->results[2].error == "copied-payload");
    CHECK(!parse_batch_answer(R"({"results":[{"uuid":"u","status":200}]})").ok());  // a 200 without receipt
    CHECK(!parse_batch_answer(R"({"results":{}})").ok());
}

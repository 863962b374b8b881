// The protocol's small answer bodies (protocol/answers.hpp, docs/protocol.md
// §1, §4.3, §5, §6): the bytes the hub sends, the round trip, and a malformed
// body refused with the field it gets wrong — never an exception.
#include "protocol/answers.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace guichet::sync;

namespace {

// The error's message names FIELD.
template <class R>
bool refused_naming(const R& r, const std::string& field) {
    return !r.ok() && r.error().message.find(field) != std::string::npos;
}

}  // namespace

TEST_CASE("answers: the error body, with the bytes hub and clients agree on") {
    const ErrorBody e{"not-found", "no such démarche"};
    // The hub's bytes before the protocol library owned them (keys sorted, UTF-8 kept).
    CHECK(to_json(e) == R"({"error":"not-found","message":"no such démarche"})");
    auto back = parse_error_body(to_json(e));
    REQUIRE(back.ok());
    CHECK(back->error == e.error);
    CHECK(back->message == e.message);
    // A message quoting bytes that are not UTF-8 is sent with them replaced, not refused.
    auto replaced = parse_error_body(to_json(ErrorBody{"malformed", std::string("bad \xff byte")}));
    REQUIRE(replaced.ok());
    CHECK(replaced->message == "bad \xEF\xBF\xBD byte");
    CHECK(parse_error_body(R"({"error":"busy"})")->message.empty());
    CHECK(refused_naming(parse_error_body(R"({"message":"x"})"), "error"));
    CHECK(refused_naming(parse_error_body(R"({"error":7,"message":"x"})"), "error"));
    CHECK(refused_naming(parse_error_body(R"({"error":"x","message":[]})"), "message"));
    CHECK(!parse_error_body("<html>502 Bad Gateway</html>").ok());
    CHECK(!parse_error_body("").ok());
    CHECK(!parse_error_body("[]").ok());
}

TEST_CASE("answers: ping and the seq of a posted status") {
    CHECK(to_json(PingAnswer{1, {}}) == R"({"protocol":1})");
    CHECK(parse_ping_answer(to_json(PingAnswer{1, {}}))->protocol == 1);
    CHECK(!parse_ping_answer(R"({"protocol":1})")->batch);  // a hub before 1.7: one by one
    // 1.7: the batch route's limits.
    const auto with_batch = to_json(PingAnswer{1, BatchLimits{100, 4194304}});
    CHECK(with_batch == R"({"batch":{"bytes":4194304,"demarches":100},"protocol":1})");
    auto ping = parse_ping_answer(with_batch);
    REQUIRE(ping.ok());
    REQUIRE(ping->batch);
    CHECK(ping->batch->demarches == 100);
    CHECK(ping->batch->bytes == 4194304);
    CHECK(refused_naming(parse_ping_answer(R"({"protocol":1,"batch":{"demarches":"x","bytes":1}})"), "batch.demarches"));
    CHECK(refused_naming(parse_ping_answer(R"({"protocol":"1"})"), "protocol"));
    CHECK(refused_naming(parse_ping_answer("{}"), "protocol"));
    CHECK(to_json(StatusPosted{42}) == R"({"seq":42})");
    CHECK(parse_status_posted(to_json(StatusPosted{9007199254740993})).value().seq == 9007199254740993);
    CHECK(refused_naming(parse_status_posted(R"({"sequence":1})"), "seq"));
    CHECK(!parse_status_posted("{\"seq\":").ok());
}

TEST_CASE("answers: the state of an uploaded démarche") {
    DemarcheState s{"0b3c6a7e-1f2d-4c3b-8a9e-112233445566", "h-7", false, {{0, 262144, 300048}, {1, 0, 48}}};
    CHECK(to_json(s) == R"({"attachments":[{"index":0,"length":300048,"offset":262144},)"
                        R"({"index":1,"length":48,"offset":0}],"complete":false,)"
                        R"("receipt":"h-7","uuid":"0b3c6a7e-1f2d-4c3b-8a9e-112233445566"})");
    auto back = parse_demarche_state(to_json(s));
    REQUIRE(back.ok());
    CHECK(back->uuid == s.uuid);
    CHECK(back->receipt == "h-7");
    CHECK(!back->complete);
    REQUIRE(back->attachments.size() == 2);
    CHECK(back->attachments[0].offset == 262144);
    CHECK(back->attachments[0].length == 300048);
    CHECK(back->attachments[1].index == 1);
    CHECK(parse_demarche_state(to_json(DemarcheState{"u", "r", true, {}}))->complete);

    CHECK(refused_naming(parse_demarche_state(R"({"uuid":"u","receipt":"r","attachments":[]})"), "complete"));
    CHECK(refused_naming(parse_demarche_state(R"({"uuid":"u","receipt":"r","complete":"yes","attachments":[]})"),
                         "complete"));
    CHECK(refused_naming(parse_demarche_state(R"({"uuid":"u","receipt":"r","complete":true,"attachments":{}})"),
                         "attachments"));
    CHECK(refused_naming(parse_demarche_state(R"({"uuid":"u","receipt":"r","complete":true,"attachments":[3]})"),
                         "attachments"));
    CHECK(refused_naming(parse_demarche_state(
                             R"({"uuid":"u","receipt":"r","complete":true,"attachments":[{"index":0,"length":1}]})"),
                         "attachments[0].offset"));
    CHECK(refused_naming(parse_demarche_state(R"({"uuid":"u","receipt":"r","complete":true,)"
                                              R"("attachments":[{"index":0,"offset":0,"length":1},)"
                                              R"({"index":1,"offset":0,"length":"x"}]})"),
                         "attachments[1].length"));
    CHECK(refused_naming(parse_demarche_state("null"), "démarche state"));
}

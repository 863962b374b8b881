// guichet-test-pain008: the C++ pain.008 writer (sepa::write_pain008) on a batch given as JSON on
// stdin, the XML on stdout. Test-only: tests/web/regie_pain008.test.mjs runs it beside the back
// office's JavaScript writer on the same batches and requires byte-identical files.
//   {"version": "02"|"08", "message_id", "created_at", "collection_date",
//    "creditor": {"name", "ics", "iban", "bic"},
//    "debits": [{"end_to_end_id", "amount_cents", "rum", "signed_on", "debtor_name", "debtor_iban",
//                "debtor_bic", "sequence": "FRST"|…, "remittance", "amended", "original_iban", "new_debtor_bank"}]}
#include "sepa/pain008.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <iterator>

int main() {
    using namespace guichet::sepa;
    const std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        std::cerr << "stdin: not a JSON object\n";
        return 2;
    }
    Batch b;
    b.message_id = j.value("message_id", "");
    b.created_at = j.value("created_at", "");
    b.collection_date = j.value("collection_date", "");
    const auto& c = j.value("creditor", nlohmann::json::object());
    b.creditor = {c.value("name", ""), c.value("ics", ""), c.value("iban", ""), c.value("bic", "")};
    for (const auto& d : j.value("debits", nlohmann::json::array())) {
        Debit x;
        x.end_to_end_id = d.value("end_to_end_id", "");
        x.amount_cents = d.value("amount_cents", std::int64_t{0});
        x.rum = d.value("rum", "");
        x.signed_on = d.value("signed_on", "");
        x.debtor_name = d.value("debtor_name", "");
        x.debtor_iban = d.value("debtor_iban", "");
        x.debtor_bic = d.value("debtor_bic", "");
        const std::string seq = d.value("sequence", "RCUR");
        x.sequence = seq == "FRST" ? Sequence::frst : seq == "OOFF" ? Sequence::ooff : seq == "FNAL" ? Sequence::fnal : Sequence::rcur;
        x.remittance = d.value("remittance", "");
        x.amended = d.value("amended", false);
        x.original_iban = d.value("original_iban", "");
        x.new_debtor_bank = d.value("new_debtor_bank", false);
        b.debits.push_back(std::move(x));
    }
    auto xml = write_pain008(b, j.value("version", "02") == "08" ? PainVersion::v08 : PainVersion::v02);
    if (!xml) {
        std::cerr << xml.error().message << "\n";
        return 1;
    }
    std::cout << *xml;
    return 0;
}

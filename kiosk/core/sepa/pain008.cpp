#include "sepa/pain008.hpp"

#include "common/staff_language.hpp"
#include "forms/validators.hpp"
#include "sepa/sepa.hpp"

#include <array>

namespace guichet::sepa {

namespace {

struct Translit {
    char32_t from;
    const char* to;
};
// French and common Latin letters the SEPA set lacks (EPC217-08 §1.4 lets
// banks refuse anything else).
constexpr Translit kTranslit[] = {
    {U'à', "a"}, {U'â', "a"}, {U'ä', "a"}, {U'á', "a"}, {U'ã', "a"}, {U'å', "a"}, {U'ç', "c"}, {U'é', "e"},
    {U'è', "e"}, {U'ê', "e"}, {U'ë', "e"}, {U'î', "i"}, {U'ï', "i"}, {U'í', "i"}, {U'ì', "i"}, {U'ñ', "n"},
    {U'ô', "o"}, {U'ö', "o"}, {U'ó', "o"}, {U'ò', "o"}, {U'õ', "o"}, {U'ø', "o"}, {U'ù', "u"}, {U'û', "u"},
    {U'ü', "u"}, {U'ú', "u"}, {U'ÿ', "y"}, {U'ý', "y"}, {U'œ', "oe"}, {U'æ', "ae"}, {U'ß', "ss"}, {U'À', "A"},
    {U'Â', "A"}, {U'Ä', "A"}, {U'Á', "A"}, {U'Ç', "C"}, {U'É', "E"}, {U'È', "E"}, {U'Ê', "E"}, {U'Ë', "E"},
    {U'Î', "I"}, {U'Ï', "I"}, {U'Ô', "O"}, {U'Ö', "O"}, {U'Ù', "U"}, {U'Û', "U"}, {U'Ü', "U"}, {U'Ÿ', "Y"},
    {U'Œ', "OE"}, {U'Æ', "AE"}, {U'Ñ', "N"}, {U'’', "'"}, {U'‘', "'"}, {U'«', " "}, {U'»', " "}, {U'—', "-"},
    {U'–', "-"}, {U'\u00A0', " "}, {U'\u202F', " "}, {U'°', "."}, {U'&', "+"}, {U'"', "'"}, {U'\t', " "},
};

// Decodes one UTF-8 code point at S[I], advancing I; U+FFFD for a bad sequence.
char32_t next_code_point(std::string_view s, std::size_t& i) {
    auto b = static_cast<unsigned char>(s[i++]);
    if (b < 0x80) return b;
    int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : -1;
    if (extra < 0) return 0xFFFD;
    char32_t cp = b & (0x3F >> extra);
    for (int k = 0; k < extra; ++k) {
        if (i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return 0xFFFD;
        cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
    }
    return cp;
}

std::string compact_upper(std::string_view s) {
    std::string out;
    for (char c : s)
        if (c != ' ') out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    return out;
}

bool is_iso_date(std::string_view d) {
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (d[i] < '0' || d[i] > '9') return false;
    int y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
    int m = (d[5] - '0') * 10 + (d[6] - '0'), day = (d[8] - '0') * 10 + (d[9] - '0');
    if (m < 1 || m > 12 || day < 1) return false;
    // A bank refuses 2026-02-30 or 2026-04-31: days per month, leap years.
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return day <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

// Identifiers in the file: SEPA set, no space at the ends, ≤ 35.
Result<void> check_id(std::string_view what, std::string_view id) {
    if (id.empty() || id.size() > 35 || id.front() == ' ' || id.back() == ' ')
        return fail(staff::msg("{1} '{2}' must have 1 to 35 characters", {what, id}));
    for (char c : id)
        if (!is_sepa_char(c)) return fail(staff::msg("{1} '{2}' has a character outside the SEPA set", {what, id}));
    return {};
}

class Xml {
public:
    void open(std::string_view tag) {
        indent();
        out += '<';
        out += tag;
        out += ">\n";
        ++depth;
    }
    void close(std::string_view tag) {
        --depth;
        indent();
        out += "</";
        out += tag;
        out += ">\n";
    }
    void leaf(std::string_view tag, std::string_view text, std::string_view attr = {}) {
        indent();
        out += '<';
        out += tag;
        if (!attr.empty()) {
            out += ' ';
            out += attr;
        }
        out += '>';
        for (char c : text) {
            if (c == '&') out += "&amp;";
            else if (c == '<') out += "&lt;";
            else if (c == '>') out += "&gt;";
            else out += c;
        }
        out += "</";
        out += tag;
        out += ">\n";
    }
    std::string out;

private:
    void indent() { out.append(static_cast<std::size_t>(depth) * 2, ' '); }
    int depth = 0;
};

}  // namespace

std::string_view sequence_code(Sequence s) {
    switch (s) {
        case Sequence::frst: return "FRST";
        case Sequence::rcur: return "RCUR";
        case Sequence::ooff: return "OOFF";
        case Sequence::fnal: return "FNAL";
    }
    return "RCUR";
}

std::string to_sepa_text(std::string_view utf8, std::size_t max) {
    std::string out;
    std::size_t i = 0;
    while (i < utf8.size()) {
        char32_t cp = next_code_point(utf8, i);
        std::string piece;
        if (cp < 0x80 && is_sepa_char(static_cast<char>(cp))) {
            piece = std::string(1, static_cast<char>(cp));
        } else {
            piece = ".";
            for (const Translit& t : kTranslit)
                if (t.from == cp) piece = t.to;
        }
        for (char c : piece) {
            if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
            out += c;
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (out.size() > max) out.resize(max);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string format_amount(std::int64_t cents) {
    std::string frac = std::to_string(cents % 100);
    if (frac.size() < 2) frac.insert(0, "0");
    return std::to_string(cents / 100) + "." + frac;
}

Result<std::string> write_pain008(const Batch& batch, PainVersion version) {
    if (auto r = check_id(staff::msg("the message id"), batch.message_id); !r) return r.error();
    if (!is_iso_date(batch.collection_date))
        return fail(staff::msg("the collection date '{1}' is not a date YYYY-MM-DD", {batch.collection_date}));
    if (batch.debits.empty()) return fail(staff::msg("there is no debit to collect"));
    auto ics = check_ics(batch.creditor.ics);
    if (!ics) return ics.error();
    auto cred_iban = forms::check_iban(batch.creditor.iban);
    if (!cred_iban) return fail(staff::msg("the creditor's IBAN '{1}' is not valid", {batch.creditor.iban}));
    auto cred_bic = forms::check_bic_for_iban(batch.creditor.bic, batch.creditor.iban);
    if (!cred_bic) return fail(staff::msg("the creditor's BIC '{1}' is not valid for its IBAN", {batch.creditor.bic}));
    const std::string creditor_name = to_sepa_text(batch.creditor.name, 70);
    if (creditor_name.empty()) return fail(staff::msg("the creditor has no name"));

    std::int64_t total = 0;
    std::array<std::int64_t, 4> sums{};
    std::array<int, 4> counts{};
    for (const Debit& d : batch.debits) {
        if (auto r = check_id(staff::msg("the end-to-end id"), d.end_to_end_id); !r) return r.error();
        if (auto r = check_rum(d.rum); !r) return r.error();
        if (d.amount_cents <= 0 || d.amount_cents > 99'999'999'999)
            return fail(staff::msg("debit {1}: the amount {2} is not between 0.01 and 999999999.99 euros",
                                   {d.end_to_end_id, format_amount(d.amount_cents)}));
        if (!is_iso_date(d.signed_on))
            return fail(staff::msg("debit {1}: the mandate's signature date '{2}' is not a date YYYY-MM-DD", {d.end_to_end_id, d.signed_on}));
        if (!forms::check_iban(d.debtor_iban))
            return fail(staff::msg("debit {1}: the debtor's IBAN is not valid", {d.end_to_end_id}));
        if (!forms::check_bic_for_iban(d.debtor_bic, d.debtor_iban))
            return fail(staff::msg("debit {1}: the debtor's BIC '{2}' is not valid for the IBAN", {d.end_to_end_id, d.debtor_bic}));
        if (to_sepa_text(d.debtor_name, 70).empty())
            return fail(staff::msg("debit {1}: the debtor has no name", {d.end_to_end_id}));
        if (d.amended && !d.new_debtor_bank && !forms::check_iban(d.original_iban))
            return fail(staff::msg("debit {1}: the amendment's original IBAN is not valid", {d.end_to_end_id}));
        if (d.amended && d.new_debtor_bank && d.sequence != Sequence::frst)
            return fail(staff::msg("debit {1}: a mandate moved to another bank is collected as FRST", {d.end_to_end_id}));
        total += d.amount_cents;
        auto k = static_cast<std::size_t>(d.sequence);
        sums[k] += d.amount_cents;
        ++counts[k];
    }

    const bool v08 = version == PainVersion::v08;
    const std::string_view bic_tag = v08 ? "BICFI" : "BIC";
    Xml x;
    x.out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    x.out += v08 ? "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.008.001.08\" "
                 : "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.008.001.02\" ";
    x.out += "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n";
    x.open("CstmrDrctDbtInitn");
    x.open("GrpHdr");
    x.leaf("MsgId", batch.message_id);
    x.leaf("CreDtTm", batch.created_at);
    x.leaf("NbOfTxs", std::to_string(batch.debits.size()));
    x.leaf("CtrlSum", format_amount(total));
    x.open("InitgPty");
    x.leaf("Nm", creditor_name);
    x.close("InitgPty");
    x.close("GrpHdr");

    for (Sequence seq : {Sequence::frst, Sequence::rcur, Sequence::ooff, Sequence::fnal}) {
        auto k = static_cast<std::size_t>(seq);
        if (counts[k] == 0) continue;
        x.open("PmtInf");
        x.leaf("PmtInfId", batch.message_id.substr(0, 30) + "-" + std::string(sequence_code(seq)));
        x.leaf("PmtMtd", "DD");
        x.leaf("BtchBookg", "true");
        x.leaf("NbOfTxs", std::to_string(counts[k]));
        x.leaf("CtrlSum", format_amount(sums[k]));
        x.open("PmtTpInf");
        x.open("SvcLvl");
        x.leaf("Cd", "SEPA");
        x.close("SvcLvl");
        x.open("LclInstrm");
        x.leaf("Cd", "CORE");
        x.close("LclInstrm");
        x.leaf("SeqTp", sequence_code(seq));
        x.close("PmtTpInf");
        x.leaf("ReqdColltnDt", batch.collection_date);
        x.open("Cdtr");
        x.leaf("Nm", creditor_name);
        x.close("Cdtr");
        x.open("CdtrAcct");
        x.open("Id");
        x.leaf("IBAN", compact_upper(cred_iban.value));
        x.close("Id");
        x.close("CdtrAcct");
        x.open("CdtrAgt");
        x.open("FinInstnId");
        x.leaf(bic_tag, cred_bic.value);
        x.close("FinInstnId");
        x.close("CdtrAgt");
        x.leaf("ChrgBr", "SLEV");
        x.open("CdtrSchmeId");
        x.open("Id");
        x.open("PrvtId");
        x.open("Othr");
        x.leaf("Id", *ics);
        x.open("SchmeNm");
        x.leaf("Prtry", "SEPA");
        x.close("SchmeNm");
        x.close("Othr");
        x.close("PrvtId");
        x.close("Id");
        x.close("CdtrSchmeId");
        for (const Debit& d : batch.debits) {
            if (d.sequence != seq) continue;
            x.open("DrctDbtTxInf");
            x.open("PmtId");
            x.leaf("EndToEndId", d.end_to_end_id);
            x.close("PmtId");
            x.leaf("InstdAmt", format_amount(d.amount_cents), "Ccy=\"EUR\"");
            x.open("DrctDbtTx");
            x.open("MndtRltdInf");
            x.leaf("MndtId", d.rum);
            x.leaf("DtOfSgntr", d.signed_on);
            if (d.amended) {
                x.leaf("AmdmntInd", "true");
                x.open("AmdmntInfDtls");
                if (d.new_debtor_bank) {
                    x.open("OrgnlDbtrAgt");
                    x.open("FinInstnId");
                    x.open("Othr");
                    x.leaf("Id", "SMNDA");
                    x.close("Othr");
                    x.close("FinInstnId");
                    x.close("OrgnlDbtrAgt");
                } else {
                    x.open("OrgnlDbtrAcct");
                    x.open("Id");
                    x.leaf("IBAN", compact_upper(d.original_iban));
                    x.close("Id");
                    x.close("OrgnlDbtrAcct");
                }
                x.close("AmdmntInfDtls");
            } else {
                x.leaf("AmdmntInd", "false");
            }
            x.close("MndtRltdInf");
            x.close("DrctDbtTx");
            x.open("DbtrAgt");
            x.open("FinInstnId");
            x.leaf(bic_tag, compact_upper(d.debtor_bic));
            x.close("FinInstnId");
            x.close("DbtrAgt");
            x.open("Dbtr");
            x.leaf("Nm", to_sepa_text(d.debtor_name, 70));
            x.close("Dbtr");
            x.open("DbtrAcct");
            x.open("Id");
            x.leaf("IBAN", compact_upper(d.debtor_iban));
            x.close("Id");
            x.close("DbtrAcct");
            if (std::string rmt = to_sepa_text(d.remittance, 140); !rmt.empty()) {
                x.open("RmtInf");
                x.leaf("Ustrd", rmt);
                x.close("RmtInf");
            }
            x.close("DrctDbtTxInf");
        }
        x.close("PmtInf");
    }
    x.close("CstmrDrctDbtInitn");
    x.out += "</Document>\n";
    return std::move(x.out);
}

}  // namespace guichet::sepa

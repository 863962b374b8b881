#include "demarche/submit.hpp"

#include "crypto/hash.hpp"
#include "sepa/sepa.hpp"

#include <sodium.h>

namespace guichet::demarche {

using nlohmann::json;

Result<std::vector<Recipient>> recipients_from_pack_json(const json& pack_json) {
    std::vector<Recipient> out;
    auto it = pack_json.find("recipients");
    if (it == pack_json.end() || !it->is_array()) return fail("pack.json: no recipients list");
    for (const auto& r : *it) {
        if (!r.is_object() || !r.contains("id") || !r.contains("public_key") || !r["public_key"].is_string())
            return fail("pack.json: a recipient lacks its id or public key");
        auto key = crypto::BoxPublicKey::parse(r["public_key"].get<std::string>());
        if (!key) return fail("pack.json: recipient " + r.value("id", "?") + ": " + key.error().message);
        out.push_back({r.value("id", ""), r.value("name", ""), *key});
    }
    return out;
}

json build_payload(const forms::Form& form, const forms::CheckOutcome& outcome, const Draft& draft, std::int64_t now) {
    // Self-describing: labels travel with the answers, so the recipient reads
    // a démarche without the form definition, whatever later versions change.
    json fields = json::array();
    for (const forms::Field* f : form.all_fields())
        if (f->type != forms::FieldType::info && f->type != forms::FieldType::heading)
            fields.push_back({{"id", f->id}, {"label", f->label}, {"type", std::string(forms::field_type_name(f->type))}});
    json attachments = json::array();
    for (const auto& [field_id, file] : draft.files()) {
        if (find_answer(outcome.normalized, field_id) == nullptr) continue;  // a hidden field's file is not sent
        attachments.push_back({{"field", field_id}, {"name", file.name}, {"mime", file.mime}, {"size", file.bytes.size()},
                               {"blake2b", to_hex(crypto::blake2b_256(file.bytes))}});
    }
    return {{"format", kPayloadFormat},
            {"form", {{"id", form.id}, {"version", form.version}, {"title", form.title}}},
            {"submitted_at", now},
            {"answers", outcome.normalized},
            {"computed", outcome.computed},
            {"fields", std::move(fields)},
            {"attachments", std::move(attachments)}};
}

Result<json> sepa_mandate_member(const forms::Form& form, const forms::CheckOutcome& outcome, const SubmitContext& context) {
    const forms::SepaMandate& m = *form.sepa_mandate;
    std::array<std::uint8_t, 5> random{};
    if (context.random) context.random(random);
    else randombytes_buf(random.data(), random.size());
    auto rum = sepa::make_rum(context.tracking_prefix, context.kiosk_id, context.now, random);
    if (!rum) return rum.error();
    const json* type = find_answer(outcome.normalized, m.payment_type);
    return json{{"format", sepa::kRumFormat},
                {"rum", *rum},
                {"ics", m.ics},
                {"creditor", m.creditor},
                {"payment_type", type != nullptr && type->is_string() ? type->get<std::string>() : "recurrent"},
                {"signed_on", context.today.to_string()}};
}

Result<SubmitOutcome> submit(store::Store& store, const forms::CompiledForm& compiled, const std::vector<Recipient>& recipients,
                             Draft& draft, const SubmitContext& context) {
    const forms::Form& form = compiled.form();
    if (draft.form_id() != form.id) return fail("the draft is for form '" + draft.form_id() + "', not '" + form.id + "'");
    auto recipient = std::find_if(recipients.begin(), recipients.end(), [&](const Recipient& r) { return r.id == form.recipient; });
    if (recipient == recipients.end()) return fail("form '" + form.id + "': recipient '" + form.recipient + "' has no public key in the pack");

    SubmitOutcome out;
    out.check = compiled.check(draft.answers(), context.communes, context.today);
    if (!out.check.accepted()) return out;

    json payload = build_payload(form, out.check, draft, context.now);
    if (form.sepa_mandate) {
        // The RUM is made here, once the answers are accepted: it travels sealed with the mandate and the
        // receipt shows it (docs/sepa.md §2).
        auto member = sepa_mandate_member(form, out.check, context);
        if (!member) return member.error();
        out.mandate_reference = (*member)["rum"].get<std::string>();
        payload["format"] = kPayloadFormatSepa;
        payload["sepa_mandate"] = std::move(*member);
    }
    store::Submission s;
    s.form_id = form.id;
    s.form_version = form.version;
    s.recipient_id = recipient->id;
    s.recipient_key = recipient->key;
    std::string text = payload.dump();
    s.payload.assign(text.begin(), text.end());
    sodium_memzero(text.data(), text.size());
    forms::wipe_json(payload);
    for (const auto& [field_id, file] : draft.files())
        if (find_answer(out.check.normalized, field_id) != nullptr) s.attachments.emplace_back(file.name, file.mime, file.bytes);
    // The slots it books, recorded with it so that this kiosk stops offering
    // them (slot fields are never inside a group; a hidden one has no answer).
    for (const forms::Field* f : form.all_fields())
        if (f->type == forms::FieldType::slot)
            if (const json* a = find_answer(out.check.normalized, f->id); a != nullptr && a->is_string())
                s.booked_slots.push_back(a->get<std::string>());

    auto receipt = store.submit(s);  // s wipes itself when it goes out of scope
    if (!receipt) return receipt.error();
    out.receipt = std::move(*receipt);
    draft.wipe();
    return out;
}

}  // namespace guichet::demarche

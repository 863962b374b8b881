// PUT /v1/web/demarches/{uuid} (docs/protocol.md §11): the order of the
// checks is the doc's: switch, rate limits, size (the HTTP layer), body, form.
#include "hub/routes_web.hpp"

#include "hub/form_catalog.hpp"
#include "hub/kiosk_health.hpp"
#include "hub/submission.hpp"
#include "protocol/envelope.hpp"
#include "protocol/messages.hpp"
#include "protocol/routes.hpp"

#include <map>
#include <mutex>

namespace guichet::sync::hub {

namespace {

constexpr const char* kOff =
    "Le dépôt de démarches en ligne est fermé sur ce serveur. Déposez votre démarche à une borne ou au guichet "
    "de la mairie.";

// Requests counted per minute of the hub's clock, per address and in total.
// An address is recorded only while the total is under its limit, so the map
// holds at most rate_total addresses.
class MinuteCounter {
public:
    // 0: allowed; else the refusal's French message.
    const char* take(const std::string& address, std::int64_t now, int per_address, int total) {
        std::lock_guard lock(mutex_);
        if (now / 60 != minute_) minute_ = now / 60, total_ = 0, by_address_.clear();
        if (total_ >= total)
            return "Trop de démarches envoyées à ce serveur en ce moment : réessayez dans une minute.";
        int& mine = by_address_[address];
        if (mine >= per_address) return "Trop de démarches envoyées depuis votre adresse : réessayez dans une minute.";
        ++mine, ++total_;
        return nullptr;
    }

private:
    std::mutex mutex_;
    std::int64_t minute_ = -1;
    int total_ = 0;
    std::map<std::string, int> by_address_;
};

bool form_published(FormCatalog& catalog, const SubmissionUpload& up) {
    const auto forms = catalog.forms_for(up.recipient_id);
    if (!forms.contains("forms")) return false;
    for (const auto& f : forms["forms"])
        if (f.value("id", "") == up.form_id && f.value("version", std::int64_t{-1}) == up.form_version) return true;
    return false;
}

void put_web_demarche(HubContext& ctx, const WebChannel* channel, MinuteCounter& counter, FormCatalog& catalog,
                      const http::Request& req, http::Response& res) {
    if (!channel) return send_error(res, 403, "web-channel-off", kOff);
    if (const char* why = counter.take(req.remote_addr, ctx.now(), channel->options.rate_per_address,
                                       channel->options.rate_total)) {
        ctx.count_refusal("rate-limited");
        res.set_header("Retry-After", "60");
        return send_error(res, 429, "rate-limited", why);
    }
    const std::string uuid = req.matches[1];
    const auto key = req.get_header_value(kHeaderIdempotencyKey);
    if (key != uuid) return send_error(res, 400, "malformed", "Idempotency-Key must be the démarche's UUID");
    auto up = parse_submission_upload(req.body);
    if (!up) return send_error(res, 400, "malformed", up.error().message);
    if (!up->kiosk_id.empty() || !up->envelope_signature.empty())
        return send_error(res, 400, "malformed", "a web démarche carries no kiosk_id nor envelope_signature: the hub signs it");
    if (!up->attachments.empty())
        return send_error(res, 400, "web-attachments-unsupported",
                          "Les pièces jointes ne peuvent pas encore être envoyées en ligne : déposez-les à une borne ou "
                          "au guichet de la mairie.");
    if (up->recipient_id.empty() || up->recipient_id.size() > 64 || !form_published(catalog, *up)) {
        ctx.count_refusal("unknown-form");
        return send_error(res, 422, "unknown-form",
                          "Ce formulaire n'est pas (ou plus) proposé en ligne pour ce service : rechargez la page de la "
                          "démarche.");
    }
    if (auto r = sign_envelope(*up, channel->options.id, channel->key); !r)
        return send_error(res, 400, "malformed", r.error().message);

    std::lock_guard lock(ctx.mutex());
    auto& db = ctx.db().db();
    auto tx = sql::Transaction::begin(db);
    if (!tx) return send_error(res, 503, "busy", tx.error().message);
    // The browser draws its tracking code: one already held for another démarche (a kiosk's or
    // the site's) is refused, so nobody can make a service's statuses ambiguous with a copied code.
    auto taken = db.prepare("SELECT 1 FROM demarche WHERE tracking_code = ?1 AND uuid <> ?2");
    if (!taken) return send_error(res, 500, "internal", taken.error().message);
    taken->bind(1, up->tracking_code).bind(2, up->uuid);
    auto held = taken->step();
    if (!held) return send_error(res, 500, "internal", held.error().message);
    if (*held) {
        ctx.count_refusal("tracking-code-taken");
        return send_error(res, 409, "tracking-code-taken",
                          "Ce numéro de suivi est déjà attribué : envoyez à nouveau votre démarche, elle en recevra un autre.");
    }
    taken->reset();
    auto outcome = accept_upload(db, Channel::http, channel->options.id, key, *up, ctx.now());
    if (!outcome) return send_error(res, 500, "internal", outcome.error().message);
    using Kind = SubmissionOutcome::Kind;
    if (outcome->error == "revoked-author" || outcome->error == "unknown-author")
        return send_error(res, 403, "web-channel-off", kOff);
    if (outcome->kind != Kind::stored && outcome->kind != Kind::replay) {
        ctx.count_refusal(outcome->error);
        return send_error(res, outcome->status, outcome->error, outcome->answer);
    }
    if (auto r = tx->commit(); !r) return send_error(res, 503, "busy", r.error().message);
    if (outcome->kind == Kind::replay) res.set_header(kHeaderIdempotentReplay, "true");
    send_json(res, outcome->status, outcome->answer);
}

}  // namespace

Result<std::shared_ptr<WebChannel>> open_web_channel(HubContext& ctx, WebChannelOptions options) {
    if (!is_web_channel_id(options.id))
        return fail("--web-channel " + options.id + ": expected web- then 1 to 40 of a-z, 0-9, -");
    if (options.rate_per_address < 1 || options.rate_total < 1) return fail("the web channel's rates must be 1 or more");
    const auto file = ctx.data_dir() / "web-channel" / (options.id + ".key");
    std::error_code ec;
    std::optional<RequestKey> key;
    if (std::filesystem::exists(file, ec)) {
        auto loaded = RequestKey::load(file);
        if (!loaded) return loaded.error();
        key = std::move(*loaded);
    } else {
        std::filesystem::create_directories(file.parent_path(), ec);
        if (ec) return fail(file.parent_path().string() + ": " + ec.message());
        key = RequestKey::generate();
        if (auto r = key->save(file, options.id); !r) return r.error();
    }
    const auto pub = key->public_key();
    std::lock_guard lock(ctx.mutex());
    auto& db = ctx.db().db();
    auto ins = db.prepare(
        "INSERT INTO client (id, kind, public_key, name, created_at) VALUES (?1, 'kiosk', ?2, 'Site web', ?3) "
        "ON CONFLICT DO NOTHING");
    if (!ins) return ins.error();
    if (auto r = ins->bind(1, options.id).bind(2, ByteView(pub)).bind(3, ctx.now()).run(); !r) return r.error();
    auto st = db.prepare("SELECT kind, public_key FROM client WHERE id = ?1");
    if (!st) return st.error();
    st->bind(1, options.id);
    auto row = st->step();
    if (!row) return row.error();
    const auto blob = *row ? st->column_blob(1) : Bytes{};
    if (!*row || st->column_text(0) != "kiosk" || blob != Bytes(pub.begin(), pub.end()))
        return fail("client " + options.id + " is enrolled at this hub with another key than " + file.string());
    return std::make_shared<WebChannel>(WebChannel{std::move(options), std::move(*key)});
}

RouteModule web_routes(std::shared_ptr<WebChannel> channel) {
    return [channel](http::Server& server, HubContext& ctx) {
        crypto::KeyRing keys;  // --pack-key: as the forms' layout (§5.2) reads the packs
        for (const auto& k : ctx.options().pack_keys) keys.add(k);
        auto catalog = std::make_shared<FormCatalog>(ctx.data_dir() / "repo", std::move(keys));
        auto counter = std::make_shared<MinuteCounter>();
        ctx.limit_body({"PUT", std::string(paths::kWebDemarchesPrefix), kWebSubmissionLimit});
        server.Put(patterns::web_demarche(), [&ctx, channel, counter, catalog](const http::Request& req,
                                                                               http::Response& res) {
            put_web_demarche(ctx, channel.get(), *counter, *catalog, req, res);
        });
    };
}

}  // namespace guichet::sync::hub

// guichet-partner: the command line of a partner service (docs/protocol.md §5).
#include "partner/partner.hpp"

#include "common/file.hpp"
#include "common/staff_language.hpp"
#include "partner/partner_text_fr.hpp"
#include "partner/regie_cli.hpp"
#include "partner/regie_invoices.hpp"
#include "protocol/messages.hpp"


#include <csignal>
#include <cstring>
#include <iostream>
#include <map>

using namespace guichet;
using namespace guichet::sync;
using namespace guichet::sync::partner;

namespace {

constexpr const char* kUsage = R"(Usage:
  guichet-partner keygen --id ID --out DIR [--box]
      Writes DIR/ID.sign.key (secret, 0600) and DIR/ID.sign.pub, the request-
      signing key pair; staff register the .pub at the hub with
      `guichet-hub add-partner --id ID --key DIR/ID.sign.pub`. With --box also
      DIR/ID.box.key and DIR/ID.box.pub, the key pair démarches are sealed for.
  guichet-partner fetch --hub URL --key ID.box.key --out DIR [--all] [--ack] [--keep-sealed]
      Opens this service's démarches into DIR/<uuid>/: demarche.json (the
      form's answers), info.json, attachments/. Already fetched ones are kept.
  guichet-partner ack --hub URL --key ID.box.key UUID...
  guichet-partner status --hub URL --key ID.box.key CODE STATUS [MESSAGE]
      STATUS: recu, en_cours, a_completer, pret_a_retirer, termine, refuse.
  guichet-partner visio-book --hub URL --key ID.box.key SLOT CODE START
  guichet-partner visio-cancel --hub URL --key ID.box.key SLOT
      The démarche CODE booked the video appointment SLOT at START
      (YYYY-MM-DDTHH:MM, local time, as in the slots feed): the hub opens its
      room from 10 minutes before to 30 minutes after (docs/visio.md).
  guichet-partner regie COMMAND ...
      The régie's SEPA mandate register and direct-debit files: regie --help.
  guichet-partner regie publish-invoices --hub URL --id ID --sign-key ID.sign.key
                  --invoice-key KEY --from FILE.csv|FILE.json [--version N] [--out FILE.gib]
      The régie's invoices to the kiosks, each family's sealed under its
      number and code, signed with the régie's minisign key KEY
      (docs/invoices.md).

Common options: --sign-key FILE (default: ID.sign.key next to --key),
--id ID (default: the --key file name without .box.key).
An https:// hub (http:// only for a hub on this machine) is trusted with
--ca FILE (PEM: its self-signed certificate or its CA; the certificate must
name the URL's host) and/or --pin sha256//BASE64 (its public key, SPKI
SHA-256, as scripts/run.sh prints it; alone, no CA is needed); default: the
system's CAs. A hub that does not match is refused before anything is sent.
Exit status: 0 success, 1 failure, 2 usage error.
Messages are in French unless LANG (or GUICHET_LANG, LC_ALL, LC_MESSAGES) starts with "en".
)";

using staff::msg;

// ENGLISH (translated, with ARGS) on stderr, then the usage.
int usage_error(std::string_view english, std::initializer_list<std::string_view> args = {}) {
    std::cerr << msg("guichet-partner: {1}\n\n", {msg(english, args)}) << msg(kUsage);
    return 2;
}

int failure(const std::string& message) {
    std::cerr << msg("guichet-partner: {1}\n", {message});
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    // Staff are French: French unless the environment asks for English (common/staff_language.hpp).
    partner::add_french_texts(kUsage);
    regie::add_french_texts();
    staff::set_language(staff::language_from_environment());
    if (argc < 2) return usage_error("a command is required");
    std::signal(SIGPIPE, SIG_IGN);  // a reset connection is an error to report, not a silent death
    std::string command = argv[1];
    // The régie's invoices (docs/invoices.md): their own options, their own file.
    if (command == "regie" && argc > 2 && std::string_view(argv[2]) == "publish-invoices")
        return regie_invoices_main(argc - 2, argv + 2);
    // The mandate register and direct-debit files (docs/sepa.md).
    if (command == "regie") return regie::run(argc, argv);  // regie_cli.cpp
    if (command == "--help" || command == "-h") {
        std::cout << msg(kUsage);
        return 0;
    }
    std::map<std::string, std::string> opt;
    bool all = false, ack = false, keep_sealed = false, box = false;
    std::vector<std::string> positional;
    for (int i = 2; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::cout << msg(kUsage);
            return 0;
        } else if (arg == "--all") {
            all = true;
        } else if (arg == "--ack") {
            ack = true;
        } else if (arg == "--keep-sealed") {
            keep_sealed = true;
        } else if (arg == "--box") {
            box = true;
        } else if (arg == "--hub" || arg == "--key" || arg == "--sign-key" || arg == "--id" || arg == "--out" ||
                   arg == "--ca" || arg == "--pin") {
            if (i + 1 >= argc) return usage_error("{1} needs a value", {arg});
            opt[arg] = argv[++i];
        } else if (arg.starts_with("--")) {
            return usage_error("unknown option {1}", {arg});
        } else {
            positional.push_back(arg);
        }
    }

    if (command == "keygen") {
        if (!opt.count("--id") || !opt.count("--out")) return usage_error("keygen needs --id and --out");
        const std::filesystem::path dir = opt["--out"];
        const std::string id = opt["--id"];
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        auto key = RequestKey::generate();
        if (auto r = key.save(dir / (id + ".sign.key"), id); !r) return failure(r.error().message);
        auto pub = public_key_text(key.public_key(), id);
        if (auto r = write_file_atomic(dir / (id + ".sign.pub"), as_bytes(pub), 0644); !r)
            return failure(r.error().message);
        if (box) {
            auto pair = crypto::BoxKeyPair::generate();
            if (auto r = pair.save(dir / (id + ".box.key")); !r) return failure(r.error().message);
            auto text = pair.public_key.to_file_text(id);
            if (auto r = write_file_atomic(dir / (id + ".box.pub"), as_bytes(text), 0644); !r)
                return failure(r.error().message);
        }
        std::cout << msg(box ? "wrote {1} and {2} (and the box key pair)\n" : "wrote {1} and {2}\n",
                         {(dir / (id + ".sign.key")).string(), (dir / (id + ".sign.pub")).string()});
        return 0;
    }
    if (command != "fetch" && command != "ack" && command != "status" && command != "visio-book" &&
        command != "visio-cancel")
        return usage_error("unknown command {1}", {command});
    if (!opt.count("--hub") || !opt.count("--key")) return usage_error("{1} needs --hub and --key", {command});
    auto me = load_identity(opt["--key"], opt.count("--sign-key") ? opt["--sign-key"] : "", opt["--id"]);
    if (!me) return failure(me.error().message);
    // SIGTERM/SIGINT: the request in progress is abandoned at once (HubClient
    // watches the token) and a démarche being opened is removed, never left half written.
    StopToken stop;
    StopOnSignals stop_on_signals(stop, "guichet-partner", "");
    HubClientOptions client_options;
    // Attachments can be large and the line slow: a long deadline, and a minimum rate against a stalled hub.
    client_options.deadline = std::chrono::minutes(10);
    client_options.low_speed_bytes = 1024;
    client_options.low_speed_time = std::chrono::seconds(30);
    client_options.stop = &stop;
    client_options.tls = {opt["--ca"], opt["--pin"]};
    auto hub = HubClient::create(opt["--hub"], client_options);
    if (!hub) return failure(hub.error().message);
    hub->set_identity({me->id, me->signing});

    if (command == "fetch") {
        if (!opt.count("--out")) return usage_error("fetch needs --out DIR");
        auto fetched = fetch(*hub, *me, {opt["--out"], all, ack, keep_sealed});
        if (!fetched) return failure(fetched.error().message);
        int fresh = 0;
        for (const auto& f : *fetched) {
            if (!f.already_there) ++fresh;
            std::cout << f.uuid << " " << f.dir.string() << (f.already_there ? msg(" (already there)") : "") << "\n";
        }
        std::cerr << msg("guichet-partner: {1} new démarche(s), {2} already fetched\n",
                         {std::to_string(fresh), std::to_string(fetched->size() - static_cast<std::size_t>(fresh))});
        return 0;
    }
    if (command == "ack") {
        if (positional.empty()) return usage_error("ack needs at least one UUID");
        for (const auto& uuid : positional)
            if (auto r = acknowledge(*hub, uuid); !r) return failure(r.error().message);
        return 0;
    }
    if (command == "visio-book") {
        if (positional.size() != 3) return usage_error("visio-book needs SLOT CODE START");
        auto start = parse_visio_start(positional[2]);
        if (!start)
            return usage_error("START: expected YYYY-MM-DDTHH:MM (local time) or Unix seconds, got {1}", {positional[2]});
        if (auto r = book_visio(*hub, positional[0], positional[1], *start); !r) return failure(r.error().message);
        return 0;
    }
    if (command == "visio-cancel") {
        if (positional.size() != 1) return usage_error("visio-cancel needs SLOT");
        if (auto r = cancel_visio(*hub, positional[0]); !r) return failure(r.error().message);
        return 0;
    }
    if (positional.size() < 2 || positional.size() > 3) return usage_error("status needs CODE STATUS [MESSAGE]");
    if (!is_status(positional[1]))
        return usage_error("unknown status {1} (recu, en_cours, a_completer, pret_a_retirer, termine, refuse)", {positional[1]});
    if (auto r = post_status(*hub, positional[0], positional[1], positional.size() == 3 ? positional[2] : ""); !r)
        return failure(r.error().message);
    return 0;
}

#include "commands.hpp"

#include "common/file.hpp"
#include "content_source.hpp"
#include "crypto/box.hpp"
#include "crypto/recipient/box_open.hpp"
#include "crypto/signing/signing.hpp"
#include "delta_writer.hpp"
#include "export_site.hpp"
#include "forms/check.hpp"
#include "import_map.hpp"
#include "new_pack.hpp"
#include "messages.hpp"
#include "pack/delta.hpp"
#include "pack/reader.hpp"
#include "pack_writer.hpp"
#include "preview.hpp"
#include "publish.hpp"
#include "render_sheet.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <unistd.h>

namespace guichet::packtool {

namespace fs = std::filesystem;
using forms::Field;
using packsrc::msg;

namespace {

bool parse_number(std::string_view text, std::int64_t& out) {
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && ptr == text.data() + text.size() && !text.empty();
}

int failed(const std::string& message) {
    std::fprintf(stderr, "%s", packsrc::msg("error: {1}\n", {message}).c_str());
    return kExitFailed;
}

std::string human_size(std::uint64_t bytes) {
    char buf[32];
    if (bytes < 10 * 1024) std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(bytes));
    else if (bytes < 10ull * 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f KiB", static_cast<double>(bytes) / 1024);
    else std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1024 * 1024));
    return buf;
}

// Progress on stderr: one rewritten line on a terminal, a line per 10% otherwise.
class Progress {
public:
    explicit Progress(const char* what, bool quiet)
        : what_(what), quiet_(quiet), tty_(isatty(2)), started_(std::chrono::steady_clock::now()) {}
    void update(std::uint64_t done, std::uint64_t total, std::string_view detail = {}) {
        if (quiet_ || total == 0) return;
        // Quick work stays quiet; progress appears once it has taken a second.
        if (last_ < 0 && std::chrono::steady_clock::now() - started_ < std::chrono::seconds(1)) return;
        int percent = static_cast<int>(done * 100 / total);
        if (tty_) {
            std::fprintf(stderr, "\r%s %3d%% (%llu/%llu) %-50.50s", what_, percent, static_cast<unsigned long long>(done),
                         static_cast<unsigned long long>(total), std::string(detail).c_str());
            if (done == total) std::fprintf(stderr, "\n");
        } else if (percent / 10 != last_ / 10 || done == total) {
            std::fprintf(stderr, "%s %d%% (%llu/%llu)\n", what_, percent, static_cast<unsigned long long>(done),
                         static_cast<unsigned long long>(total));
        }
        last_ = percent;
    }

private:
    const char* what_;
    bool quiet_, tty_;
    std::chrono::steady_clock::time_point started_;
    int last_ = -1;
};

Result<crypto::KeyRing> load_keyring(const std::string& path) {
    auto text = read_text_file(path, 4096);
    if (!text) return text.error();
    auto key = crypto::PublicKey::parse(*text);
    if (!key) return fail(path + ": " + key.error().message);
    crypto::KeyRing ring;
    ring.add(*key);
    return ring;
}

Result<crypto::SecretKey> load_secret_key(const std::string& path) {
    std::optional<std::string> password;
    if (const char* p = std::getenv("GUICHET_KEY_PASSWORD")) password = p;
    return crypto::SecretKey::load(path, password);
}

// Opens a pack, checking its signature when PUB is given.
Result<pack::PackReader> open_pack(const std::string& path, const std::optional<std::string>& pub) {
    if (!pub) return pack::PackReader::open_unverified(path);
    auto ring = load_keyring(*pub);
    if (!ring) return ring.error();
    return pack::PackReader::open(path, *ring);
}

bool refuse_overwrite(const fs::path& p, const cli::Args& args) {
    std::error_code ec;
    if (!args.has("force") && fs::exists(p, ec)) {
        std::fprintf(stderr, "%s", msg("error: {1}\n", {msg("{1} already exists; use --force to replace it", {p.string()})}).c_str());
        return true;
    }
    return false;
}

void print_diagnostics(const packsrc::Diagnostics& diags) {
    int warnings = 0;
    for (const auto& d : diags.all()) {
        std::fprintf(stderr, "%s\n", d.to_string().c_str());
        if (d.level == packsrc::Diagnostic::Level::warning) ++warnings;
    }
    if (!diags.all().empty())
        std::fprintf(stderr, "%s", packsrc::msg("{1} error(s), {2} warning(s)\n", {std::to_string(diags.error_count()), std::to_string(warnings)}).c_str());
}

// ---- commands ---------------------------------------------------------------

int cmd_keygen(const cli::Args& args) {
    fs::path base = *args.value("output");
    fs::path sec = base, pub = base;
    sec += ".key";
    pub += ".pub";
    if (refuse_overwrite(sec, args) || refuse_overwrite(pub, args)) return kExitFailed;
    auto key = crypto::SecretKey::generate();
    if (auto r = key.save_unencrypted(sec); !r) return failed(r.error().message);
    auto pk = key.public_key().to_file_text();
    if (auto r = write_file_atomic(pub, as_bytes(pk)); !r) return failed(r.error().message);
    std::printf("%s", msg("secret key: {1} (keep it on the staff PC, never on a kiosk)\npublic key: {2} (key id {3})\n",
                          {sec.string(), pub.string(), crypto::key_id_hex(key.id)})
                          .c_str());
    return kExitOk;
}

int cmd_recipient_keygen(const cli::Args& args) {
    const std::string& id = args.positional[0];
    if (!pack::is_valid_pack_id(id)) return failed(msg("recipient id '{1}' must be lowercase letters, digits and '-'", {id}));
    fs::path dir = *args.value("output");
    fs::path pub = dir / (id + ".box.pub"), sec = dir / (id + ".box.key");
    if (refuse_overwrite(pub, args) || refuse_overwrite(sec, args)) return kExitFailed;
    std::error_code ec;
    fs::create_directories(dir, ec);
    auto kp = crypto::BoxKeyPair::generate();
    if (auto r = kp.save(sec); !r) return failed(r.error().message);
    auto text = kp.public_key.to_file_text(id);
    if (auto r = write_file_atomic(pub, as_bytes(text)); !r) return failed(r.error().message);
    std::printf("%s", msg("public key: {1} (goes in the content folder's keys/)\nsecret key: {2} (for the recipient service only)\n",
                          {pub.string(), sec.string()})
                          .c_str());
    return kExitOk;
}

int cmd_check(const cli::Args& args) {
    packsrc::Diagnostics diags;
    auto compiled = packsrc::compile_source(args.positional[0], diags);
    print_diagnostics(diags);
    if (!compiled) return kExitFailed;
    std::printf("%s", packsrc::msg("{1}: OK — pack '{2}' version {3}: {4} page(s), {5} form(s), {6} media file(s)\n",
                                   {args.positional[0], compiled->manifest.id, std::to_string(compiled->manifest.version),
                                    std::to_string(compiled->pages), std::to_string(compiled->forms), std::to_string(compiled->media)})
                          .c_str());
    return kExitOk;
}

int cmd_build(const cli::Args& args) {
    const std::string src = args.positional[0];
    const fs::path out = *args.value("output");
    const bool quiet = args.has("quiet");
    auto started = std::chrono::steady_clock::now();
    packsrc::Diagnostics diags;
    auto compiled = packsrc::compile_source(src, diags);
    print_diagnostics(diags);
    if (!compiled) return failed(msg("the content has errors; nothing was built"));

    auto key = load_secret_key(*args.value("key"));
    if (!key) return failed(key.error().message);

    pack::BuildOptions options;
    options.manifest = compiled->manifest;
    if (auto v = args.value("version")) {
        std::int64_t n = 0;
        if (!parse_number(*v, n) || n < 1) return failed(msg("--version must be a positive whole number, not '{1}'", {*v}));
        options.manifest.version = static_cast<std::uint64_t>(n);
    }
    std::int64_t created = static_cast<std::int64_t>(std::time(nullptr));
    if (auto c = args.value("created")) {
        if (!parse_number(*c, created) || created <= 0) return failed(msg("--created must be a Unix time in seconds, not '{1}'", {*c}));
    } else if (const char* e = std::getenv("SOURCE_DATE_EPOCH")) {
        if (!parse_number(e, created) || created <= 0) return failed(msg("SOURCE_DATE_EPOCH must be a Unix time in seconds, not '{1}'", {e}));
    }
    options.manifest.created = created;
    options.manifest.expires = created + compiled->expires_days * 86400;
    options.key = &*key;
    if (auto base = args.value("base")) {
        auto old = pack::PackReader::open_unverified(*base);
        if (!old) return failed(old.error().message);
        if (old->manifest().id != options.manifest.id)
            return failed(msg("--base pack is '{1}', not '{2}'", {old->manifest().id, options.manifest.id}));
        if (old->manifest().version >= options.manifest.version)
            std::fprintf(stderr, "%s",
                         msg("warning: version {1} is not above the base's version {2}; kiosks that have the base will refuse it\n",
                             {std::to_string(options.manifest.version), std::to_string(old->manifest().version)})
                             .c_str());
        auto dict = old->dictionary();
        if (!dict.empty()) options.dictionary = Bytes(dict.begin(), dict.end());
    }
    if (auto level = args.value("level")) {
        std::int64_t n = 0;
        if (!parse_number(*level, n) || n < 1 || n > 22) return failed(msg("--level must be a zstd level from 1 to 22"));
        options.compression_level = static_cast<int>(n);
    }
    const std::string compressing = msg("compressing");
    Progress progress(compressing.c_str(), quiet);
    options.progress = [&](std::size_t done, std::size_t total, std::string_view path) { progress.update(done, total, path); };
    auto stats = pack::write_pack(std::move(compiled->entries), options, out);
    if (!stats) return failed(stats.error().message);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.1f", seconds);
    std::printf("%s", msg("built {1}: pack '{2}' version {3}, {4} entries ({5} pages, {6} forms, {7} media), {8} from {9}, "
                          "dictionary {10} ({11} entries use it), signed by key {12}, in {13} s\n",
                          {out.string(), options.manifest.id, std::to_string(options.manifest.version), std::to_string(stats->entries),
                           std::to_string(compiled->pages), std::to_string(compiled->forms), std::to_string(compiled->media),
                           human_size(stats->file_size), human_size(stats->input_bytes), human_size(stats->dict_size),
                           std::to_string(stats->dict_entries), crypto::key_id_hex(key->id), secs})
                          .c_str());
    std::printf("%s", msg("expires {1}; detached signature {2}\n", {pack::format_utc(options.manifest.expires), pack::minisig_path(out).string()}).c_str());
    return kExitOk;
}

Result<void> verify_minisig(const fs::path& pack_path, const crypto::KeyRing& ring) {
    auto sig_text = read_text_file(pack::minisig_path(pack_path), 4096);
    if (!sig_text) return sig_text.error();
    auto sig = crypto::Signature::parse(*sig_text);
    if (!sig) return fail(pack::minisig_path(pack_path).string() + ": " + sig.error().message);
    auto file = MappedFile::open(pack_path);
    if (!file) return file.error();
    if (!sig->prehashed) return crypto::verify(*sig, ring, file->bytes());
    crypto::Hash512 digest = crypto::blake2b_512(file->bytes());
    return crypto::verify_digest(*sig, ring, digest);
}

int cmd_verify(const cli::Args& args) {
    const std::string path = args.positional[0];
    auto ring = load_keyring(*args.value("pub"));
    if (!ring) return failed(ring.error().message);
    auto reader = pack::PackReader::open(path, *ring);
    if (!reader) return failed(msg("INVALID: {1}", {reader.error().message}));
    const std::string verifying = msg("verifying");
    Progress progress(verifying.c_str(), args.has("quiet"));
    if (auto r = reader->verify_all(args.has("deep"), [&](std::uint64_t d, std::uint64_t t) { progress.update(d, t); }); !r)
        return failed(msg("INVALID: {1}", {path + ": " + r.error().message}));
    if (args.has("minisig"))
        if (auto r = verify_minisig(path, *ring); !r) return failed(msg("INVALID detached signature: {1}", {r.error().message}));
    const auto& m = reader->manifest();
    if (std::time(nullptr) >= m.expires)
        return failed(msg("INVALID: pack '{1}' version {2} expired on {3}; kiosks refuse it",
                          {m.id, std::to_string(m.version), pack::format_utc(m.expires)}));
    std::printf("%s", msg("valid: {1} — pack '{2}' version {3}, {4} entries, signed by key {5}, expires {6}\n",
                          {path, m.id, std::to_string(m.version), std::to_string(reader->entry_count()),
                           crypto::key_id_hex(reader->signature().key_id), pack::format_utc(m.expires)})
                          .c_str());
    return kExitOk;
}

int cmd_info(const cli::Args& args) {
    auto reader = open_pack(args.positional[0], args.value("pub"));
    if (!reader) return failed(reader.error().message);
    const auto& m = reader->manifest();
    std::map<std::string, std::pair<std::size_t, std::uint64_t>> by_codec;
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < reader->entry_count(); ++i) {
        auto e = reader->entry(i).index;
        auto& c = by_codec[std::string(pack::codec_name(e.codec))];
        ++c.first;
        c.second += e.size;
        total += e.size;
    }
    std::string audience, languages;
    for (auto& a : m.audience) audience += (audience.empty() ? "" : ", ") + a;
    for (auto& l : m.languages) languages += (languages.empty() ? "" : ", ") + l;
    std::printf("%s", msg("pack:              {1}\ntitle:             {2}\nversion:           {3}\ncreated:           {4}\n"
                          "expires:           {5}\nmin kiosk version: {6}\naudience:          {7}\nlanguages:         {8}\n"
                          "signed by key:     {9} ({10})\nentries:           {11} ({12} uncompressed, file {13})\n"
                          "dictionary:        {14}\n",
                          {m.id, m.title, std::to_string(m.version), pack::format_utc(m.created), pack::format_utc(m.expires),
                           std::to_string(m.min_kiosk_version), audience, languages, crypto::key_id_hex(reader->signature().key_id),
                           args.has("pub") ? msg("signature verified") : msg("signature NOT checked: give --pub KEY.pub"),
                           std::to_string(reader->entry_count()), human_size(total), human_size(reader->file_bytes().size()),
                           human_size(m.dict_size)})
                          .c_str());
    for (auto& [codec, c] : by_codec) {
        char count[16];
        std::snprintf(count, sizeof count, "%6zu", c.first);
        std::printf("  %-10s %s\n", codec.c_str(), msg("{1} entries, {2}", {count, human_size(c.second)}).c_str());
    }
    return kExitOk;
}

int cmd_ls(const cli::Args& args) {
    auto reader = open_pack(args.positional[0], args.value("pub"));
    if (!reader) return failed(reader.error().message);
    bool long_format = args.has("long");
    for (std::size_t i = 0; i < reader->entry_count(); ++i) {
        auto [path, e] = reader->entry(i);
        if (long_format)
            std::printf("%10llu %10llu %-9s %-8s %s  %.*s\n", static_cast<unsigned long long>(e.size),
                        static_cast<unsigned long long>(e.stored_size), std::string(pack::codec_name(e.codec)).c_str(),
                        std::string(pack::media_type_name(e.media_type)).c_str(), to_hex(ByteView(e.hash.data(), 8)).c_str(),
                        static_cast<int>(path.size()), path.data());
        else
            std::printf("%.*s\n", static_cast<int>(path.size()), path.data());
    }
    return kExitOk;
}

int cmd_cat(const cli::Args& args) {
    auto reader = open_pack(args.positional[0], args.value("pub"));
    if (!reader) return failed(reader.error().message);
    auto data = reader->read(args.positional[1]);
    if (!data) return failed(data.error().message);
    if (std::fwrite(data->data(), 1, data->size(), stdout) != data->size()) return failed(msg("cannot write to standard output"));
    return kExitOk;
}

int cmd_extract(const cli::Args& args) {
    auto reader = open_pack(args.positional[0], args.value("pub"));
    if (!reader) return failed(reader.error().message);
    if (!args.has("pub")) std::fprintf(stderr, "%s", msg("warning: signature not checked (give --pub KEY.pub to check it)\n").c_str());
    fs::path dir = *args.value("output");
    const std::string extracting = msg("extracting");
    Progress progress(extracting.c_str(), args.has("quiet"));
    for (std::size_t i = 0; i < reader->entry_count(); ++i) {
        auto path = reader->entry(i).path;
        auto data = reader->read(i);
        if (!data) return failed(data.error().message);
        fs::path target = dir / fs::path(std::string(path));
        std::error_code ec;
        fs::create_directories(target.parent_path(), ec);
        if (ec) return failed(msg("cannot create {1}: {2}", {target.parent_path().string(), ec.message()}));
        if (auto r = write_file_atomic(target, *data); !r) return failed(r.error().message);
        progress.update(i + 1, reader->entry_count(), path);
    }
    std::printf("%s", msg("extracted {1} entries to {2}\n", {std::to_string(reader->entry_count()), dir.string()}).c_str());
    return kExitOk;
}

int cmd_diff(const cli::Args& args) {
    auto stats = pack::make_delta(args.positional[0], args.positional[1], *args.value("output"));
    if (!stats) return failed(stats.error().message);
    char percent[32];
    std::snprintf(percent, sizeof percent, "%.2f", 100.0 * static_cast<double>(stats->delta_size) / static_cast<double>(stats->target_size));
    std::printf("%s", msg("delta {1}: {2} ({3}% of the new pack's {4}); {5} copied from the old pack, {6} patched from it "
                          "(in {7}), {8} new, {9} operations\n",
                          {*args.value("output"), human_size(stats->delta_size), percent, human_size(stats->target_size),
                           human_size(stats->copied_bytes), human_size(stats->patched_bytes), human_size(stats->patch_bytes),
                           human_size(stats->literal_bytes), std::to_string(stats->ops)})
                          .c_str());
    return kExitOk;
}

int cmd_apply(const cli::Args& args) {
    if (auto r = pack::apply_delta(args.positional[0], args.positional[1], *args.value("output")); !r)
        return failed(r.error().message);
    std::printf("%s", msg("rebuilt {1} (matches the delta's target hash)\n", {*args.value("output")}).c_str());
    return kExitOk;
}

int cmd_test_form(const cli::Args& args) {
    auto reader = open_pack(args.positional[0], args.value("pub"));
    if (!reader) return failed(reader.error().message);
    const std::string form_id = args.positional[1];
    auto form_text = reader->read("forms/" + form_id + ".json");
    if (!form_text) return failed(msg("no form '{1}' in the pack (see `guichet-pack ls {2}`)", {form_id, args.positional[0]}));
    auto form_json = nlohmann::json::parse(form_text->begin(), form_text->end(), nullptr, false);
    auto form = forms::Form::from_json(form_json);
    if (!form) return failed(form.error().message);
    auto compiled = forms::CompiledForm::compile(std::move(*form));
    if (!compiled) return failed(compiled.error().message);

    std::optional<forms::CommuneDirectory> communes;
    if (reader->find("data/communes.json")) {
        auto text = reader->read("data/communes.json");
        if (!text) return failed(text.error().message);
        auto dir = forms::CommuneDirectory::from_json(as_chars(*text));
        if (!dir) return failed(dir.error().message);
        communes = std::move(*dir);
    }
    auto data_text = read_text_file(*args.value("data"), 16 * 1024 * 1024);
    if (!data_text) return failed(data_text.error().message);
    auto data = nlohmann::json::parse(*data_text, nullptr, false);
    if (data.is_discarded() || !data.is_object())
        return failed(msg("{1}: not a JSON object of answers (field id -> answer); see docs/forms.md", {*args.value("data")}));

    forms::expr::Date today;
    if (auto t = args.value("today")) {
        auto d = forms::expr::Date::parse(*t);
        if (!d) return failed(msg("--today must be a date written YYYY-MM-DD"));
        today = *d;
    } else {
        today = forms::expr::Date::from_days(static_cast<std::int32_t>(std::time(nullptr) / 86400));
    }
    const auto& f = compiled->form();
    std::printf("Démarche « %s » (%s, version %d)\n", f.title.c_str(), f.id.c_str(), f.version);
    auto outcome = compiled->check(data, communes ? &*communes : nullptr, today);
    for (const auto& p : outcome.problems) std::printf("  ✗ « %s » : %s\n", p.label.c_str(), p.message.c_str());
    if (!outcome.computed.empty()) {
        std::printf("Valeurs calculées :\n");
        for (const Field* field : f.all_fields())
            if (auto it = outcome.computed.find(field->id); it != outcome.computed.end())
                std::printf("  %s : %s\n", field->label.c_str(), it->second.c_str());
    }
    if (outcome.accepted()) {
        std::printf("Résultat : la démarche serait acceptée.\n");
        return kExitOk;
    }
    std::printf("Résultat : la démarche serait refusée (%zu problème%s à corriger).\n", outcome.problems.size(),
                outcome.problems.size() > 1 ? "s" : "");
    return kExitFailed;
}

const cli::OptionSpec kOut{"output", true, 'o'};
const cli::OptionSpec kPub{"pub", true, 0};
const cli::OptionSpec kQuiet{"quiet", false, 'q'};
const cli::OptionSpec kForce{"force", false, 0};

}  // namespace

const std::vector<Command>& commands() {
    static const std::vector<Command> list = {
        {"keygen", "create a pack-signing key pair (minisign format)",
         "Usage: guichet-pack keygen -o BASENAME [--force]\n\n"
         "Writes BASENAME.key (secret, mode 0600, unencrypted like `minisign -G -W`) and\n"
         "BASENAME.pub (public, minisign format: give it to kiosks and to `minisign -V -p`).\n"
         "Keep the secret key on the staff PC only. Keys made with `minisign -G` also work;\n"
         "for a password-protected key set GUICHET_KEY_PASSWORD when building.\n",
         {kOut, kForce}, cmd_keygen, 0, 0, {"output"}},
        {"recipient-keygen", "create a recipient service's sealing key pair",
         "Usage: guichet-pack recipient-keygen ID -o DIR [--force]\n\n"
         "Writes DIR/ID.box.pub (for the content folder's keys/) and DIR/ID.box.key (secret,\n"
         "mode 0600, for the recipient service only: it opens that service's démarches).\n",
         {kOut, kForce}, cmd_recipient_keygen, 1, 1, {"output"}},
        {"check", "validate a content folder without building",
         "Usage: guichet-pack check SRC\n\n"
         "Checks pack.yaml, every page, form, link and key in the content folder SRC and\n"
         "prints each problem as FILE:LINE:COLUMN: error: what is wrong and how to fix it.\n",
         {}, cmd_check, 1, 1},
        {"build", "validate, compress and sign a content folder into a pack",
         "Usage: guichet-pack build SRC --key KEY -o PACK [options]\n\n"
         "Validates the content folder SRC (as `check`), compresses every entry, signs the\n"
         "manifest with the secret KEY and writes PACK and PACK.minisig.\n\n"
         "Options:\n"
         "  --key KEY        secret signing key (from `keygen` or `minisign -G`)\n"
         "  -o, --output P   the pack file to write (replaced atomically)\n"
         "  --version N      override pack.yaml's version\n"
         "  --created T      creation time, Unix seconds (default: $SOURCE_DATE_EPOCH, else now);\n"
         "                   the same sources, key, version and time give the same bytes\n"
         "  --base OLD       reuse OLD's compression dictionary so that `diff OLD PACK` stays small\n"
         "  --level N        zstd level for compressible entries (default 19)\n"
         "  -q, --quiet      no progress\n",
         {{"key", true, 0}, kOut, {"version", true, 0}, {"created", true, 0}, {"base", true, 0}, {"level", true, 0}, kQuiet},
         cmd_build, 1, 1, {"key", "output"}},
        {"verify", "check a pack's signature and every entry",
         "Usage: guichet-pack verify PACK --pub KEY.pub [--deep] [--minisig] [-q]\n\n"
         "Checks the header, the embedded manifest signature against KEY.pub, the index\n"
         "and the hash of every entry, and that the pack has not expired.\n"
         "  --deep      also decompress every entry\n"
         "  --minisig   also check the detached PACK.minisig over the whole file\n"
         "Exit 0 when valid; 1 when not, with the reason.\n",
         {kPub, {"deep", false, 0}, {"minisig", false, 0}, kQuiet}, cmd_verify, 1, 1, {"pub"}},
        {"info", "show a pack's manifest",
         "Usage: guichet-pack info PACK [--pub KEY.pub]\n\n"
         "Shows id, version, dates, audience and sizes. Without --pub the signature is not checked.\n",
         {kPub}, cmd_info, 1, 1},
        {"ls", "list a pack's entries",
         "Usage: guichet-pack ls PACK [-l] [--pub KEY.pub]\n\n"
         "  -l, --long   size, stored size, codec, type and hash prefix of each entry\n",
         {kPub, {"long", false, 'l'}}, cmd_ls, 1, 1},
        {"cat", "print one entry",
         "Usage: guichet-pack cat PACK PATH [--pub KEY.pub]\n\nWrites the entry PATH, checked and decompressed, to standard output.\n",
         {kPub}, cmd_cat, 2, 2},
        {"extract", "write every entry to a folder",
         "Usage: guichet-pack extract PACK -o DIR [--pub KEY.pub] [-q]\n",
         {kPub, kOut, kQuiet}, cmd_extract, 1, 1, {"output"}},
        {"test-form", "check a filled démarche against its form, as a kiosk would",
         "Usage: guichet-pack test-form PACK FORM_ID --data FILLED.json [--pub KEY.pub] [--today YYYY-MM-DD]\n\n"
         "Checks the answers in FILLED.json (a JSON object: field id -> answer, see docs/forms.md)\n"
         "against the form FORM_ID of PACK: conditions, required fields, validations, computed\n"
         "fields. Prints the French messages a resident would see and the computed values.\n"
         "Exit 0 when the démarche would be accepted, 1 when not.\n",
         {kPub, {"data", true, 0}, {"today", true, 0}}, cmd_test_form, 2, 2, {"data"}},
        {"render-sheet", "draw a printed sheet to PDF, as the kiosk prints it",
         "Usage: guichet-pack render-sheet SRC SHEET -o OUT.pdf [--data DATA.json] [--paper a4|roll80]\n\n"
         "Checks SRC/sheets/SHEET.yaml (recu, notice, page, offre-emploi, affichage-legal) and draws\n"
         "it to OUT.pdf with the kiosk's renderer, filled with example values. DATA.json replaces\n"
         "them: {\"values\": {name: text}, \"lists\": {name: [texts]}, \"page\": \"pages/….md\"}\n"
         "(docs/print.md). --paper chooses the paper of a sheet whose paper is auto.\n",
         {kOut, {"data", true, 0}, {"paper", true, 0}}, cmd_render_sheet, 2, 2, {"output"}},
        {"diff", "make a delta from one pack version to the next",
         "Usage: guichet-pack diff OLD NEW -o DELTA\n\n"
         "DELTA holds only what OLD lacks; `apply OLD DELTA -o NEW2` rebuilds NEW byte for byte.\n"
         "Build NEW with --base OLD so that unchanged entries compress identically.\n",
         {kOut}, cmd_diff, 2, 2, {"output"}},
        {"apply", "rebuild a pack from its base and a delta",
         "Usage: guichet-pack apply OLD DELTA -o NEW\n\n"
         "Refuses a delta made for another base; NEW is written only if it matches the\n"
         "target's hash recorded in the delta.\n",
         {kOut}, cmd_apply, 2, 2, {"output"}},
        publish_command(),
        preview_command(),
        import_map_command(),
        new_command(),
        export_site_command(),
    };
    return list;
}

}  // namespace guichet::packtool

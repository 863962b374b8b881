// Privacy: everything the store writes (database, WAL, shared memory file) is
// not enough to read a démarche; the recipient's secret key is.
#include "store_test_util.hpp"

#include <cstring>

using namespace guichet;
using namespace guichet::test;

namespace {

struct Plaintexts {
    std::vector<std::pair<std::string, Bytes>> needles;
};

// Every file in DIR, concatenated per file.
std::vector<std::pair<std::string, Bytes>> files_in(const std::filesystem::path& dir) {
    std::vector<std::pair<std::string, Bytes>> out;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.is_regular_file()) out.emplace_back(e.path().filename().string(), read_all(e.path()));
    return out;
}

void check_no_plaintext(const std::filesystem::path& dir, const Plaintexts& p, bool expect_wal) {
    auto files = files_in(dir);
    bool saw_wal = false;
    std::uint64_t total = 0;
    for (const auto& [name, bytes] : files) {
        CAPTURE(name);
        if (name.ends_with("-wal")) saw_wal = !bytes.empty();
        total += bytes.size();
        for (const auto& [what, needle] : p.needles) {
            CAPTURE(what);
            CHECK_FALSE(contains(bytes, needle));
        }
    }
    CHECK(saw_wal == expect_wal);
    CHECK(total > 300 * 1024);  // the sealed attachment is in there somewhere
}

}  // namespace

TEST_CASE("the raw database and WAL hold no plaintext, only the recipient's key opens a démarche") {
    TempDir dir;
    auto partner = crypto::BoxKeyPair::generate();
    auto stranger = crypto::BoxKeyPair::generate();
    const std::string secret_name = "Jeanne-Marie Quennehen";
    const std::string nir = "2 84 05 59 012 345 67";

    store::Submission s;
    s.form_id = "etat-civil/acte-naissance";
    s.form_version = 1;
    s.recipient_id = "etat-civil";
    s.recipient_key = partner.public_key;
    std::string json = std::string("{\"nom\":\"") + secret_name + "\",\"nir\":\"" + nir + "\",\"marqueur\":\"" +
                       kPlaintextMarker + "\"}";
    s.payload.assign(json.begin(), json.end());
    s.attachments.emplace_back(std::string("passeport-") + kPlaintextMarker + ".pdf", "application/pdf",
                               attachment_bytes_for(77, kLargeAttachment));
    const Bytes payload_copy = s.payload;
    const Bytes attachment_copy = s.attachments[0].bytes;

    Plaintexts p;
    p.needles.push_back({"marker", Bytes(kPlaintextMarker, kPlaintextMarker + std::strlen(kPlaintextMarker))});
    p.needles.push_back({"name", Bytes(secret_name.begin(), secret_name.end())});
    p.needles.push_back({"NIR", Bytes(nir.begin(), nir.end())});
    p.needles.push_back({"whole payload", payload_copy});
    p.needles.push_back({"file name", Bytes{'p', 'a', 's', 's', 'e', 'p', 'o', 'r', 't', '-'}});
    // 64-byte windows from across the attachment (its start holds the marker).
    for (std::size_t off = 64; off + 64 <= attachment_copy.size(); off += attachment_copy.size() / 16)
        p.needles.push_back({"attachment @" + std::to_string(off),
                             Bytes(attachment_copy.begin() + static_cast<std::ptrdiff_t>(off),
                                   attachment_copy.begin() + static_cast<std::ptrdiff_t>(off + 64))});

    std::string uuid;
    {
        auto st = open_store(dir / store::kDatabaseFile);
        auto r = st.submit(s);
        REQUIRE_OK(r);
        uuid = r->uuid;
        s.wipe();
        // While the store is open the démarche sits in the WAL.
        check_no_plaintext(dir.path(), p, true);

        auto d = st.load_sealed(uuid);
        REQUIRE_OK(d);
        // A wrong key opens nothing.
        CHECK_FALSE(crypto::open_sealed(d->sealed_payload, stranger).ok());
        CHECK_FALSE(crypto::open_sealed(d->attachments[0].sealed_data, stranger).ok());
        CHECK_FALSE(crypto::open_sealed(d->attachments[0].sealed_meta, stranger).ok());
        // The partner's key opens everything.
        auto opened = crypto::open_sealed(d->sealed_payload, partner);
        REQUIRE_OK(opened);
        CHECK(*opened == payload_copy);
        auto data = crypto::open_sealed(d->attachments[0].sealed_data, partner);
        REQUIRE_OK(data);
        CHECK(*data == attachment_copy);
        auto meta = crypto::open_sealed(d->attachments[0].sealed_meta, partner);
        REQUIRE_OK(meta);
        auto nm = store::decode_attachment_meta(as_chars(*meta));
        REQUIRE_OK(nm);
        CHECK(nm->first == std::string("passeport-") + kPlaintextMarker + ".pdf");
    }
    // Closed: checkpointed into the main file, WAL removed.
    check_no_plaintext(dir.path(), p, false);
    // Only the database's own files were written.
    for (const auto& e : std::filesystem::directory_iterator(dir.path()))
        CHECK(e.path().filename().string().starts_with(store::kDatabaseFile));
}

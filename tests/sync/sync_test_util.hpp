// Helpers for the sync tests: child processes with bounded waits on their
// output, a hub process on a free loopback port, a demo partner, a kiosk
// enrolled directly in the hub's database, démarches submitted to a store.
#pragma once

#include "crypto/box.hpp"
#include "crypto/recipient/box_open.hpp"
#include "protocol/auth.hpp"
#include "store/store.hpp"
#include "test_support.hpp"
#include "transport/hub_client.hpp"

#include <sys/types.h>

#include <csignal>

#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace guichet::sync::hub {
class Hub;
class HubDb;
}

namespace guichet::test::sync {

// A child process; killed (SIGKILL) and reaped by the destructor if still running.
// It also gets DEATH_SIGNAL when the thread that spawned it dies (a crashed
// or killed test leaves no hub, agent or turnserver running): spawn from a
// thread that outlives the child, as the tests' main thread does.
class ChildProcess {
public:
    // Runs ARGV; stdout (and stderr when MERGE_STDERR) go to a pipe read with
    // wait_for(). Without capture they go to /dev/null.
    static ChildProcess spawn(const std::vector<std::string>& argv, bool capture = true, bool merge_stderr = false,
                              int death_signal = SIGKILL);
    ChildProcess(ChildProcess&& other) noexcept;
    ChildProcess& operator=(ChildProcess&& other) noexcept;
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    ~ChildProcess();

    // Reads output until NEEDLE appears (true) or TIMEOUT_MS pass / EOF (false).
    bool wait_for(std::string_view needle, int timeout_ms);
    // Output read so far.
    const std::string& output() const { return output_; }
    // Reads whatever is available without blocking.
    void drain();
    void signal(int sig);
    // Waits for the exit (bounded); the exit status, or -1 when killed by a signal / timed out.
    int wait(int timeout_ms = 20000);
    bool running();
    pid_t pid() const { return pid_; }

private:
    ChildProcess() = default;
    pid_t pid_ = -1;
    int out_ = -1;
    std::string output_;
    std::size_t consumed_ = 0;  // wait_for() searches after what earlier calls matched
    bool reaped_ = false;
};

// A loopback port free now (closed again before returning: for servers such
// as nginx or coturn that cannot be told to pick one). SOCKET_TYPE is
// SOCK_STREAM or SOCK_DGRAM.
int free_loopback_port(int socket_type);

struct HubProcess {
    ChildProcess process;
    int port = 0;
    std::string url;
};

// When GUICHET_TEST_HUB_POSTGRES names a PostgreSQL server (libpq's conninfo
// without dbname; the CTest fixture hub_postgres starts one), each hub data
// directory gets a fresh database there, named in DATA_DIR/postgres.conf, so
// the same tests run on both back ends (docs/hub-storage.md). Else nothing.
void prepare_hub_dir(const std::filesystem::path& data_dir);
// True when the hubs of this run are on PostgreSQL: SQLite's migration tests
// (PRAGMA user_version, older schemas) have nothing to check there.
bool hub_on_postgres();
// HubDb::open(DATA_DIR) after prepare_hub_dir.
Result<guichet::sync::hub::HubDb> open_hub_db(const std::filesystem::path& data_dir);

// Starts guichet-hub on 127.0.0.1:0 (with EXTRA options) and waits for its "listening on" line.
HubProcess start_hub(const std::filesystem::path& data_dir, const std::vector<std::string>& extra = {});

struct DemoPartner {
    std::string id = "etat-civil";
    std::filesystem::path box_key_file;   // copied from assets/demo-keys/recipients
    std::filesystem::path sign_key_file;  // generated
    crypto::BoxKeyPair box;
    guichet::sync::RequestKey signing;
};

// Copies the demo recipient's box key into DIR, generates its signing key and
// registers it in the hub's database (HUB_DATA).
DemoPartner register_demo_partner(const std::filesystem::path& dir, const std::filesystem::path& hub_data,
                                  const std::string& id = "etat-civil");

// Enrols a kiosk straight in the hub's database (a token, consumed at once)
// and writes STATE_DIR/sync-key and sync.json pointing at HUB_URL.
std::string enroll_kiosk_directly(const std::filesystem::path& hub_data, const std::filesystem::path& state_dir,
                                  const std::string& hub_url);

// The same, with the request key it wrote to STATE_DIR/sync-key: for tests
// that sign requests as the kiosk themselves.
struct EnrolledKiosk {
    std::string id;
    guichet::sync::RequestKey key;
};
EnrolledKiosk enroll_kiosk_with_key(const std::filesystem::path& hub_data, const std::filesystem::path& state_dir,
                                    const std::string& hub_url);
// A client of URL signing its requests as ID with KEY (a kiosk or a partner).
guichet::sync::HubClient signed_client(const std::string& url, const std::string& id,
                                       const guichet::sync::RequestKey& key);

struct Submitted {
    std::string uuid;
    std::string tracking_code;
    Bytes payload;
    std::vector<Bytes> attachments;
    std::vector<std::string> attachment_names;
    Bytes sealed_payload;
    std::vector<Bytes> sealed_attachments;
};

// Submits N démarches for RECIPIENT to STATE_DIR/guichet.db; démarche i gets
// ATTACHMENT_SIZES[i % size] bytes of attachment (0: none). Random contents from RNG.
std::vector<Submitted> submit_demarches(const std::filesystem::path& state_dir, int n, const std::string& recipient_id,
                                        const crypto::BoxPublicKey& recipient_key,
                                        const std::vector<std::size_t>& attachment_sizes, std::mt19937_64& rng);

long env_long(const char* name, long fallback);

// Town-hall staff (docs/staff-pages.md). An account straight in the hub's
// database (the hub may be running: SQLite in WAL mode).
inline constexpr const char* kStaffPassword = "un mot de passe de test assez long";
void add_staff_account(const std::filesystem::path& hub_data, const std::string& name, const std::string& role,
                       const std::string& password = kStaffPassword);

struct StaffLogin {
    std::string cookie;  // "__Host-guichet-session=…", for the Cookie header
    std::string csrf;
};

// Signs in at URL (REQUIREs success).
StaffLogin staff_sign_in(const std::string& url, const std::string& name, const std::string& password = kStaffPassword);
// A staff API call with LOGIN's cookie and, unless WITH_CSRF is false, its CSRF token.
guichet::sync::HttpAnswer staff_call(const std::string& url, const StaffLogin& login, std::string_view method,
                                     std::string_view path, const std::string& body = "", bool with_csrf = true);
// An administrator "admin.test", signed in.
StaffLogin staff_admin(const std::filesystem::path& hub_data, const std::string& url);

// A hub served by a thread of this process, on a free loopback port.
class InProcessHub {
public:
    explicit InProcessHub(const std::filesystem::path& data);
    ~InProcessHub();
    InProcessHub(const InProcessHub&) = delete;
    InProcessHub& operator=(const InProcessHub&) = delete;
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    int port() const { return port_; }

private:
    std::unique_ptr<guichet::sync::hub::Hub> hub_;
    std::thread thread_;
    int port_ = 0;
};

}  // namespace guichet::test::sync

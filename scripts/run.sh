#!/usr/bin/env bash
# The main job: builds everything, makes a demo signing key, builds, signs and
# verifies the Anor content pack, starts a local hub (pack published, partner
# services registered) and the kiosk's sync agent on loopback, installs the
# pack on the kiosk through the hub, then opens the kiosk. With no display, the
# kiosk runs headless: a démarche is filled in and sent, it reaches the partner
# service (guichet-partner fetch), its status comes back to the kiosk, and
# every step is saved as a screenshot.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGUICHET_TESTS=OFF >/dev/null
cmake --build build -j "$(nproc)"
B=build/bin

demo="build/demo"
mkdir -p "$demo/keys" "$demo/packs"
if [ ! -f "$demo/keys/staff.key" ]; then
  $B/guichet-pack keygen -o "$demo/keys/staff"
fi
$B/guichet-pack build content_packs/anor --key "$demo/keys/staff.key" -o "$demo/packs/anor.gpk"
$B/guichet-pack verify "$demo/packs/anor.gpk" --pub "$demo/keys/staff.pub" --deep --minisig
echo "stock minisign:"
minisign -V -p "$demo/keys/staff.pub" -m "$demo/packs/anor.gpk"
$B/guichet-pack info "$demo/packs/anor.gpk" --pub "$demo/keys/staff.pub"

# A fresh hub, partner services and kiosk on every run: the demo starts from zero.
hub="$demo/hub" partner="$demo/partner" state="$demo/state" kiosk_packs="$demo/kiosk-packs"
rm -rf "$hub" "$partner" "$state" "$kiosk_packs" "$demo/received"
mkdir -p "$hub" "$partner" "$state" "$kiosk_packs"

pids=()
stop_services() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_services EXIT

# Town-hall staff accounts for the demo, with passwords drawn for this run.
staff_password=$(head -c 15 /dev/urandom | base64 | tr '+/' '-_')
admin_password=$(head -c 15 /dev/urandom | base64 | tr '+/' '-_')
$B/guichet-hub staff-add --data "$hub" --name accueil --role staff <<<"$staff_password" >/dev/null
$B/guichet-hub staff-add --data "$hub" --name admin --role admin <<<"$admin_password" >/dev/null
(umask 077 && printf 'accueil (personnel)      %s\nadmin (administrateur)   %s\n' "$staff_password" "$admin_password" >"$demo/comptes-demo.txt")

# The hub speaks HTTPS (docs/back-office.md §4.1) with a self-signed certificate
# made once for the demo (an ECDSA P-256 key: cheap handshakes), kept in the
# demo's directory under build/ (never committed). The kiosk's agent and the
# back office's browser trust exactly this key (its pin); guichet-partner, the
# certificate itself (--ca).
tls="$demo/tls"
if [ ! -f "$tls/hub.key" ] || [ ! -f "$tls/hub.pem" ]; then
  mkdir -p "$tls" && chmod 700 "$tls"
  (umask 077 && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 825 \
    -subj "/CN=Guichet hub (demo)" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$tls/hub.key" -out "$tls/hub.pem" 2>/dev/null)
fi
pin="sha256//$(openssl x509 -in "$tls/hub.pem" -pubkey -noout | openssl pkey -pubin -outform der |
  openssl dgst -sha256 -binary | base64)"

# The visio-accueil's STUN/TURN relay (docs/visio.md §5): coturn on loopback with
# a secret drawn for this run, shared with the hub, which hands out short-lived
# credentials to a booked room's kiosk and agent. Skipped without coturn.
turn_opts=()
if command -v turnserver >/dev/null; then
  turn="$demo/turn" && rm -rf "$turn" && mkdir -p "$turn" && chmod 700 "$turn"
  (umask 077 && head -c 24 /dev/urandom | base64 | tr '+/' '-_' >"$turn/secret")
  turn_port=34780
  (umask 077 && cat >"$turn/turnserver.conf" <<CONF
listening-ip=127.0.0.1
listening-port=$turn_port
relay-ip=127.0.0.1
min-port=49160
max-port=49200
use-auth-secret
static-auth-secret=$(cat "$turn/secret")
realm=guichet.demo
no-tls
no-dtls
no-cli
allow-loopback-peers
userdb=$turn/turndb
pidfile=$turn/turnserver.pid
log-file=stdout
simple-log
CONF
)
  turnserver -c "$turn/turnserver.conf" >"$demo/turn.log" 2>&1 &
  pids+=($!)
  turn_opts=(--turn-secret-file "$turn/secret" --turn-uri "turn:127.0.0.1:$turn_port?transport=udp")
  echo "coturn on 127.0.0.1:$turn_port (log $demo/turn.log)"
else
  echo "coturn is not installed (scripts/setup.sh): the hub gives no TURN credentials"
fi

echo
echo "== Hub: $hub (log $demo/hub.log)"
$B/guichet-hub --data "$hub" --listen 127.0.0.1:0 --pack-key "$demo/keys/staff.pub" \
  --tls-cert "$tls/hub.pem" --tls-key "$tls/hub.key" "${turn_opts[@]}" >"$demo/hub.log" 2>&1 &
hub_pid=$!
pids+=($hub_pid)
hub_url=""
for _ in $(seq 1 100); do  # up to 10 s for "listening on https://127.0.0.1:PORT"
  hub_url=$(grep -o 'https://127\.0\.0\.1:[0-9]*' "$demo/hub.log" | head -n1 || true)
  [ -n "$hub_url" ] && break
  kill -0 "$hub_pid" 2>/dev/null || { cat "$demo/hub.log"; echo "run.sh: the hub did not start"; exit 1; }
  sleep 0.1
done
[ -n "$hub_url" ] || { cat "$demo/hub.log"; echo "run.sh: the hub did not say where it listens"; exit 1; }
echo "hub listening on $hub_url (agents' back office: $hub_url/bureau/, staff pages: $hub_url/mairie/, metrics: $hub_url/metrics)"
echo "staff accounts for the demo (also in $demo/comptes-demo.txt): accueil / $staff_password (staff), admin / $admin_password (admin)"
echo "its self-signed certificate: $tls/hub.pem"
echo "  $(openssl x509 -in "$tls/hub.pem" -noout -fingerprint -sha256)"
echo "  public key pin: $pin"
echo "  (a browser warns once: check this fingerprint in the certificate it shows, then accept it)"

$B/guichet-pack publish --repo "$hub/repo" "$demo/packs/anor.gpk" --key "$demo/keys/staff.key"

# Every demo recipient of the pack becomes a partner service: its box key (to
# open démarches) comes from assets/demo-keys, its request-signing key is made here.
for box_key in assets/demo-keys/recipients/*.box.key; do
  id=$(basename "$box_key" .box.key)
  cp "$box_key" "$partner/$id.box.key" && chmod 600 "$partner/$id.box.key"
  $B/guichet-partner keygen --id "$id" --out "$partner" >/dev/null
  $B/guichet-hub add-partner --data "$hub" --id "$id" --key "$partner/$id.sign.pub" >/dev/null
done
echo "partner services registered: $(ls "$partner" | grep -c '\.sign\.pub$')"

# Demo feeds (docs/feeds.md): job offers, events and appointment slots,
# signed with the same staff key as the pack; the agent fetches them into
# $state/feeds/ and checks them against the kiosk's trusted keys.
feeds_src="$demo/feeds-src"
mkdir -p "$feeds_src"
d() { date -d "$1" +%F; }
cat >"$feeds_src/jobs.json" <<JSON
{"items": [
  {"id": "agent-accueil", "title": "Agent d’accueil (H/F)", "employer": "Mairie d’Anor",
   "contract": "CDD 6 mois", "posted": "$(d today)", "expires": "$(d '+30 days')", "place": "Anor",
   "summary": "Accueil du public à l’Espace Services Publics, 35 h par semaine."},
  {"id": "aide-menagere", "title": "Aide à domicile", "employer": "ADMR Fourmies",
   "contract": "CDI temps partiel", "posted": "$(d '-3 days')", "expires": "$(d '+20 days')", "place": "Anor et environs"}
]}
JSON
cat >"$feeds_src/events.json" <<JSON
{"items": [
  {"id": "marche-noel", "title": "Marché de Noël", "date_start": "$(d '+12 days')", "date_end": "$(d '+13 days')",
   "place": "Place du Général-de-Gaulle", "summary": "Artisans, chorale des écoles et vin chaud."},
  {"id": "conseil-municipal", "title": "Conseil municipal", "date_start": "$(d '+5 days')", "time": "19 h",
   "place": "Salle du conseil, mairie"}
]}
JSON
cat >"$feeds_src/slots.json" <<JSON
{"items": [
  {"id": "ft-1", "title": "Conseiller emploi", "agency": "France Travail Fourmies", "service": "france_travail",
   "start": "$(d '+2 days')T10:00", "duration_min": "30", "place": "Cabine visio, Espace Services Publics"},
  {"id": "caf-1", "title": "Conseiller allocations", "agency": "CAF du Nord", "service": "caf",
   "start": "$(d '+3 days')T14:30", "duration_min": "20", "place": "Cabine visio, Espace Services Publics"}
]}
JSON
for kind in jobs events slots; do
  $B/guichet-hub publish-feed --data "$hub" --kind "$kind" --key "$demo/keys/staff.key" "$feeds_src/$kind.json"
done

echo
echo "== Kiosk sync agent: state $state, packs $kiosk_packs"
token=$($B/guichet-hub enroll-token --data "$hub")
# Pinned: the hub's public key is recorded in $state/sync.json for every later run.
$B/guichet-sync enroll --state "$state" --hub "$hub_url" --pin "$pin" --token "$token" --name "Mairie d’Anor, hall"
sync_args=(--state "$state" --hub "$hub_url" --packs "$kiosk_packs" --keys "$demo/keys" --kiosk-id anor-hall-1)
# The first cycle installs the pack from the hub's repository (verified, then renamed in place).
$B/guichet-sync "${sync_args[@]}" --once
ls -l "$kiosk_packs"
echo "feeds fetched and verified by the agent: $(ls "$state/feeds" | tr '\n' ' ')"

kiosk=($B/guichet-kiosk --packs "$kiosk_packs" --keys "$demo/keys" --state "$state" --kiosk-id anor-hall-1)
echo
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  cat <<MSG
== Opening the kiosk (windowed, 1080x1920; close the window to stop the hub and the agent).
Town-hall staff: $hub_url/mairie/ (accounts in $demo/comptes-demo.txt).
A démarche sent from the kiosk reaches the hub within 10 s. The civil-status service's agent
opens it in a browser at $hub_url/bureau/ : « Importer les clés du service » with
$partner/etat-civil.sign.key and $partner/etat-civil.box.key and a passphrase of your choice
(« Inscription à la cantine » goes to the « enfance » service: $partner/enfance.*.key).
Or from the command line, in another terminal:
  $B/guichet-partner fetch --hub $hub_url --ca $tls/hub.pem --key $partner/etat-civil.box.key --out $demo/received --ack
  $B/guichet-partner status --hub $hub_url --ca $tls/hub.pem --key $partner/etat-civil.box.key CODE pret_a_retirer "Votre acte est prêt."
MSG
  $B/guichet-sync "${sync_args[@]}" --interval 10 >"$demo/sync.log" 2>&1 &
  pids+=($!)
  "${kiosk[@]}"
  exit 0
fi

shots="$demo/shots"
rm -rf "$shots" && mkdir -p "$shots"
echo "== No display (DISPLAY and WAYLAND_DISPLAY are unset): running the kiosk headless instead,"
echo "with each sync cycle run by hand (guichet-sync --once) so that every step shows."
echo "A resident asks for a birth certificate (tests/ui/scripts/demarche-acte.replay); screenshots go to $shots/."
"${kiosk[@]}" --headless --replay tests/ui/scripts/demarche-acte.replay --shots "$shots" >/dev/null
$B/guichet-queue --state "$state"

echo
echo "== Sync: the agent sends it to the hub"
$B/guichet-sync "${sync_args[@]}" --once
echo
echo "== The civil-status service's agent opens it in the back office ($hub_url/bureau/, headless Chromium)"
echo "and answers « Prêt à retirer »; screenshots bureau-*.png"
agent_out=$(node tools/web/bureau_agent.mjs --hub "$hub_url" \
  --sign-key "$partner/etat-civil.sign.key" --box-key "$partner/etat-civil.box.key" \
  --expect "Lefèvre" --status pret_a_retirer \
  --message "Votre extrait d’acte de naissance est prêt : retirez-le à l’accueil de la mairie." --shots "$shots" \
  --trust-spki "$pin")
echo "$agent_out"
code=$(sed -n 's/^tracking code: //p' <<<"$agent_out")
echo
echo "== The same service's automation fetches it with the command line (guichet-partner)"
$B/guichet-partner fetch --hub "$hub_url" --ca "$tls/hub.pem" --key "$partner/etat-civil.box.key" --out "$demo/received" --ack
received=$(ls -d "$demo/received"/*/ | head -n1)
echo "opened: $received (tracking code $code)"
echo
echo "== Sync: the status comes back to the kiosk"
$B/guichet-sync "${sync_args[@]}" --once

tracking_script="$demo/suivi.replay"
cat >"$tracking_script" <<SCRIPT
replay 1
tap "Suivre ma demande"
keys "$code"
press "key:valider"
wait 500
expect "$code"
expect "Prêt à retirer"
expect "retirez-le à l’accueil"
shot suivi-apres-synchronisation
quit
SCRIPT
"${kiosk[@]}" --headless --replay "$tracking_script" --shots "$shots" >/dev/null
echo "« Suivre ma demande » on the kiosk now shows the partner's status for $code."
echo
echo "== Town-hall staff sign in at $hub_url/mairie/ (headless Chromium, account « admin »); screenshots mairie-*.png"
GUICHET_STAFF_PASSWORD="$admin_password" node tools/web/staff_tour.mjs --hub "$hub_url" --name admin --shots "$shots" \
  --trust-spki "$pin"
ls -1 "$shots"

cat <<MSG

Done. The Anor pack: $demo/packs/anor.gpk (+ .minisig), public key $demo/keys/staff.pub;
the hub's data: $hub; the kiosk's state: $state; the opened démarche: $received.
Screenshots: $shots/ (acte-*.png: the démarche at the kiosk; bureau-*.png: the agent's back office;
suivi-apres-synchronisation.png: its status back at the kiosk; mairie-*.png: the staff pages).
Try: $B/guichet-pack ls -l $demo/packs/anor.gpk, $B/guichet-queue --state $state,
$B/guichet-kiosk --help, $B/guichet-hub --help, $B/guichet-sync --help, $B/guichet-partner --help.
MSG

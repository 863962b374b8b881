#!/usr/bin/env bash
# Issue #15's acceptance, end to end with the real programs on loopback: a
# resident enrols a child for the canteen at the headless kiosk (a PDF from a
# USB stick, a photographed page, a drawn signature); the sync agent sends it;
# the « enfance » service's agent signs in to the back office in headless
# Chromium, opens it (answers and pictures shown), sends « Prêt à retirer »
# with a message; after the next sync the kiosk's « Suivre ma demande » shows it.
# Over HTTPS, as scripts/run.sh runs it: a throw-away self-signed certificate,
# the agent pinned to its key, Chromium trusting that key only.
# kiosk_to_agent.sh BIN_DIR PACK_DIR [SHOTS_DIR]
set -euo pipefail
bin=$1 pack_dir=$2 shots=${3:-}
root="$(cd "$(dirname "$0")/../.." && pwd)"
# LeakSanitizer without TLS scanning for the kiosk only, as in tests/ui/run_replay.sh (lsan-replay.supp explains why).
kiosk_lsan="${LSAN_OPTIONS:-use_tls=0:print_suppressions=0:suppressions=$root/tests/ui/lsan-replay.supp}"
work=$(mktemp -d)
hub_pid=""
cleanup() {
  [ -n "$hub_pid" ] && kill -TERM "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
unset DISPLAY WAYLAND_DISPLAY
keep_failure() { [ -n "$shots" ] && cp "$work"/shots/failure-*.png "$shots"/ 2>/dev/null || true; }
export GUICHET_LANG=en
mkdir -p "$work/packs" "$work/state" "$work/hub" "$work/partner" "$work/shots"
[ -s "$pack_dir/anor.gpk" ] || { echo "no test pack in $pack_dir (build_test_pack.sh runs first)" >&2; exit 1; }
cp "$pack_dir/anor.gpk" "$pack_dir/staff.pub" "$work/packs/"
# The hub's repository holds the pack (as `guichet-pack publish` names it; no
# index, so the kiosk's agent installs nothing): the back office lays the
# démarche out with its form (protocol 1.5, §5.2).
mkdir -p "$work/hub/repo/packs/anor"
cp "$pack_dir/anor.gpk" "$work/hub/repo/packs/anor/anor-1.gpk"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$work/hub.key" -out "$work/hub.pem" 2>/dev/null
pin="sha256//$(openssl x509 -in "$work/hub.pem" -pubkey -noout | openssl pkey -pubin -outform der |
  openssl dgst -sha256 -binary | base64)"
"$bin/guichet-hub" serve --data "$work/hub" --listen 127.0.0.1:0 --tls-cert "$work/hub.pem" \
  --tls-key "$work/hub.key" >"$work/hub.log" 2>&1 &
hub_pid=$!
hub=""
for _ in $(seq 1 300); do  # "listening on" comes once the port is bound
  hub=$(grep -o 'https://127\.0\.0\.1:[0-9]*' "$work/hub.log" | head -n1 || true)
  [ -n "$hub" ] && break
  kill -0 "$hub_pid" 2>/dev/null || { cat "$work/hub.log"; exit 1; }
  sleep 0.1
done
[ -n "$hub" ] || { echo "the hub did not start" >&2; cat "$work/hub.log"; exit 1; }

# The « enfance » service: its box key is the demo recipient's (the pack seals for it).
cp "$root/assets/demo-keys/recipients/enfance.box.key" "$work/partner/"
chmod 600 "$work/partner/enfance.box.key"
"$bin/guichet-partner" keygen --id enfance --out "$work/partner" >/dev/null
"$bin/guichet-hub" add-partner --data "$work/hub" --id enfance --key "$work/partner/enfance.sign.pub" >/dev/null
token=$("$bin/guichet-hub" enroll-token --data "$work/hub")
"$bin/guichet-sync" enroll --state "$work/state" --hub "$hub" --pin "$pin" --token "$token" --name "borne de test" >/dev/null

kiosk=(env LSAN_OPTIONS="$kiosk_lsan" "$bin/guichet-kiosk" --headless --size 1080x1920 --packs "$work/packs" --state "$work/state")
"${kiosk[@]}" --camera synthetic --usb "$root/tests/ui/data/usb" \
  --replay "$root/tests/ui/scripts/demarche-cantine.replay" --shots "$work/shots" >/dev/null
"$bin/guichet-sync" --state "$work/state" --hub "$hub" --once

out=$(node "$root/tools/web/bureau_agent.mjs" --hub "$hub" \
  --sign-key "$work/partner/enfance.sign.key" --box-key "$work/partner/enfance.box.key" \
  --expect "Inscrire un enfant" --expect "Martin" --expect "attestation-caf.pdf" --pictures 2 \
  --expect "Le responsable de l’enfant" --expect "La mère" --expect "Aucun des deux" --expect "12 mai 2017" \
  --expect "Pièces à joindre" \
  --status pret_a_retirer --message "Inscription validée : la carte de cantine est à retirer en mairie." \
  --trust-spki "$pin" ${shots:+--shots "$shots"})
echo "$out"
code=$(sed -n 's/^tracking code: //p' <<<"$out")
[ -n "$code" ] || { echo "no tracking code from the back office" >&2; exit 1; }

"$bin/guichet-sync" --state "$work/state" --hub "$hub" --once
cat >"$work/suivi.replay" <<SCRIPT
replay 1
tap "Suivre ma demande"
keys "$code"
press "key:valider"
wait 500
expect "$code"
expect "Prêt à retirer"
expect "la carte de cantine est à retirer en mairie"
shot suivi-statut-agent
quit
SCRIPT
"${kiosk[@]}" --replay "$work/suivi.replay" --shots "$work/shots" >/dev/null || { keep_failure; exit 1; }
[ -s "$work/shots/suivi-statut-agent.png" ] || { echo "no tracking screenshot" >&2; exit 1; }
if [ -n "$shots" ]; then cp "$work/shots/suivi-statut-agent.png" "$shots/"; fi
echo "kiosk to agent and back: $code shows « Prêt à retirer » at the kiosk"

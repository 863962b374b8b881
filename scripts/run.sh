#!/usr/bin/env bash
# The main job: builds everything, makes a demo signing key, builds, signs and
# verifies the Anor content pack, then starts what exists of the system.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGUICHET_TESTS=OFF >/dev/null
cmake --build build -j "$(nproc)"

demo="build/demo"
mkdir -p "$demo/keys" "$demo/packs"
if [ ! -f "$demo/keys/staff.key" ]; then
  build/bin/guichet-pack keygen -o "$demo/keys/staff"
fi
build/bin/guichet-pack build content_packs/anor --key "$demo/keys/staff.key" -o "$demo/packs/anor.gpk"
build/bin/guichet-pack verify "$demo/packs/anor.gpk" --pub "$demo/keys/staff.pub" --deep --minisig
echo "stock minisign:"
minisign -V -p "$demo/keys/staff.pub" -m "$demo/packs/anor.gpk"
build/bin/guichet-pack info "$demo/packs/anor.gpk" --pub "$demo/keys/staff.pub"
echo
echo "A filled démarche (assets/examples/inscription-cantine.json), checked as a kiosk would:"
build/bin/guichet-pack test-form "$demo/packs/anor.gpk" inscription-cantine \
  --data assets/examples/inscription-cantine.json --pub "$demo/keys/staff.pub"

state="$demo/state"
mkdir -p "$state"
echo
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "Opening the kiosk (windowed, 1080x1920; close the window to stop)."
  build/bin/guichet-kiosk --packs "$demo/packs" --keys "$demo/keys" --state "$state"
else
  shots="$demo/shots"
  rm -rf "$shots" && mkdir -p "$shots"
  echo "No display (DISPLAY and WAYLAND_DISPLAY are unset): running the kiosk headless instead,"
  echo "replaying tests/ui/scripts/navigation.replay; screenshots go to $shots/."
  build/bin/guichet-kiosk --headless --packs "$demo/packs" --keys "$demo/keys" --state "$state" \
    --replay tests/ui/scripts/navigation.replay --shots "$shots"
  ls -1 "$shots"
fi

cat <<MSG

The Anor pack is built and signed: $demo/packs/anor.gpk (+ .minisig),
public key $demo/keys/staff.pub. Try:
  build/bin/guichet-pack ls -l $demo/packs/anor.gpk
  build/bin/guichet-pack cat $demo/packs/anor.gpk pages/accueil.md --pub $demo/keys/staff.pub

Not there yet: guichet-hub and guichet-sync (issue #5), so no hub or sync agent is
started; in the kiosk (issue #4, milestone 1) the démarche wizard, on-screen keyboard,
idle reset and tracking screens are still to come (docs/kiosk.md). The démarche engine
behind it is built: docs/forms.md, and build/bin/guichet-queue --help for the outbox.
MSG

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

cat <<MSG

The Anor pack is built and signed: $demo/packs/anor.gpk (+ .minisig),
public key $demo/keys/staff.pub. Try:
  build/bin/guichet-pack ls -l $demo/packs/anor.gpk
  build/bin/guichet-pack cat $demo/packs/anor.gpk pages/accueil.md --pub $demo/keys/staff.pub

Not started: guichet-hub and guichet-sync (issue #5) and guichet-kiosk (issue #4)
do not exist yet, so there is no hub, sync agent or kiosk window to open, and no
headless screenshots. The démarche engine behind the kiosk is built: see
docs/forms.md, and build/bin/guichet-queue --help for the outbox.
MSG

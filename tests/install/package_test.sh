#!/usr/bin/env bash
# The Debian packages on this machine (issue #20, docs/install.md): builds them
# in build-pkg (release, hardened, benchmarks compiled too), checks them with
# lintian, installs them with dpkg, checks the systemd units, builds the Anor
# pack with the installed guichet-pack, starts the installed hub as its unit
# would (user guichet, /etc/guichet/hub.conf) and talks to it over loopback,
# enrols the kiosk's agent and syncs the pack to it, backs the hub up while it
# runs, shows the kiosk's first screen under cage's headless backend, then
# purges everything and checks that nothing is left. Needs root (dpkg, a
# system user); skips otherwise. Purges the packages on every exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

if [ "$(id -u)" -ne 0 ]; then
  echo "package_test: SKIPPED: needs root (dpkg -i, the system user guichet); run it as root"
  exit 0
fi
packages=(guichet-kiosk guichet-sync guichet-hub guichet-pack guichet-partner guichet-common)
for p in "${packages[@]}"; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q installed; then
    echo "package_test: $p is already installed on this machine; not touching it" >&2
    exit 1
  fi
done

started=$SECONDS
phase_start=$SECONDS
phase() {  # prints how long the previous phase took
  echo "package_test: [$((SECONDS - phase_start)) s] $1"
  phase_start=$SECONDS
}
fail() {
  echo "package_test: FAILED: $*" >&2
  exit 1
}

work=$(mktemp -d /tmp/guichet-package-test.XXXXXX)
chmod 0755 "$work"  # user guichet reads the pack and keys made here
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  # Whatever happened, the machine ends as it was.
  dpkg --purge "${packages[@]}" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# 1. Build (a separate, unsanitized build folder) and make the packages.
if [ -n "${GUICHET_PACKAGE_DEBS:-}" ]; then  # while working on this script: packages already made
  debs=("$GUICHET_PACKAGE_DEBS"/*.deb)
else
  launcher=()
  if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  fi
  cmake -S . -B build-pkg -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGUICHET_TESTS=OFF -DGUICHET_BENCH=ON \
    -DGUICHET_HARDEN=ON "${launcher[@]}" >/dev/null
  cmake --build build-pkg -j "$(nproc)" >"$work/build.log" 2>&1 || { tail -50 "$work/build.log"; fail "build"; }
  phase "built build-pkg (benchmarks included)"
  rm -rf build-pkg/packages
  (cd build-pkg && cpack -G DEB >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack"; }
  debs=(build-pkg/packages/*.deb)
fi
[ ${#debs[@]} -eq 6 ] || fail "expected 6 packages, got: ${debs[*]}"
phase "packages: ${debs[*]##*/}"

# 2. lintian: no error or warning (the info tags left are explained in docs/install.md).
lintian --fail-on error,warning "${debs[@]}" >"$work/lintian.log" 2>&1 ||
  { grep -v '^running with root' "$work/lintian.log"; [ -n "${GUICHET_PACKAGE_DEBS:-}" ] || fail "lintian reports errors or warnings"; }
phase "lintian clean"

# 3. Install. Their dependencies come from scripts/setup.sh's list (no network here).
dpkg -i "${debs[@]}" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i"; }
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" | grep -q "install ok installed" || fail "$p not installed"
done
getent passwd guichet >/dev/null || fail "no user guichet"
[ "$(stat -c %U:%a /var/lib/guichet)" = "guichet:750" ] || fail "/var/lib/guichet: $(stat -c %U:%a /var/lib/guichet)"
for f in guichet.conf hub.conf sync.conf kiosk.conf; do [ -f "/etc/guichet/$f" ] || fail "no /etc/guichet/$f"; done
grep -qx "/etc/guichet/hub.conf" /var/lib/dpkg/info/guichet-hub.conffiles || fail "hub.conf is not a conffile"
[ -f /usr/share/guichet/web/node_modules/libsodium-sumo/dist/modules-sumo-esm/libsodium-sumo.mjs ] ||
  fail "the back office's libsodium.js is not installed"
phase "installed"

# 4. The units.
units=(guichet-hub.service guichet-hub-backup.service guichet-hub-backup.timer guichet-sync.service
  guichet-kiosk@tty1.service)
systemd-analyze verify "${units[@]}" 2>"$work/verify.log" ||
  { cat "$work/verify.log"; fail "systemd-analyze verify"; }
if [ -s "$work/verify.log" ]; then cat "$work/verify.log"; fail "systemd-analyze verify has remarks"; fi
phase "systemd-analyze verify: ${units[*]}"

# COMMAND as user guichet (and its groups), exec'd: no process stays in
# between, so the pid that $! gives is the program's own.
as_guichet() { setpriv --reuid=guichet --regid=guichet --init-groups --reset-env -- "$@"; }

# Runs unit UNIT's ExecStart as systemd would, without systemd (containers
# have none), and exec's it (call it in a subshell or with &): as user
# guichet, its StateDirectory= made first, its Environment= set and its
# EnvironmentFile= lines read by the shell, then $UNIT_ENV (more VAR=value
# words), EXTRA arguments appended. ${VAR} and $VAR become words as systemd
# makes them (the values here have no quotes inside); %% is %.
run_unit() {
  local unit=/lib/systemd/system/$1
  shift
  local exec env_files dirs
  exec=$(sed -n 's/^ExecStart=//p' "$unit" | sed 's/%%/%/g')
  env_files=$(sed -n 's/^EnvironmentFile=-\{0,1\}//p' "$unit" | tr '\n' ' ')
  dirs=$(sed -n 's/^StateDirectory=//p' "$unit")
  for d in $dirs; do install -d -o guichet -g guichet -m 0750 "/var/lib/$d"; done
  # shellcheck disable=SC2046,SC2086
  exec setpriv --reuid=guichet --regid=guichet --init-groups --reset-env -- \
    env -i PATH=/usr/bin:/bin HOME=/var/lib/guichet LANG=C.UTF-8 GUICHET_LANG=en \
    $(sed -n 's/^Environment=//p' "$unit") ${UNIT_ENV:-} \
    bash -c 'set -a; for f in '"$env_files"'; do . "$f"; done; set +a; eval "exec $0 \"\$@\""' "$exec" "$@"
}

# 5. The installed pack tool builds, signs and verifies the Anor pack; the pack
# key goes where the kiosk and its agent trust keys (/etc/guichet/keys).
guichet-pack keygen -o "$work/staff" >/dev/null
guichet-pack build content_packs/anor --key "$work/staff.key" -o "$work/anor.gpk" >"$work/pack.log" 2>&1 ||
  { cat "$work/pack.log"; fail "guichet-pack build"; }
guichet-pack verify "$work/anor.gpk" --pub "$work/staff.pub" --deep >/dev/null || fail "guichet-pack verify"
cp "$work/staff.pub" /etc/guichet/keys/
phase "installed guichet-pack built the Anor pack ($(stat -c %s "$work/anor.gpk") bytes)"

# 6. The hub, as guichet-hub.service starts it. The packaged setting listens on
# 127.0.0.1:8080; this machine may have something there, so the test edits it
# as an administrator would, to a free port (0).
grep -qx 'GUICHET_HUB_LISTEN=127.0.0.1:8080' /etc/guichet/hub.conf || fail "hub.conf's default changed"
sed -i 's/^GUICHET_HUB_LISTEN=.*/GUICHET_HUB_LISTEN=127.0.0.1:0/' /etc/guichet/hub.conf
run_unit guichet-hub.service >"$work/hub.log" 2>&1 &
pids+=($!)
hub_url=""
for _ in $(seq 1 100); do  # 10 s at most
  hub_url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/hub.log" | head -n1 || true)
  [ -n "$hub_url" ] && break
  kill -0 "${pids[0]}" 2>/dev/null || { cat "$work/hub.log"; fail "the hub did not start"; }
  sleep 0.1
done
[ -n "$hub_url" ] || { cat "$work/hub.log"; fail "the hub did not say where it listens"; }
pgrep -u guichet -x guichet-hub >/dev/null || fail "the hub does not run as user guichet"
curl -fsS "$hub_url/v1/ping" >/dev/null || fail "GET /v1/ping"
curl -fsS "$hub_url/bureau/" | grep -q importmap || fail "the back office's page (from /usr/share/guichet/web)"
curl -fsS -o /dev/null "$hub_url/bureau/vendor/libsodium-sumo.mjs" || fail "the back office's libsodium.js"
if grep -q "back office unavailable" "$work/hub.log"; then cat "$work/hub.log"; fail "the hub misses web files"; fi
phase "installed hub answers on $hub_url (ping, /bureau/, libsodium.js)"

# 7. Staff publish the pack; the kiosk's agent enrols and syncs, as user guichet.
guichet-pack publish --repo /var/lib/guichet/hub/repo "$work/anor.gpk" --key "$work/staff.key" >/dev/null ||
  fail "guichet-pack publish"
chown -R guichet:guichet /var/lib/guichet/hub/repo
token=$(as_guichet guichet-hub enroll-token --data /var/lib/guichet/hub)
install -d -o guichet -g guichet -m 0750 /var/lib/guichet/kiosk /var/lib/guichet/packs
as_guichet env GUICHET_LANG=en guichet-sync enroll --state /var/lib/guichet/kiosk --hub "$hub_url" \
  --token "$token" --name "borne test" >"$work/enroll.log" 2>&1 || { cat "$work/enroll.log"; fail "guichet-sync enroll"; }
(run_unit guichet-sync.service --once) >"$work/sync.log" 2>&1 || { cat "$work/sync.log"; fail "guichet-sync.service --once"; }
ls /var/lib/guichet/packs/*.gpk >/dev/null 2>&1 || { cat "$work/sync.log"; fail "the agent installed no pack"; }
phase "guichet-sync enrolled and synced the pack from the hub"

# 8. The nightly backup (guichet-hub-backup.service) while the hub runs, restored elsewhere.
(run_unit guichet-hub-backup.service) >"$work/backup.log" 2>&1 || { cat "$work/backup.log"; fail "guichet-hub-backup"; }
backup=$(ls /var/lib/guichet/backups/hub-*.db)
[ -s "$(ls /var/lib/guichet/backups/hub-files-*.tar.gz)" ] || fail "no backup of the pack repository"
as_guichet guichet-hub restore --data "/var/lib/guichet/restore-test" --from "$backup" \
  >>"$work/backup.log" 2>&1 || { cat "$work/backup.log"; fail "guichet-hub restore"; }
grep -q "1 client(s)" "$work/backup.log" || { cat "$work/backup.log"; fail "the backup lacks the kiosk"; }
phase "hub backed up while running and restored"

# An update (the same packages again): the administrator's settings, the data
# and the user stay.
uid=$(id -u guichet)
dpkg -i "${debs[@]}" >"$work/dpkg-again.log" 2>&1 || { cat "$work/dpkg-again.log"; fail "dpkg -i over the installed packages"; }
grep -qx 'GUICHET_HUB_LISTEN=127.0.0.1:0' /etc/guichet/hub.conf || fail "the update lost hub.conf's edit"
[ "$(id -u guichet)" = "$uid" ] || fail "the update changed user guichet"
[ -s /var/lib/guichet/hub/hub.db ] && [ -s /var/lib/guichet/kiosk/sync-key ] || fail "the update lost data"
phase "installed again over itself: settings, data and user kept"

# 9. The kiosk's first screen under cage's headless backend (no screen, no
# input devices, software rendering), as user guichet, SDL on Wayland, as
# guichet-kiosk@tty1 starts it (without its PAM session and terminal).
runtime="$work/runtime"
install -d -o guichet -g guichet -m 0700 "$runtime"
install -d -o guichet -g guichet -m 0755 "$work/shots"
# Full screen on the headless output, the kiosk opens on its attract screen; a touch shows the home screen.
printf 'replay 1\nexpect "Touchez l’écran pour commencer"\nshot attract\ntap 200 200\nexpect "Vie pratique"\nshot accueil\nquit\n' \
  >"$work/first-screen.replay"
kiosk_ok=1
# guichet-kiosk@.service's own command line (cage, --fullscreen, the packaged
# settings), the replay's options appended; --size is the headless output's
# (wlroots' default 1280x720), as kiosk.conf says to set the screen's.
(UNIT_ENV="XDG_RUNTIME_DIR=$runtime WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1
  LIBGL_ALWAYS_SOFTWARE=1" run_unit guichet-kiosk@.service --size 1280x720 --no-voice --replay "$work/first-screen.replay" \
  --shots "$work/shots") >"$work/kiosk.log" 2>&1 &
kiosk=$!
for _ in $(seq 1 1200); do kill -0 "$kiosk" 2>/dev/null || break; sleep 0.1; done  # 120 s at most
if kill -KILL "$kiosk" 2>/dev/null; then cat "$work/kiosk.log"; fail "the kiosk under cage still ran after 120 s"; fi
wait "$kiosk" || kiosk_ok=0
if [ $kiosk_ok -eq 0 ] || [ ! -s "$work/shots/accueil.png" ]; then
  cat "$work/kiosk.log"
  fail "the kiosk under cage did not show its first screen"
fi
# The shots are the output's size (PNG header: width, height): the kiosk drew on the whole screen.
size=$(head -c 24 "$work/shots/accueil.png" | tail -c 8 | od -An -tx1 | tr -d ' \n')
[ "$size" = 00000500000002d0 ] || fail "the kiosk's screenshot is not 1280x720 (PNG IHDR $size)"
mkdir -p build-pkg/package-test && cp "$work/shots/attract.png" "$work/shots/accueil.png" build-pkg/package-test/
phase "the kiosk under cage (headless) showed its first screens: build-pkg/package-test/{attract,accueil}.png"

# 10. Stop the hub, purge everything, check nothing is left.
for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
pids=()
if pgrep -u guichet >/dev/null; then ps -u guichet -o pid,cmd; fail "processes of user guichet still run"; fi
dpkg --purge "${packages[@]}" >"$work/purge.log" 2>&1 || { cat "$work/purge.log"; fail "dpkg --purge"; }
left=()
for p in /etc/guichet /var/lib/guichet /usr/share/guichet /etc/pam.d/guichet-kiosk /usr/bin/guichet-hub \
  /lib/systemd/system/guichet-hub.service /lib/systemd/system/guichet-kiosk@.service; do
  [ -e "$p" ] && left+=("$p")
done
compgen -G "/usr/share/doc/guichet-*" >/dev/null && left+=(/usr/share/doc/guichet-*)
getent passwd guichet >/dev/null && left+=("user guichet")
getent group guichet >/dev/null && left+=("group guichet")
dpkg -l 'guichet-*' 2>/dev/null | grep -q '^[a-z][a-z] ' && left+=("dpkg records")
[ ${#left[@]} -eq 0 ] || fail "left after purge: ${left[*]}"
phase "purged: nothing left"
echo "package_test: passed in $((SECONDS - started)) s"

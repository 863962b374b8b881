#!/usr/bin/env bash
# Installs the Debian 12 packages Guichet needs to build, test and run.
# Idempotent: installs only what is missing, and runs `apt-get update` only then.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git
  # clang + libFuzzer runtime for the fuzz targets
  clang libclang-rt-14-dev
  # libraries
  libsodium-dev libzstd-dev nlohmann-json3-dev libyaml-cpp-dev libmd4c-dev libmd4c-html0-dev doctest-dev libsqlite3-dev
  # receipts' QR codes
  libqrencode-dev
  # printing (issue #17, docs/print.md): sheets drawn to PDF with cairo + pango, sent with libcups2;
  # the tests' private cupsd with a printer-driver-cups-pdf queue, and poppler's pdftotext/pdftoppm
  # that read the PDFs back
  libcairo2-dev libpango1.0-dev libcups2-dev cups cups-client cups-daemon printer-driver-cups-pdf poppler-utils
  # the régie's direct debits (issue #17, docs/sepa.md): xmllint validates the pain.008 files against the
  # ISO 20022 schemas in the tests
  libxml2-utils
  # speech output (issue #18, docs/speech.md): espeak-ng's library and French voice; its
  # program is the tests' reference for the samples the kiosk makes
  libespeak-ng-dev espeak-ng
  # the agent's and partner's HTTP client (libcurl): deadlines, header caps and an abort
  # callback that cpp-httplib's client lacks against a hostile hub (issue #21)
  libcurl4-openssl-dev
  # the hub's HTTP server: Boost.Beast on Asio, header-only (bounded against hostile clients, docs/protocol.md §1.1)
  libboost-dev
  # the hub's own HTTPS (asio::ssl on OpenSSL, docs/back-office.md §4.1), and the openssl command that makes
  # the demo's self-signed certificate (scripts/run.sh), the tests' throw-away ones and the pins (SPKI SHA-256)
  libssl-dev openssl
  # media: FFmpeg libraries (decode, scale, capture) and the ffmpeg CLI that makes test inputs
  libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libswresample-dev libavdevice-dev ffmpeg
  # JPEG pictures: libjpeg-turbo's TurboJPEG API (faster than FFmpeg's decoder for large photos)
  libturbojpeg0-dev
  # PostgreSQL 15 for a département's hub (issue #20): libpq for the hub, the server for the
  # tests' throw-away clusters (tests/sync/pg_cluster.cpp)
  libpq-dev postgresql
  # tools used by tests and benchmarks: stock minisign (interop), zstd and b2sum (comparisons)
  minisign zstd coreutils tar
  # the capture replays read the outbox (run_replay.sh GUICHET_EXPECT_ATTACHMENTS)
  sqlite3
  # guichet-sync-bench's lossy line: ip netns and tc netem (the kernel needs sch_netem)
  iproute2
  # kiosk UI: SDL2 + Dear ImGui (backends, FreeType builder), fonts, PNG screenshots,
  # Mesa's software GL/EGL for headless runs (SDL offscreen driver, llvmpipe)
  libsdl2-dev libimgui-dev libfreetype-dev fonts-dejavu-core fonts-font-awesome libpng-dev
  libegl-mesa0 libgl1-mesa-dri libegl-dev libgles-dev
  # the partial-redraw test in a real X11 window (tests/ui/compare_redraw.sh)
  xvfb xauth
  # « Services en ligne » (issue #22, docs/web-view.md): WPE WebKit 2.38 renders the allowed sites off
  # screen, exported as shared-memory buffers by wpebackend-fdo (Mesa's llvmpipe in its web process);
  # glib-networking gives it TLS (GnuTLS, the system CA store); libsoup 3 serves the tests' HTTPS site
  libwpewebkit-1.1-dev libwpebackend-fdo-1.0-dev glib-networking libsoup-3.0-dev
  # the back office's browser code and its tests (sync/hub/web, tests/web): Node.js runs the
  # tests, Debian's Chromium is the browser puppeteer-core drives (nothing downloads a browser),
  # with its French translations (the pages' date and file controls as an agent sees them)
  nodejs chromium chromium-l10n
  # démarches online (issue #19, docs/forms-wasm.md): the kiosk's form engine compiled to WebAssembly
  # by Debian's emscripten (3.1.6, clang 14; it pulls node-acorn, binaryen, lld); the equivalence test
  # runs it under Node against the native engine
  emscripten
  # a département's hubs behind a reverse proxy (issue #20, docs/hub-storage.md): tests start
  # Debian's nginx with a configuration of their own in front of two hubs on one PostgreSQL
  nginx-light
  # the visio-accueil's STUN/TURN relay (docs/visio.md §5): the hub issues coturn's short-lived
  # REST-API credentials; tests run turnserver on loopback and check them with turnutils_uclient
  coturn
  # the visio-accueil's media on the kiosk (kiosk/core/visio, docs/visio.md §7): GStreamer 1.22's webrtcbin
  # (plugins-bad) with libnice (gstreamer1.0-nice), VP8 (plugins-good) and Opus (plugins-base)
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libgstreamer-plugins-bad1.0-dev
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-nice
  # the Debian packages (issue #20, docs/install.md, tests/install/package_test.sh): CPack's DEB
  # generator uses dpkg-dev's dpkg-shlibdeps and fakeroot, lintian checks the packages; the kiosk's
  # Wayland session is Debian's cage, which needs xwayland though it does not depend on it; the
  # packages' maintainer scripts use adduser, their units systemd (systemd-analyze verify; the kiosk
  # session's logind session: libpam-systemd); curl asks the installed hub, procps' pgrep finds its processes
  dpkg-dev fakeroot lintian cage xwayland adduser systemd libpam-systemd curl procps
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# Debian's npm, unless the installed Node.js brings its own (NodeSource's does).
if ! command -v npm >/dev/null; then missing+=(npm); fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} Debian packages already installed"
else
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      echo "setup: missing packages (${missing[*]}) and not root: run this script as root" >&2
      exit 1
    fi
  fi
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Debian's coturn and nginx start system-wide services (a relay on port 3478,
# a default site on port 80) where systemd runs; the scripts and tests start
# their own with generated configurations on loopback. So a service this run
# has just installed is stopped and disabled; one installed before is left as
# its administrator set it.
for service in coturn nginx; do
  package=$service
  [ "$service" = nginx ] && package=nginx-light
  case " ${missing[*]} " in *" $package "*) ;; *) continue ;; esac
  if command -v systemctl >/dev/null && systemctl is-enabled --quiet "$service" 2>/dev/null; then
    echo "setup: stopping and disabling the $service service just installed (the scripts start their own)"
    ${sudo:-} systemctl disable --now "$service" >/dev/null 2>&1 || true
  fi
done

# The back office's npm packages, exactly as package-lock.json pins them, from
# the npm registry; again only when the lock file changed since the last install.
web="$(cd "$(dirname "$0")/.." && pwd)/sync/hub/web"
stamp="$web/node_modules/.guichet-installed-lock"
if [ -f "$stamp" ] && cmp -s "$stamp" "$web/package-lock.json"; then
  echo "setup: npm packages of sync/hub/web already installed"
else
  echo "setup: npm ci in sync/hub/web"
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$web/package-lock.json" "$stamp"
fi

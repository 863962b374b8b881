#!/usr/bin/env bash
# Screenshots of « Services en ligne » at 1080×1920 (docs/web-view.md §7), not a CTest test:
# guichet-pack's template pack with a « Services en ligne » rubrique whose sites are a local
# HTTPS site (Python's http.server behind ssl, a throw-away CA made by openssl), the kiosk run
# headless on a replay inside a mount namespace where that CA is the system's bundle (root, or
# unprivileged user namespaces).
# usage: demo_screenshots.sh BUILD_DIR OUT_DIR
set -euo pipefail
build=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$out" "$work/site" "$work/packs" "$work/state" "$work/shots"
cd "$work"
ec="-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes"
openssl req -x509 $ec -keyout ca.key -out ca.pem -days 2 -subj '/CN=Guichet demo CA' \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
openssl req $ec -keyout site.key -out site.csr -subj /CN=127.0.0.1 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > site.ext
openssl x509 -req -in site.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -out site.pem -extfile site.ext 2>/dev/null
port=18443
cat > site/index.html <<HTML
<!doctype html><html lang=fr><meta charset=utf-8><title>Simulateur</title>
<style>body{font:28px sans-serif;margin:0;background:#f4f6fb}header{background:#000091;color:#fff;padding:28px}
main{padding:28px}a{color:#000091}label{display:block;margin:24px 0 8px}input{font:28px sans-serif;width:90%;padding:12px}
p{line-height:1.5}</style>
<header><b>Site national (démonstration)</b></header><main><h1>Estimer vos droits</h1>
<p>Cette page est servie en HTTPS sur la boucle locale et affichée par WPE WebKit dans la borne.</p>
<label for=r>Revenus du foyer (€ par mois)</label><input id=r inputmode=numeric>
<p><a href="https://www.example.org/">Un lien vers un autre site</a> (refusé par la borne)</p>
<p><a href="/index.html">Un lien sur le même site</a> (suivi)</p></main>
HTML
cat > serve.py <<PY
import http.server, ssl
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); ctx.load_cert_chain("site.pem", "site.key")
srv = http.server.ThreadingHTTPServer(("127.0.0.1", $port), lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory="site", **k))
srv.socket = ctx.wrap_socket(srv.socket, server_side=True); srv.serve_forever()
PY
python3 serve.py 2>/dev/null & server=$!
"$build/bin/guichet-pack" new pack >/dev/null
python3 - "$port" <<'PY'
import sys
p = "pack/pack.yaml"; s = open(p).read()
s = s.replace("menu:\n", """menu:
  - id: en-ligne
    title: "Services en ligne"
    icon: info
    sites:
      - title: "Simulateur de droits (démonstration)"
        address: "https://127.0.0.1:%s/index.html"
        summary: "Un site national, ouvert dans la borne"
""" % sys.argv[1], 1)
open(p, "w").write(s)
PY
"$build/bin/guichet-pack" keygen -o staff >/dev/null
"$build/bin/guichet-pack" build pack --key staff.key -o packs/ma-commune.gpk -q >/dev/null
cp staff.pub packs/
cat > demo.replay <<'REPLAY'
replay 1
tap "Services en ligne"
shot en-ligne-rubrique
tap "Simulateur de droits (démonstration)"
wait 500
shot en-ligne-page
tap 200 777
wait 500
shot en-ligne-lien-refuse
REPLAY
for i in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
cmd="mount --bind $work/ca.pem /etc/ssl/certs/ca-certificates.crt && LSAN_OPTIONS=detect_leaks=0 \
  $build/bin/guichet-kiosk --headless --size 1080x1920 --packs $work/packs --state $work/state \
  --replay $work/demo.replay --shots $work/shots"
if [ "$(id -u)" -eq 0 ]; then unshare -m --propagation private sh -c "$cmd"; else unshare -rm sh -c "$cmd"; fi
cp shots/*.png "$out/"
ls "$out"

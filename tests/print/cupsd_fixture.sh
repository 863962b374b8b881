#!/usr/bin/env bash
# A private cupsd for the printing tests (docs/print.md §6): its own server
# root, spool and logs under DIR, listening only on the domain socket
# DIR/cups.sock, with one printer-driver-cups-pdf queue whose PDFs land in
# DIR/out. Nothing of the machine's CUPS is used or touched, except the
# per-queue cups-pdf configuration /etc/cups/cups-pdf-QUEUE.conf (cups-pdf
# reads its configuration only from /etc/cups), removed by `stop`.
#
#   cupsd_fixture.sh start DIR QUEUE   # prints nothing; DIR/cups.sock is ready
#   cupsd_fixture.sh stop DIR QUEUE
#
# cups-pdf runs as root (its backend is 0700), so the tests run as root in CI.
set -euo pipefail
cmd=$1 dir=$2 queue=$3

stop() {
  if [ -f "$dir/cupsd.pid" ]; then
    pid=$(cat "$dir/cupsd.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    rm -f "$dir/cupsd.pid"
  fi
  rm -f "/etc/cups/cups-pdf-$queue.conf"
}

if [ "$cmd" = stop ]; then stop; exit 0; fi
[ "$cmd" = start ] || { echo "usage: $0 start|stop DIR QUEUE" >&2; exit 2; }
for tool in /usr/sbin/cupsd /usr/sbin/lpadmin /usr/lib/cups/backend/cups-pdf; do
  [ -x "$tool" ] || { echo "cupsd_fixture: $tool missing (scripts/setup.sh installs cups and printer-driver-cups-pdf)" >&2; exit 77; }
done
[ "$(id -u)" = 0 ] || { echo "cupsd_fixture: cups-pdf needs root" >&2; exit 77; }

mkdir -p "$dir"/{etc/ppd,spool/tmp,cache,state,log,out}
chmod 0755 "$dir" "$dir/out"
cat > "$dir/etc/cups-files.conf" <<CONF
ServerRoot $dir/etc
RequestRoot $dir/spool
TempDir $dir/spool/tmp
CacheDir $dir/cache
StateDir $dir/state
AccessLog $dir/log/access_log
ErrorLog $dir/log/error_log
PageLog $dir/log/page_log
SystemGroup root
User lp
Group lp
Sandboxing relaxed
CONF
# No history and no job files kept (what a kiosk's cupsd should also say).
cat > "$dir/etc/cupsd.conf" <<CONF
Listen $dir/cups.sock
LogLevel warn
Browsing No
DefaultAuthType None
PreserveJobHistory No
PreserveJobFiles No
MaxJobs 100
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order allow,deny
    Allow all
  </Limit>
</Policy>
CONF
cat > "/etc/cups/cups-pdf-$queue.conf" <<CONF
Out $dir/out
AnonDirName $dir/out
UserUMask 0022
Grp root
Log $dir/log
CONF
/usr/sbin/cupsd -f -c "$dir/etc/cupsd.conf" -s "$dir/etc/cups-files.conf" > "$dir/log/cupsd.out" 2>&1 &
echo $! > "$dir/cupsd.pid"
for _ in $(seq 1 200); do [ -S "$dir/cups.sock" ] && break; sleep 0.025; done
[ -S "$dir/cups.sock" ] || { echo "cupsd_fixture: cupsd did not start:" >&2; cat "$dir/log/"* >&2; stop; exit 1; }
# poppler's pdftops keeps the text (the default, ghostscript's ps2write, turns it
# into outlines): the tests read the printed PDF back with pdftotext.
/usr/sbin/lpadmin -h "$dir/cups.sock" -p "$queue" -E -v "cups-pdf:/$queue" -P /usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd \
  -o pdftops-renderer-default=pdftops 2>/dev/null

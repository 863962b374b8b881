# Shell helpers shared by the kiosk and map benchmarks (sourced, not run).

ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# timed_runs N FUNC: runs FUNC 1 … N (its standard output discarded) and
# prints "median X ms over N runs (t1 t2 … ms)", wall times.
timed_runs() {
  local n=$1 f=$2 i t0 times=()
  for i in $(seq 1 "$n"); do
    t0=$(date +%s%N)
    "$f" "$i" >/dev/null
    times+=("$(ms_since "$t0")")
  done
  echo "median $(printf '%s\n' "${times[@]}" | median) ms over $n runs (${times[*]} ms)"
}

# bench_header NAME: the first lines of every report (date, cores, load, renderer).
bench_header() {
  echo "guichet $1 benchmark — $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "renderer: Mesa llvmpipe through SDL's offscreen driver, 1080x1920"
}

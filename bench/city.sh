#!/usr/bin/env bash
# The auditor's city (issue 12, Performance): a generated city of packs (bench/city.py), timed
# side by side with the hashing floor, as ratios.
#
#   bench/city.sh                       # 150 packs × 400 files, one pack 10× larger (~7.5 GB)
#   SCALE=0.25 bench/city.sh            # same files, a quarter of the bytes (~1.9 GB)
#   SMALL=1 bench/city.sh               # 12 packs × 60 files, tiny: a quick try
#   RUNS=3 COLD=1 bench/city.sh         # COLD=1 drops the page cache before each cold run (root)
#   WORK=/big/disk bench/city.sh        # where the city is generated (deleted at the end)
#
# (a) `changai rank` of the city against `find DIR -type f -print0 | xargs -0 -P2 openssl dgst
#     -sha256` over the same files;
# (b) `changai evaluate` of one pack of FILES1 (40,000) files against the same pipeline;
# (c) `changai audit DIR --output OUT`, cold, and warm (hash and result caches: nothing
#     changed, then one file changed before each run) against `find DIR -type f`, with what the
#     caches say and the peak RSS — when the binary has an `audit` command.
#   AUDIT_ONLY=1 bench/city.sh          # (c) alone
# Prints the best of RUNS for each. Nothing is asserted: times depend on the machine.
set -euo pipefail

runs=${RUNS:-3}
scale=${SCALE:-1}
packs=${PACKS:-150} files=${FILES:-400} files1=${FILES1:-40000}
if [ -n "${SMALL:-}" ]; then packs=12 files=60 files1=2000 scale=${SCALE:-0.1}; fi
root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
bin=$target/release/changai
work=$(mktemp -d "${WORK:-/tmp}/city.XXXXXX")
trap 'rm -rf "$work"' EXIT

(cd "$root" && cargo build --release --quiet)

drop() { if [ -n "${COLD:-}" ]; then sync; echo 3 >/proc/sys/vm/drop_caches; fi; }

# best wall time (seconds) of $runs runs of "$@" (output discarded); cold: the cache dropped first
best() {
  local cold=$1; shift
  local b=""
  for _ in $(seq "$runs"); do
    local s e t
    [ "$cold" = cold ] && drop
    s=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
  done
  printf '%.3f' "$b"
}
# one wall time (seconds) of "$@" (output discarded)
once() {
  local s e
  s=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || true
  e=$(date +%s.%N)
  echo "$e - $s" | bc -l
}
# pair A B: the commands (functions taking no argument) run alternately $runs times, so that a
# drift of the machine's speed during the run reaches both; prints the best time of each and the
# median of the ratios A/B of the pairs
pair() {
  local a=$1 b=$2 ta tb ba="" bb="" ratios=()
  for _ in $(seq "$runs"); do
    ta=$(once "$a"); tb=$(once "$b")
    if [ -z "$ba" ] || [ "$(echo "$ta < $ba" | bc -l)" = 1 ]; then ba=$ta; fi
    if [ -z "$bb" ] || [ "$(echo "$tb < $bb" | bc -l)" = 1 ]; then bb=$tb; fi
    ratios+=("$(echo "$ta / $tb" | bc -l)")
  done
  local median
  median=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{v[NR]=$1} END {if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}')
  printf '%.3f %.3f %.2f' "$ba" "$bb" "$median"
}
ratio() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }
openssl_pipe() { find "$1" -type f -print0 | xargs -0 -P2 openssl dgst -sha256; }
hash_city() { openssl_pipe "$work/city"; }
peak() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; }

kind=warm; [ -n "${COLD:-}" ] && kind=cold
echo "== city: $packs packs × $files files (the first ×10), size scale $scale; $kind page cache, best of $runs"
python3 "$root/bench/city.py" "$work/city" --packs "$packs" --files "$files" --scale "$scale"
if [ -z "${AUDIT_ONLY:-}" ]; then
if [ -n "${COLD:-}" ]; then
  tr=$(best cold "$bin" rank "$work/city" --format json)
  to=$(best cold openssl_pipe "$work/city")
  echo "  (cold) rank ${tr}s, find | xargs -P2 openssl ${to}s: rank is ×$(ratio "$tr" "$to")"
fi
rank_city() { "$bin" rank "$work/city" --format json; }
read -r tr to rr <<<"$(pair rank_city hash_city)"
echo "  (warm) rank ${tr}s, find | xargs -P2 openssl ${to}s: rank is ×$(ratio "$tr" "$to") (median of alternating pairs ×$rr); rank peak RSS $(peak "$bin" rank "$work/city" --format json) KB"

echo "== one pack of $files1 files"
python3 "$root/bench/city.py" "$work/one" --packs 1 --files "$files1" --scale "$scale" --large 0
one=$(ls -d "$work"/one/*/)
"$bin" evaluate "$one" --format json >"$work/one.json" || true
if [ -n "${COLD:-}" ]; then
  te=$(best cold "$bin" evaluate "$one" --format json)
  tv=$(best cold "$bin" verify "$work/one.json" "$one")
  to=$(best cold openssl_pipe "$one")
  echo "  (cold) evaluate ${te}s, verify ${tv}s, find | xargs -P2 openssl ${to}s: evaluate ×$(ratio "$te" "$to"), verify ×$(ratio "$tv" "$to")"
fi
evaluate_one() { "$bin" evaluate "$one" --format json; }
verify_one() { "$bin" verify "$work/one.json" "$one"; }
hash_one() { openssl_pipe "$one"; }
read -r te to re <<<"$(pair evaluate_one hash_one)"
echo "  (warm) evaluate ${te}s, find | xargs -P2 openssl ${to}s: evaluate ×$(ratio "$te" "$to") (median of alternating pairs ×$re)"
read -r tv to rv <<<"$(pair verify_one hash_one)"
echo "  (warm) verify ${tv}s, find | xargs -P2 openssl ${to}s: verify ×$(ratio "$tv" "$to") (median of alternating pairs ×$rv)"
rm -rf "$work/one"
fi

# ---- audit (built by another helper): expected CLI `changai audit DIR --output OUT` ----------
# Cold: a fresh OUT (no hash cache) against the openssl pipeline; warm: a second run into the
# same OUT (the cache there) against `find DIR -type f`; then one file changed, the same.
if "$bin" audit --help >/dev/null 2>&1; then
  echo "== audit"
  audit_fresh() { rm -rf "$work/out" && mkdir "$work/out" && "$bin" audit "$work/city" --output "$work/out"; }
  audit_again() { "$bin" audit "$work/city" --output "$work/out"; }
  walk_city() { find "$work/city" -type f; }
  read -r ta to ra <<<"$(pair audit_fresh hash_city)"
  echo "  audit cold (no cache) ${ta}s, find | xargs -P2 openssl ${to}s: ×$(ratio "$ta" "$to") the openssl pipeline (median of alternating pairs ×$ra)"
  # where a first audit's time goes: the same city scored without writing (rank) is the rest
  if [ -n "${tr:-}" ]; then
    echo "  report writing: audit ${ta}s against rank ${tr}s, $(printf '%.0f' "$(echo "($ta - $tr) * 100 / $ta" | bc -l)")% of the audit"
  fi
  read -r tw tf rw <<<"$(pair audit_again walk_city)"
  echo "  audit warm ${tw}s, find -type f ${tf}s: ×$(ratio "$tw" "$tf") the walk (median of alternating pairs ×$rw)"
  # what the two caches say on a warm run (hash cache, then result cache)
  "$bin" audit "$work/city" --output "$work/out" 2>&1 >/dev/null | grep -E '^(核对记录|评估记录)' | sed 's/^/    /'
  # one file changed before each run (a changed file, not only the first run after the change)
  f=$(find "$work/city" -type f -name '*.pdf' -print -quit)
  audit_changed() { printf x >>"$f" && "$bin" audit "$work/city" --output "$work/out"; }
  read -r tc tf rc <<<"$(pair audit_changed walk_city)"
  echo "  audit after one file changed ${tc}s, find -type f ${tf}s: ×$(ratio "$tc" "$tf") the walk (median of alternating pairs ×$rc)"
  printf x >>"$f"
  "$bin" audit "$work/city" --output "$work/out" 2>&1 >/dev/null | grep -E '^(核对记录|评估记录)' | sed 's/^/    /'
  echo "  audit warm peak RSS $(peak "$bin" audit "$work/city" --output "$work/out") KB, cold (--no-cache) $(peak "$bin" audit "$work/city" --output "$work/out-cold" --no-cache) KB"
else
  echo "== audit: not in this binary yet (expected: changai audit DIR --output OUT)"
fi
# ---- end of audit ------------------------------------------------------------------------------

#!/usr/bin/env bash
# Scale benchmarks on generated standards (bench/gen.py), release build, wall time of the CLI:
#
# 1. `validate` in human format of standards with one warning per leaf (2,500, 5,000, 10,000
#    leaves in one file): the output must grow linearly with the number of findings;
# 2. `evaluate` of 5,500 and 11,000 leaves with 10,000 to 20,000 distinct globs, with a pack
#    holding one file for every glob (every check finds its evidence): cost per leaf and per
#    file, beside `find` listing and `sha256sum` hashing the same pack — the floor of any tool
#    that weighs every file.
#
#   bench/scale.sh                 # RUNS=3
#   RUNS=1 CASES="11000:20000" bench/scale.sh
#
# Prints the best of RUNS for each, and ratios. Nothing here is asserted: times depend on the
# machine.
set -euo pipefail

runs=${RUNS:-3}
cases=${CASES:-"5500:10000 5500:20000 11000:20000"}
root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
bin=$target/release/changai
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$root" && cargo build --release --quiet)

# best wall time (seconds) of $runs runs of "$@", output discarded
best() {
  local b=""
  for _ in $(seq "$runs"); do
    local s e t
    s=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
  done
  printf '%.3f' "$b"
}

ratio() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }

echo "== validate, human format, one warning per leaf (one file)"
prev=""
for n in 2500 5000 10000; do
  python3 "$root/bench/gen.py" standard "$work/w$n.yaml" --leaves "$n" --warn
  count=$("$bin" validate "$work/w$n.yaml" | grep -c 'empty-guidance\]' || true)
  t=$(best "$bin" validate "$work/w$n.yaml")
  tj=$(best "$bin" validate "$work/w$n.yaml" --format json)
  line="$n leaves: $count warnings, human ${t}s, json ${tj}s, $(printf '%.1f' "$(echo "$t * 1000000 / $n" | bc -l)") µs per warning"
  [ -n "$prev" ] && line="$line, ×$(ratio "$t" "$prev") for ×2 warnings"
  echo "$line"
  prev=$t
done

echo "== evaluate, every evidence file found"
for c in $cases; do
  leaves=${c%%:*} globs=${c##*:}
  std="$work/s$leaves-$globs.yaml" pack="$work/p$leaves-$globs"
  python3 "$root/bench/gen.py" standard "$std" --leaves "$leaves" --globs "$globs"
  python3 "$root/bench/gen.py" pack "$pack" --leaves "$leaves" --globs "$globs"
  "$bin" evaluate "$pack" --standard "$std" --format json >"$work/r.json" || { echo "evaluate failed"; exit 1; }
  met=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(sum(i["status"]=="met" for i in r["items"]), len(r["items"]), r["score"]["total"], len(r["problems"]))' "$work/r.json")
  t=$(best "$bin" evaluate "$pack" --standard "$std" --format json)
  tv=$(best "$bin" validate "$std")
  tf=$(best find "$pack" -type f)
  th=$(best sh -c "find '$pack' -type f -print0 | xargs -0 sha256sum")
  read -r m all total problems <<<"$met"
  echo "$leaves leaves, $globs globs, $globs files: $m of $all met, total $total, $problems problems"
  echo "  evaluate ${t}s ($(printf '%.0f' "$(echo "$t * 1000000 / $leaves" | bc -l)") µs per leaf, $(printf '%.0f' "$(echo "$t * 1000000 / $globs" | bc -l)") µs per file); of which validate ${tv}s"
  echo "  find ${tf}s, find + sha256sum ${th}s: evaluate is ×$(ratio "$t" "$th") find + sha256sum"
done

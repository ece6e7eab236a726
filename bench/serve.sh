#!/usr/bin/env bash
# The workbench (`changai serve`) on a pack of 400 evidence files: the server's memory (RSS)
# once it has evaluated the pack, and the time from a file landing in an item folder to the view
# (/api/state) showing the new evaluation — the page gets the same view by a server-sent event.
#
#   bench/serve.sh                      # release build, 400 files over the dagang sample's folders
#   FILES=2000 bench/serve.sh           # more files
#   BIN=target/debug/changai bench/serve.sh   # another binary (no build)
#   RUNS=5 bench/serve.sh               # landings timed
# Nothing is asserted: times depend on the machine.
set -euo pipefail

files=${FILES:-400}
runs=${RUNS:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
if [ -z "${BIN:-}" ]; then
  (cd "$root" && cargo build --release --quiet)
  BIN=$target/release/changai
fi
work=$(mktemp -d "${WORK:-/tmp}/serve.XXXXXX")
pid=""
cleanup() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT

pack=$work/pack
cp -r "$root/evidence-samples/dagang-2025" "$pack"
# Spread $files dated text files over the item folders that exist.
mapfile -t folders < <(cd "$pack" && find . -mindepth 2 -maxdepth 2 -type d ! -path './data*' | sort)
have=$(find "$pack" -type f | wc -l)
for i in $(seq 1 $((files > have ? files - have : 0))); do
  f=${folders[$((i % ${#folders[@]}))]}
  printf '第 %d 份工作记录：时间、地点、参加人员、内容，均已记录在案。\n' "$i" >"$pack/$f/2025-03-$(printf %02d $((i % 28 + 1))) 工作记录 $i.txt"
done
echo "pack: $(find "$pack" -type f | wc -l) files"

"$BIN" serve "$pack" --no-open 2>"$work/err" &
pid=$!
for _ in $(seq 200); do grep -q 'http://' "$work/err" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$work/err")
port=${url#http://127.0.0.1:}; port=${port%%/*}
token=${url#*token=}
header="X-Changai-Token: $token"
state() { curl -s -H "$header" "http://127.0.0.1:$port/api/state"; }
version() { state | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])'; }
rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$pid/status"; }
version >/dev/null
echo "RSS after the first evaluation: $(rss)"

best=""
for r in $(seq "$runs"); do
  v=$(version)
  s=$(date +%s%N)
  mkdir -p "$pack/A/A3.4"
  printf 'landed %d\n' "$r" >"$pack/A/A3.4/2025-06-0$r 值班表 $r.txt"
  while [ "$(version)" -le "$v" ]; do sleep 0.01; done
  e=$(date +%s%N)
  ms=$(( (e - s) / 1000000 ))
  echo "landing $r: ${ms} ms to the new view"
  if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
done
echo "best landing-to-view: ${best} ms"
echo "RSS after $runs re-evaluations: $(rss)"

#!/usr/bin/env bash
# Benchmark of `changai validate` on a generated 10,000-leaf standard (10 × 100 × 10).
#
#   bench/validate.sh [RUNS]      (default 5 runs)
#
# Builds the release binary, writes the standard to a temporary folder, checks that it is valid,
# then times RUNS validations and reports wall time and peak RSS (GNU time's `-v`).
# The budget: well under a second.
set -euo pipefail

runs=${1:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
bin=$target/release/changai
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$root" && cargo build --release --quiet)

python3 - "$work/big.yaml" <<'PY'
import sys
out = []
w = out.append
w('id: bench-10k\nversion: "1"\ntitle: {zh: 基准, en: Benchmark}\n')
w('issuer: {zh: 基准, en: Benchmark}\n')
w('levels:\n  - {zh: 一级, en: L1}\n  - {zh: 二级, en: L2}\n  - {zh: 三级, en: L3}\n')
w('shape: [10, 1000, 10000]\n')
w('scoring:\n  total: 10000\n  grades:\n')
w('    - {id: good, title: {zh: 好, en: Good}, min: 9000}\n')
w('    - {id: fail, title: {zh: 差, en: Fail}, min: 0}\n')
w('items:\n')
for i in range(10):
    a = f'T{i}'
    w(f'  - id: {a}\n    title: {{zh: 一级{i}, en: Level one {i}}}\n    items:\n')
    for j in range(100):
        b = f'{a}-{j:02}'
        w(f'      - id: {b}\n        title: {{zh: 二级{j}, en: Level two {j}}}\n        items:\n')
        for k in range(10):
            c = f'{b}-{k}'
            w(f'          - id: {c}\n')
            w(f'            title: {{zh: 三级{k}, en: Level three {k}}}\n')
            w('            points: 1\n')
            w(f'            guidance: 把证据放进 {a}/{c}/\n')
            w('            checks:\n')
            w(f'              - files: {{glob: "{a}/{c}/*.{{pdf,docx}}", min: 1}}\n')
            w(f'              - records: {{file: "data/{a}.csv", filter: "status == \'done\'", min: 1}}\n')
open(sys.argv[1], 'w').write(''.join(out))
PY

echo "standard: $(wc -c <"$work/big.yaml") bytes, $(wc -l <"$work/big.yaml") lines"

# The same standard as a folder, one file per level-1 area (the layout the docs recommend):
# item files are parsed in parallel.
python3 - "$work/big.yaml" "$work/folder" <<'PY'
import os, sys
text = open(sys.argv[1]).read()
head, items = text.split('items:\n', 1)
os.makedirs(os.path.join(sys.argv[2], 'items'))
open(os.path.join(sys.argv[2], 'standard.yaml'), 'w').write(head)
for n, chunk in enumerate(('\n' + items).split('\n  - id: ')[1:]):
    body = '\n'.join(line[4:] if line.startswith('    ') else line for line in ('id: ' + chunk).split('\n'))
    open(os.path.join(sys.argv[2], 'items', f'{n:02}.yaml'), 'w').write(body.rstrip('\n') + '\n')
PY

for target in big.yaml folder; do
  "$bin" validate "$work/$target" >/dev/null || { echo "the generated standard is not valid"; "$bin" validate "$work/$target" | tail -5; exit 1; }
  echo "== $target"
  for run in $(seq "$runs"); do
    /usr/bin/time -v "$bin" validate "$work/$target" 2>"$work/time.txt" >/dev/null
    wall=$(grep 'Elapsed (wall clock)' "$work/time.txt" | awk '{print $NF}')
    rss=$(grep 'Maximum resident set size' "$work/time.txt" | awk '{print $NF}')
    echo "run $run: wall $wall, peak RSS ${rss} KiB"
  done
done

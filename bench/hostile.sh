#!/usr/bin/env bash
# Hostile workbooks refused within bounds: time and peak memory of `changai evaluate` on a pack
# whose register is
#   1. an xlsx with one cell at the far corner (XFD1048576) and a dimension claiming the whole grid,
#   2. an xlsx whose sheet inflates to 1 GiB of XML (the file is about a megabyte),
# side by side with inflating the same sheet with `unzip -p … | wc -c` (what any reader must at
# least pay to look inside), as a ratio.
#
#   bench/hostile.sh [RUNS]      (default 3 runs)
#
# The budget: each refused in well under a second, peak RSS under 200 MB.
set -euo pipefail

runs=${1:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
bin=$target/release/changai
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$root" && cargo build --release --quiet)

python3 - "$work" <<'PY'
import os, sys, zipfile
work = sys.argv[1]
parts = {
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}
corner = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>'
for name, sheet in [("corner", None), ("inflating", None)]:
    pack = os.path.join(work, name)
    os.makedirs(os.path.join(pack, "data"))
    with open(os.path.join(pack, "pack.yaml"), "w") as f:
        f.write('community: 基准\nperiod: 2025\nstandard: {id: t, version: "1"}\npreparer: 基准\n')
    with zipfile.ZipFile(os.path.join(pack, "data", "台账.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
        for k, v in parts.items():
            z.writestr(k, v)
        if name == "corner":
            z.writestr("xl/worksheets/sheet1.xml", corner)
        else:
            with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as s:
                s.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                block = b" " * (1 << 20)
                for _ in range(1024):
                    s.write(block)
                s.write(b"</sheetData></worksheet>")
with open(os.path.join(work, "standard.yaml"), "w") as f:
    f.write('''id: t
version: "1"
title: {zh: 基准, en: bench}
issuer: {zh: 基准, en: bench}
levels: [{zh: 一级}, {zh: 二级}, {zh: 三级}]
scoring:
  total: 2
  grades: [{id: ok, title: {zh: 合格}, min: 0}]
items:
  - id: A
    title: {zh: 组织}
    items:
      - id: A1
        title: {zh: 机构}
        items:
          - id: A1.1
            title: {zh: 台账}
            points: 2
            checks:
              - records: {label: 台账, file: data/台账.xlsx}
''')
PY

measure() { # label, command...
  local label=$1; shift
  local best_s="" best_kb=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/err" || true
    read -r s kb <"$work/time"
    if [ -z "$best_s" ] || awk "BEGIN{exit !($s < $best_s)}"; then best_s=$s; fi
    [ "$kb" -gt "$best_kb" ] && best_kb=$kb
  done
  printf '%-44s %6.2f s  peak %5d MB\n' "$label" "$best_s" $((best_kb / 1024))
  echo "$best_s" >"$work/last"
}

for name in corner inflating; do
  ls -l "$work/$name/data/台账.xlsx" | awk '{printf "%s: the xlsx is %d bytes\n", "'$name'", $5}'
  measure "changai evaluate ($name)" "$bin" evaluate "$work/$name" --standard "$work/standard.yaml" --format json
  ours=$(cat "$work/last")
  "$bin" evaluate "$work/$name" --standard "$work/standard.yaml" --format json \
    | python3 -c 'import json,sys; r=json.load(sys.stdin)["items"][0]; print("  ->", r["status"], "|", r["reasons"][0]["en"])'
  measure "unzip -p sheet1.xml | wc -c ($name)" sh -c "unzip -p '$work/$name/data/台账.xlsx' xl/worksheets/sheet1.xml | wc -c"
  theirs=$(cat "$work/last")
  awk "BEGIN{ if ($theirs > 0) printf \"  ratio changai / unzip: %.2f\n\", $ours / $theirs; else print \"  ratio: unzip took no measurable time\" }"
done

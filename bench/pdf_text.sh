#!/usr/bin/env bash
# Cost of reading PDF text: a pack with 100 PDFs of 10 pages each (made by LibreOffice from
# generated flat ODF texts, each with its own words so that none is a copy of another),
# `changai evaluate` with a standard whose `text` check reads every one of them, side by side
# with poppler's `pdftotext` over the same files, as a ratio. Target: at most 1.5x pdftotext.
#
#   bench/pdf_text.sh [RUNS]          (default 3 runs; the best time of each is shown)
#   BIN=target/debug/changai bench/pdf_text.sh    (time a binary you already have; no build)
#   PDFS=100 PAGES=10 bench/pdf_text.sh
set -euo pipefail

runs=${1:-3}
pdfs=${PDFS:-100}
pages=${PAGES:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
if [ -z "${BIN:-}" ]; then
  (cd "$root" && cargo build --release --quiet)
  BIN=$target/release/changai
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src" "$work/pack/A"

python3 - "$work" "$pdfs" "$pages" <<'PY'
import os, sys
work, pdfs, pages = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
head = '''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:automatic-styles><style:style style:name="B" style:family="paragraph">
  <style:paragraph-properties fo:break-before="page"/></style:style></office:automatic-styles>
 <office:body><office:text>
'''
line = "第{n}号纪要第{p}页：社区党委、工会联席会议研究产改工作，议定事项逐项落实，责任到人，按期办结，形成台账。"
for n in range(1, pdfs + 1):
    body = []
    for p in range(1, pages + 1):
        style = ' text:style-name="B"' if p > 1 else ''
        body.append(f'<text:p{style}>{line.format(n=n, p=p)}</text:p>')
        body.extend(f'<text:p>{line.format(n=n, p=p)}（{k}）</text:p>' for k in range(1, 16))
    with open(os.path.join(work, "src", f"2025-{(n - 1) % 12 + 1:02d}-{(n - 1) % 28 + 1:02d} 纪要{n:03d}.fodt"), "w") as f:
        f.write(head + "\n".join(body) + "\n</office:text></office:body></office:document>\n")
with open(os.path.join(work, "pack", "pack.yaml"), "w") as f:
    f.write('community: 基准\nperiod: 2025\nstandard: {id: t, version: "1"}\npreparer: 基准\n')
with open(os.path.join(work, "standard.yaml"), "w") as f:
    f.write(f'''id: t
version: "1"
title: {{zh: 基准, en: bench}}
issuer: {{zh: 基准, en: bench}}
levels: [{{zh: 一级}}, {{zh: 二级}}, {{zh: 三级}}]
scoring:
  total: 2
  grades: [{{id: ok, title: {{zh: 合格}}, min: 0}}]
items:
  - id: A
    title: {{zh: 组织}}
    items:
      - id: A1
        title: {{zh: 机构}}
        items:
          - id: A1.1
            title: {{zh: 纪要}}
            points: 2
            checks:
              - text: {{label: 纪要, glob: "A/*.pdf", keywords: [议定事项, 形成台账], min: {pdfs}, min_pages: {pages}}}
''')
PY

echo "== making $pdfs PDFs of $pages pages with LibreOffice"
soffice --headless --convert-to pdf --outdir "$work/pack/A" "$work"/src/*.fodt >/dev/null 2>&1
ls "$work/pack/A" | wc -l | awk '{print "  " $1 " files"}'
pdfinfo "$(ls "$work"/pack/A/*.pdf | head -1)" | awk '/^Pages/ {print "  pages per file: " $2}'
du -sh "$work/pack/A" | awk '{print "  " $1 " in all"}'

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

measure "changai evaluate (text check over all)" "$BIN" evaluate "$work/pack" --standard "$work/standard.yaml" --format json
ours=$(cat "$work/last")
"$BIN" evaluate "$work/pack" --standard "$work/standard.yaml" --format json \
  | python3 -c 'import json,sys; r=json.load(sys.stdin)["items"][0]; print("  ->", r["status"], "|", r["reasons"][0]["en"])'
measure "pdftotext over the same files" sh -c "for f in '$work'/pack/A/*.pdf; do pdftotext \"\$f\" - >/dev/null; done"
theirs=$(cat "$work/last")
awk "BEGIN{ if ($theirs > 0) printf \"  ratio changai / pdftotext: %.2f (target <= 1.5)\n\", $ours / $theirs; else print \"  ratio: pdftotext took no measurable time\" }"

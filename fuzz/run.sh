#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) for N seconds each and says, per target, how many
# inputs it ran and whether it found a crash, a timeout or an out-of-memory. Exits 1 if any did.
#
#   fuzz/run.sh            # every target, 60 s each
#   fuzz/run.sh 300 xlsx   # one target, 5 minutes
#   KEEP_GOING=1 fuzz/run.sh 60 xlsx   # do not stop at the first finding (libFuzzer fork mode):
#                                      # to look past a known crash; each finding is one artifact
#
# Needs nightly and cargo-fuzz (`cargo install cargo-fuzz --locked`). The committed seeds in
# fuzz/corpus/<target>/ are read, never written: what the fuzzer learns goes to
# fuzz/target/corpus/<target>/, its logs to fuzz/target/logs/, failing inputs to
# fuzz/artifacts/<target>/ (all ignored by git).
set -u

cd "$(dirname "$0")"
secs="${1:-60}"
shift || true
if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    targets=(standard_yaml pack_yaml csv xlsx docx expr pdf content_date hash_cache)
fi
# A sheet's declared size or a zip's declared length must not decide what is allocated: one
# allocation over 2 GiB, or 2 GiB resident, is a finding. One input running 10 s is a finding.
limits=(-rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=10 -print_final_stats=1)
if [ -n "${KEEP_GOING:-}" ]; then
    limits+=(-fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1)
fi

# cargo-fuzz builds in fuzz/target; a CARGO_TARGET_DIR meant for the main build would move it.
unset CARGO_TARGET_DIR
mkdir -p target/logs
if ! cargo +nightly fuzz build >target/logs/build.log 2>&1; then
    cat target/logs/build.log
    exit 2
fi
failed=0
printf '%-14s %6s %12s %8s %8s  %s\n' target seconds executions cov ft result
for t in "${targets[@]}"; do
    work="target/corpus/$t"
    log="target/logs/$t.log"
    mkdir -p "$work" "artifacts/$t"
    before=$(find "artifacts/$t" -type f | wc -l)
    start=$(date +%s)
    cargo +nightly fuzz run "$t" "$work" "corpus/$t" -- \
        -max_total_time="$secs" "${limits[@]}" >"$log" 2>&1
    rc=$?
    took=$(($(date +%s) - start))
    found=$(($(find "artifacts/$t" -type f | wc -l) - before))
    execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
    status=$(grep -E '^#[0-9]+' "$log" | tail -1)
    [ -n "$execs" ] || execs=$(grep -oE '^#[0-9]+' <<<"$status" | tr -d '#')
    cov=$(grep -o 'cov: [0-9]*' <<<"$status" | grep -o '[0-9]*$')
    ft=$(grep -o 'ft: [0-9]*' <<<"$status" | grep -o '[0-9]*$')
    if [ "$rc" -eq 0 ] && [ "$found" -eq 0 ]; then
        result="ok"
    elif [ -n "${KEEP_GOING:-}" ]; then
        failed=1
        result="FAILED: $found new artifact(s) in fuzz/artifacts/$t/"
    else
        failed=1
        kind=$(grep -oE 'ERROR: libFuzzer: [a-z-]+|panicked at [^:]+:[0-9]+' "$log" | head -1)
        unit=$(grep -oE 'Test unit written to [^ ]+' "$log" | head -1 | sed 's/Test unit written to //')
        result="FAILED (${kind:-exit $rc}) ${unit:-}"
    fi
    printf '%-14s %6s %12s %8s %8s  %s\n' "$t" "$took" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$result"
done
if [ "$failed" -ne 0 ]; then
    echo "logs: fuzz/target/logs/<target>.log; minimise with: cargo +nightly fuzz tmin <target> <artifact>"
fi
exit "$failed"

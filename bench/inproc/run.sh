#!/usr/bin/env bash
# Runs bench/inproc's benchmarks COUNT times (default 5) and prints the
# medians table with each library's ratio to httpmock. Settings:
# COUNT [5], BENCHTIME [1s], BENCH [.] (a -bench regexp), OUT [bench/inproc/out.txt]
# keeps the raw `go test -bench` output.
set -euo pipefail
cd "$(dirname "$0")"
COUNT=${COUNT:-5}
BENCHTIME=${BENCHTIME:-1s}
BENCH=${BENCH:-.}
OUT=${OUT:-out.txt}
go test -run '^$' -bench "$BENCH" -benchtime "$BENCHTIME" -count "$COUNT" . | tee "$OUT" >&2
echo
echo "command: COUNT=$COUNT BENCHTIME=$BENCHTIME BENCH='$BENCH' bench/inproc/run.sh"
echo "machine: $(nproc) cores, $(go env GOOS)/$(go env GOARCH), $(go version | cut -d' ' -f3), postmock $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo
go run ./medians <"$OUT"

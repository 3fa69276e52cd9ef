#!/usr/bin/env bash
# bench/startup.sh: compare the start-up of postmock builds, from the spawn
# to the first 2xx answer, on the collection bench/compare.sh generates. The
# builds are spawned in turn (round by round) so that the machine's drift
# spreads evenly over them, and the table gives each build's median and
# quartiles over all its spawns. See bench/README.md ("Start-up, measured
# from outside").
#
# Usage: bench/startup.sh BINARY...      e.g. bench/startup.sh old/postmock new/postmock
#
# Settings (environment):
#   ROUNDS=20      rounds; each spawns every build RUNS times
#   RUNS=5         spawns per build and round
#   EXAMPLES=3000  saved examples in the generated collection (~1,000 requests)
#   SEED=1         generator seed
#   READY=connect  when loadgen sends its first call (loadgen -ready): connect
#                  (after a bare TCP connect is accepted, tried every ms),
#                  line (after postmock prints "postmock: serving ..."; old
#                  builds that print no such line time out), or poll (an
#                  HTTP call every ms from the spawn on, as bench/compare.sh
#                  does for every server)
# Each build runs as bench/compare.sh runs postmock (serve -collection FILE
# -host 127.0.0.1 -port N, warnings on), so builds of any age compare.
# Builds are named by their path; records and loadgen's log go to
# bench/out/startup/ (git-ignored).
set -euo pipefail

[[ $# -ge 1 ]] || { grep '^# Usage' "$0" >&2; exit 2; }
bins=()
for b in "$@"; do
	[[ -x $b ]] || { echo "startup.sh: $b: not an executable" >&2; exit 2; }
	bins+=("$(cd "$(dirname "$b")" && pwd)/$(basename "$b")")
done
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROUNDS=${ROUNDS:-20}
RUNS=${RUNS:-5}
EXAMPLES=${EXAMPLES:-3000}
SEED=${SEED:-1}
READY=${READY:-connect}
case $READY in
connect | poll) ready=$READY ;;
line) ready='line:^postmock: serving ' ;;
*) echo "startup.sh: READY=$READY: want connect, line or poll" >&2; exit 2 ;;
esac
OUT=bench/out/startup
rm -rf "$OUT" && mkdir -p "$OUT/bin"
go build -o "$OUT/bin/" ./bench/gencollection ./bench/loadgen ./bench/report
COLL=$OUT/collection.json
"$OUT/bin/gencollection" -examples "$EXAMPLES" -seed "$SEED" -o "$COLL" >/dev/null

for r in $(seq "$ROUNDS"); do
	for i in "${!bins[@]}"; do
		name=${*:i+1:1}
		if ! "$OUT/bin/loadgen" -collection "$COLL" -name "$name" -startup-runs "$RUNS" -ready "$ready" -duration 50ms -warmup 0s \
			-conns 1 -o "$OUT/$i.$r.json" -- "${bins[$i]}" -collection "$COLL" -host 127.0.0.1 -port '{port}' \
			>/dev/null 2>>"$OUT/loadgen.log"; then
			tail -n 5 "$OUT/loadgen.log" >&2
			exit 1
		fi
	done
done
files=()
for i in "${!bins[@]}"; do
	for r in $(seq "$ROUNDS"); do files+=("$OUT/$i.$r.json"); done
done
echo "$ROUNDS rounds of $RUNS spawns per build, first call sent: $READY, $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
"$OUT/bin/report" -startup "${files[@]}"

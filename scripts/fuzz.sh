#!/usr/bin/env bash
# Runs every Go fuzz target of the module for SECONDS each (default 60).
#
#   scripts/fuzz.sh [SECONDS]
#
# Targets are discovered with `go test -list '^Fuzz' ./...` and run one at a
# time (Go fuzzes one target per package invocation):
#
#   go test <pkg> -run '^$' -fuzz '^<Name>$' -fuzztime <SECONDS>s
#
# A summary line is printed per target. Any finding (a failing input, which
# go test writes to <pkg dir>/testdata/fuzz/<Name>/) or build failure makes
# the script exit non-zero after all targets have run; the failing target's
# output is printed.
set -euo pipefail

secs="${1:-60}"
if ! [[ "$secs" =~ ^[1-9][0-9]*$ ]]; then
	echo "usage: $0 [SECONDS]   (a positive whole number of seconds, default 60)" >&2
	exit 2
fi

cd "$(dirname "$0")/.."

# "<import path> <FuzzName>" per target. `go test -list` prints a package's
# matching names, then its "ok  <import path> ..." line.
if ! list_output="$(go test -list '^Fuzz' ./... 2>&1)"; then
	printf '%s\n' "$list_output" >&2
	echo "fuzz.sh: go test -list failed (does every package build?)" >&2
	exit 1
fi
targets="$(printf '%s\n' "$list_output" | awk '
	/^Fuzz[A-Za-z0-9_]*$/ { names[n++] = $1; next }
	/^ok[ \t]/ { for (i = 0; i < n; i++) print $2, names[i]; n = 0 }
')"
if [[ -z "$targets" ]]; then
	echo "fuzz.sh: no fuzz targets found" >&2
	exit 1
fi

logdir="$(mktemp -d)"
trap 'rm -rf "$logdir"' EXIT

count=0
failed=0
summary=()
while read -r pkg name; do
	count=$((count + 1))
	log="$logdir/$count.log"
	start=$(date +%s)
	status=PASS
	# -timeout leaves room for the seed run and minimization past -fuzztime.
	run() { go test "$pkg" -run '^$' -fuzz "^${name}\$" -fuzztime "${secs}s" -timeout "$((secs + 600))s" >"$log" 2>&1; }
	if ! run; then
		# A finding writes its input to testdata/fuzz and says so. A failure
		# without one (the fuzzing engine losing a worker on a loaded
		# machine) is retried once before it counts.
		if ! grep -q 'Failing input written to' "$log" && run; then
			status=PASS
		else
			status=FAIL
			failed=$((failed + 1))
		fi
	fi
	elapsed=$(($(date +%s) - start))
	execs="$(grep -o 'execs: [0-9]*' "$log" | tail -n 1 | tr -dc '0-9' || true)"
	interesting="$(grep -o 'new interesting: [0-9]*' "$log" | tail -n 1 | tr -dc '0-9' || true)"
	line="$(printf '%-4s %-40s %-20s %5ss  execs=%-10s new-interesting=%s' \
		"$status" "$pkg" "$name" "$elapsed" "${execs:-0}" "${interesting:-0}")"
	summary+=("$line")
	echo "$line"
	if [[ "$status" == FAIL ]]; then
		echo "---- $pkg $name output (last 60 lines) ----"
		tail -n 60 "$log"
		echo "----"
	fi
done <<<"$targets"

echo
echo "fuzz.sh: ${count} targets, ${secs}s each, ${failed} failed"
for line in "${summary[@]}"; do
	echo "  $line"
done
if ((failed > 0)); then
	exit 1
fi

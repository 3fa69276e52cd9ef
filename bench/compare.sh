#!/usr/bin/env bash
# bench/compare.sh: side-by-side benchmark of postmock against the Node peer
# (@jordanwalsh23/postman-local-mock-server), WireMock (the wiremock npm
# package) and a bare net/http ceiling, all serving the same generated
# collection on 127.0.0.1 and driven in turn by the same load generator
# (bench/loadgen). Prints one Markdown table and writes it to
# bench/out/results.md. See bench/README.md.
#
# Needs Go; Node + npm for the Node peer and Node + npm + Java for WireMock
# (a peer that cannot be installed or started is reported "unavailable:
# <reason>"); uses wrk when it is on PATH. Everything it installs or builds
# goes to bench/out/ (git-ignored).
#
# Settings (environment):
#   EXAMPLES=3000       saved examples in the generated collection (~1,000 requests)
#   SEED=1              generator seed (collection and the words that fill {{var}}s)
#   MIX=200             distinct calls in the request mix
#   CONNS=32            keep-alive connections
#   DURATION=10s        measured duration per server
#   WARMUP=5s           warm-up per server before the measurement (the JVM needs it)
#   LOADGEN_PROCS=1     GOMAXPROCS of bench/loadgen (the servers keep the other core)
#   ROUNDS=3            rounds; each measures every server once (medians reported)
#   STARTUP_RUNS=3      spawns per server and round to time start-up (median reported)
#   SERVERS="postmock ceiling node-peer wiremock"   which servers, in this order
#   POSTMOCK_BUILD=release   postmock as released (scripts/release.sh: static,
#                       CGO_ENABLED=0); "default" for a plain go build (cgo,
#                       dynamically linked where a C toolchain is present)
#   PEER_VERSION=0.2.6  @jordanwalsh23/postman-local-mock-server version
#   WIREMOCK_VERSION=3.13.2   wiremock npm package version
#   WIREMOCK_ARGS=      extra WireMock options (e.g. --no-request-journal)
#   WRK=auto            path of wrk, "auto" (use it if on PATH) or "none"
#   WRK_THREADS=1       wrk threads
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
OUT=$ROOT/bench/out

EXAMPLES=${EXAMPLES:-3000}
SEED=${SEED:-1}
MIX=${MIX:-200}
CONNS=${CONNS:-32}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5s}
LOADGEN_PROCS=${LOADGEN_PROCS:-1}
ROUNDS=${ROUNDS:-3}
STARTUP_RUNS=${STARTUP_RUNS:-3}
SERVERS=${SERVERS:-postmock ceiling node-peer wiremock}
PEER_VERSION=${PEER_VERSION:-0.2.6}
WIREMOCK_VERSION=${WIREMOCK_VERSION:-3.13.2}
WIREMOCK_ARGS=${WIREMOCK_ARGS:-}
WRK=${WRK:-auto}
WRK_THREADS=${WRK_THREADS:-1}
POSTMOCK_BUILD=${POSTMOCK_BUILD:-release}
[[ $POSTMOCK_BUILD == release || $POSTMOCK_BUILD == default ]] || { echo "compare.sh: POSTMOCK_BUILD=$POSTMOCK_BUILD: want release or default" >&2; exit 2; }

PEER_PKG=@jordanwalsh23/postman-local-mock-server
NODE_DIR=$OUT/node
WM_ROOT=$OUT/wiremock
COLL=$OUT/collection.json
BIN=$OUT/bin
RUN=$OUT/run
LOGS=$OUT/logs
RESULTS=$OUT/results

log() { printf 'compare: %s\n' "$*" >&2; }

mkdir -p "$OUT" "$BIN" "$RUN" "$LOGS" "$RESULTS"
rm -f "$RUN"/*.pid "$RESULTS"/*.json # leftovers of an earlier run name no server of ours

# Stop every server this script started: loadgen writes each server's
# process group id to $RUN/NAME.pid and stops the group itself; this is the
# safety net for a loadgen that died or an interrupted run.
stop_group() { # stop_group PIDFILE
	local pgid
	[[ -e $1 ]] || return 0
	pgid=$(<"$1")
	if [[ $pgid =~ ^[0-9]+$ ]] && kill -0 -- "-$pgid" 2>/dev/null; then
		kill -TERM -- "-$pgid" 2>/dev/null || true
		sleep 2
		kill -KILL -- "-$pgid" 2>/dev/null || true
	fi
	rm -f "$1"
}
cleanup() {
	local f
	for f in "$RUN"/*.pid; do
		stop_group "$f"
	done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A module boundary, so that nothing installed under bench/out (node_modules
# may hold .go files) is ever part of ./... of the main module.
[[ -e $OUT/go.mod ]] || printf 'module postmock.bench.out\n\ngo 1.26\n' >"$OUT/go.mod"

# 1. Build postmock, the bench tools and the ceiling; generate the collection.
log "building postmock ($POSTMOCK_BUILD build) and the bench tools"
if [[ $POSTMOCK_BUILD == default ]]; then
	go build -o "$OUT/postmock" ./cmd/postmock
else
	TARGETS="$(go env GOOS)/$(go env GOARCH)" OUT="$OUT/release" scripts/release.sh >/dev/null
	cp "$OUT/release/postmock-$(go env GOOS)-$(go env GOARCH)" "$OUT/postmock"
fi
go build -o "$BIN/" ./bench/gencollection ./bench/wiremockstubs ./bench/ceiling ./bench/loadgen ./bench/report
"$BIN/gencollection" -examples "$EXAMPLES" -seed "$SEED" -o "$COLL"

# 2. Install the peers from the npm registry into bench/out/node.
peer_reason=""
wm_reason=""
npm_error() { # npm_error LOG: the gist of a failed npm run
	{ grep -m3 'npm error' "$1" || tail -n3 "$1" || true; } | tr '\n' ' '
}
want_peer=false want_wm=false
[[ " $SERVERS " == *" node-peer "* ]] && want_peer=true
[[ " $SERVERS " == *" wiremock "* ]] && want_wm=true
if ! $want_peer && ! $want_wm; then
	: # neither peer is measured: install nothing
elif ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	peer_reason="node/npm not found on PATH"
	wm_reason="node/npm not found on PATH"
else
	mkdir -p "$NODE_DIR/empty-http"
	# The peer depends on the npm package "http", which the registry no
	# longer serves (npm error ENOVERSIONS); require('http') is Node's own
	# module anyway, so an override points the dependency at an empty local
	# package.
	printf '{"name": "http", "version": "0.0.0", "description": "Empty stand-in: require(\\"http\\") resolves to Node'"'"'s own module."}\n' \
		>"$NODE_DIR/empty-http/package.json"
	if [[ ! -e $NODE_DIR/package.json ]]; then
		printf '{\n  "name": "postmock-bench-peers",\n  "private": true,\n  "overrides": {"http": "file:./empty-http"}\n}\n' \
			>"$NODE_DIR/package.json"
	fi
	if $want_wm; then
		log "npm install wiremock@$WIREMOCK_VERSION"
		if ! timeout 600 npm install --prefix "$NODE_DIR" --no-audit --no-fund "wiremock@$WIREMOCK_VERSION" \
			>"$LOGS/npm-wiremock.log" 2>&1; then
			wm_reason="npm install wiremock@$WIREMOCK_VERSION failed: $(npm_error "$LOGS/npm-wiremock.log")"
		fi
	fi
	if $want_peer; then
		log "npm install $PEER_PKG@$PEER_VERSION"
		if ! timeout 600 npm install --prefix "$NODE_DIR" --no-audit --no-fund "$PEER_PKG@$PEER_VERSION" \
			>"$LOGS/npm-peer.log" 2>&1; then
			peer_reason="npm install $PEER_PKG@$PEER_VERSION failed: $(npm_error "$LOGS/npm-peer.log")"
		fi
	fi
fi
$want_peer || peer_reason="not selected (SERVERS)"
$want_wm || wm_reason="not selected (SERVERS)"
if [[ -z $wm_reason ]] && ! command -v java >/dev/null 2>&1; then
	wm_reason="java not found on PATH (the wiremock package runs java -jar)"
fi

# How each peer is started, read from the installed packages.
pkgjson() { # pkgjson DIR EXPR: evaluate EXPR on the package.json in DIR as p
	node -e 'const p = require(process.argv[1] + "/package.json"); console.log(eval(process.argv[2]))' "$1" "$2"
}
PEER_CMD=()
if [[ -z $peer_reason ]]; then
	pdir=$NODE_DIR/node_modules/$PEER_PKG
	pbin=$(pkgjson "$pdir" 'typeof p.bin === "string" ? p.bin : p.bin["postman-local"]') || pbin=""
	pver=$(pkgjson "$pdir" p.version) || pver="?"
	if [[ -z $pbin || ! -f $pdir/$pbin ]]; then
		peer_reason="no postman-local bin in $pdir/package.json"
	else
		# -r bindlocal.js: the peer calls listen(port) with no host.
		PEER_CMD=(node -r "$ROOT/bench/bindlocal.js" "$pdir/$pbin" -c "$COLL" -p '{port}')
	fi
fi
WM_CMD=()
if [[ -z $wm_reason ]]; then
	wdir=$NODE_DIR/node_modules/wiremock
	wbin=$(pkgjson "$wdir" 'typeof p.bin === "string" ? p.bin : Object.values(p.bin)[0]') || wbin=""
	wver=$(pkgjson "$wdir" p.version) || wver="?"
	if [[ -z $wbin || ! -f $wdir/$wbin ]]; then
		wm_reason="no wiremock bin in $wdir/package.json"
	else
		# 3. Translate the collection into WireMock stubs.
		rm -rf "$WM_ROOT"
		"$BIN/wiremockstubs" -collection "$COLL" -root "$WM_ROOT"
		# shellcheck disable=SC2206 # WIREMOCK_ARGS is a list of options
		WM_CMD=(node "$wdir/$wbin" --port '{port}' --bind-address 127.0.0.1 --root-dir "$WM_ROOT" --disable-banner $WIREMOCK_ARGS)
	fi
fi

case $WRK in
auto) WRK=$(command -v wrk || true) ;;
none) WRK="" ;;
esac
WRK_FLAGS=()
if [[ -n $WRK ]]; then
	WRK_FLAGS=(-wrk "$WRK" -wrk-threads "$WRK_THREADS")
	log "also measuring with $WRK ($("$WRK" --version 2>&1 | head -1 | awk '{print $1, $2}'))"
fi

# 4. Drive each server in turn.
REV=$(git rev-parse --short HEAD 2>/dev/null || echo "?")
if [[ -n $(git status --porcelain -- . ':!bench' 2>/dev/null) ]]; then
	REV+="+changes" # uncommitted changes outside bench/ were built too
fi
files=()
measure() { # measure NAME LABEL [loadgen flags] -- COMMAND...
	local name=$1 label=$2 rec=$RESULTS/$1.r$round.json
	shift 2
	log "round $round/$ROUNDS: measuring $label"
	if ! timeout --foreground -s TERM 1200 "$BIN/loadgen" -collection "$COLL" -name "$name" -label "$label" \
		-mix "$MIX" -seed "$SEED" -conns "$CONNS" -duration "$DURATION" -warmup "$WARMUP" \
		-procs "$LOADGEN_PROCS" -startup-runs "$STARTUP_RUNS" "${WRK_FLAGS[@]}" \
		-log "$LOGS/$name.log" -pidfile "$RUN/$name.pid" -o "$rec" "$@"; then
		"$BIN/loadgen" -name "$name" -label "$label" -unavailable "loadgen failed (see $LOGS/$name.log)" -o "$rec"
	fi
	stop_group "$RUN/$name.pid"
	files+=("$rec")
}
unavailable() { # unavailable NAME LABEL REASON (recorded once)
	((round == 1)) || return 0
	log "$2: unavailable: $3"
	"$BIN/loadgen" -name "$1" -label "$2" -unavailable "$3" -o "$RESULTS/$1.json"
	files+=("$RESULTS/$1.json")
}

# Rounds interleave the servers, so that a burst of other work on the
# machine does not hit only one of them; the report takes medians.
for ((round = 1; round <= ROUNDS; round++)); do
	for s in $SERVERS; do
		case $s in
		postmock)
			measure postmock "postmock ($REV)" -- "$OUT/postmock" -collection "$COLL" -host 127.0.0.1 -port '{port}'
			;;
		ceiling)
			# The ceiling answers 200 to everything, POSTs included.
			measure ceiling "bare net/http ceiling" -expect-codes=false -- "$BIN/ceiling" -host 127.0.0.1 -port '{port}'
			;;
		node-peer)
			if [[ -n $peer_reason ]]; then
				unavailable node-peer "Node peer" "$peer_reason"
			else
				measure node-peer "Node peer (postman-local-mock-server $pver)" -- "${PEER_CMD[@]}"
			fi
			;;
		wiremock)
			if [[ -n $wm_reason ]]; then
				unavailable wiremock "WireMock" "$wm_reason"
			else
				measure wiremock "WireMock $wver (npm wiremock)" -- "${WM_CMD[@]}"
			fi
			;;
		*)
			log "unknown server $s (want postmock, ceiling, node-peer or wiremock)"
			exit 2
			;;
		esac
	done
done

# 5. One table, all from this run.
cmdline="EXAMPLES=$EXAMPLES SEED=$SEED MIX=$MIX CONNS=$CONNS DURATION=$DURATION WARMUP=$WARMUP LOADGEN_PROCS=$LOADGEN_PROCS ROUNDS=$ROUNDS STARTUP_RUNS=$STARTUP_RUNS WRK_THREADS=$WRK_THREADS bench/compare.sh"
echo
"$BIN/report" -command "$cmdline" -o "$OUT/results.md" "${files[@]}"
log "results written to $OUT/results.md and $RESULTS/"

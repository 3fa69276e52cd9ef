#!/usr/bin/env bash
# scripts/release.sh: builds the postmock CLI as it is released — static
# binaries (CGO_ENABLED=0: no C library and no dynamic loader, so that one
# file runs on any Linux, glibc or musl, and in scratch or distroless
# images; it also starts a few milliseconds sooner), built with -trimpath
# and without symbol tables — for each target, into OUT, with SHA256SUMS.
#
#   scripts/release.sh                            # every target, into dist/
#   TARGETS=linux/amd64 OUT=/tmp/x scripts/release.sh
#
# Each binary's embedded build settings are checked (go version -m): a
# build that is not static fails the script.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TARGETS=${TARGETS:-linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64}
OUT=${OUT:-dist}
mkdir -p "$OUT"

bins=()
for t in $TARGETS; do
	os=${t%/*} arch=${t#*/}
	ext=""
	[[ $os == windows ]] && ext=.exe
	bin=postmock-$os-$arch$ext
	CGO_ENABLED=0 GOOS=$os GOARCH=$arch go build -trimpath -ldflags='-s -w' -o "$OUT/$bin" ./cmd/postmock
	if ! go version -m "$OUT/$bin" | grep -q 'CGO_ENABLED=0'; then
		echo "release.sh: $bin is not a static build" >&2
		exit 1
	fi
	bins+=("$bin")
	echo "$OUT/$bin"
done
(cd "$OUT" && sha256sum "${bins[@]}" >SHA256SUMS)

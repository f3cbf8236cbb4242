#!/bin/sh
# Installs the Debian packages cofleet builds with, only those missing.
# As root it runs apt-get; otherwise it prints the exact command to run.
set -eu
pkgs="build-essential cmake pkg-config libglpk-dev libcsv-dev libcriterion-dev libjansson-dev libinih-dev"
# clang and its runtimes (libFuzzer, sanitizers) for the fuzz targets (fuzz/, CF_FUZZ)
pkgs="$pkgs clang libclang-rt-dev"
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
    echo "install-deps: installing$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $missing >&2
else
    echo "install-deps: missing Debian packages; run:" >&2
    echo "  sudo apt-get install -y$missing" >&2
    exit 1
fi

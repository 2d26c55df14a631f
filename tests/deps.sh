#!/bin/sh
# deps.sh - installs the Debian packages kgsh needs, only those missing.
# Run by `make deps` (and so by `make run` and `make check`); `deps.sh bench`
# (by `make bench`) adds the peers the benchmarks compare against, `deps.sh
# fuzz` (by `make fuzz`) clang and libFuzzer. Needs
# root or sudo when something is missing; prints nothing when all is present.
set -eu

# package  how-to-tell  what (a pkg-config module, a command, a file, a package)
need() {
  pkg=$1 kind=$2 what=$3
  case $kind in
    pc)   pkg-config --exists "$what" 2>/dev/null && return 0 ;;
    cmd)  command -v "$what" >/dev/null 2>&1 && return 0 ;;
    file) [ -e "$what" ] && return 0 ;;
    deb)  dpkg-query -W -f='${Status}' "$what" 2>/dev/null | grep -q 'ok installed' && return 0 ;;
  esac
  missing="$missing $pkg"
}

missing=""
command -v pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"
command -v cc >/dev/null 2>&1 || missing="$missing gcc"
command -v make >/dev/null 2>&1 || missing="$missing make"
need librdf0-dev          pc   redland
need libraptor2-dev       pc   raptor2
need libserd-dev          pc   serd-0
need libxml2-dev          pc   libxml-2.0
need libjansson-dev       pc   jansson
need librasqal3-dev       pc   rasqal
need libdb5.3-dev         file /usr/include/db.h
need check                pc   check
need libsubunit-dev       pc   libsubunit
need libpcre2-dev         pc   libpcre2-8
need libunistring-dev     file /usr/include/unistr.h
need libcurl4-gnutls-dev  pc   libcurl
need nettle-dev           pc   nettle
need zlib1g-dev           pc   zlib
need libreadline-dev      pc   readline
need libgraphviz-dev      pc   libgvc
need fonts-noto-cjk       file /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
need raptor2-utils        cmd  rapper
need redland-utils        cmd  rdfproc
need rasqal-utils         cmd  roqet
need librdf-storage-sqlite deb  librdf-storage-sqlite
need tmux                 cmd  tmux
need graphviz             cmd  dot
need libxml2-utils        cmd  xmllint
need libmicrohttpd-dev    pc   libmicrohttpd
need curl                 cmd  curl
need python3-sparqlwrapper file /usr/lib/python3/dist-packages/SPARQLWrapper/__init__.py
need python3-rdflib       file /usr/lib/python3/dist-packages/rdflib/__init__.py
need chromium             cmd  chromium
need nodejs               cmd  node
need npm                  cmd  npm
need virtuoso-opensource  cmd  virtuoso-t
if [ "${1:-}" = bench ]; then
  need serdi              cmd  serdi
  need wrk                cmd  wrk   # tests/bench/serve.sh: HTTP load generator
fi
if [ "${1:-}" = fuzz ]; then
  need clang-14           cmd  clang-14
  need libclang-rt-14-dev deb  libclang-rt-14-dev
fi

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "deps: missing packages:$missing" >&2
  echo "deps: run as root (or install sudo) so that make can install them" >&2
  exit 1
fi

echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null

#!/usr/bin/env bash
# Flint setup: installs the guest toolchain (gcc-aarch64-linux-gnu, libc6-dev-arm64-cross,
# qemu-user, Debian's busybox-static:arm64) and builds the guest programs under tests/guest
# and bench/guest into .cache/. Idempotent: a second run only checks timestamps (fast).
#
#   tests/guest/<area>/<name>.c  ->  .cache/guest/<area>/<name>.O0, <name>.O2
#     names containing "atomic" also get <name>.O0.v80/.O2.v80 (-march=armv8-a, no LSE,
#     no outline atomics) and <name>.O0.lse/.O2.lse (-march=armv8.1-a, LSE inline)
#   bench/guest/<name>.c         ->  .cache/bench/<name>
#   busybox-static:arm64         ->  .cache/busybox/bin/busybox
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.cache"
CC="${FLINT_GUEST_CC:-aarch64-linux-gnu-gcc}"
CFLAGS_COMMON=(-static -std=gnu11 -Wall -Wno-unused-result -fno-strict-aliasing -I"$ROOT/tests/guest")

say() { printf 'setup: %s\n' "$*" >&2; }

can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1; }

APT_UPDATED=0
apt_update_once() {
  if [ "$APT_UPDATED" = 0 ]; then
    say "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    APT_UPDATED=1
  fi
}

ensure_arm64_arch() {
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    say "dpkg --add-architecture arm64"
    dpkg --add-architecture arm64
    APT_UPDATED=0
    apt_update_once
  fi
}

# 1. Host tools: the cross compiler with static glibc, and qemu-aarch64 (the oracle).
missing_pkgs=()
command -v "$CC" >/dev/null 2>&1 || missing_pkgs+=(gcc-aarch64-linux-gnu)
[ -n "${FLINT_GUEST_CC:-}" ] || [ -e /usr/aarch64-linux-gnu/lib/libc.a ] || missing_pkgs+=(libc6-dev-arm64-cross)
command -v qemu-aarch64 >/dev/null 2>&1 || missing_pkgs+=(qemu-user)
if [ "${#missing_pkgs[@]}" -gt 0 ]; then
  if can_apt; then
    ensure_arm64_arch
    apt_update_once
    say "apt-get install ${missing_pkgs[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_pkgs[@]}" >&2
  else
    cat >&2 <<EOF
setup: missing tools: ${missing_pkgs[*]}
setup: Flint needs a Debian/Ubuntu host with these packages. As root, run:
    dpkg --add-architecture arm64
    apt-get update
    apt-get install -y gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user
EOF
    exit 1
  fi
fi

# 2. Busybox: Debian's static arm64 build, extracted (never installed, never committed).
BUSYBOX="$CACHE/busybox/bin/busybox"
if [ ! -x "$BUSYBOX" ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    cat >&2 <<EOF
setup: apt-get is unavailable, so busybox-static:arm64 cannot be fetched.
setup: Put Debian's arm64 busybox-static binary at $BUSYBOX, e.g. on a Debian host:
    dpkg --add-architecture arm64 && apt-get update
    apt-get download busybox-static:arm64 && dpkg-deb -x busybox-static_*_arm64.deb .cache/busybox
EOF
    exit 1
  fi
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    if can_apt; then
      ensure_arm64_arch
    else
      cat >&2 <<EOF
setup: the arm64 architecture is not enabled in dpkg. As root, run:
    dpkg --add-architecture arm64
    apt-get update
then run npm run setup again.
EOF
      exit 1
    fi
  fi
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  say "apt-get download busybox-static:arm64"
  if ! (cd "$tmp" && apt-get download -qq busybox-static:arm64 >/dev/null 2>&1); then
    if can_apt; then
      APT_UPDATED=0
      apt_update_once
      (cd "$tmp" && apt-get download -qq busybox-static:arm64 >/dev/null 2>&1)
    else
      say "apt-get download busybox-static:arm64 failed; as root run: apt-get update"
      exit 1
    fi
  fi
  rm -rf "$CACHE/busybox"
  mkdir -p "$CACHE/busybox"
  dpkg-deb -x "$tmp"/busybox-static_*_arm64.deb "$CACHE/busybox"
  rm -rf "$tmp"
  trap - EXIT
  [ -x "$BUSYBOX" ] || { say "busybox not found in the extracted package"; exit 1; }
fi

# 3. Guest programs. Each job line: OUTPUT SOURCE FLAGS... ; rebuilt only when the
#    source or a header (tests/guest/*.h, tests/guest/<area>/*.h) is newer than the output.
HEADERS=("$ROOT"/tests/guest/*.h "$ROOT"/tests/guest/*/*.h)
newest_header=""
for h in "${HEADERS[@]}"; do
  [ -e "$h" ] || continue
  if [ -z "$newest_header" ] || [ "$h" -nt "$newest_header" ]; then newest_header="$h"; fi
done

# A change of compiler or common flags rebuilds everything (the per-variant flags are
# fixed by the output name).
BUILD_ID="$("$CC" -dumpfullversion 2>/dev/null || echo unknown) ${CFLAGS_COMMON[*]}"
STAMP="$CACHE/build-flags"
force=0
[ "$(cat "$STAMP" 2>/dev/null || true)" = "$BUILD_ID" ] || force=1

jobs_file="$(mktemp)"
add_job() { # out src flags...
  local out="$1" src="$2"
  shift 2
  if [ "$force" = 0 ] && [ -e "$out" ] && [ "$out" -nt "$src" ] \
     && { [ -z "$newest_header" ] || [ "$out" -nt "$newest_header" ]; }; then
    return
  fi
  printf '%s\t%s\t%s\n' "$out" "$src" "$*" >>"$jobs_file"
}

shopt -s nullglob
for src in "$ROOT"/tests/guest/*/*.c; do
  dir="${src%/*}"
  area="${dir##*/}"
  name="${src##*/}"
  name="${name%.c}"
  out="$CACHE/guest/$area/$name"
  add_job "$out.O0" "$src" -O0
  add_job "$out.O2" "$src" -O2
  case "$name" in
    *atomic*)
      add_job "$out.O0.v80" "$src" -O0 -march=armv8-a -mno-outline-atomics
      add_job "$out.O2.v80" "$src" -O2 -march=armv8-a -mno-outline-atomics
      add_job "$out.O0.lse" "$src" -O0 -march=armv8.1-a
      add_job "$out.O2.lse" "$src" -O2 -march=armv8.1-a
      ;;
  esac
done
for src in "$ROOT"/bench/guest/*.c; do
  name="${src##*/}"
  name="${name%.c}"
  add_job "$CACHE/bench/$name" "$src" -O2
done

# Drop binaries whose source is gone, so the tests never run a stale program.
for out in "$CACHE"/guest/*/*; do
  dir="${out%/*}"
  base="${out##*/}"
  [ -e "$ROOT/tests/guest/${dir##*/}/${base%%.O[0-3]*}.c" ] || rm -f "$out"
done
for out in "$CACHE"/bench/*; do
  [ -e "$ROOT/bench/guest/${out##*/}.c" ] || rm -f "$out"
done

count="$(wc -l <"$jobs_file")"
if [ "$count" -gt 0 ]; then
  say "building $count guest binaries"
  export CC ROOT
  export CFLAGS_COMMON_STR="${CFLAGS_COMMON[*]}"
  # shellcheck disable=SC2016
  if ! tr '\n' '\0' <"$jobs_file" | xargs -0 -P "$(nproc 2>/dev/null || echo 2)" -n 1 bash -c '
      IFS=$'"'"'\t'"'"' read -r out src flags <<<"$1"
      mkdir -p "$(dirname "$out")"
      # shellcheck disable=SC2086
      if ! "$CC" $CFLAGS_COMMON_STR $flags -o "$out.tmp" "$src" -lm; then
        rm -f "$out.tmp"; echo "setup: failed to build $out" >&2; exit 255
      fi
      mv "$out.tmp" "$out"' _; then
    rm -f "$jobs_file"
    say "guest build failed"
    exit 1
  fi
fi
rm -f "$jobs_file"
mkdir -p "$CACHE"
printf '%s\n' "$BUILD_ID" >"$STAMP"

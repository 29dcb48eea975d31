#!/usr/bin/env bash
# Whole-program timing of `apv compare` on 1, 10, 100 and 342 generated municipality folders,
# next to the floor: one `grep -c -i -E` pass with the rule set's key phrases over the same files.
#
#   benches/scale.sh [WORK_DIR]      (default: a folder under ${TMPDIR:-/tmp})
#
# Builds `apv` and the corpus generator in release mode, writes the corpora (deterministic, see
# benches/municipalities.rs), and prints one row per size: bytes, wall time, CPU time, peak RSS
# (from /usr/bin/time -v) and MB/s for apv and for grep. Needs GNU time at /usr/bin/time.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-${TMPDIR:-/tmp}/apv-scale}"
target="${CARGO_TARGET_DIR:-$root/target}"
sizes=(1 10 100 342)

cd "$root"
cargo build --release -q -p apv-cli --bin apv --example gen_corpus
apv="$target/release/apv"
gen="$target/release/examples/gen_corpus"

# The key phrases: every candidate title of every rule file (the `titles = [...]` arrays).
phrases="$(awk '
  /^titles *= *\[/ { inside = 1; next }
  inside && /^\]/ { inside = 0; next }
  inside { if (match($0, /"[^"]+"/)) print substr($0, RSTART + 1, RLENGTH - 2) }
' rules/flevolandse-norm/*.toml | sed 's/[][().*+?^$|\\]/\\&/g' | paste -sd '|')"

mkdir -p "$work"
for n in "${sizes[@]}"; do
  if [ ! -d "$work/$n" ]; then
    "$gen" "$work/$n" "$n" >/dev/null
  fi
done

# Warm the page cache so that both programs read from memory.
cat "$work"/342/*/* >/dev/null

measure() { # label, command...: prints "wall user+sys maxrss_kb"
  local log
  log="$(mktemp)"
  # Not /dev/null: GNU grep stops at the first match when its output is /dev/null.
  /usr/bin/time -v "$@" >"$work/.out" 2>"$log" || true
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + t[i] }
    /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { m = $2 }
    END { printf "%.2f %.2f %d\n", w, u + s, m }' "$log"
  rm -f "$log"
}

echo "machine: $(lscpu | awk -F': *' '/^Model name/ { print $2 }') ($(nproc) cores), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$("$apv" --version), $(rustc --version), $(date -u '+%Y-%m-%d %H:%M UTC')"
printf '%-6s %8s | %8s %8s %8s %9s | %8s %8s %9s | %6s\n' \
  N MB apv_wall apv_cpu rss_MB apv_MB/s grep_wall grep_cpu grep_MB/s ratio
for n in "${sizes[@]}"; do
  bytes="$(find "$work/$n" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')"
  mb="$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')"
  read -r aw ac am < <(measure "$apv" compare "$work/$n" --format json)
  read -r gw gc _ < <(measure grep -c -i -E "$phrases" -r "$work/$n")
  awk -v n="$n" -v mb="$mb" -v aw="$aw" -v ac="$ac" -v am="$am" -v gw="$gw" -v gc="$gc" 'BEGIN {
    printf "%-6s %8s | %8.2f %8.2f %8.0f %9.1f | %8.2f %8.2f %9.1f | %6.1f\n",
      n, mb, aw, ac, am / 1024, mb / (aw > 0 ? aw : 0.01), gw, gc, mb / (gw > 0 ? gw : 0.01),
      aw / (gw > 0 ? gw : 0.01) }'
done

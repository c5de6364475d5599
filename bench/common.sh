# Sourced by the benchmark scripts: what each needs before it measures anything.

# bench_need SCRIPT PROGRAM...: stop with exit 111 when a program is missing.
bench_need() {
  local script=$1 program
  shift
  for program in "$@"; do
    command -v "$program" >/dev/null || { echo "$script: fatal: $program not found" >&2; exit 111; }
  done
}

# bench_need_build SCRIPT DIST: stop when the bins are not built.
bench_need_build() {
  [ -f "$2/bin/iim-tinydns.js" ] || { echo "$1: fatal: $2/bin/iim-tinydns.js missing: run npm run build" >&2; exit 111; }
}

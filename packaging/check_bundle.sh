#!/usr/bin/env bash
# Smoke-test the PyInstaller bundle (Linux) the way a user runs it, from another folder
# with an empty home, while strace records every process start and network connect:
#   - the bundled CLI exports 64 letters with --workers 2, once with forked workers (the
#     command line's default) and once with spawned ones (the window's), PDFs read back;
#   - a PDF signed by the bundle passes the bundle's `verify`;
#   - the bundled window opens offscreen and renders the preview (--smoke-test);
#   - no process of the bundle connects to an IP address (only local sockets).
# Usage: packaging/check_bundle.sh [BUNDLE_DIR]   (default: dist/petition-desk)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
bundle="$(cd "${1:-$repo/dist/petition-desk}" && pwd)"
python="${PYTHON:-python}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { printf 'check_bundle: FAILED: %s\n' "$*" >&2; exit 1; }
cd "$work"
mkdir -p home
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
export PETITION_DESK_DATA_DIR="$work/data" LANG=C.UTF-8 PYTHONPATH="" PYTHONHOME=""
unset PETITION_DESK_LANG LC_ALL LC_MESSAGES LANGUAGE || true
trace() { strace -f -qq -e trace=execve,connect,clone,clone3,fork,vfork -o "$1" "${@:2}"; }
if ! command -v strace >/dev/null; then trace() { "${@:2}"; }; echo "(strace missing: network and worker checks skipped)"; fi

no_network() {  # $1: an strace log
  [ -f "$1" ] || return 0
  if grep -E 'connect\(.*(AF_INET|AF_INET6)' "$1" | grep -v 'ENOENT' ; then fail "the bundle opened a network connection ($1)"; fi
}

echo "== a draft with 64 recipients (the demo's, repeated)"
"$bundle/petition-desk" demo draft.json >/dev/null
"$python" - <<'PY'
import json
draft = json.load(open("draft.json", encoding="utf-8"))
base = draft["recipients"]
draft["recipients"] = [dict(r, id=f"{r['id']}_{n}") for n in range(13) for r in base][:64]
json.dump(draft, open("draft.json", "w", encoding="utf-8"), ensure_ascii=False)
PY

for method in fork spawn; do
  echo "== bundled CLI: export 64 letters, --workers 2, $method"
  start=$(date +%s.%N)
  PETITION_DESK_START_METHOD=$method trace "$method.trace" \
    "$bundle/petition-desk" export draft.json --format pdf --workers 2 --out "out-$method" 2>/dev/null
  seconds=$(awk "BEGIN { print $(date +%s.%N) - $start }")
  count=$(ls "out-$method"/*.pdf | wc -l)
  [ "$count" -eq 64 ] || fail "$count PDFs instead of 64 ($method)"
  pdftotext "$(ls "out-$method"/*.pdf | tail -n 1)" - | grep "Bolotna" >/dev/null || fail "a PDF does not name the case ($method)"
  no_network "$method.trace"
  if [ -f "$method.trace" ]; then
    if [ "$method" = spawn ]; then  # each worker is the bundle started again (freeze_support runs its task)
      workers=$(grep -c 'execve(".*petition-desk", .*"--multiprocessing-fork"' "$method.trace" || true)
    else  # each worker is a forked copy of the command (a clone that is a process, not a thread)
      workers=$(grep -E '(clone|fork)\(' "$method.trace" | grep -v CLONE_THREAD | grep -c SIGCHLD || true)
    fi
    [ "$workers" -ge 2 ] || fail "the export did not start 2 worker processes ($method: $workers)"
    printf '%s PDFs in %.1f s, %s worker processes started\n' "$count" "$seconds" "$workers"
  fi
done

echo "== bundled CLI: sign and verify"
"$python" "$repo/tools/make_test_certificate.py" smoke.p12 "smoke passphrase"
PETITION_DESK_SIGN_PASSPHRASE="smoke passphrase" "$bundle/petition-desk" export --format pdf \
  --recipient ru_embassy_se --sign smoke.p12 --out signed 2>/dev/null
"$bundle/petition-desk" verify signed/*.pdf | tee verify.txt
grep -q "Smoke Test Signer" verify.txt || fail "verify does not name the signer"

echo "== bundled window, offscreen"
if ! QT_QPA_PLATFORM=offscreen trace gui.trace "$bundle/petition-desk-gui" --smoke-test 2>gui.txt; then
  cat gui.txt >&2
  fail "the bundled window did not show the preview"
fi
grep "smoke test" gui.txt
no_network gui.trace
echo "check_bundle: OK ($(du -sh "$bundle" | cut -f1))"

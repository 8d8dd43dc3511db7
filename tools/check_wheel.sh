#!/usr/bin/env bash
# Install Petition Desk the way a user would and prove the installed copy works.
#
# Builds a wheel, installs it (not editable) into a fresh virtual environment,
# and from another working directory, with an empty home folder:
#   - every file of templates/, translations/ and assets/ is in the installed package;
#   - `petition-desk export` writes the demo letters (PDF read back with pdftotext);
#   - `petition-desk verify` accepts a PDF signed with a throwaway certificate;
#   - `petition-desk-gui --smoke-test` opens the window offscreen and renders the preview once.
# Usage: tools/check_wheel.sh [PYTHON]   (default: python)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
python="${1:-python}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
started=$(date +%s)

step() { printf '== %s\n' "$*"; }
fail() { printf 'check_wheel: FAILED: %s\n' "$*" >&2; exit 1; }

step "build the wheel"
(cd "$repo" && "$python" -m pip wheel --quiet --no-deps --wheel-dir "$work/dist" .)
# build/ and the egg-info are setuptools' scratch: never let a stale copy leak into the next build
rm -rf "$repo/build" "$repo"/*.egg-info
wheel=$(ls "$work"/dist/petition_desk-*.whl)

step "install it into a fresh virtual environment"
"$python" -m venv "$work/venv"
# (the machine's pip configuration may name index folders it lacks; those warnings are noise here)
"$work/venv/bin/python" -m pip install --quiet "$wheel" 2> >(grep -v "is ignored: it is neither" >&2)
bin="$work/venv/bin"

# Another working directory and an empty home: nothing may come from the checkout or the user.
run="$work/run"
mkdir -p "$run/home"
cd "$run"
export HOME="$run/home" XDG_CONFIG_HOME="$run/home/.config" XDG_DATA_HOME="$run/home/.local/share"
export XDG_CACHE_HOME="$run/home/.cache" PETITION_DESK_DATA_DIR="$run/data" PYTHONPATH="" LANG=C.UTF-8
unset PETITION_DESK_LANG LC_ALL LC_MESSAGES LANGUAGE || true

step "the installed package carries every data file"
"$bin/python" - "$repo" <<'PY'
import sys
from pathlib import Path

import desktop
from desktop.core import resources

repo = Path(sys.argv[1])
package = Path(desktop.__file__).resolve().parent
if repo in package.parents:
    sys.exit(f"desktop was imported from the checkout ({package}), not from the installed wheel")
root = resources.data_root()
if not resources.is_installed_copy() or package not in root.parents:
    sys.exit(f"the data is read from {root}, not from the installed package")
missing = []
for folder in resources.DATA_FOLDERS:
    for path in sorted((repo / folder).rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            relative = path.relative_to(repo)
            if not (root / relative).is_file():
                missing.append(str(relative))
if missing:
    sys.exit("missing from the installed package: " + ", ".join(missing))
print(f"all data files present under {root}")
PY

step "petition-desk export (the demo, PDF)"
"$bin/petition-desk" export --format pdf --out letters 2>/dev/null
first=$(ls letters/*.pdf | head -n 1) || fail "no PDF was written"
pdftotext "$first" - | grep "Bolotna" >/dev/null || fail "the exported PDF does not name the case"
printf '%s PDFs written\n' "$(ls letters/*.pdf | wc -l)"

step "petition-desk verify (a signed export)"
"$bin/python" "$repo/tools/make_test_certificate.py" "$run/smoke.p12" "smoke passphrase"
PETITION_DESK_SIGN_PASSPHRASE="smoke passphrase" \
  "$bin/petition-desk" export --format pdf --recipient "$("$bin/python" -c '
from desktop.core.demo import load_demo_draft
print(load_demo_draft().recipients[0].id)')" --sign "$run/smoke.p12" --out signed 2>/dev/null
signed=$(ls signed/*.pdf | head -n 1) || fail "no signed PDF was written"
"$bin/petition-desk" verify "$signed" | tee verify.txt
grep -q "Smoke Test Signer" verify.txt || fail "verify does not name the signer"

step "petition-desk-gui --smoke-test (offscreen)"
if ! QT_QPA_PLATFORM=offscreen "$bin/petition-desk-gui" --smoke-test 2>gui.txt; then
  cat gui.txt >&2
  fail "the window did not show the preview"
fi
grep "smoke test" gui.txt

printf 'check_wheel: OK in %s s\n' "$(( $(date +%s) - started ))"

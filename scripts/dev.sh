#!/usr/bin/env bash
# One entry point for a fresh machine: sets up .venv, then runs the edition's main job or its tests.
#   bash scripts/dev.sh validate [ARGS…]   set up, then `narkomindel validate ARGS…`
#   bash scripts/dev.sh test [ARGS…]       set up, then `pytest ARGS…`
set -euo pipefail
cd "$(dirname "$0")/.."

setup() {
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
  fi
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
}

job="${1:-}"
shift || true
case "$job" in
  validate) setup; exec .venv/bin/narkomindel validate "$@" ;;
  test)     setup; exec .venv/bin/python -m pytest "$@" ;;
  *) echo "usage: bash scripts/dev.sh validate|test [ARGS…]" >&2; exit 2 ;;
esac

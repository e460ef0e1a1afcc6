#!/usr/bin/env bash
# One entry point for a fresh machine: sets up .venv, then runs the edition's main job or its tests.
#   bash scripts/dev.sh build [ARGS…]      set up (with the print edition's font), then `narkomindel build ARGS…`
#   bash scripts/dev.sh validate [ARGS…]   set up, then `narkomindel validate ARGS…`
#   bash scripts/dev.sh test [ARGS…]       set up (with the browser and HTML checker), then `pytest ARGS…`
set -euo pipefail
cd "$(dirname "$0")/.."

# The browser tests drive Debian's Chromium (never a downloaded browser); the HTML checker needs Java. The print
# edition is set in Linux Libertine (its last release, 5.3.0, is the one Debian packages), and its tests render
# pages with poppler's pdftoppm; jing checks files against the official TEI schema (validate --tei-all uses it
# when installed).
BUILD_PACKAGES=(fonts-linuxlibertine libpango-1.0-0 libpangoft2-1.0-0)
TEST_PACKAGES=("${BUILD_PACKAGES[@]}" chromium poppler-utils jing java:default-jre-headless)
# Each argument is a Debian package, or COMMAND:PACKAGE where any installed COMMAND will do (any Java runtime).
system_packages() {
  local missing=()
  for wanted in "$@"; do
    case "$wanted" in
      *:*) command -v "${wanted%%:*}" >/dev/null 2>&1 || missing+=("${wanted#*:}") ;;
      *)   dpkg -s "$wanted" >/dev/null 2>&1 || missing+=("$wanted") ;;
    esac
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "dev.sh: please install: ${missing[*]} (apt-get install ${missing[*]})" >&2
      exit 2
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# A venv whose interpreter does not run (copied from another machine, Python removed) is made anew. pip runs only
# when pyproject.toml differs from the copy kept at the last successful install, so a second call costs nothing.
setup() {
  if ! .venv/bin/python -c 'import sys' >/dev/null 2>&1; then
    rm -rf .venv
    python3 -m venv .venv
  fi
  local stamp=.venv/.narkomindel-installed
  if ! cmp -s pyproject.toml "$stamp" 2>/dev/null; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
    cp pyproject.toml "$stamp"
  fi
}

job="${1:-}"
shift || true
case "$job" in
  build)    system_packages "${BUILD_PACKAGES[@]}"; setup; exec .venv/bin/narkomindel build "$@" ;;
  validate) setup; exec .venv/bin/narkomindel validate "$@" ;;
  test)     system_packages "${TEST_PACKAGES[@]}"; setup; exec .venv/bin/python -m pytest "$@" ;;
  *) echo "usage: bash scripts/dev.sh build|validate|test [ARGS…]" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Installs WeasyPrint from PyPI (60 or later; Debian's 57 does not justify Chinese and is
# ten times slower) into target/weasyprint-venv, unless a working one is already there, and
# prints the venv's bin folder on stdout (progress goes to stderr). Usage from .ci/run:
#   PATH="$(bash .ci/weasyprint.sh):$PATH"
# WeasyPrint needs Pango from the system (Debian: libpango-1.0-0 libpangoft2-1.0-0, which
# chromium already pulls in) and fonts-noto-cjk for the Chinese editions.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
venv="$PWD/target/weasyprint-venv"
bin="$venv/bin"
spec='weasyprint>=60'

# True when the venv's weasyprint runs and reports a major version of 60 or more.
usable() {
  local version
  version="$("$bin/weasyprint" --version 2>/dev/null)" || return 1
  version="${version##* }"
  [ "${version%%.*}" -ge 60 ] 2>/dev/null
}

if usable; then
  echo "weasyprint already installed: $("$bin/weasyprint" --version)" >&2
else
  python="${PYTHON:-python3}"
  if ! command -v "$python" >/dev/null 2>&1; then
    echo "error: $python not found; install Python 3 (Debian: apt-get install python3 python3-venv)" >&2
    exit 1
  fi
  mkdir -p "$PWD/target"
  rm -rf "$venv"
  echo "creating $venv with $("$python" --version 2>&1)" >&2
  if ! "$python" -m venv "$venv" >&2; then
    echo "error: '$python -m venv' failed; on Debian install python3-venv" >&2
    exit 1
  fi
  "$bin/pip" install --quiet --disable-pip-version-check "$spec" >&2
  if ! usable; then
    echo "error: $bin/weasyprint does not run; it needs Pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0)" >&2
    "$bin/weasyprint" --version >&2 || true
    exit 1
  fi
  echo "installed: $("$bin/weasyprint" --version)" >&2
fi

echo "$bin"

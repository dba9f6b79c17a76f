#!/usr/bin/env bash
# Headless Chromium (Debian packages) and Playwright's Python driver for the browser tests.
# Playwright drives the system browser at /usr/bin/chromium; `playwright install` is not used
# (it downloads its own browser build, which is not reachable here).
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends \
    chromium chromium-driver fonts-dejavu-core fonts-noto-core fonts-noto-color-emoji

# Into the project's venv (install.sh) unless PYTHON names another interpreter.
cd "$(dirname "$0")/.."
if [ -z "${PYTHON:-}" ]; then
    if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
"$PYTHON" -m pip install --quiet "playwright>=1.45"

/usr/bin/chromium --version
"$PYTHON" -c "from importlib.metadata import version; print('playwright', version('playwright'))"

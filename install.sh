#!/usr/bin/env bash
# Set up plan-qa in ./.venv: torch 2.13.0 (CPU wheel) first — any other torch pulls
# gigabytes of CUDA packages — then the package with its test extras. Idempotent.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet "torch==2.13.0"
.venv/bin/python -m pip install --quiet -e ".[test]"

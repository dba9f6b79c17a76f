#!/usr/bin/env bash
# Tesseract and its Vietnamese model (Debian packages), for plans that are scanned PDFs without a text
# layer. Optional: without it plan-qa reads every other file and says which scans it could not read.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-vie

tesseract --version | head -n 1
tesseract --list-langs | grep -qx vie

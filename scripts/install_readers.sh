#!/usr/bin/env bash
# System programs that let plan-qa read more kinds of plan files (Debian packages). Optional: without
# them plan-qa reads every other file and says, for each file it skips, what to install.
#   - Tesseract and its Vietnamese model: scanned PDFs without a text layer (OCR).
#   - LibreOffice Writer (no GUI): Word 97–2003 .doc, .rtf and .odt files, converted to .docx.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends \
    tesseract-ocr tesseract-ocr-vie libreoffice-writer-nogui

tesseract --version | head -n 1
tesseract --list-langs | grep -qx vie
soffice --version

#!/usr/bin/env bash
# Debian's Chromium, a Devanagari font and a colour emoji font for the browser tests (tests/browser/;
# the emoji in the bot's replies must be drawn in the screenshots: tests/browser/test_emoji.py).
# Installs only what is missing, without questions; does nothing when all are there. Never
# `playwright install`.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s fonts-lohit-deva >/dev/null 2>&1 || missing+=(fonts-lohit-deva)
dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || missing+=(fonts-noto-color-emoji)
[ "${#missing[@]}" -eq 0 ] && exit 0

echo "==> installing for the browser tests: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "need root or sudo to apt-get install ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

#!/usr/bin/env bash
# Debian's Chromium, a Devanagari font and a colour emoji font for the browser tests (tests/browser/;
# the emoji in the bot's replies must be drawn in the screenshots: tests/browser/test_emoji.py), and
# the npm tools those tests inject into pages (tests/browser/axe: axe-core, the accessibility checker,
# from the npm registry at the version its package-lock.json pins). Installs only what is missing,
# without questions; does nothing when all is there. Never `playwright install`.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s fonts-lohit-deva >/dev/null 2>&1 || missing+=(fonts-lohit-deva)
dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || missing+=(fonts-noto-color-emoji)
command -v npm >/dev/null || missing+=(npm)
# Not a browser's, but installed the same way: nginx for the production profile's tests (tests/e2e/test_production_faults.py).
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
axe_dir="$(cd "$(dirname "$0")/.." && pwd)/tests/browser/axe"
install_axe() {
  [ -f "$axe_dir/node_modules/axe-core/axe.min.js" ] && return 0
  echo "==> installing axe-core for the console's accessibility tests (npm ci in tests/browser/axe)"
  npm ci --prefix "$axe_dir" --no-audit --no-fund --loglevel=error >/dev/null
}
if [ "${#missing[@]}" -eq 0 ]; then install_axe; exit 0; fi

echo "==> installing for the browser tests: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "need root or sudo to apt-get install ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
install_axe

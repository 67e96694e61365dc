#!/usr/bin/env bash
# Installs the Debian packages the project needs, only when they are missing:
#   chromium        - real-browser tests (Playwright) and server-side chart export (kaleido)
#   fonts-noto-cjk  - Chinese glyphs in the browser and in exported PNG/SVG/PDF/PPTX
#   poppler-utils   - pdftoppm, used to look at exported PDFs
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -qi "noto sans cjk" || need+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "Missing system packages: ${need[*]}. Run as root: apt-get update && apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null

#!/usr/bin/env bash
# Installs the Debian packages the project needs, only when they are missing:
#   chromium        - real-browser tests (Playwright) and server-side chart export (kaleido)
#   fonts-noto-cjk  - Chinese glyphs in the browser and in exported PNG/SVG/PDF/PPTX
#   poppler-utils   - pdftoppm, used to look at exported PDFs
#   libreoffice-impress (with --test only) - renders generated decks in the test suite
#   postgresql      (with --test only) - the DuckLake tests start a throwaway server (initdb, pg_ctl);
#                   the embedded default (one warehouse file) needs no server
set -euo pipefail
need=()
lean=()   # installed without recommends (LibreOffice's recommends are large and not needed headless)
if [ "${1:-}" = "--test" ]; then
  command -v soffice >/dev/null 2>&1 || lean+=(libreoffice-impress)
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || lean+=(postgresql)
fi
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -qi "noto sans cjk" || need+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -eq 0 ] && [ ${#lean[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "Missing system packages: ${need[*]} ${lean[*]}. Run as root: apt-get update && apt-get install -y ${need[*]} ${lean[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${need[*]} ${lean[*]}"
apt-get update -qq
if [ ${#need[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
if [ ${#lean[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${lean[@]}" >/dev/null
fi

#!/usr/bin/env bash
# The console's browser tests drive Debian's chromium through Debian's chromedriver (never a downloaded browser
# build). Installs both from Debian's packages when missing (as root, as CI runs); otherwise says what to install.
set -euo pipefail

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "browser: needs ${missing[*]} (Debian packages) and is not root: apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "browser: installing ${missing[*]} from Debian's packages" >&2
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; then
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
fi

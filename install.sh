#!/usr/bin/env bash
# Install iim-ts from this checkout: the Debian packages it drives (as root), the npm
# dependencies and build, and the four bins on PATH (npm link).
set -euo pipefail
cd "$(dirname "$0")"
bash test/install-debian-deps.sh
npm install --no-audit --no-fund
npm link --no-audit --no-fund >/dev/null
for bin in iim iim-daemontools iim-tinydns iim-dnscache; do
  command -v "$bin" >/dev/null || { echo "install.sh: $bin is not on PATH; add $(npm prefix -g)/bin to PATH" >&2; exit 1; }
done
echo "install.sh: iim, iim-daemontools, iim-tinydns, iim-dnscache are on PATH ($(command -v iim))" >&2
# The ACME clients' hooks (README "ACME certificates"), at one documented place.
if [ "$(id -u)" = 0 ]; then
  mkdir -p /usr/local/lib/iim-ts && ln -sfn "$PWD/hooks" /usr/local/lib/iim-ts/hooks
  echo "install.sh: ACME hooks (certbot, dehydrated, lego) in /usr/local/lib/iim-ts/hooks" >&2
fi
# Shell completion, generated from the declarations: for every user when root, else the line to add.
COMPLETIONS=${BASH_COMPLETION_DIR:-/usr/share/bash-completion/completions}
if [ "$(id -u)" = 0 ] && mkdir -p "$COMPLETIONS" 2>/dev/null; then
  iim -i completion bash > "$COMPLETIONS/iim.tmp" && mv "$COMPLETIONS/iim.tmp" "$COMPLETIONS/iim"
  for bin in iim-daemontools iim-tinydns iim-dnscache; do ln -sf iim "$COMPLETIONS/$bin"; done
  echo "install.sh: bash completion installed in $COMPLETIONS (new shells complete -i, -p, -n)" >&2
else
  echo 'install.sh: for bash completion, add to ~/.bashrc: source <(iim -i completion bash)' >&2
fi

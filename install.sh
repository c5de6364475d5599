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
# Emacs (panels/iim.el): a Debian site-start drop-in when root, else the one init.el line.
SITE_START=${EMACS_SITE_START_DIR:-/etc/emacs/site-start.d}
PANELS=$(pwd)/panels
if [ "$(id -u)" = 0 ] && [ -d "$SITE_START" ]; then
  # Autoloads only: Emacs starts as fast as before; iim loads with org or on M-x iim.
  cat > "$SITE_START/50iim-ts.el.tmp" <<LISP
;; iim-ts (written by $(pwd)/install.sh): M-x iim, M-x iim-panel, iim: links in org.
(add-to-list 'load-path "$PANELS")
(autoload 'iim "iim-transient" "Show the menu of an iim SCRIPT's commands." t)
(autoload 'iim-panel "iim-panel" "Open the panel NAME." t)
(autoload 'iim-panel-mode "iim-panel" "Keys to run a panel's iim: links." t)
(autoload 'iim-panel-maybe-enable "iim-panel" "Turn on iim-panel-mode in panels.")
(autoload 'iim-examples "iim" "Show SCRIPT's examples as an org buffer of iim: links." t)
(autoload 'iim-script-start "iim" "Write FILE, a new iim script, and visit it." t)
(put 'iim-panel 'safe-local-variable #'booleanp)
(add-hook 'hack-local-variables-hook #'iim-panel-maybe-enable)
(with-eval-after-load 'org (require 'iim))
LISP
  mv "$SITE_START/50iim-ts.el.tmp" "$SITE_START/50iim-ts.el"
  echo "install.sh: Emacs loads iim-ts at start ($SITE_START/50iim-ts.el): M-x iim, M-x iim-panel" >&2
else
  echo "install.sh: for Emacs, add to ~/.emacs.d/init.el: (load \"$PANELS/iim\")" >&2
fi

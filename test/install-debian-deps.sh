#!/usr/bin/env bash
# Install the Debian packages the tests drive (real daemontools, djbdns, Emacs, tmux),
# and the dnslog account tinydns-conf/dnscache-conf need. Does the work only as root;
# otherwise it says what is missing. Quick when everything is already there.
set -euo pipefail

packages=(daemontools ucspi-tcp tinydns dnscache djbdns-conf djbdns-utils emacs-nox tmux hyperfine openssh-server openssh-client bind9-utils nsd axfrdns pebble lego elpa-package-lint elpa-use-package ddclient openssl certbot)
programs=(svscan tcpserver tinydns dnscache tinydns-conf dnsip emacs tmux hyperfine sshd ssh named-checkzone nsd axfr-get pebble lego '/usr/share/emacs/site-lisp/elpa-src/package-lint-*/package-lint.el' '/usr/share/emacs/site-lisp/elpa-src/use-package-*/use-package.el' ddclient openssl certbot)

missing=()
for i in "${!programs[@]}"; do
  # a program, or (an Emacs library such as package-lint) a path pattern
  case "${programs[$i]}" in
    /*) compgen -G "${programs[$i]}" >/dev/null || missing+=("${packages[$i]}") ;;
    *) PATH="$PATH:/usr/sbin:/sbin" command -v "${programs[$i]}" >/dev/null 2>&1 || missing+=("${packages[$i]}") ;;
  esac
done

if [ "$(id -u)" -ne 0 ]; then
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "install-debian-deps: not root; missing packages: ${missing[*]}" >&2
    echo "install-debian-deps: run: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  fi
  exit 0
fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-debian-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # openssh-server's and ddclient's postinsts would start the machine's own sshd and ddclient
  # daemon: the tests start their own (test/support/test-hosts.ts, ddclient -daemon=0), so deny
  # service starts for the length of the install.
  policy=/usr/sbin/policy-rc.d saved=''
  if [ -e "$policy" ]; then saved=$(mktemp); cp -p "$policy" "$saved"; fi
  trap 'if [ -n "$saved" ]; then mv -f "$saved" "$policy"; else rm -f "$policy"; fi' EXIT
  printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod 755 "$policy"
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  if [ -n "$saved" ]; then mv -f "$saved" "$policy"; else rm -f "$policy"; fi
  trap - EXIT
fi

# The log account tinydns-conf and dnscache-conf take (Debian creates only tinydns and dnscache).
if ! id dnslog >/dev/null 2>&1; then
  useradd -r -s /usr/sbin/nologin -d /nonexistent dnslog
fi

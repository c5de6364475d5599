#!/bin/sh
# lego --dns exec with EXEC_PATH=THIS: "present FQDN VALUE" / "cleanup FQDN VALUE", FQDN being
# _acme-challenge.DOMAIN. (which acmeChallengeSet takes as it is); "timeout" is not asked of us.
case $1 in
  present) exec iim-tinydns -i acmeChallengeSet -- "$2" "$3" ;;
  cleanup) exec iim-tinydns -i acmeChallengeClear -- "$2" "$3" ;;
  *) echo "lego-exec.sh: unknown action \"$1\": expected present or cleanup" >&2; exit 2 ;;
esac

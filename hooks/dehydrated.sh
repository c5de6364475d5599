#!/bin/sh
# dehydrated --challenge dns-01 --hook THIS: deploy_challenge/clean_challenge DOMAIN TOKEN VALUE,
# repeated per domain with HOOK_CHAIN=yes; every other hook name is ignored.
hook=$1
shift
case $hook in
  deploy_challenge) verb=acmeChallengeSet ;;
  clean_challenge) verb=acmeChallengeClear ;;
  *) exit 0 ;;
esac
while [ "$#" -ge 3 ]; do
  iim-tinydns -i "$verb" -- "$1" "$3" || exit
  shift 3
done

#!/bin/sh
# certbot --manual --preferred-challenges dns --manual-auth-hook THIS: certbot gives the domain
# (the base name for a wildcard) and the value in its environment.
exec iim-tinydns -i acmeChallengeSet -- "$CERTBOT_DOMAIN" "$CERTBOT_VALIDATION"

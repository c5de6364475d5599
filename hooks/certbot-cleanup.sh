#!/bin/sh
# certbot --manual-cleanup-hook THIS: removes only the value this authorization set.
exec iim-tinydns -i acmeChallengeClear -- "$CERTBOT_DOMAIN" "$CERTBOT_VALIDATION"

#!/usr/bin/env bash
#
# The site in a real browser: Debian's chromium, headless and offline,
# driven by playwright-core (harness/js/site.test.mjs). Index, create a
# restaurant through the form, two reviews, the average on the details
# page and the index; screenshots in $E2E_RUN/site.png and site-index.png.
set -euo pipefail
. harness/scripts/lib.sh

chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || die "no $chromium: install Debian's chromium (make test does)"
[ -d harness/js/node_modules/playwright-core ] ||
    die "playwright-core missing: run make test (npm ci in harness/js)"

CHROMIUM=$chromium node harness/js/site.test.mjs
[ -s "$E2E_RUN/site.png" ] || die "no screenshot at $E2E_RUN/site.png"

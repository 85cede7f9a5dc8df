#!/bin/sh
# Lighthouse (mobile profile) on the home page, the seed report, an event and the donation page,
# served as production serves them: gunicorn with the production settings, PostgreSQL, Redis and
# the page cache on, on loopback, offline. Prints performance, accessibility, best practices and
# SEO for each, what keeps a score below 100, and the page's weight in KB: everything but images
# and fonts, the font, the images. Targets (issue 25): ≥ 98, 100, 100, 100; ≤ 60 KB without
# images and font, font ≤ 40 KB.
# Needs Node.js with npm (lighthouse 13 is installed into .bench-tools/ on first use), Debian's
# chromium (CHROME_PATH to use another), and the services of .ci/services.
set -eu
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
TOOLS=.bench-tools
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
if [ ! -x "$TOOLS/node_modules/.bin/lighthouse" ]; then
    npm install --prefix "$TOOLS" --no-audit --no-fund --silent lighthouse@13 >/dev/null
fi

WORK=$(mktemp -d)
PORT=${PORT:-8765}
DB=min_lighthouse
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
redis-cli -h 127.0.0.1 -n 15 flushdb >/dev/null
export DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY=lighthouse-only
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB" REDIS_URL=redis://127.0.0.1:6379/15
export WAGTAILADMIN_BASE_URL="http://127.0.0.1:$PORT" EMAIL_TRACKING=false
export MEDIA_ROOT="$WORK/media" STATIC_ROOT="$WORK/static" LOG_LEVEL=WARNING
"$PYTHON" manage.py migrate --noinput -v0
"$PYTHON" manage.py load_demo_content -v0
"$PYTHON" manage.py collectstatic --noinput -v0
"$PYTHON" -m gunicorn config.wsgi -b "127.0.0.1:$PORT" -w 2 >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do
    "$PYTHON" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/')" \
        2>/dev/null && break
    sleep 0.2
done
EVENT=$("$PYTHON" manage.py shell -v0 -c "
from events.models import EventPage
print(EventPage.objects.live().exclude(image=None).order_by('start').first().url)")

printf '%-58s %4s %4s %4s %4s %6s %5s %6s\n' page perf a11y best seo 'KB' font images
for path in / /berichte/werkstattgespraech-nachhaltige-quartiere/ "$EVENT" /mitmachen/spenden/; do
    for _ in 1 2; do  # the first visit fills the page and rendition caches
        "$PYTHON" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT$path')"
    done
    "$TOOLS/node_modules/.bin/lighthouse" "http://127.0.0.1:$PORT$path" --quiet \
        --only-categories=performance,accessibility,best-practices,seo \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run" \
        --output=json --output-path="$WORK/report.json"
    "$PYTHON" - "$path" "$WORK/report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[2]))
categories = report["categories"]
scores = [round(categories[c]["score"] * 100) for c in
          ("performance", "accessibility", "best-practices", "seo")]
weight = {"Image": 0, "Font": 0, "other": 0}
for request in report["audits"]["network-requests"]["details"]["items"]:
    kind = request.get("resourceType")
    weight[kind if kind in weight else "other"] += request.get("transferSize", 0)
kb = [round(weight[k] / 1024, 1) for k in ("other", "Font", "Image")]
print(f"{sys.argv[1]:58} " + " ".join(f"{s:4}" for s in scores)
      + f" {kb[0]:6} {kb[1]:5} {kb[2]:6}")
for category in categories.values():  # what keeps a score below 100
    for ref in category["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
            print(f"  {category['title']}: {audit['title']} ({audit['score']})")
PY
done

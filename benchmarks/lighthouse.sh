#!/bin/sh
# Lighthouse scores (mobile profile) for the home page, a report and the donation page, served
# by gunicorn with the production settings on loopback, offline. Prints performance,
# accessibility, best practices and SEO for each; targets: ≥ 95, 100, 100, 100.
# Needs Node.js with npm (lighthouse 13 is installed into .bench-tools/ on first use) and
# Debian's chromium (CHROME_PATH to use another).
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
export DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY=lighthouse-only
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false DATABASE_URL="sqlite:///$WORK/site.sqlite3"
export WAGTAILADMIN_BASE_URL="http://127.0.0.1:$PORT" EMAIL_TRACKING=false
export LOG_LEVEL=WARNING
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

printf '%-50s %6s %6s %6s %6s\n' page perf a11y best seo
for path in / /berichte/werkstattgespraech-nachhaltige-quartiere/ /mitmachen/spenden/; do
    "$TOOLS/node_modules/.bin/lighthouse" "http://127.0.0.1:$PORT$path" --quiet \
        --only-categories=performance,accessibility,best-practices,seo \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run" \
        --output=json --output-path="$WORK/report.json"
    "$PYTHON" - "$path" "$WORK/report.json" <<'PY'
import json, sys
categories = json.load(open(sys.argv[2]))["categories"]
scores = [round(categories[c]["score"] * 100) for c in
          ("performance", "accessibility", "best-practices", "seo")]
report = json.load(open(sys.argv[2]))
print(f"{sys.argv[1]:50} " + " ".join(f"{s:6}" for s in scores))
for category in categories.values():  # what keeps a score below 100
    for ref in category["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
            print(f"  {category['title']}: {audit['title']} ({audit['score']})")
PY
done

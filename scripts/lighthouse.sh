#!/usr/bin/env bash
# Lighthouse (mobile) on start, question, check and result, in ja, ja with ふりがな, ja-easy
# (with ふりがな, its default) and en, under gunicorn as
# served in production. A measurement, not a test: prints the four category scores a page.
#   bash scripts/lighthouse.sh        (needs Node.js/npm and /usr/bin/chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
LH=build/lighthouse
[ -x "$LH/node_modules/.bin/lighthouse" ] || { mkdir -p "$LH"; npm install --silent --prefix "$LH" "lighthouse@12"; }
PORT=${PORT:-8123}
export FLASK_SECRET_KEY=lighthouse-only FLASK_AS_OF=2026-11-23
.venv/bin/gunicorn -c gunicorn.conf.py -b "127.0.0.1:$PORT" 'webapp:create_app()' >"$LH/gunicorn.log" 2>&1 &
trap 'kill $!' EXIT
sleep 3
# Complete answers in the (encrypted) cookie, made with the same key, so the check and
# result pages can be reached.
COOKIE=$(.venv/bin/python - <<'PY'
import os
from webapp import create_app
app = create_app({"SECRET_KEY": os.environ["FLASK_SECRET_KEY"], "AS_OF": os.environ["FLASK_AS_OF"]})
client = app.test_client()
with client.session_transaction() as session:
    session["answers"] = {"yamagata": dict(
        birth_date="1956-03-01", my_number_card="held", insurance_registration="registered",
        restricted_view="no", care_need="no", employer_insurance="yes", wants_deregistration="no")}
print(client.get_cookie("session").value)
PY
)
for mode in ja ja+furigana ja-easy en; do
  lang=${mode%+furigana}
  furigana=$([ "$mode" = ja+furigana ] && echo on || echo "")
  for page in yamagata/ yamagata/q/care_need yamagata/check yamagata/result; do
    out="$LH/$mode-${page//\//_}.json"
    # Lighthouse's own trace sometimes fails (NO_NAVSTART) on this machine: up to 3 tries.
    for try in 1 2 3; do
      CHROME_PATH=/usr/bin/chromium "$LH/node_modules/.bin/lighthouse" "http://127.0.0.1:$PORT/$page" \
        --quiet --output=json --output-path="$out" --form-factor=mobile \
        --extra-headers="{\"Cookie\": \"session=$COOKIE; lang=$lang${furigana:+; furigana=$furigana}\"}" \
        --chrome-flags="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run --disable-sync" \
        && break
      [ "$try" = 3 ] && exit 1
    done
    .venv/bin/python -c "import json, sys; c = json.load(open(sys.argv[1]))['categories']; \
print(sys.argv[2], sys.argv[3], {k: round(v['score'] * 100) for k, v in c.items()})" "$out" "$mode" "$page"
  done
done

#!/bin/sh
# The image's start command: gunicorn serving config.wsgi. In the image, static files were
# collected at build time into a folder this user can't write. Run from a checkout, the folder
# is ours: collect first (quick when nothing changed), so the manifest matches the code.
set -eu
cd "$(dirname "$0")/.."
static_root="${STATIC_ROOT:-staticfiles}"
if [ ! -f "$static_root/staticfiles.json" ] || [ -w "$static_root" ]; then
  python manage.py collectstatic --noinput
fi
# gthread workers: a client that is slow to send or read holds one thread, not a whole process,
# so a few slow uploads can't take every worker (a sync worker serves one request at a time).
# Django is thread-safe; each thread keeps its own database connection: WEB_CONCURRENCY x
# GUNICORN_THREADS connections at most. A body still arriving after REQUEST_BODY_TIMEOUT_SECONDS
# is answered 408 by the app; --timeout restarts a worker whose main loop is stuck.
# Recycling: a worker's memory stays flat under load (bench/ratios.py samples each worker's RSS
# after every row), so workers restart only as a safety net, rarely and at jittered counts so
# they don't restart together. A restart costs a worker's boot (about a second of imports), and
# the old every-2,000-requests setting took a third of /healthz's throughput.
exec gunicorn config.wsgi:application \
  --bind "${BIND:-0.0.0.0:8000}" \
  --workers "${WEB_CONCURRENCY:-2}" \
  --worker-class gthread \
  --threads "${GUNICORN_THREADS:-4}" \
  --keep-alive "${GUNICORN_KEEPALIVE:-5}" \
  --worker-tmp-dir "${GUNICORN_TMP_DIR:-/dev/shm}" \
  --timeout "${GUNICORN_TIMEOUT:-30}" \
  --graceful-timeout 20 \
  --max-requests "${GUNICORN_MAX_REQUESTS:-100000}" \
  --max-requests-jitter "${GUNICORN_MAX_REQUESTS_JITTER:-10000}" \
  --error-logfile -

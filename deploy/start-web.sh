#!/bin/sh
# The image's start command: gunicorn serving config.wsgi. Static files are collected at build
# time; when they are missing (running from a checkout rather than the image) they are collected
# first, so the manifest storage can find them.
set -eu
cd "$(dirname "$0")/.."
if [ ! -f "${STATIC_ROOT:-staticfiles}/staticfiles.json" ]; then
  python manage.py collectstatic --noinput
fi
exec gunicorn config.wsgi:application \
  --bind "${BIND:-0.0.0.0:8000}" \
  --workers "${WEB_CONCURRENCY:-2}" \
  --worker-tmp-dir "${GUNICORN_TMP_DIR:-/dev/shm}" \
  --timeout "${GUNICORN_TIMEOUT:-30}" \
  --graceful-timeout 20 \
  --max-requests 2000 --max-requests-jitter 200 \
  --error-logfile -

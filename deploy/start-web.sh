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
exec gunicorn config.wsgi:application \
  --bind "${BIND:-0.0.0.0:8000}" \
  --workers "${WEB_CONCURRENCY:-2}" \
  --worker-tmp-dir "${GUNICORN_TMP_DIR:-/dev/shm}" \
  --timeout "${GUNICORN_TIMEOUT:-30}" \
  --graceful-timeout 20 \
  --max-requests 2000 --max-requests-jitter 200 \
  --error-logfile -

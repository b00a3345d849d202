#!/bin/sh
# An RQ worker for every queue; scale workers per queue by passing queue names.
set -eu
cd "$(dirname "$0")/.."
if [ "$#" -eq 0 ]; then
  set -- default email scoring
fi
exec python manage.py rqworker --with-scheduler "$@"

#!/bin/sh
# An RQ worker for the queues named (compose runs one per queue); with none, every queue.
set -eu
cd "$(dirname "$0")/.."
if [ "$#" -eq 0 ]; then
  set -- default email scoring
fi
exec python manage.py rqworker --with-scheduler "$@"

#!/usr/bin/env bash
# `make run`'s last step: the development web server and a Celery worker together,
# both stopped by one Ctrl-C. Run from the project folder with VENV and PORT set.
set -euo pipefail

VENV=${VENV:-.venv}
PORT=${PORT:-8000}
export DEBUG=1
# Links in e-mails (invitations) point at this server unless SITE_URL says otherwise.
export SITE_URL=${SITE_URL:-http://localhost:${PORT}}

pids=()
stop() {
    trap - EXIT INT TERM
    kill "${pids[@]}" 2>/dev/null || true
    wait || true
}
# Background jobs of a script ignore Ctrl-C, so the script catches it and stops them.
trap 'stop; exit 0' INT TERM
trap stop EXIT

cat <<TXT

VNR Portal: http://localhost:${PORT}/  (log in with a demo login above)
Starting the web server and a Celery worker; Ctrl-C stops both.

TXT

"$VENV/bin/celery" -A vnr_portal --quiet worker --beat --loglevel info --pool solo &
pids+=($!)
"$VENV/bin/python" manage.py runserver "0.0.0.0:${PORT}" &
pids+=($!)

# Whichever stops first (a crash, a port already in use) takes the other down with it.
wait -n

#!/usr/bin/env bash
# `make run` after its packages: the set-up then the development web server, in one Python
# process (manage.py prepare_run --serve), and a Celery worker beside it.
# The worker is supervised: whenever it stops (a crash, a render killed for its memory,
# someone killing it) it is started again after a short pause, and the web server stays
# up. Ctrl-C stops both; a second Ctrl-C stops the worker without waiting for its task.
# Run from the project folder with VENV and PORT set; PREPARE=0 skips the set-up (the
# database is ready: the script's test).
set -uo pipefail

VENV=${VENV:-.venv}
PORT=${PORT:-8000}
export DEBUG=1
# Links in e-mails (invitations) point at this server unless SITE_URL says otherwise.
export SITE_URL=${SITE_URL:-http://localhost:${PORT}}

run_dir=$(mktemp -d "${TMPDIR:-/tmp}/vnr-devserver.XXXXXX")
# The supervisor writes the running worker's process id here, for the second Ctrl-C.
worker_pid_file="$run_dir/worker.pid"

say() {
    printf '[devserver %s] %s\n' "$(date +%H:%M:%S)" "$*"
}

# In a session of its own (setsid), so that Ctrl-C in the terminal reaches the worker only
# through this script (otherwise it would stop by itself and be restarted while everything
# stops), and so that its process group can be ended whole: a killed worker leaves its beat
# and pool processes behind.
detach=()
if command -v setsid >/dev/null 2>&1; then
    detach=(setsid)
fi

# The prefork pool, as in production, with one process: the render's time limits and
# the worker's memory limits hold, and a render that is killed takes only its process.
# Its process is replaced after CELERY_WORKER_MAX_TASKS_PER_CHILD tasks or past
# CELERY_WORKER_MAX_MEMORY_PER_CHILD KiB (the settings; no option needed), and warms the
# PDF renderer before its first task (reviews/publishing/warmup.py).
start_worker() {
    "${detach[@]}" "$VENV/bin/celery" -A vnr_portal --quiet worker --beat --loglevel info \
        --pool prefork --concurrency 1 &
}

# What a stopped worker leaves in its group (its beat and pool processes when it was
# killed) is stopped too: asked first, killed if still there after 10 s.
end_worker_group() {
    local group=$1 tries=0
    if ((${#detach[@]} == 0)); then
        return
    fi
    kill -TERM -- "-$group" 2>/dev/null || return 0
    while kill -0 -- "-$group" 2>/dev/null; do
        if ((tries++ == 100)); then
            kill -KILL -- "-$group" 2>/dev/null
            return
        fi
        sleep 0.1
    done
}

# Until the web server accepts connections, that is after the set-up (migrations, the demo):
# the worker's start (Celery, its beat, the PDF renderer's warm-up) would otherwise take the
# CPU the web server needs to come up, and the page is what the person running `make run`
# waits for. If the web process ends first, the script stops this one.
wait_for_web() {
    while ! (exec 3<>"/dev/tcp/127.0.0.1/${PORT}") 2>/dev/null; do
        sleep 0.1
    done
}

supervise_worker() {
    local worker="" pause_pid="" pause=1 started code
    # Ctrl-C and a closed terminal reach this subshell too: it leaves them to the script,
    # which asks it to stop with TERM. Then a warm shutdown of the worker (it finishes its
    # task), and out.
    trap '' INT HUP
    trap 'kill -TERM "$worker" $pause_pid 2>/dev/null; wait "$worker" 2>/dev/null; end_worker_group "$worker"; exit 0' TERM
    wait_for_web
    while true; do
        started=$SECONDS
        start_worker
        worker=$!
        echo "$worker" >"$worker_pid_file"
        say "worker started (pid $worker)"
        wait "$worker"
        code=$?
        end_worker_group "$worker"
        # A worker that ran for a while is restarted after a second; one that keeps
        # dying at once, after 2, 4, ... up to 30 seconds.
        if ((SECONDS - started >= 60)); then
            pause=1
        fi
        say "worker stopped (code $code), restarting in ${pause} s"
        sleep "$pause" &
        pause_pid=$!
        wait "$pause_pid"
        pause_pid=""
        pause=$((pause * 2 > 30 ? 30 : pause * 2))
    done
}

web="" supervisor=""
stop() {
    trap - INT TERM HUP
    # A second Ctrl-C while the worker finishes its task: a cold shutdown instead.
    trap 'kill -QUIT "$(cat "$worker_pid_file" 2>/dev/null)" 2>/dev/null' INT
    say "stopping the web server and the worker (Ctrl-C again not to wait for a running task)"
    kill -TERM $web $supervisor 2>/dev/null
    # `wait` returns early when the second Ctrl-C comes: wait again until both are gone.
    local pid
    for pid in $web $supervisor; do
        while kill -0 "$pid" 2>/dev/null; do
            wait "$pid" 2>/dev/null
        done
    done
    rm -rf "$run_dir"
}
# Background jobs of a script ignore Ctrl-C, so the script catches it and stops them.
trap 'stop; exit 0' INT TERM HUP

if [[ -n "${REDIS_URL:-}" ]]; then
    broker="Redis at REDIS_URL"
else
    broker="kombu's filesystem broker in ${CELERY_BROKER_DIR:-${VAR_DIR:-var}/celery-broker}"
fi
banner="
VNR Portal: http://localhost:${PORT}/  (log in with a demo login above)
Starting the web server and a Celery worker (${broker}); Ctrl-C stops both.

"

# Without the reloader the server starts in one process instead of two (the second importing
# every app again); RELOAD=1 restarts it on each code change, for working on the code.
web_options=(--serve "0.0.0.0:${PORT}" --banner "$banner")
if [ "${RELOAD:-}" = 1 ]; then
    web_options+=(--reload)
fi
if [ "${PREPARE:-1}" = 0 ]; then
    web_options+=(--serve-only)
fi
"$VENV/bin/python" manage.py prepare_run "${web_options[@]}" &
web=$!
supervise_worker &
supervisor=$!

# Only the web server's end ends the script (a port already in use, say); the worker is
# restarted by its supervisor.
wait "$web"
code=$?
say "web server stopped (code $code)"
stop
exit "$code"

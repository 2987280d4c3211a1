# Process and port helpers shared by `kafka` and `kafka-secure` (sourced, not run). Each script defines, before
# sourcing this: HERE (this folder), MARKER (the JVM option that marks its brokers), say and die (its messages),
# and, before calling them, PIDFILE and STOP_TIMEOUT.
# shellcheck shell=bash

pom_property() {
    sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$HERE/pom.xml" | head -n1
}

# Alive and not a zombie: a broker reparented to a PID 1 that never reaps would otherwise look alive forever.
alive() {
    local pid="$1" state
    [[ -r "/proc/$pid/stat" ]] || return 1
    state="$(sed -e 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)" || return 1
    [[ -n "$state" && "$state" != Z && "$state" != X ]]
}

# Ours = a kafka.Kafka JVM carrying our marker. Used only to vet a pid we already have (pid file or port owner),
# never to find processes by name.
ours() {
    local pid="$1" cmdline
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
    [[ "$cmdline" == *"$MARKER"* && "$cmdline" == *" kafka.Kafka "* ]]
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# The pid listening on a TCP port, if the system tells us (ss or lsof); empty otherwise.
port_owner() {
    local port="$1" out=""
    if command -v ss >/dev/null 2>&1; then
        out="$(ss -ltnpH "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2)" || true
    fi
    if [[ -z "$out" ]] && command -v lsof >/dev/null 2>&1; then
        out="$(lsof -nP -t -iTCP:"$port" -sTCP:LISTEN 2>/dev/null | head -n1)" || true
    fi
    printf '%s' "$out"
}

describe_owner() {
    local owner
    owner="$(port_owner "$1")"
    if [[ -n "$owner" ]]; then
        printf 'pid %s: %s' "$owner" "$(tr '\0' ' ' <"/proc/$owner/cmdline" 2>/dev/null | cut -c1-160)"
    else
        printf 'a process this user cannot see'
    fi
}

terminate() {
    local pid="$1" waited=0
    say "stopping broker pid $pid (SIGTERM)"
    kill -TERM "$pid" 2>/dev/null || true
    while alive "$pid"; do
        if ((waited >= STOP_TIMEOUT * 10)); then
            say "broker pid $pid still running after ${STOP_TIMEOUT}s: SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            sleep 0.5
            break
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    alive "$pid" && die "broker pid $pid did not exit"
    return 0
}

pid_from_file() {
    local pid=""
    [[ -f "$PIDFILE" ]] && pid="$(tr -dc '0-9' <"$PIDFILE")"
    printf '%s' "$pid"
}

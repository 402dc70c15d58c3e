#!/usr/bin/env bash
# Load the sample databases of shared/data into the test servers, for the
# `--reflect` walks (scripts/walk_*_pg.py, scripts/walk_*_mysql.py) and their
# tests (tests/reflect_servers.rs):
#
#   PostgreSQL  database chinook   (Chinook_PostgreSql.sql: snake_case names)
#               database pagila    (pagila-schema.sql + pagila-data.sql)
#   MariaDB     database Chinook   (Chinook_MySql.sql: PascalCase names)
#               database sakila    (sakila-schema.sql + sakila-data.sql)
#
# usage: scripts/load_samples.sh [--force] [postgresql|mysql]...
#
# Idempotent and quick: a database whose tables all hold the expected number of
# rows is left alone ("ok"); one that is missing, partly loaded or changed is
# dropped and loaded again with the servers' own clients (psql for Pagila's
# COPY, mariadb for Sakila's DELIMITER blocks). --force reloads anyway. Runs
# that overlap (two worktrees, two CI jobs) take turns on a lock file.
#
# Servers: host, port and user (and password) come from ORMSH_TEST_POSTGRESQL_URL
# and ORMSH_TEST_MYSQL_URL when set, else postgres@127.0.0.1:5432 and
# root@127.0.0.1:3306. Data: $ORMSH_SHARED_DATA, else shared/data beside the
# repository (or beside its parent, for a worktree). Exit status 1 when a load
# failed or the counts are still wrong after loading.
set -euo pipefail

force=0
targets=()
for arg in "$@"; do
    case "$arg" in
        --force) force=1 ;;
        postgresql|mysql) targets+=("$arg") ;;
        -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "load_samples: unknown argument '$arg' (--force, postgresql, mysql)" >&2; exit 2 ;;
    esac
done
((${#targets[@]})) || targets=(postgresql mysql)

repo="$(cd "$(dirname "$0")/.." && pwd)"
data="${ORMSH_SHARED_DATA:-}"
if [[ -z "$data" ]]; then
    for base in "$repo/.." "$repo/../.."; do
        if [[ -d "$base/shared/data" ]]; then data="$(cd "$base/shared/data" && pwd)"; break; fi
    done
fi
[[ -n "$data" && -d "$data" ]] || { echo "load_samples: no shared/data found (set ORMSH_SHARED_DATA)" >&2; exit 1; }

# url_part URL FIELD: user, password, host or port of scheme://user:pw@host:port/db
url_part() {
    local re='^[a-z+]+://(([^:@/]*)(:([^@/]*))?@)?([^:/?]*)(:([0-9]+))?'
    [[ "$1" =~ $re ]] || return 0
    case "$2" in
        user) echo "${BASH_REMATCH[2]}" ;;
        password) echo "${BASH_REMATCH[4]}" ;;
        host) echo "${BASH_REMATCH[5]}" ;;
        port) echo "${BASH_REMATCH[7]}" ;;
    esac
}
pg_url="${ORMSH_TEST_POSTGRESQL_URL:-postgresql://postgres@127.0.0.1:5432/test}"
my_url="${ORMSH_TEST_MYSQL_URL:-mysql://root@127.0.0.1:3306/test}"
export PGHOST="$(url_part "$pg_url" host)" PGPORT="$(url_part "$pg_url" port)" PGUSER="$(url_part "$pg_url" user)"
PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
pg_password="$(url_part "$pg_url" password)"
[[ -z "$pg_password" ]] || export PGPASSWORD="$pg_password"
my_host="$(url_part "$my_url" host)" my_port="$(url_part "$my_url" port)" my_user="$(url_part "$my_url" user)"
my_args=(-h "${my_host:-127.0.0.1}" -P "${my_port:-3306}" -u "${my_user:-root}")
my_password="$(url_part "$my_url" password)"
[[ -z "$my_password" ]] || export MYSQL_PWD="$my_password"
mysql_cli="$(command -v mariadb || command -v mysql || true)"

# Expected row counts, table=count sorted by table name (payment is Pagila's
# partitioned parent: its count covers the partitions).
CHINOOK_PG="album=347 artist=275 customer=59 employee=8 genre=25 invoice=412 invoice_line=2240 media_type=5 playlist=18 playlist_track=8715 track=3503"
CHINOOK_MY="Album=347 Artist=275 Customer=59 Employee=8 Genre=25 Invoice=412 InvoiceLine=2240 MediaType=5 Playlist=18 PlaylistTrack=8715 Track=3503"
PAGILA="actor=200 address=603 category=16 city=600 country=109 customer=599 film=1000 film_actor=5462 film_category=2367 inventory=4581 language=6 payment=16049 rental=16044 staff=1500 store=500"
SAKILA="actor=200 address=603 category=16 city=600 country=109 customer=599 film=1000 film_actor=5462 film_category=1000 film_text=1000 inventory=4581 language=6 payment=16049 rental=16044 staff=2 store=2"

# union_of EXPECTED FORMAT: one SELECT giving a row "table=count" per table, in
# the order of EXPECTED; FORMAT is a printf format taking the table name twice.
union_of() {
    local parts=() pair
    for pair in $1; do
        parts+=("$(printf "$2" "${pair%%=*}" "${pair%%=*}")")
    done
    local q
    q="$(printf '%s UNION ALL ' "${parts[@]}")"
    echo "${q% UNION ALL }"
}

pg_counts() { # pg_counts DB EXPECTED: the actual counts, or nothing when the database or a table is missing
    psql -X -d "$1" -tA -c "$(union_of "$2" "SELECT '%s=' || count(*) FROM \"%s\"")" 2>/dev/null | paste -sd' ' || true
}
my_counts() {
    "$mysql_cli" "${my_args[@]}" -D "$1" -N -B -e "$(union_of "$2" "SELECT CONCAT('%s=', count(*)) FROM \`%s\`")" 2>/dev/null \
        | paste -sd' ' || true
}

status=0
report() { printf '%-11s %-8s %s\n' "$1" "$2" "$3"; }

# load_one BACKEND DB EXPECTED LOADER: skip when the counts match, else run LOADER and check again
load_one() {
    local backend="$1" db="$2" expected="$3" loader="$4" got start ms
    got="$("${backend}_counts" "$db" "$expected")"
    if [[ "$force" == 0 && "$got" == "$expected" ]]; then
        report "$backend" "$db" "ok (already loaded)"
        return 0
    fi
    start=$(date +%s%N)
    if ! "$loader" >"$log" 2>&1; then
        report "$backend" "$db" "FAILED to load:"
        tail -20 "$log" | sed 's/^/    /'
        status=1
        return 0
    fi
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    got="$("${backend}_counts" "$db" "$expected")"
    if [[ "$got" == "$expected" ]]; then
        report "$backend" "$db" "loaded in ${ms} ms"
    else
        report "$backend" "$db" "row counts differ after loading: $got"
        status=1
    fi
}

psql_file() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
drop_pg() { psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)"; }
load_chinook_pg() {
    # The script drops and creates `chinook` itself, then \c's into it; drop first
    # WITH (FORCE) so a leftover session cannot make its plain DROP fail.
    drop_pg chinook
    psql_file -d postgres -f "$data/chinook/Chinook_PostgreSql.sql"
}
load_pagila_pg() {
    drop_pg pagila
    psql -X -q -d postgres -c "CREATE DATABASE pagila"
    psql_file -d pagila -f "$data/pagila/pagila-schema.sql"
    psql_file -d pagila -f "$data/pagila/pagila-data.sql"
}
load_chinook_my() { "$mysql_cli" "${my_args[@]}" <"$data/chinook/Chinook_MySql.sql"; }
load_sakila_my() {
    "$mysql_cli" "${my_args[@]}" <"$data/sakila/sakila-schema.sql"
    "$mysql_cli" "${my_args[@]}" <"$data/sakila/sakila-data.sql"
}

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# One loader at a time on this machine (the servers are shared).
exec 9>"${TMPDIR:-/tmp}/ormsh-load-samples.lock"
flock 9

for target in "${targets[@]}"; do
    case "$target" in
        postgresql)
            if ! command -v psql >/dev/null; then report postgresql - "FAILED: no psql"; status=1; continue; fi
            postgresql_counts() { pg_counts "$@"; }
            load_one postgresql chinook "$CHINOOK_PG" load_chinook_pg
            load_one postgresql pagila "$PAGILA" load_pagila_pg
            ;;
        mysql)
            if [[ -z "$mysql_cli" ]]; then report mysql - "FAILED: no mariadb/mysql client"; status=1; continue; fi
            mysql_counts() { my_counts "$@"; }
            load_one mysql Chinook "$CHINOOK_MY" load_chinook_my
            load_one mysql sakila "$SAKILA" load_sakila_my
            ;;
    esac
done
exit "$status"

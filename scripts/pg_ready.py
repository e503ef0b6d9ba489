"""Exit 0 when the PostgreSQL server at the given URL accepts a connection."""

import sys

import psycopg

try:
    with psycopg.connect(sys.argv[1], connect_timeout=5) as connection:
        connection.execute("SELECT 1")
except psycopg.Error as exc:
    print(f"PostgreSQL: {exc}".strip(), file=sys.stderr)
    sys.exit(1)

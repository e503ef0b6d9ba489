"""The person list and its search over a province of 1,000,000 synthetic persons, as pages
(the real view through Django's test client), beside a bare SQL query of the same rows.

``ANSINH_BENCH_LIST_PERSONS`` changes the size. Figures are medians of the queries below.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterator

from django.db import connection
from django.test import Client

from bench.province import province_officer, synth_province

REPEAT = 1
PERSONS = int(os.environ.get("ANSINH_BENCH_LIST_PERSONS", "1000000"))
QUERIES = ["nguyen van", "tran thi h", "le", "hoa", "pham minh", "", "vu", "nguyen thi lan"]


def _median_ms(fn: Callable[[str], object]) -> float:
    times = []
    for query in QUERIES * 2:
        start = time.perf_counter()
        fn(query)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cases() -> Iterator[tuple[str, Callable[[], object], str, Callable[[], object]]]:
    province = synth_province(PERSONS)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(province_officer(province))

    def page(query: str) -> None:
        response = client.get("/nhan-khau/", {"q": query} if query else {})
        assert response.status_code == 200

    def bare(query: str) -> None:
        """The same count and first page, straight from SQL, on the same indexes."""
        with connection.cursor() as cursor:
            where = "(p.name_key LIKE %s OR p.given_key = %s)" if query else "1 = 1"
            params = [f"{query}%", query] if query else []
            scope = ("p.commune_id IN (SELECT id FROM geo_administrativeunit "
                     "WHERE parent_id = %s)")
            cursor.execute(f"SELECT COUNT(*) FROM registry_person p "  # noqa: S608
                           f"WHERE {scope} AND {where}", [province.pk, *params])
            cursor.fetchone()
            cursor.execute(f"SELECT p.id, p.full_name FROM registry_person p "  # noqa: S608
                           f"WHERE {scope} AND {where} "
                           "ORDER BY p.commune_id, p.name_key, p.id LIMIT 50",
                           [province.pk, *params])
            cursor.fetchall()

    name = f"person list + search, {PERSONS:,} persons (median)"
    yield name, lambda: _median_ms(page), "bare SQL count + first page", lambda: _median_ms(bare)

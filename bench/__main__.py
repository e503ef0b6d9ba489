"""`make bench`: heavy paths timed beside the fastest baseline of the same work, same run.

Runs on a throw-away SQLite database (or ANSINH_BENCH_DATABASE_URL, e.g. PostgreSQL). Each line
prints the An Sinh figure, the baseline figure and their ratio; no figure is asserted here.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable

workdir = tempfile.mkdtemp(prefix="ansinh-bench-")
os.environ["ANSINH_VAR_DIR"] = workdir
os.environ["ANSINH_DATABASE_URL"] = os.environ.get("ANSINH_BENCH_DATABASE_URL", "")
# The test settings: static files from the finders, so pages render without collectstatic.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from bench import (  # noqa: E402
    audit_chain,
    geo_units,
    integrity_dedup,
    payroll_generate,
    payroll_print,
    policies_eligibility,
    registry_import,
    registry_lists,
    registry_synth,
    reports_dashboard,
    tables,
)


def timed(fn: Callable[[], object], repeat: int = 3) -> float:
    """The best of ``repeat`` runs, in seconds.

    A case that measures itself (a median of many requests, say) returns its own figure in
    seconds as a float; that figure is used instead of the wall time of the call.
    """
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        measured = fn()
        elapsed = time.perf_counter() - start
        best = min(best, measured if isinstance(measured, float) else elapsed)
    return best


def report(name: str, ours: float, baseline: float, baseline_name: str) -> None:
    ratio = ours / baseline if baseline else float("inf")
    # Two decimals below 1, so that ×0.03 (ours thirty times faster) does not print as ×0.0.
    shown = f"{ratio:5.2f}" if ratio < 1 else f"{ratio:5.1f}"
    print(f"{name:<46} {ours * 1000:9.1f} ms   {baseline_name:<34} {baseline * 1000:9.1f} ms"
          f"   ×{shown}")


def main() -> int:
    call_command("migrate", interactive=False, verbosity=0)
    tables.forget_earlier_payrolls()
    print(f"database: {django.db.connection.vendor}, work dir {workdir}\n")
    benches = (geo_units, audit_chain, registry_synth, registry_import, registry_lists,
               policies_eligibility, payroll_generate, payroll_print, integrity_dedup,
               reports_dashboard)
    # `python -m bench registry_import` runs only the benches named.
    chosen = [b for b in benches if not sys.argv[1:] or b.__name__.split(".")[-1] in sys.argv[1:]]
    for bench in chosen:
        for name, ours, baseline_name, baseline in bench.cases():
            report(name, timed(ours, bench.REPEAT), timed(baseline, bench.REPEAT), baseline_name)
    return 0


if __name__ == "__main__":
    sys.exit(main())

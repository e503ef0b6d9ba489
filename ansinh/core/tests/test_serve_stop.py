"""`ansinh serve` stops its children's whole process groups, orphans included."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from ansinh.core.management.commands.serve import stop_groups

# A child that starts a grandchild deaf to SIGTERM (as a gunicorn worker stuck in a request
# is, for a while), then waits; the child itself stops on SIGTERM. The grandchild prints its pid
# (to the pipe it shares with the child) once it ignores SIGTERM.
_GRANDCHILD = ("import os, signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
               "print(os.getpid(), flush=True); time.sleep(60)")
_CHILD = f"""
import subprocess, sys, time
subprocess.Popen([sys.executable, "-c", {_GRANDCHILD!r}])
time.sleep(60)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_stop_groups_kills_what_a_child_left_behind() -> None:
    child = subprocess.Popen([sys.executable, "-c", _CHILD], process_group=0,  # noqa: S603
                             stdout=subprocess.PIPE)
    assert child.stdout is not None
    grandchild = int(child.stdout.readline())
    try:
        started = time.monotonic()
        stop_groups([child], seconds=1)
        assert child.returncode == -15  # the child stopped on SIGTERM, within the wait
        deadline = time.monotonic() + 5
        while _alive(grandchild) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(grandchild), "the grandchild outlived its group's stop"
        assert time.monotonic() - started < 10
    finally:
        if _alive(grandchild):
            os.kill(grandchild, 9)

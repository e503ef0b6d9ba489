"""`ansinh serve`: the web server and the background worker together; Ctrl-C stops both.

Gunicorn serves the pages (Django's development server only when ANSINH_DEBUG is on);
`ansinh db_worker` runs background jobs. If either exits, the other is stopped too.

Each child runs in a process group of its own, so that stopping it reaches everything it
started: a gunicorn worker still busy when its master was killed would otherwise live on,
orphaned, holding the terminal (or a pipe) open. Ctrl-C reaches `serve`, which stops the groups.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

# Seconds the children get to finish what they are doing before they are killed; gunicorn's
# own graceful timeout is shorter, so that it stops its workers itself within them.
STOP_SECONDS = 15


class Command(BaseCommand):
    help = "Chạy máy chủ web và tiến trình chạy nền; Ctrl-C dừng cả hai."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default=os.environ.get("ANSINH_BIND") or "127.0.0.1:8000")
        parser.add_argument("--workers", type=int,
                            default=int(os.environ.get("ANSINH_WEB_WORKERS") or "3"))

    def handle(self, *args: Any, **options: Any) -> None:
        bind = options["bind"]
        python = sys.executable
        if settings.DEBUG:
            web = [python, "-m", "ansinh", "runserver", bind]
        else:
            web = [python, "-m", "gunicorn", "config.wsgi:application", "--bind", bind,
                   "--workers", str(options["workers"]), "--threads", "4",
                   "--access-logfile", "-", "--timeout", "120",
                   "--graceful-timeout", str(STOP_SECONDS - 5),
                   # gunicorn's control socket (in the home folder) is not used by An Sinh.
                   "--no-control-socket"]
        worker = [python, "-m", "ansinh", "db_worker", "--interval", "1"]
        processes = [subprocess.Popen(command, process_group=0)  # noqa: S603
                     for command in (web, worker)]
        self.stdout.write(f"An Sinh đang chạy tại http://{bind}/ — nhấn Ctrl-C để dừng.")
        stopping = False

        def stop(signum: int, _frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping and all(p.poll() is None for p in processes):
                time.sleep(0.5)
        finally:
            stop_groups(processes)
        codes = [p.returncode for p in processes]
        if not stopping and any(codes):
            self.stderr.write(f"Một tiến trình đã dừng bất thường (mã thoát {codes}).")
            sys.exit(1)
        self.stdout.write("Đã dừng An Sinh.")


def stop_groups(processes: list[subprocess.Popen[bytes]], seconds: float = STOP_SECONDS
                ) -> None:
    """Ask the group of each process (started with ``process_group=0``) to stop, wait up to
    ``seconds``, then kill what is left of the groups: a child that did not stop, or a process
    it left behind."""
    for p in processes:
        _signal_group(p, signal.SIGTERM)
    deadline = time.monotonic() + seconds
    for p in processes:
        try:
            p.wait(timeout=max(deadline - time.monotonic(), 0))
        except subprocess.TimeoutExpired:
            pass
    for p in processes:
        _signal_group(p, signal.SIGKILL)
        p.wait()


def _signal_group(process: subprocess.Popen[bytes], signum: int) -> None:
    # The group outlives its leader while any process of it lives, so it can be signalled
    # after the child itself has exited.
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass  # the whole group has exited

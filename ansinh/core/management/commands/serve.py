"""`ansinh serve`: the web server and the background worker together; Ctrl-C stops both.

Gunicorn serves the pages (Django's development server only when ANSINH_DEBUG is on);
`ansinh db_worker` runs background jobs. If either exits, the other is stopped too.
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
                   # gunicorn's control socket (in the home folder) is not used by An Sinh.
                   "--no-control-socket"]
        worker = [python, "-m", "ansinh", "db_worker", "--interval", "1"]
        processes = [subprocess.Popen(web), subprocess.Popen(worker)]  # noqa: S603
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
            for p in processes:
                if p.poll() is None:
                    p.send_signal(signal.SIGTERM)
            for p in processes:
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
        codes = [p.returncode for p in processes]
        if not stopping and any(codes):
            self.stderr.write(f"Một tiến trình đã dừng bất thường (mã thoát {codes}).")
            sys.exit(1)
        self.stdout.write("Đã dừng An Sinh.")

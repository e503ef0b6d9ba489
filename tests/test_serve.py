"""`ansinh serve` as `make run` starts it: gunicorn and the worker up, Ctrl-C stops both."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _session(sid: int) -> list[int]:
    """The processes of session ``sid``: the server and all it started, whatever their group
    (``serve`` runs each child in a group of its own)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The fields after the command (in parentheses): state, ppid, pgrp, session.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # exited meanwhile
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def test_serve_answers_and_ctrl_c_stops_the_server_and_the_worker(tmp_path: Path) -> None:
    env = {
        **os.environ, "ANSINH_VAR_DIR": str(tmp_path), "ANSINH_DATABASE_URL": "",
        "ANSINH_DEMO": "0", "ANSINH_ADMIN_PASSWORD": "mot-mat-khau-dai-1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    python = sys.executable
    subprocess.run([python, "-m", "ansinh", "setup"], env=env, cwd=ROOT, check=True,  # noqa: S603
                   capture_output=True, timeout=300)
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [python, "-m", "ansinh", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env, cwd=ROOT, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        status = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and status is None:
            try:
                with urllib.request.urlopen(  # noqa: S310
                    f"http://127.0.0.1:{port}/tai-khoan/dang-nhap/", timeout=2
                ) as response:
                    status = response.status
                    body = response.read().decode()
            except OSError:
                time.sleep(0.3)
        assert status == 200
        assert "Đăng nhập" in body
        assert len(_session(server.pid)) >= 4, "serve, gunicorn and its worker, db_worker"
        os.killpg(server.pid, signal.SIGINT)  # what Ctrl-C sends to the terminal's group
        output = server.communicate(timeout=30)[0].decode()
        assert server.returncode == 0, output
        assert "Đã dừng An Sinh" in output
        deadline = time.monotonic() + 10
        while _session(server.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _session(server.pid), "a child process outlived Ctrl-C"
    finally:
        for pid in _session(server.pid):
            os.kill(pid, signal.SIGKILL)

"""A real ``xxgk-lint serve`` on a free port of this machine, for HTTP and browser tests.

Each server runs as its own process, as an office would start it, with its
own TMPDIR so a test can see that no upload outlives its response.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


#: how a server with a fault injected starts: the test's code first, then the command line as ``-m lint`` runs it
_LAUNCH = "\nimport sys\nfrom lint.cli import main\nsys.exit(main(sys.argv[1:]))\n"


class Server:
    def __init__(self, folder: Path, *args: str, inject: str = "") -> None:
        """``inject``: Python run in the server's process before it starts (a fault a test plants)."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.tmp = folder / "tmp"
        self.tmp.mkdir()
        env = {**os.environ, "TMPDIR": str(self.tmp), "PYTHONPATH": str(ROOT)}
        self.log = open(folder / "server.log", "wb")
        start = ["-c", inject + _LAUNCH] if inject else ["-m", "lint"]
        self.process = subprocess.Popen([sys.executable, *start, "serve", "--port", str(self.port), *args],
                                        cwd=folder, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.url + "/", timeout=2).read()
                return
            except (urllib.error.URLError, ConnectionError, OSError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    pytest.fail(f"the server did not start: {(folder / 'server.log').read_text(errors='replace')}")
                time.sleep(0.2)

    def upload_folders(self) -> list[str]:
        return [p.name for p in self.tmp.iterdir() if p.name.startswith("xxgk-web-")]

    def post(self, files: list[tuple[str, bytes]], fields: dict[str, str] | None = None, path: str = "/check"):
        """(status, headers, text) of a multipart upload of ``files`` (name, bytes) in the field ``files``."""
        boundary = uuid.uuid4().hex
        body = b""
        for key, value in (fields or {}).items():
            body += (f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n').encode()
        for name, data in files:
            body += (f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
                     "Content-Type: application/octet-stream\r\n\r\n").encode() + data + b"\r\n"
        body += f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(self.url + path, data=body, method="POST",
                                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, dict(response.headers), response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read().decode("utf-8")

    def get(self, path: str = "/"):
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("serve"))
    yield running
    running.stop()


@pytest.fixture
def make_server(tmp_path):
    started: list[Server] = []

    def start(*args: str, inject: str = "") -> Server:
        folder = tmp_path / f"server-{len(started) + 1}"
        folder.mkdir()
        started.append(Server(folder, *args, inject=inject))
        return started[-1]
    yield start
    for running in started:
        running.stop()


@pytest.fixture(scope="session")
def planted(tmp_path_factory) -> Path:
    from tests.web.planted import planted_docx

    return planted_docx(tmp_path_factory.mktemp("planted") / "年报.docx")

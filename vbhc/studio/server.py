"""Run the studio: a uvicorn server on 127.0.0.1, on a port of its own."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uvicorn

from vbhc.core.errors import VbhcError
from vbhc.studio.app import Studio, create_app

LOOPBACK = "127.0.0.1"


def listening_socket(port: int = 0, host: str = LOOPBACK) -> socket.socket:
    """Return a socket bound to ``host``:``port``; only the loopback address is allowed."""
    if host != LOOPBACK:
        raise VbhcError("vbhc studio chỉ chạy trên máy này (127.0.0.1), không mở ra mạng")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise VbhcError(f"không mở được cổng {port}: {error.strerror or error}") from error
    sock.listen(64)
    return sock


class RunningStudio:
    """A studio serving in a background thread (for tests and benchmarks)."""

    def __init__(self, root: Path, office: Any = None) -> None:
        self.sock = listening_socket()
        self.port = self.sock.getsockname()[1]
        self.studio = Studio(root, self.port, office)
        self.server = uvicorn.Server(uvicorn.Config(create_app(self.studio), log_level="warning",
                                                    lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       daemon=True)

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def __enter__(self) -> RunningStudio:
        self.thread.start()
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("studio did not start")
            threading.Event().wait(0.02)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.studio.previewer.close()
        self.sock.close()


def serve(root: Path, port: int = 0, opened: Callable[[str], None] | None = None) -> None:
    """Serve ``root`` until Ctrl-C; ``opened(url)`` runs once the server listens."""
    sock = listening_socket(port)
    actual = sock.getsockname()[1]
    studio = Studio(root, actual)
    config = uvicorn.Config(create_app(studio), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    if opened is not None:
        def announce() -> None:
            while not server.started and not server.should_exit:
                threading.Event().wait(0.05)
            opened(f"http://{LOOPBACK}:{actual}/")
        threading.Thread(target=announce, daemon=True).start()
    try:
        server.run(sockets=[sock])
    finally:
        studio.previewer.close()
        sock.close()

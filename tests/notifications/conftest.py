"""Real servers on loopback for notifications: an SMTP server (aiosmtpd) that can refuse
chosen recipients, and an HTTP receiver for chat webhooks."""

import json
import os
import signal
import socket
import threading
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from app.config import get_settings


class Mailbox:
    """Collects what the server accepted; refuses the addresses in `refuse`."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.refuse: set[str] = set()
        self.lock = threading.Lock()
        self.kill_at: int | None = None  # kill this process when that message arrives
        self.kill_pid: int | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address.lower() in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.kill_pid and len(self.messages) + 1 == self.kill_at:
            # The sender dies while the server holds its message: not accepted, so the
            # sender must send it again later, once.
            os.kill(self.kill_pid, signal.SIGKILL)
            self.kill_pid = None
            return "421 4.3.0 Connection lost"
        with self.lock:
            self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def ids(self) -> list[str]:
        return [m["Message-ID"] for m in self.messages]


@pytest.fixture
def mailbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    box = Mailbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("ROTA_SMTP_URL", f"smtp://127.0.0.1:{port}")
    monkeypatch.setenv("ROTA_MAIL_FROM", "Rota <rota@example.com>")
    get_settings.cache_clear()
    box.port = port  # type: ignore[attr-defined]
    yield box
    controller.stop()
    monkeypatch.undo()
    get_settings.cache_clear()


class _Receiver(BaseHTTPRequestHandler):
    received: list[dict[str, Any]]

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.received.append(  # type: ignore[attr-defined]
            {"path": self.path, "body": json.loads(body or b"{}")}
        )
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadingHTTPServer]:
    """A chat server on loopback: a deployment that allows private webhook targets."""
    monkeypatch.setenv("ROTA_WEBHOOK_ALLOW_PRIVATE", "true")
    get_settings.cache_clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    server.received = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    monkeypatch.undo()
    get_settings.cache_clear()

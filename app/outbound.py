"""Requests the server makes on someone's behalf (chat webhooks, subscribed calendars) reach
only public addresses: a name is resolved and every address it gives is checked against private,
loopback, link-local, multicast and reserved ranges when the URL is saved, and again at
each connection the server opens, redirects included, on the address actually dialled (a
DNS answer can change between the two). `ROTA_WEBHOOK_ALLOW_PRIVATE=true` lifts the check
for a deployment whose chat server lives on its own network."""

import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import urllib3
import urllib3.util.connection as urllib3_connection

from app.config import get_settings


class BlockedAddress(ConnectionError):
    """The target is not on the public internet; the message says which address and why."""


def _why_not_public(address: str) -> str | None:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind, hit in (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("private", ip.is_private),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved or not ip.is_global),
    ):
        if hit:
            return kind
    return None


def public_addresses(host: str, port: int) -> list[tuple[Any, ...]]:
    """Every address the name resolves to, each checked; raises BlockedAddress naming the
    first that is not public (unless private targets are allowed)."""
    try:
        found = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise BlockedAddress(f"{host} does not resolve ({exc.strerror}).") from exc
    if not get_settings().webhook_allow_private:
        for *_rest, sockaddr in found:
            why = _why_not_public(str(sockaddr[0]))
            if why is not None:
                raise BlockedAddress(
                    f"{host} resolves to {sockaddr[0]} ({why}), not a public address; Rota "
                    "sends only to public addresses (ROTA_WEBHOOK_ALLOW_PRIVATE=true allows "
                    "others)."
                )
    return found


def _guarded_create_connection(
    address: tuple[str, int],
    timeout: Any = socket._GLOBAL_DEFAULT_TIMEOUT,  # type: ignore[attr-defined]
    source_address: tuple[str, int] | None = None,
    socket_options: Any = None,
) -> socket.socket:
    """urllib3's connect, dialling only the addresses that were just checked."""
    host, port = address
    error: OSError | None = None
    for family, kind, proto, _name, sockaddr in public_addresses(host, port):
        sock = socket.socket(family, kind, proto)
        try:
            for option in socket_options or []:
                sock.setsockopt(*option)
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:  # type: ignore[attr-defined]
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            error = exc
            sock.close()
    raise error or OSError(f"no address for {host}")


_lock = threading.Lock()
_users = 0
_original = urllib3_connection.create_connection


@contextmanager
def guarded() -> Iterator[None]:
    """Inside this block every HTTP connection urllib3 opens (Apprise sends through it) is
    checked on the address it dials."""
    global _users
    with _lock:
        _users += 1
        urllib3_connection.create_connection = _guarded_create_connection
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            if _users == 0:
                urllib3_connection.create_connection = _original


class FetchError(ConnectionError):
    """A fetch failed: not reachable, refused by the address check, too slow or too big."""


@dataclass(frozen=True)
class Fetched:
    status: int  # 200, or 304 when the copy the caller holds is still current
    body: bytes
    etag: str | None
    last_modified: str | None


def check_public_url(url: str) -> tuple[str, int]:
    """An http(s) URL whose host resolves only to public addresses; (host, port)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BlockedAddress("Give an http:// or https:// address.")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    public_addresses(parts.hostname, port)
    return parts.hostname, port


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    max_bytes: int = 5_000_000,
    timeout_s: float = 15.0,
) -> Fetched:
    """GET a public URL, conditionally (ETag / Last-Modified), bounded in size and time, at
    most three redirects, each connection checked on the address it dials."""
    check_public_url(url)
    headers = {"User-Agent": "Rota calendar sync", "Accept": "text/calendar, */*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    started = time.monotonic()
    try:
        with guarded():
            response = urllib3.request(
                "GET",
                url,
                headers=headers,
                timeout=urllib3.Timeout(connect=min(5.0, timeout_s), read=timeout_s),
                retries=urllib3.Retry(total=3, redirect=3, raise_on_redirect=True),
                preload_content=False,
            )
            try:
                body = bytearray()
                for chunk in response.stream(65_536):
                    body += chunk
                    if len(body) > max_bytes:
                        raise FetchError(f"larger than {max_bytes:,} bytes")
                    if time.monotonic() - started > timeout_s:
                        raise FetchError(f"took longer than {timeout_s:g} s")
            finally:
                response.release_conn()
    except urllib3.exceptions.HTTPError as exc:
        raise FetchError(f"not reachable ({exc.__class__.__name__})") from exc
    if response.status == 304:
        return Fetched(304, b"", etag, last_modified)
    if response.status != 200:
        raise FetchError(f"answered HTTP {response.status}")
    return Fetched(
        200, bytes(body), response.headers.get("ETag"), response.headers.get("Last-Modified")
    )

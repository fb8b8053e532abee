"""Requests the server makes on someone's behalf (chat webhooks) reach only public
addresses: a name is resolved and every address it gives is checked against private,
loopback, link-local, multicast and reserved ranges when the URL is saved, and again at
each connection the server opens, redirects included, on the address actually dialled (a
DNS answer can change between the two). `ROTA_WEBHOOK_ALLOW_PRIVATE=true` lifts the check
for a deployment whose chat server lives on its own network."""

import ipaddress
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

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

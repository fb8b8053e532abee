"""A real OpenID provider (oidc-provider-mock) on loopback, behind a switch that makes it
misbehave the way a wrong or hostile provider would: tokens for another issuer, for another
client (audience), or carrying another nonce."""

import base64
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl, urlencode

import oidc_provider_mock
import werkzeug.serving

CLIENT_ID = "rota-test"
CLIENT_SECRET = "rota-test-secret"


class Tamper:
    """WSGI middleware: rewrites requests to the provider while `mode` is set."""

    def __init__(self, app: Any) -> None:
        self.app, self.mode, self.port = app, None, 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        path = environ.get("PATH_INFO", "")
        if self.mode == "issuer" and path == "/oauth2/token":
            # The provider names itself after the Host it is asked on: another issuer.
            environ["HTTP_HOST"] = f"127.0.0.1:{self.port}"
        if self.mode in ("audience", "nonce") and path == "/oauth2/authorize":
            query = dict(parse_qsl(environ.get("QUERY_STRING", "")))
            if self.mode == "audience":
                query["client_id"] = "another-app"
            else:
                query["nonce"] = "a-nonce-rota-never-sent"
            environ["QUERY_STRING"] = urlencode(query)
        if self.mode == "audience" and path == "/oauth2/token":
            pair = base64.b64encode(b"another-app:anything").decode()
            environ["HTTP_AUTHORIZATION"] = f"Basic {pair}"
        return self.app(environ, start_response)


@contextmanager
def running() -> Iterator[tuple[str, Tamper]]:
    tamper = Tamper(oidc_provider_mock.app(require_nonce=True))
    server = werkzeug.serving.make_server("localhost", 0, tamper, threaded=True)
    tamper.port = server.server_port
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield f"http://localhost:{server.server_port}", tamper
    finally:
        server.shutdown()
        thread.join(5)

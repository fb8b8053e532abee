"""Chat webhooks reach only public addresses: refused when saved, and again at delivery on
the address the connection actually dials, unless the deployment allows private targets."""

import pytest
import urllib3
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app import outbound
from app.config import get_settings
from app.db import get_engine
from app.notifications import delivery
from app.notifications.models import Category, ChatWebhook, Notification
from app.notifications.outbox import queue_chat


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("json://127.0.0.1:8080/hook", "loopback"),
        ("json://localhost/hook", "loopback"),
        ("jsons://[::1]/hook", "loopback"),
        ("json://2130706433/hook", "loopback"),  # 127.0.0.1 as a number
        ("mmost://169.254.169.254/token", "link-local"),
        ("json://10.1.2.3/hook", "private"),
        ("json://192.168.0.10/hook", "private"),
        ("json://[fd00::1]/hook", "private"),
        ("json://224.0.0.1/hook", "multicast"),
        ("json://0.0.0.0/hook", "unspecified"),
        ("json://[::ffff:127.0.0.1]/hook", "loopback"),
    ],
)
def test_a_webhook_to_an_internal_address_is_refused_when_saved(
    client: TestClient, admin, url: str, kind: str
) -> None:
    answer = client.post(
        "/api/v1/chat-webhooks", json={"name": "x", "url": url}, headers=admin.headers
    )
    assert answer.status_code == 422, answer.text
    [error] = answer.json()["errors"]
    assert error["field"] == "url"
    assert f"({kind}), not a public address" in error["message"]


def test_a_cloud_chat_service_is_saved(client: TestClient, admin) -> None:
    url = "slack://T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX"
    answer = client.post(
        "/api/v1/chat-webhooks", json={"name": "Line", "url": url}, headers=admin.headers
    )
    assert (answer.status_code, answer.json()["kind"]) == (201, "slack")


def test_a_stored_internal_webhook_is_not_called_at_delivery(session: Session, receiver) -> None:
    # Saved while the deployment allowed private targets (or while its name resolved to a
    # public address); the setting is gone now: delivery refuses it for good.
    hook = ChatWebhook(
        name="Inside", url=f"json://127.0.0.1:{receiver.server_address[1]}/x", categories=["turns"]
    )
    session.add(hook)
    session.flush()
    queue_chat(
        session, key="in:1", category=Category.turns, webhook_id=hook.id, title="t", text="x"
    )
    session.commit()
    get_settings().webhook_allow_private = False
    report = delivery.deliver(get_engine())
    assert (report.sent, report.dead) == (0, 1)
    row = session.exec(select(Notification)).one()
    session.refresh(row)
    assert "127.0.0.1 (loopback), not a public address" in (row.last_error or "")
    assert receiver.received == []  # type: ignore[attr-defined]


def test_every_connection_is_checked_on_the_address_dialled(receiver) -> None:
    # What a redirect or a changed DNS answer would reach: the connection itself is refused.
    get_settings().webhook_allow_private = False
    http = urllib3.PoolManager(retries=False)
    with outbound.guarded(), pytest.raises(urllib3.exceptions.HTTPError) as refused:
        http.request("POST", f"http://127.0.0.1:{receiver.server_address[1]}/x", body=b"{}")
    assert "(loopback), not a public address" in str(refused.value)
    assert receiver.received == []  # type: ignore[attr-defined]
    get_settings().webhook_allow_private = True
    with outbound.guarded():
        answer = http.request(
            "POST", f"http://127.0.0.1:{receiver.server_address[1]}/x", body=b"{}"
        )
    assert answer.status == 200

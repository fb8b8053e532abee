"""Which host a chat webhook URL sends to, and whether Rota may send there. Cloud chat
services (Slack, Teams, Discord, Google Chat) post to their vendor's fixed hosts; services
that run on a company's own server (Mattermost, Rocket.Chat, a JSON endpoint) post to the
host the URL names, and that host must be public (`app.outbound`)."""

import apprise

from app import outbound
from app.errors import Invalid


def chat_target(url: str) -> tuple[str, int] | None:
    """The (host, port) a self-hosted service's URL names; None for a cloud service."""
    plugin = apprise.Apprise.instantiate(url)
    # Apprise gives a plain `protocol` only to services on a host of the user's choosing.
    if plugin is None or not getattr(plugin, "protocol", None):
        return None
    host = str(getattr(plugin, "host", "") or "")
    port = getattr(plugin, "port", None) or (443 if getattr(plugin, "secure", False) else 80)
    return host, int(port)


def check_url(url: str) -> None:
    """A URL Apprise understands, whose server (if it names one) is public."""
    if not apprise.Apprise().add(url):
        raise Invalid(
            "Not a chat URL Apprise understands (for example slack://…, msteams://…, gchat://…, "
            "mmost://…).",
            field="url",
        )
    target = chat_target(url)
    if target is None:
        return
    try:
        outbound.public_addresses(*target)
    except outbound.BlockedAddress as exc:
        raise Invalid(str(exc), field="url") from exc

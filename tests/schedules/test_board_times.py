"""The week board gives each shift's hours in its own zone and in the viewer's."""

from sqlmodel import select

from app.auth.service import hash_password
from app.rules.models import RotationSettings
from tests.factories import make_line
from tests.schedules.conftest import START
from tests.schedules.test_loop import generate
from tests.web.test_pages import PASSWORD, sign_in


def test_board_shows_shift_hours_in_the_viewers_zone(client, hr, session) -> None:
    make_line(session)
    hr.user.password_hash = hash_password(PASSWORD)
    session.add(hr.user)
    settings = session.exec(select(RotationSettings)).one()
    settings.support_timezone = "Europe/Berlin"  # HR has no employee record: the line's zone
    session.add(settings)
    session.commit()
    schedule = generate(client, hr, weeks=1)
    sign_in(client, hr.user.email)
    page = client.get(f"/schedules/{schedule}/weeks/{START}").text
    assert (
        "<small>09:00–13:00 America/New_York<br>15:00–19:00 your time (Europe/Berlin)</small>"
        in page
    )
    assert "<h1>Week of Mon 11 Jan — schedule" in page

"""The coverage heatmap shows each channel of each shift on its own, and for a need that
asks for a skill, how many of the people staffed have it."""

import re
from collections import Counter

from app.auth.service import hash_password
from tests.factories import make_channel, make_line, make_need
from tests.schedules.conftest import START
from tests.schedules.test_loop import generate
from tests.web.test_pages import PASSWORD, sign_in


def test_heatmap_cells_per_shift_and_channel_with_the_skill_count(client, hr, session) -> None:
    line = make_line(session)
    chat = make_channel(session, name="chat")
    make_need(
        session,
        channel_id=chat.id,
        shift_template_id=line["shift"].id,
        min_people=1,
        max_people=2,
        skill="de",
        skill_min=1,
    )
    speaker = line["support"][0]
    speaker.skills = ["de"]
    session.add(speaker)
    hr.user.password_hash = hash_password(PASSWORD)
    session.add(hr.user)
    session.commit()
    schedule = generate(client, hr, weeks=1)
    shifts = client.get(
        f"/api/v1/schedules/{schedule}/shifts", params={"limit": 500}, headers=hr.headers
    ).json()["items"]
    staffed = Counter((s["day"][:10], s["channel"]) for s in shifts)
    with_de = Counter(
        s["day"][:10] for s in shifts if s["channel"] == "chat" and s["employee_id"] == speaker.id
    )

    sign_in(client, hr.user.email)
    page = client.get(f"/schedules/{schedule}/coverage?start={START}&weeks=1").text
    head = page.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert re.findall(r'<th scope="colgroup" colspan="(\d)">([^<]+)</th>', head) == [
        ("2", "Morning")
    ]
    assert re.findall(r'<th scope="col">([a-z]+)</th>', head) == ["phone", "chat"]
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    days = sorted({d for d, _ in staffed})
    assert len(rows) == len(days) == 5
    for day, row in zip(days, rows, strict=True):
        phone, chat_cell = re.findall(r"<td [^>]*>(.*?)</td>", row, re.S)
        assert phone.startswith(f"{staffed[(day, 'phone')]} / 4")
        assert f"{staffed[(day, 'chat')]} / 1" in chat_cell
        assert f'<small class="skill">de {with_de[day]} / 1' in chat_cell

from datetime import date

import pytest

from app import clock

TODAY = date(2027, 1, 6)  # a Wednesday
START = "2027-01-11"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return TODAY

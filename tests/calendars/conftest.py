from tests.schedules.conftest import fixed_today  # noqa: F401  (the same fixed "today")

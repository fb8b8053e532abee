from tests.factories import make_department


class TestPresets:
    def test_all_four_presets_are_offered(self, client, hr):
        presets = client.get("/api/v1/rules/presets", headers=hr.headers).json()
        assert set(presets) == {
            "onboarding_fortnight",
            "annual_support_week",
            "executive_day",
            "everyone_support_day",
        }
        onboarding = presets["onboarding_fortnight"]
        assert (
            onboarding["applies_to"],
            onboarding["turn_weeks"],
            onboarding["days_per_turn"],
            onboarding["start_within_weeks"],
            onboarding["with_mentor"],
        ) == ("new_hires", 2, 5, 4, True)
        assert presets["executive_day"]["days_per_turn"] == 1
        assert presets["executive_day"]["cycle_weeks"] == 4
        assert presets["everyone_support_day"]["cycle_weeks"] == 8

    def test_create_from_each_preset_then_edit(self, client, hr):
        for preset in (
            "onboarding_fortnight",
            "annual_support_week",
            "executive_day",
            "everyone_support_day",
        ):
            response = client.post(f"/api/v1/rules/from-preset/{preset}", headers=hr.headers)
            assert response.status_code == 201, response.text
            assert response.json()["preset"] == preset
        rules = client.get("/api/v1/rules", headers=hr.headers).json()
        assert rules["total"] == 4
        annual = next(r for r in rules["items"] if r["preset"] == "annual_support_week")
        edited = client.patch(
            f"/api/v1/rules/{annual['id']}",
            json={"turn_weeks": 2, "active": False},
            headers=hr.headers,
        )
        assert edited.json()["turn_weeks"] == 2
        assert (
            client.get("/api/v1/rules", params={"active": True}, headers=hr.headers).json()["total"]
            == 3
        )

    def test_unknown_preset_is_404(self, client, hr):
        assert client.post("/api/v1/rules/from-preset/nope", headers=hr.headers).status_code == 404


class TestRuleValidation:
    def test_department_rule_needs_known_departments(self, client, hr, session):
        dept = make_department(session)
        body = {"name": "Eng week", "applies_to": "departments", "department_ids": []}
        empty = client.post("/api/v1/rules", json=body, headers=hr.headers)
        assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "department_ids"
        unknown = client.post(
            "/api/v1/rules", json=body | {"department_ids": [dept.id, 99999]}, headers=hr.headers
        )
        assert unknown.status_code == 422 and "99999" in unknown.json()["detail"]
        ok = client.post(
            "/api/v1/rules", json=body | {"department_ids": [dept.id]}, headers=hr.headers
        )
        assert ok.status_code == 201

    def test_blocks_must_fit_in_cycle(self, client, hr):
        response = client.post(
            "/api/v1/rules",
            json={"name": "Too much", "turn_weeks": 3, "turns_per_cycle": 2, "cycle_weeks": 4},
            headers=hr.headers,
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "cycle_weeks"

    def test_new_hire_rule_needs_start_window(self, client, hr):
        response = client.post(
            "/api/v1/rules",
            json={"name": "Onboarding", "applies_to": "new_hires"},
            headers=hr.headers,
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "start_within_weeks"

    def test_days_per_turn_range(self, client, hr):
        response = client.post(
            "/api/v1/rules", json={"name": "X", "days_per_turn": 6}, headers=hr.headers
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "days_per_turn"

    def test_delete(self, client, hr):
        rule = client.post("/api/v1/rules", json={"name": "X"}, headers=hr.headers).json()
        assert client.delete(f"/api/v1/rules/{rule['id']}", headers=hr.headers).status_code == 204
        assert client.get(f"/api/v1/rules/{rule['id']}", headers=hr.headers).status_code == 404


class TestSettings:
    def test_defaults_then_update(self, client, hr):
        current = client.get("/api/v1/settings", headers=hr.headers).json()
        assert current["mentees_per_mentor"] == 2 and current["holiday_country"] == "US"
        updated = client.patch(
            "/api/v1/settings",
            json={"holiday_country": "de", "holiday_subdivision": "BE", "freeze_weeks": 3},
            headers=hr.headers,
        )
        assert updated.status_code == 200
        assert updated.json()["holiday_country"] == "DE"
        assert client.get("/api/v1/settings", headers=hr.headers).json()["freeze_weeks"] == 3

    def test_unknown_holiday_calendar_is_422(self, client, hr):
        bad = client.patch("/api/v1/settings", json={"holiday_country": "ZZ"}, headers=hr.headers)
        assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "holiday_country"
        sub = client.patch(
            "/api/v1/settings",
            json={"holiday_country": "US", "holiday_subdivision": "XX"},
            headers=hr.headers,
        )
        assert sub.status_code == 422

    def test_employee_cannot_change_settings(self, client, staff):
        response = client.patch("/api/v1/settings", json={"freeze_weeks": 1}, headers=staff.headers)
        assert response.status_code == 403

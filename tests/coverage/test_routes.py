from tests.factories import make_channel, make_need, make_shift


class TestChannels:
    def test_crud(self, client, hr):
        created = client.post("/api/v1/channels", json={"name": " Chat "}, headers=hr.headers)
        assert created.status_code == 201 and created.json()["name"] == "chat"
        cid = created.json()["id"]
        assert (
            client.patch(
                f"/api/v1/channels/{cid}", json={"description": "Web chat"}, headers=hr.headers
            ).json()["description"]
            == "Web chat"
        )
        assert client.get("/api/v1/channels", headers=hr.headers).json()["total"] == 1
        assert client.delete(f"/api/v1/channels/{cid}", headers=hr.headers).status_code == 204
        assert client.get(f"/api/v1/channels/{cid}", headers=hr.headers).status_code == 404

    def test_duplicate_is_409(self, client, hr, session):
        make_channel(session, name="phone")
        response = client.post("/api/v1/channels", json={"name": "Phone"}, headers=hr.headers)
        assert response.status_code == 409

    def test_delete_in_use_is_409(self, client, hr, session):
        need = make_need(session)
        response = client.delete(f"/api/v1/channels/{need.channel_id}", headers=hr.headers)
        assert response.status_code == 409
        assert "coverage need" in response.json()["detail"]


class TestShiftTemplates:
    def test_create_has_readable_label(self, client, hr):
        response = client.post(
            "/api/v1/shift-templates",
            json={
                "name": "Morning",
                "start_time": "09:00",
                "end_time": "13:00",
                "weekdays": [4, 0, 1, 2, 3, 3],
                "timezone": "America/New_York",
            },
            headers=hr.headers,
        )
        assert response.status_code == 201
        body = response.json()
        assert body["weekdays"] == [0, 1, 2, 3, 4]
        assert body["label"] == "Morning 09:00–13:00 Mon–Fri America/New_York"

    def test_a_shift_may_run_past_midnight_but_not_end_when_it_starts(self, client, hr):
        night = client.post(
            "/api/v1/shift-templates",
            json={"name": "Night", "start_time": "22:00", "end_time": "03:00"},
            headers=hr.headers,
        )
        assert night.status_code == 201, night.text
        assert night.json()["label"] == "Night 22:00–03:00 Mon–Fri America/New_York"
        response = client.post(
            "/api/v1/shift-templates",
            json={"name": "Empty", "start_time": "22:00", "end_time": "22:00"},
            headers=hr.headers,
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "end_time"

    def test_bad_weekdays_and_timezone(self, client, hr):
        response = client.post(
            "/api/v1/shift-templates",
            json={
                "name": "X",
                "start_time": "09:00",
                "end_time": "10:00",
                "weekdays": [7],
                "timezone": "Nowhere/City",
            },
            headers=hr.headers,
        )
        assert response.status_code == 422
        assert {e["field"] for e in response.json()["errors"]} == {"weekdays", "timezone"}

    def test_update_checks_merged_times(self, client, hr, session):
        shift = make_shift(session)
        bad = client.patch(
            f"/api/v1/shift-templates/{shift.id}", json={"start_time": "13:00"}, headers=hr.headers
        )
        assert bad.status_code == 422  # merged with the stored 13:00 end
        good = client.patch(
            f"/api/v1/shift-templates/{shift.id}", json={"end_time": "12:00"}, headers=hr.headers
        )
        assert good.json()["end_time"] == "12:00:00"

    def test_delete_in_use_is_409_then_ok(self, client, hr, session):
        need = make_need(session)
        sid = need.shift_template_id
        assert (
            client.delete(f"/api/v1/shift-templates/{sid}", headers=hr.headers).status_code == 409
        )
        assert (
            client.delete(f"/api/v1/coverage-needs/{need.id}", headers=hr.headers).status_code
            == 204
        )
        assert (
            client.delete(f"/api/v1/shift-templates/{sid}", headers=hr.headers).status_code == 204
        )

    def test_employee_may_read_not_write(self, client, staff, session):
        make_shift(session)
        assert client.get("/api/v1/shift-templates", headers=staff.headers).status_code == 200
        response = client.post(
            "/api/v1/shift-templates",
            json={"name": "X", "start_time": "09:00", "end_time": "10:00"},
            headers=staff.headers,
        )
        assert response.status_code == 403


class TestCoverageNeeds:
    def test_create_with_skill(self, client, hr, session):
        channel, shift = make_channel(session), make_shift(session)
        response = client.post(
            "/api/v1/coverage-needs",
            json={
                "channel_id": channel.id,
                "shift_template_id": shift.id,
                "min_people": 2,
                "max_people": 4,
                "skill": "DE",
                "skill_min": 1,
            },
            headers=hr.headers,
        )
        assert response.status_code == 201
        assert response.json()["skill"] == "de"
        listed = client.get(
            "/api/v1/coverage-needs", params={"channel_id": channel.id}, headers=hr.headers
        ).json()
        assert listed["total"] == 1

    def test_min_above_max_is_422(self, client, hr, session):
        channel, shift = make_channel(session), make_shift(session)
        response = client.post(
            "/api/v1/coverage-needs",
            json={
                "channel_id": channel.id,
                "shift_template_id": shift.id,
                "min_people": 5,
                "max_people": 2,
            },
            headers=hr.headers,
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "min_people"

    def test_skill_min_needs_skill(self, client, hr, session):
        channel, shift = make_channel(session), make_shift(session)
        response = client.post(
            "/api/v1/coverage-needs",
            json={"channel_id": channel.id, "shift_template_id": shift.id, "skill_min": 1},
            headers=hr.headers,
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "skill"

    def test_unknown_references_and_duplicates(self, client, hr, session):
        need = make_need(session)
        unknown = client.post(
            "/api/v1/coverage-needs",
            json={"channel_id": 999999, "shift_template_id": need.shift_template_id},
            headers=hr.headers,
        )
        assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "channel_id"
        twice = client.post(
            "/api/v1/coverage-needs",
            json={"channel_id": need.channel_id, "shift_template_id": need.shift_template_id},
            headers=hr.headers,
        )
        assert twice.status_code == 409

    def test_update_merges_and_validates(self, client, hr, session):
        need = make_need(session, min_people=1, max_people=3)
        assert (
            client.patch(
                f"/api/v1/coverage-needs/{need.id}", json={"max_people": 0}, headers=hr.headers
            ).status_code
            == 422
        )
        ok = client.patch(
            f"/api/v1/coverage-needs/{need.id}", json={"min_people": 2}, headers=hr.headers
        )
        assert ok.status_code == 200 and ok.json()["min_people"] == 2
        assert (
            client.get(f"/api/v1/coverage-needs/{need.id}", headers=hr.headers).json()["min_people"]
            == 2
        )

"""The API refuses a query parameter it does not know, naming it, once the caller is known:
a stranger hears 401 first, and a typo never reads as "no filter"."""


def test_an_unknown_query_parameter_is_refused_by_name(client, hr) -> None:
    typo = client.get("/api/v1/employees?actve=false", headers=hr.headers)
    assert typo.status_code == 422
    problem = typo.json()
    assert problem["errors"][0]["field"] == "actve"
    assert "this address takes: active, department_id" in problem["detail"]
    assert client.get("/api/v1/employees?active=false", headers=hr.headers).status_code == 200
    # Parameters of the route's dependencies count too (paging: limit and offset).
    assert client.get("/api/v1/employees?limit=5&offset=0", headers=hr.headers).status_code == 200
    stranger = client.get("/api/v1/employees?actve=false")
    assert stranger.status_code == 401

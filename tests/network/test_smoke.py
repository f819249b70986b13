def test_pages_render(client, cast, escalation):
    client.force_login(cast["secretariat"])
    for url in [
        "/network/",
        f"/network/escalations/{escalation.pk}/",
        "/network/escalations/new/",
        "/network/register/",
        "/network/register/new/",
        "/network/register/stats/",
        "/",
        "/network/?view=awaiting",
    ]:
        r = client.get(url)
        assert r.status_code == 200, url
    client.logout()
    assert client.get("/register/").status_code == 200

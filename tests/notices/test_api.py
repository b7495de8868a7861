"""The REST API of notices: publish, read, update, resolve; 404 and 422 field by field."""

from __future__ import annotations

from cxm.users.service import create_api_key


def test_publish_update_resolve_through_the_api(web_world, sign_in):
    world = web_world
    client = sign_in(None)
    with world.engine.begin() as conn:
        key = create_api_key(conn, "status", world.clock.now())
    auth = {"Authorization": f"Bearer {key}"}
    body = {
        "kind": "incident",
        "texts": {"en": {"title": "VPS outage"}, "km": {"title": "VPS ដាច់"}},
        "audience": {"plan": ["vps"]},
    }
    assert client.post("/api/v1/notices", json=body).status_code == 401
    made = client.post("/api/v1/notices", json=body, headers=auth)
    assert made.status_code == 201, made.text
    notice = made.json()
    assert notice["status"] == "in_progress" and notice["emails"] == {"queued": 3}
    assert notice["missing"] == {"th": ["title"], "vi": ["title"]}
    nid = notice["id"]
    upd = client.post(
        f"/api/v1/notices/{nid}/updates",
        json={"texts": {"en": "Fixed, watching."}, "status": "monitoring"},
        headers=auth,
    )
    assert upd.status_code == 201 and upd.json()["status"] == "monitoring"
    done = client.post(f"/api/v1/notices/{nid}/resolve", json={}, headers=auth)
    assert done.status_code == 200 and done.json()["resolved_at"] is not None
    assert done.json()["emails"] == {"queued": 9}
    again = client.post(f"/api/v1/notices/{nid}/resolve", json={}, headers=auth)
    assert again.status_code == 422
    assert client.get("/api/v1/notices/999", headers=auth).status_code == 404
    listed = client.get("/api/v1/notices", headers=auth).json()
    assert [n["id"] for n in listed] == [nid]
    for wrong, where in (
        ({**body, "kind": "party"}, "kind"),
        ({**body, "starts_at": "2025-06-02T10:00:00"}, "starts_at"),
        ({**body, "audience": {"bad key": ["x"]}}, "audience"),
        ({**body, "texts": {"en": {"title": "x\x00"}}}, "texts"),
    ):
        refused = client.post("/api/v1/notices", json=wrong, headers=auth)
        assert refused.status_code == 422, wrong
        assert where in str(refused.json()["detail"][0]["loc"])
    no_title = client.post(
        "/api/v1/notices", json={**body, "texts": {"km": {"title": "x"}}}, headers=auth
    )
    assert no_title.status_code == 422 and "default language" in no_title.text

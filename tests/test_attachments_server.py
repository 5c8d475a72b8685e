"""Attachments in a team workspace, through the real team server (issue 12): a desk's reply
with files travels as one message.insert after its content is uploaded; another desk pulls
the metadata and fetches the content on demand (and keeps it); and a hostile agent with
valid credentials reads no other team's file, cannot attach content by knowing its hash,
cannot replace content by forging a hash, and cannot send what the rules refuse."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from agentdesk.server.app import MAX_UPLOAD
from agentdesk.server.feed import stamp_unversioned
from agentdesk.services import attachments as att
from agentdesk.services import tickets
from agentdesk.services.common import current_agent
from agentdesk.services.templates import send_with_changes
from agentdesk.sync import capture
from agentdesk.sync import protocol as p
from tests.factories import seed_small
from tests.server_attack_support import T, World, assert_clean, m, module_database
from tests.test_attachments_service import PDF, png
from tests.test_sync_support import client, close, replica


# --- two desks of one team ------------------------------------------------------------------------
@pytest.fixture
def desks(pg_db, tmp_path):
    ids = seed_small(pg_db)
    stamp_unversioned(pg_db.engine)
    reps = {}
    for login in ("kim.minji", "lee.junho"):
        rep = replica(tmp_path, login, login)
        reps[login] = (rep, client(rep, pg_db))
        capture.install(rep.db, login)
    yield pg_db, ids, reps
    for rep, c in reps.values():
        c.close()
        close(rep)


def test_a_reply_with_files_reaches_the_server_and_a_colleague_fetches_them_on_demand(desks):
    server, ids, reps = desks
    (kim, ck), (lee, cl) = reps["kim.minji"], reps["lee.junho"]
    image = png(4, 3)
    with kim.db.session() as s:
        me = current_agent(s, "kim.minji")
        t = tickets.resolve_ticket(s, ids["t2"])
        pending = att.add_to_draft(s, t.id, me.id, "스크린샷.png", image)
        sent = send_with_changes(s, t.id, me, "화면을 보내 드립니다.", "note", attachments=[pending])
    kim_att = sent.message.attachments[0]
    outbox = kim.outbox(pending_only=True)
    assert [e.op for e in outbox] == [p.MESSAGE_INSERT]
    assert outbox[0].payload["attachments"] == [{"id": str(kim_att.id), "filename": "스크린샷.png",
                                                 "sha256": att.sha256_of(image)}]
    pushed, pulled = ck.sync_once()
    assert (pushed.applied, pushed.rejected, pushed.error) == (1, 0, ""), pushed
    with server.engine.connect() as conn:
        row = conn.execute(select(T["attachments"]).where(T["attachments"].c.id == kim_att.id)).one()
        assert (row.filename, row.size, row.mime_type, row.message_id) == ("스크린샷.png", len(image), "image/png",
                                                                            sent.message.id)
        assert row.rev > 0
        assert conn.execute(select(T["attachment_blobs"].c.data)
                            .where(T["attachment_blobs"].c.sha256 == row.sha256)).scalar() == image
    # The colleague pulls the metadata; the content comes when it is asked for, and stays.
    cl.pull_once()
    with lee.db.session() as s:
        last = tickets.get_detail(s, ids["t2"]).messages[-1]
        assert [(f.id, f.filename, f.size) for f in last.attachments] == [(kim_att.id, "스크린샷.png", len(image))]
        with pytest.raises(att.ContentUnavailable):
            att.read_content(s, kim_att.id)
    with lee.db.session() as s:
        assert att.read_content(s, kim_att.id, fetch=cl.transport.fetch_attachment)[1] == image
    with lee.db.session() as s:
        assert att.read_content(s, kim_att.id)[1] == image  # cached: no server needed now
    # The author's own replica still agrees with the server after the pull.
    with kim.db.session() as s:
        mine = tickets.get_detail(s, ids["t2"]).messages[-1].attachments
        assert [(f.id, f.size, f.mime_type) for f in mine] == [(kim_att.id, len(image), "image/png")]


def test_a_refused_file_takes_its_message_back_off_the_desk(desks):
    server, ids, reps = desks
    kim, ck = reps["kim.minji"]
    with kim.db.session() as s:
        me = current_agent(s, "kim.minji")
        m1 = tickets.add_message(s, ids["t2"], me, "첨부", kind="note", attachments=[att.NewFile("a.pdf", PDF)])
    # The content never reaches the server (as if its upload had been refused).
    with kim.db.engine.begin() as conn:
        conn.execute(T["attachment_blobs"].delete())
    pushed, _ = ck.sync_once()
    assert pushed.rejected == 1
    assert any("was not uploaded" in c.message for c in kim.conflicts() if c.kind == "rejected")
    with kim.db.session() as s:
        assert m1.id not in {x.id for x in tickets.get_detail(s, ids["t2"]).messages}
        assert s.scalar(select(T["attachments"].c.id)) is None


def test_files_alone_cannot_be_added_to_a_message_from_a_team_desk(desks):
    server, ids, reps = desks
    kim, _ = reps["kim.minji"]
    from agentdesk.models import Attachment
    from agentdesk.services.common import NotAllowed

    with pytest.raises(NotAllowed, match="with it"), kim.db.session() as s:
        msg_id = tickets.get_detail(s, ids["t2"]).messages[0].id
        t = tickets.resolve_ticket(s, ids["t2"])
        s.add(Attachment(message_id=msg_id, ticket_id=t.id, filename="late.pdf", mime_type="application/pdf",
                         size=len(PDF), sha256=att.sha256_of(PDF)))
    assert kim.outbox() == []


# --- a hostile agent -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def world():
    with module_database() as db:
        w = World(db)
        try:
            yield w
        finally:
            w.close()


def _upload(world, login: str, data: bytes):
    return world.http.post("/api/v1/blobs", content=data,
                           headers=world.headers(login) | {"content-type": "application/octet-stream"})


def _note(ticket_id, *files, body="see the file") -> dict:
    return m(p.MESSAGE_INSERT, "message", uuid.uuid4(),
             {"ticket_id": str(ticket_id), "kind": "note", "body": body, "attachments": list(files)})


def _file(data: bytes, name: str = "file.pdf", **extra) -> dict:
    return {"id": str(uuid.uuid4()), "filename": name, "sha256": att.sha256_of(data), **extra}


def _alices_file(world, data: bytes, name: str = "statement.pdf") -> dict:
    """A file alice (Cards) attached to her team's ticket, through the API as a desk does."""
    assert _upload(world, "alice", data).status_code == 200
    f = _file(data, name)
    r = world.push("alice", _note(world.new_ticket("Cards"), f))
    assert r.json()["results"][0]["status"] == "applied", r.text
    return f


def test_the_server_keeps_what_it_computed_not_what_the_desk_says(world):
    data = PDF + b"%% alice's statement " + uuid.uuid4().bytes
    r = _upload(world, "alice", data)
    assert r.status_code == 200
    assert r.json() == {"sha256": att.sha256_of(data), "size": len(data), "mime_type": "application/pdf"}
    f = _file(data, "../../명세서.pdf", size=1, mime_type="image/png")  # lies, and a path
    assert world.push("alice", _note(world.new_ticket("Cards"), f)).json()["results"][0]["status"] == "applied"
    with world.owner.connect() as c:
        row = c.execute(select(T["attachments"]).where(T["attachments"].c.id == uuid.UUID(f["id"]))).one()
    assert (row.filename, row.size, row.mime_type) == ("명세서.pdf", len(data), "application/pdf")


def test_another_teams_file_is_a_404_like_one_that_does_not_exist(world):
    f = _alices_file(world, PDF + uuid.uuid4().bytes)
    url = f"/api/v1/attachments/{f['id']}"
    assert world.http.get(url, headers=world.headers("amy")).status_code == 200  # her teammate reads it
    for login, ref in (("bob", f["id"]), ("sid", f["id"]), ("bob", str(uuid.uuid4())), ("bob", "not-an-id")):
        r = world.http.get(f"/api/v1/attachments/{ref}", headers=world.headers(login))
        assert (r.status_code, r.json()["kind"]) == (404, "not-found"), (login, r.text)
        assert_clean(r.json()["error"])
    assert world.http.get(url, headers=world.headers(token="made-up")).status_code == 401
    # Nor does a pull carry the row to another team (asked for by id, or in full).
    events = world.pull("bob", refetch=[("attachments", uuid.UUID(f["id"]))])
    assert f["id"] not in world.pulled(events, "attachments")
    assert f["id"] not in world.pulled(world.pull("bob"), "attachments")
    assert f["id"] in world.pulled(world.pull("amy"), "attachments")


def test_knowing_a_hash_is_not_having_the_file(world):
    secret = PDF + b"cards team only " + uuid.uuid4().bytes
    f = _alices_file(world, secret)
    # Bob names alice's content on his own team's ticket, hoping to read it through his attachment.
    stolen = _file(secret, "mine.pdf")
    results = world.refused("bob", _note(world.ids["b2"], stolen))
    assert "was not uploaded" in results[0]["message"]
    r = world.http.get(f"/api/v1/attachments/{stolen['id']}", headers=world.headers("bob"))
    assert r.status_code == 404
    # Nor can he read the content with SQL as his role (the second wall).
    with world.owner.connect() as conn, conn.begin():
        from agentdesk.server import scope

        scope.enter(conn, world.principal("bob"))
        seen = conn.execute(select(T["attachment_blobs"].c.sha256).where(
            T["attachment_blobs"].c.sha256 == f["sha256"])).all()
        assert seen == []


def test_content_is_never_replaced_by_a_forged_hash(world):
    original = PDF + b"the real statement " + uuid.uuid4().bytes
    f = _alices_file(world, original)
    forged = PDF + b"a forgery"
    # The upload takes no hash: bob's bytes are kept under their own.
    assert _upload(world, "bob", forged).json()["sha256"] == att.sha256_of(forged)
    with world.owner.connect() as conn, conn.begin():
        from agentdesk.server import scope

        scope.enter(conn, world.principal("bob"))
        with pytest.raises(DBAPIError):  # no UPDATE on content for anyone
            with conn.begin_nested():
                conn.execute(text("UPDATE attachment_blobs SET data = :d WHERE sha256 = :s"),
                             {"d": forged, "s": f["sha256"]})
        with pytest.raises(DBAPIError):  # and the hash is the key: an insert under it cannot land
            with conn.begin_nested():
                conn.execute(text("INSERT INTO attachment_blobs (sha256, size, mime_type, data, created_at) "
                                  "VALUES (:s, 1, 'text/plain', :d, now())"), {"s": f["sha256"], "d": forged})
    r = world.http.get(f"/api/v1/attachments/{f['id']}", headers=world.headers("amy"))
    assert r.content == original


def test_uploads_are_bounded_and_programs_refused(world):
    before = world.snapshot()
    big = b"%PDF-" + b"0" * MAX_UPLOAD
    r = _upload(world, "alice", big)
    assert (r.status_code, r.json()["kind"]) == (413, "too-large")

    def chunks():  # without a declared length the server counts as it reads
        for k in range(0, len(big), 1024 * 1024):
            yield big[k:k + 1024 * 1024]

    r = world.http.post("/api/v1/blobs", content=chunks(),
                        headers=world.headers("alice") | {"content-type": "application/octet-stream"})
    assert (r.status_code, r.json()["kind"]) == (413, "too-large")
    for program in (b"MZ\x90\x00" + b"\x00" * 100, b"\x7fELF\x02\x01\x01" + b"\x00" * 100, b""):
        r = _upload(world, "alice", program)
        assert (r.status_code, r.json()["kind"]) == (400, "refused"), r.text
        assert_clean(r.json()["error"])
    world.assert_unchanged(before)


def test_what_the_rules_refuse_in_a_message_is_refused_by_the_server(world):
    text_file = b"plain words " + uuid.uuid4().bytes
    assert _upload(world, "alice", text_file).status_code == 200
    a1 = world.new_ticket("Cards")
    results = world.refused("alice", _note(a1, _file(text_file, "invoice.exe")))
    assert "not accepted" in results[0]["message"]
    results = world.refused("alice", _note(a1, *[_file(text_file, f"{n}.txt") for n in range(att.MAX_FILES + 1)]))
    assert f"at most {att.MAX_FILES} files" in results[0]["message"]
    world.refused("alice", _note(a1, _file(text_file, "x.txt", sha256="../../etc/passwd") | {"sha256": "zz"}))
    # Three 10 MB files: each within the limit, together over 25 MB.
    parts = [b"%PDF-" + bytes([n]) * (10 * 1024 * 1024) for n in range(3)]
    for part in parts:
        assert _upload(world, "alice", part).status_code == 200
    results = world.refused("alice", _note(a1, *[_file(part, f"{n}.pdf") for n, part in enumerate(parts)]))
    assert "25.0 MB" in results[0]["message"]
    # On another team's ticket nothing goes, files or not.
    world.refused("bob", _note(world.ids["a1"], _file(text_file)))


def test_uploads_wait_when_an_agent_floods_them(world):
    from agentdesk.server.app import Limits

    srv = world.server(Limits(requests_per_s=1e6, request_burst=1e6, upload_bytes_per_s=1.0, upload_burst=100_000))
    http = world.client(srv)
    try:
        data = PDF + b"x" * 60_000
        first = http.post("/api/v1/blobs", content=data, headers=world.headers("alice"))
        second = http.post("/api/v1/blobs", content=data, headers=world.headers("alice"))
        assert first.status_code == 200 and second.status_code == 429, (first.text, second.text)
        assert float(second.headers["Retry-After"]) > 0
        assert json.loads(second.text)["kind"] == "rate"
    finally:
        http.close()

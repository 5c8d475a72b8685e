"""`agentdesk --profile P ticket new` (issue 12): in a team profile the ticket is written to
the replica, pushed at once, and printed with the number the team server gave it; offline
it stays queued and says so ("#…")."""

from __future__ import annotations

import json

from sqlalchemy import text

from agentdesk.server.feed import stamp_unversioned
from tests.test_cli_sync import _add, run
from tests.test_security import server  # noqa: F401  (the fixture)


def test_ticket_new_in_a_team_profile_gets_the_servers_number(server, capsys, monkeypatch):  # noqa: F811
    stamp_unversioned(server.db.engine)
    _add(capsys, server, "alice", "alice")
    monkeypatch.setenv("AGENTDESK_PASSWORD", "pw-" + server.suffix)
    code, out, err = run(capsys, "--profile", "alice", "ticket", "list", "--json")
    first = json.loads(out)[0]
    customer = json.loads(run(capsys, "--profile", "alice", "ticket", "show", str(first["number"]), "--json")[1])["customer_id"]
    code, out, err = run(capsys, "--profile", "alice", "ticket", "new", "--customer", customer, "--channel", "chat",
                         "--subject", "팀에서 연 티켓", "--message", "채팅 내용", "--json")
    assert code == 0 and err == "", err
    made = json.loads(out)
    assert made["pending"] is False and made["number"] > 0
    with server.db.engine.connect() as c:
        assert c.execute(text("SELECT subject FROM tickets WHERE number = :n"), {"n": made["number"]}).scalar() \
            == "팀에서 연 티켓"
    # Offline: queued, shown as pending, numbered at the next sync.
    from agentdesk import profiles

    ps = profiles.load_profiles()
    online = ps["alice"].server
    ps["alice"].server = "http://127.0.0.1:1"
    profiles.save_profiles(ps)
    code, out, err = run(capsys, "--profile", "alice", "ticket", "new", "--customer", customer, "--channel", "phone",
                         "--subject", "오프라인 통화", "--message", "통화 메모", "--call", "out")
    assert code == 0 and "#… (the team server gives it a number at the next sync)" in out and "queued" in err
    ps["alice"].server = online
    profiles.save_profiles(ps)
    code, out, err = run(capsys, "--profile", "alice", "sync", "once")
    assert code == 0 and "pushed 1 (1 applied" in out
    with server.db.engine.connect() as c:
        body = c.execute(text("SELECT m.body FROM messages m JOIN tickets t ON t.id = m.ticket_id "
                              "WHERE t.subject = '오프라인 통화'")).scalar()
    assert body == "Outbound call\n통화 메모"

"""Regenerates the README screenshots from a fresh demo workspace (run: make screenshots).

Offscreen rendering, the bundled Korean font, the real window and real data: what an
agent sees on first start, in Korean and in English.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    from PySide6.QtCore import QEventLoop, QTimer

    from agentdesk.db import open_database
    from agentdesk import demo
    from agentdesk.services.customers import find_customers
    from agentdesk.ui import app as appmod

    tmp = Path(tempfile.mkdtemp(prefix="agentdesk-shots-"))
    os.environ["AGENTDESK_HOME"] = str(tmp / "home")
    db = open_database(str(tmp / "demo.db"))
    demo.generate(db, customers=400, tickets=3000, seed=7)
    qt = appmod.make_application()
    OUT.mkdir(parents=True, exist_ok=True)

    def settle(ms: int = 400) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    for lang in ("ko", "en"):
        appmod.install_language(qt, lang)
        window = appmod.build_window(db, appmod.load_agent(db, None), appmod.settings())
        window.resize(1600, 940)
        window.show()
        window.inbox.start("all")
        settle()
        with db.session() as s:
            customer = find_customers(s, phone="010-1234-5678")[0]
            from agentdesk.services.customers import customer_360
            inquiry = customer_360(s, customer.id).inquiries[0]
        window.open_ticket(inquiry.ticket_id)
        settle(800)
        window.grab().save(str(OUT / f"main-{lang}.png"))
        if lang == "ko":
            # The same desk in a 1366x768 window (a laptop, or half a wide screen).
            window.resize(1366, 768)
            settle(600)
            window.grab().save(str(OUT / "main-ko-1366.png"))
            # Three tickets picked for a bulk action: the bar under the list.
            for row in (0, 1, 2):
                window.inbox.bulk.toggle_row(row)
            settle(400)
            window.grab().save(str(OUT / "bulk-ko-1366.png"))
            window.inbox.bulk.clear()
            window.resize(1600, 940)
            settle(400)
            # A caller the workspace does not know: the New ticket form, prefilled from the screen-pop.
            dialog = window.new_ticket(contact="010-5555-0101", call=True)
            settle(500)
            dialog.grab().save(str(OUT / "new-ticket-ko.png"))
            dialog.close()
            settle(100)
        palette = window.show_palette()
        palette.input.setText("상태" if lang == "ko" else "status")
        settle(200)
        palette.grab().save(str(OUT / f"palette-{lang}.png"))  # a popup: not part of the window grab
        palette.close()
        if lang == "ko":
            # The side panes while answering that ticket: suggestions, the template preview
            # and the agenda with its reminder toasts.
            for name in ("calendar", "knowledge", "templates"):
                while name != "calendar" and window.reminders.stack.toasts():
                    for toast in window.reminders.stack.toasts():  # seen on the calendar shot
                        toast.dismiss()
                    settle(50)  # a waiting toast takes the freed place
                window.show_side(getattr(window, name))
                if name == "templates":  # one filled in for the open ticket, in the preview
                    from agentdesk.services.templates import find_by_shortcut

                    with db.session() as s:
                        window.templates.select_template(find_by_shortcut(s, window.ctx.agent.login, "/한도").id)
                settle(700)
                window.grab().save(str(OUT / f"{name}-{lang}.png"))
            window.show_side(window.customer)
        window.ctx.runner.wait()
        window.close()
        window.deleteLater()
        settle(100)
    supervisor_shots(qt, settle, db)
    trainer_shots(qt, settle, db)
    channels_shots(qt, settle, db)
    training_shots(qt, settle)
    team_shot(qt, settle, tmp)
    print(f"screenshots written to {OUT}")
    return 0


def supervisor_shots(qt, settle, db) -> None:
    """supervisor-*-ko.png: the lead's window in Korean (issue 13), signed in as the demo's lead."""
    from sqlalchemy import select

    from agentdesk.models import Agent
    from agentdesk.ui import app as appmod

    with db.session() as s:
        lead = s.scalar(select(Agent.login).where(Agent.role == "lead").order_by(Agent.login))
    appmod.install_language(qt, "ko")
    window = appmod.build_window(db, appmod.load_agent(db, lead), appmod.settings())
    window.resize(1600, 940)
    window.show()
    window.inbox.start("all")
    settle()
    sup = window.open_supervisor()
    sup.resize(1500, 860)
    settle(1200)
    sup.grab().save(str(OUT / "wallboard-ko.png"))
    for name in ("kpis", "routing", "quality", "staffing"):
        sup.tabs.setCurrentWidget(getattr(sup, name))
        settle(1500)
        sup.grab().save(str(OUT / f"supervisor-{name}-ko.png"))
    window.ctx.runner.wait()
    sup.close()
    window.close()
    window.deleteLater()
    settle(100)


def trainer_shots(qt, settle, db) -> None:
    """trainer-console-ko.png: the Trainer console (issue 15) in Korean, signed in as the
    demo's trainer, after assigning card-limit-inquiry to two agents of the team and
    recording their scripted runs (tests/sim_responses: one good, one bad)."""
    import json
    from datetime import timedelta

    from sqlalchemy import select

    from agentdesk import training_rules as tr
    from agentdesk.models import Agent, utcnow
    from agentdesk.services import training_records as records
    from agentdesk.ui import app as appmod

    runs = ROOT / "tests" / "sim_responses"
    with db.session() as s:
        trainer = s.scalar(select(Agent).where(Agent.role == "trainer").order_by(Agent.login))
        trainees = list(s.scalars(select(Agent).where(Agent.role == "agent", Agent.team_id == trainer.team_id)
                                  .order_by(Agent.login).limit(3)))
        records.assign(s, trainer, "card-limit-inquiry", [a.id for a in trainees], "certification")
        scenario = tr.bundled("card-limit-inquiry")
        for n, (who, run) in enumerate(zip(trainees * 2, ("bad", "good", "bad", "good", "good", "good"))):
            acts = [json.loads(line) for line in (runs / f"card-limit-inquiry.{run}.jsonl").read_text(
                encoding="utf-8").splitlines() if line.strip()]
            rec = {"scenario": scenario.id, "scenario_sha256": scenario.sha256(), "mode": "practice", "actions": acts,
                   "ended_at": None}
            records.save_attempt(s, who, rec, started_at=utcnow() - timedelta(days=6 - n))
        login = trainer.login
        s.commit()
    appmod.install_language(qt, "ko")
    window = appmod.build_window(db, appmod.load_agent(db, login), appmod.settings())
    window.resize(1600, 940)
    window.show()
    settle()
    console = window.open_trainer()
    console.resize(1500, 860)
    settle(1200)
    console.grab().save(str(OUT / "trainer-scenarios-ko.png"))
    console.tabs.setCurrentWidget(console.results)
    settle(1500)
    console.grab().save(str(OUT / "trainer-console-ko.png"))
    window.ctx.runner.wait()
    console.close()
    window.close()
    window.deleteLater()
    settle(100)


def channels_shot_data(db) -> tuple:
    """Two customers' Korean mails through the gateway's own intake (as IMAP would bring
    them), the agent's replies, and what the outbox would have recorded of them (one sent,
    one it could not confirm); a phone ticket for the call panel."""
    from sqlalchemy import select

    from agentdesk.gateway.sink import LocalSink
    from agentdesk.mail.parse import parse_mail
    from agentdesk.models import Message, Ticket
    from agentdesk.services import tickets
    from agentdesk.services.common import current_agent

    corpus = Path(__file__).resolve().parents[1] / "tests" / "mail_corpus"
    sink = LocalSink(db, autorespond=False)
    sink.receive(parse_mail((corpus / "01_cp949_everything.eml").read_bytes()))
    # An Outlook reply in Korean: its quoted mail and signature fold under a link.
    first = sink.receive(parse_mail((corpus / "12_outlook_korean_reply.eml").read_bytes()))
    with db.session() as s:
        me = current_agent(s)
        sent = tickets.add_message(s, first.ticket_id, me, "고객님, 문의하신 명세서를 다시 보내 드렸습니다. 확인 부탁드립니다.")
        s.get(Message, sent.id).delivery = "sent"
        unsure = tickets.add_message(s, first.ticket_id, me, "추가로 확인이 필요하시면 이 메일에 회신해 주세요.")
        s.get(Message, unsure.id).delivery = "unknown"
        phone = s.scalar(select(Ticket.id).where(Ticket.channel == "phone", Ticket.status == "open")
                         .order_by(Ticket.number))
    return first.ticket_id, phone


def channels_shots(qt, settle, db) -> None:
    """mail-ticket-ko.png (a customer's CP949 mail with its quote folded, replies with their
    delivery), call-panel-ko.png (a call on), supervisor-autoresponse-ko.png (issue 14)."""
    from sqlalchemy import select

    from agentdesk.models import Agent
    from agentdesk.ui import app as appmod

    mail_ticket, phone_ticket = channels_shot_data(db)
    appmod.install_language(qt, "ko")
    window = appmod.build_window(db, appmod.load_agent(db, None), appmod.settings())
    window.resize(1600, 940)
    window.show()
    window.inbox.start("all")
    settle()
    window.open_ticket(mail_ticket)
    settle(900)
    window.grab().save(str(OUT / "mail-ticket-ko.png"))
    if phone_ticket is not None:
        window.open_ticket(phone_ticket)
        settle(900)
        window.ticket.call_panel.start()
        settle(1200)
        window.grab().save(str(OUT / "call-panel-ko.png"))
        window.ticket.call_panel.discard = lambda *a: None  # leave the call unlogged: a picture only
    window.ctx.runner.wait()
    window.close()
    window.deleteLater()
    settle(100)
    with db.session() as s:
        lead = s.scalar(select(Agent.login).where(Agent.role == "lead").order_by(Agent.login))
    window = appmod.build_window(db, appmod.load_agent(db, lead), appmod.settings())
    window.resize(1600, 940)
    window.show()
    settle()
    sup = window.open_supervisor()
    sup.resize(1500, 860)
    sup.tabs.setCurrentWidget(sup.autoresponse)
    settle(1500)
    sup.grab().save(str(OUT / "supervisor-autoresponse-ko.png"))
    window.ctx.runner.wait()
    sup.close()
    window.close()
    window.deleteLater()
    settle(100)


def training_shots(qt, settle) -> None:
    """training-ko.png: a training session (issue 15) with two scenarios at once, the
    trainee answering card-limit-inquiry with the hints open; scorecard-ko.png: its
    scorecard after the session ends. The sandbox is made as the Training menu makes it."""
    from agentdesk.services import training
    from agentdesk.simulation.scenario import find_scenario
    from agentdesk.ui import app as appmod
    from agentdesk.ui.training import TrainingWindow, training_settings
    from agentdesk.views.ticket import TicketPane

    TicketPane.ask_send_stale = staticmethod(lambda *_a: True)  # a picture: no question in the way
    appmod.install_language(qt, "ko")
    box = training.create_sandbox([find_scenario("card-limit-inquiry"), find_scenario("lost-card")],
                                  trainee_login="trainee", trainee_name="박서연")
    window = TrainingWindow(box, training.TrainingRun(box), training_settings())
    window.resize(1600, 940)
    window.show()
    window.start()
    settle(800)
    clock = window.training
    clock.set_paused(True)

    def send(text: str, wait: float) -> None:
        window.ticket.reply_mode.setChecked(True)
        window.ticket.composer.setPlainText(text)
        window.ticket.send()
        settle(500)
        clock.skip(wait)
        settle(700)

    clock.skip(40)
    send("안녕하세요, 김서연 고객님. 카드상담팀 박서연입니다. 한도 안내를 위해 먼저 본인 확인을 하겠습니다. "
         "성함과 생년월일을 말씀해 주시겠어요?", 16)
    send("확인 감사합니다. 끝자리 1234 하나로 플래티넘 카드의 총 한도는 5,000,000원이고, 사용 가능한 한도는 "
         "3,750,000원입니다.", 22)
    clock.hints_button.setChecked(True)
    window.knowledge_search()
    window.knowledge.search("할부 한도")
    clock.set_paused(False)
    settle(900)
    bar = window.ticket.timeline.verticalScrollBar()
    bar.setValue(bar.maximum())  # the customer's newest message in view
    settle(100)
    window.grab().save(str(OUT / "training-ko.png"))
    clock.hints_button.setChecked(False)
    clock.set_paused(True)
    send("할부로 결제하시면 총 결제 금액만큼 한도가 한꺼번에 차감되고, 납부하실 때마다 복원됩니다.", 16)
    window.ticket.status.setCurrentIndex(window.ticket.status.findData("solved"))
    settle(500)
    send("문의해 주셔서 감사합니다. 좋은 하루 보내세요.", 12)
    clock.request_finish()
    settle(1500)
    card = window.scorecard
    card.resize(900, 660)
    settle(400)
    card.grab().save(str(OUT / "scorecard-ko.png"))
    card.close()
    settle(300)
    window.ctx.runner.wait()
    window.close()
    window.deleteLater()
    settle(100)


def team_shot(qt, settle, tmp: Path) -> None:
    """team-ko.png: the window on a team workspace (a replica synced through a real team
    server on a socket), live, with a colleague replying to the open ticket. Skipped
    without a PostgreSQL server."""
    import uuid

    from sqlalchemy import create_engine, text

    from agentdesk.db import open_database
    from agentdesk.profiles import Profile
    from agentdesk import demo
    from agentdesk.server import presence
    from agentdesk.sync import capture
    from agentdesk.sync.engine import SyncClient
    from agentdesk.sync.replica import LocalReplica
    from agentdesk.server.feed import stamp_unversioned
    from agentdesk.sync.workspace import TeamWorkspace
    from agentdesk.ui import app as appmod

    admin_url = os.environ.get("AGENTDESK_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"agentdesk_shots_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001
        print(f"team screenshot skipped (no PostgreSQL at {admin_url}: {str(exc).splitlines()[0]})")
        return
    server = open_database(admin_url.rsplit("/", 1)[0] + "/" + name)
    live = None
    try:
        from agentdesk.sync.transport import HttpTransport
        from tests.test_sync_support import LiveServer, _mint

        demo.generate(server, customers=300, tickets=1500, seed=1)
        stamp_unversioned(server.engine)
        with server.engine.connect() as c:
            login = c.execute(text("SELECT value FROM workspace_settings WHERE key = 'current_agent_login'")).scalar()
            colleague = c.execute(text("SELECT login FROM agents WHERE login <> :me AND role = 'agent' ORDER BY login "
                                       "LIMIT 1"), {"me": login}).scalar()
        appmod.install_language(qt, "ko")
        db = open_database(f"sqlite:///{tmp / 'replica.db'}")
        rep = LocalReplica(db, login)
        live = LiveServer(server)
        team = TeamWorkspace(Profile(name="카드상담팀", server="https://team.example:8443", agent=login),
                             db, rep, capture.install(db, login))
        client = SyncClient(rep, HttpTransport(live.url, login, token=_mint(server, login)))
        client.sync_once()
        window = appmod.build_window(db, appmod.load_agent(db, login), appmod.settings(), team, client)
        window.resize(1600, 940)
        window.show()
        window.inbox.start("my_open")
        settle(1500)
        window.next_ticket()
        with server.engine.begin() as c:  # a colleague is answering the same ticket
            presence.heartbeat(c, colleague, window.inbox.current_ticket_id(), "replying")
        window.open_selected()
        settle(1500)
        for toast in window.reminders.stack.toasts():
            toast.dismiss()
        settle(300)
        window.grab().save(str(OUT / "team-ko.png"))
        window.ctx.sync.stop()
        window.ctx.runner.wait()
        window.close()
        client.close()
        db.dispose()
    finally:
        if live is not None:
            live.close()
        server.dispose()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    raise SystemExit(main())

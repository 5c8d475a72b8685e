"""The inbox and ticket panes on a real SQLite workspace (offscreen)."""

import threading

from PySide6.QtCore import Qt

from agentdesk.services import drafts, tickets
from agentdesk.services.common import current_agent
from agentdesk.services.view_spec import ViewFilters
from agentdesk.services.tickets import TicketQuery
from agentdesk.views import inbox
from agentdesk.views.inbox import COLUMNS, InboxPane, TicketTableModel
from agentdesk.views.ticket import TicketPane
from tests.factories import seed_small
from tests.uihelpers import make_ctx


def _inbox(qtbot, db):
    ctx = make_ctx(db)
    pane = InboxPane(ctx)
    qtbot.addWidget(pane)
    pane.resize(900, 600)
    pane.show()
    return ctx, pane


def _rows(qtbot, model, field: str = "number") -> list:
    """The rows' values once the count and their pages have arrived (both are read on a worker)."""
    qtbot.waitUntil(lambda: model.loaded() and all(model.row_at(i) is not None for i in range(model.rowCount())),
                    timeout=5000)
    return [getattr(model.row_at(i), field) for i in range(model.rowCount())]


def _start(qtbot, pane, view: str) -> None:
    with qtbot.waitSignal(pane.model.counted, timeout=5000):
        pane.start(view)


def test_model_passes_qt_model_tester(qtbot, qtmodeltester, sqlite_db):
    seed_small(sqlite_db)
    ctx, pane = _inbox(qtbot, sqlite_db)
    _start(qtbot, pane, "all")
    qtmodeltester.check(pane.model)  # placeholder rows
    _rows(qtbot, pane.model)
    qtmodeltester.check(pane.model)  # the page arrived


def test_inbox_pages_are_read_off_the_gui_thread(qtbot, sqlite_db, monkeypatch):
    """On --db postgresql:// a count and a page are network I/O: the GUI thread must not wait for them."""
    ids = seed_small(sqlite_db)
    threads = {"count": [], "page": []}

    def recording(kind, real):
        def call(*args, **kwargs):
            threads[kind].append(threading.current_thread())
            return real(*args, **kwargs)
        return call

    monkeypatch.setattr(tickets, "fetch_page", recording("page", tickets.fetch_page))
    monkeypatch.setattr(tickets, "count_tickets", recording("count", tickets.count_tickets))
    monkeypatch.setattr(inbox, "PAGE_SIZE", 2)  # the first page comes with the count, the second on its own
    ctx = make_ctx(sqlite_db)
    model = TicketTableModel(ctx)
    with qtbot.waitSignal(model.counted, timeout=5000):
        model.set_query(TicketQuery(view="all", sort="number"))
        assert model.rowCount() == 0  # the rows on screen stay until the count arrives
    assert model.rowCount() == 3
    assert model.data(model.index(0, 0)) is not None and model.data(model.index(1, 0)) is not None
    assert model.data(model.index(2, 0)) is None  # a placeholder until its page arrives
    with qtbot.waitSignal(model.dataChanged, timeout=5000) as changed:
        pass
    first, last = changed.args[0], changed.args[1]
    assert (first.row(), first.column(), last.row(), last.column()) == (2, 0, 2, len(COLUMNS) - 1)
    assert sorted(int(model.data(model.index(r, 0))) for r in range(3)) == sorted(ids[t] for t in ("t1", "t2", "t3"))
    assert threads["count"] and threads["page"]
    assert threading.main_thread() not in threads["count"] + threads["page"]
    ctx.runner.wait()


def test_a_page_of_a_replaced_query_is_dropped(qtbot, sqlite_db, monkeypatch):
    """The agent changes the filter while a page is read: the old page never lands in the new list."""
    ids = seed_small(sqlite_db)
    release = threading.Event()
    real = tickets.fetch_page

    def slow_for_all(session, q, *args, offset=0, **kwargs):
        if q.channel is None and offset > 0:
            release.wait(10)  # the first query's second page is still on its way …
        return real(session, q, *args, offset=offset, **kwargs)

    monkeypatch.setattr(tickets, "fetch_page", slow_for_all)
    monkeypatch.setattr(inbox, "PAGE_SIZE", 1)  # the first page comes with the count
    ctx = make_ctx(sqlite_db)
    model = TicketTableModel(ctx)
    with qtbot.waitSignal(model.counted, timeout=5000):
        model.set_query(TicketQuery(view="all"))
    assert model.row_at(1) is None  # asked for: the worker now waits
    model.set_query(TicketQuery(view="all", channel="chat"))
    assert _rows(qtbot, model) == [ids["t3"]]
    release.set()  # … and arrives after the new query's page
    assert ctx.runner.wait()
    qtbot.waitUntil(model.loaded, timeout=5000)
    assert model.rowCount() == 1 and model.row_at(0).number == ids["t3"]


def test_views_filters_and_counts(qtbot, sqlite_db):
    ids = seed_small(sqlite_db)
    ctx, pane = _inbox(qtbot, sqlite_db)
    with qtbot.waitSignal(pane.countsUpdated, timeout=5000) as sig:
        pane.start("my_open")
    assert sig.args[0]["all"] == 3 and sig.args[0]["my_open"] == 1
    assert _rows(qtbot, pane.model) == [ids["t1"]]
    with qtbot.waitSignal(pane.model.counted, timeout=5000):
        pane.select_view("all")
    assert pane.model.rowCount() == 3
    pane.channel.setCurrentIndex(pane.channel.findData("chat"))
    assert _rows(qtbot, pane.model) == [ids["t3"]]
    pane.channel.setCurrentIndex(0)
    pane.search.setText("환불")
    pane._apply_filters()
    assert _rows(qtbot, pane.model) == [ids["t2"]]
    pane.search.setText('"*(NEAR')
    with qtbot.waitSignal(pane.model.counted, timeout=5000):
        pane._apply_filters()  # stray quotes: results or "no tickets", never an exception
    assert pane.model.rowCount() == 0 and pane.empty.isVisible()


def test_sort_by_priority_header(qtbot, sqlite_db):
    seed_small(sqlite_db)
    ctx, pane = _inbox(qtbot, sqlite_db)
    pane.start("all")
    pane.table.sortByColumn(COLUMNS.index("priority"), Qt.SortOrder.DescendingOrder)
    assert _rows(qtbot, pane.model, "priority") == ["urgent", "high", "normal"]


def test_a_click_on_a_column_that_cannot_sort_leaves_the_arrow_where_the_rows_are_sorted(qtbot, sqlite_db):
    """The arrow moved to Subject while the rows stayed sorted by priority."""
    seed_small(sqlite_db)
    ctx, pane = _inbox(qtbot, sqlite_db)
    pane.start("all")
    pane.table.sortByColumn(COLUMNS.index("priority"), Qt.SortOrder.DescendingOrder)
    assert _rows(qtbot, pane.model, "priority") == ["urgent", "high", "normal"]
    hh = pane.table.horizontalHeader()
    for column in ("subject", "customer", "assignee"):
        hh.sectionClicked.emit(COLUMNS.index(column))  # what a click on the header does
        pane.table.sortByColumn(COLUMNS.index(column), Qt.SortOrder.AscendingOrder)
        assert hh.sortIndicatorSection() == COLUMNS.index("priority"), column
        assert hh.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert _rows(qtbot, pane.model, "priority") == ["urgent", "high", "normal"]


def test_keyboard_moves_and_enter_opens(qtbot, sqlite_db):
    seed_small(sqlite_db)
    ctx, pane = _inbox(qtbot, sqlite_db)
    _start(qtbot, pane, "all")
    pane.table.setFocus()
    pane.move(1)
    with qtbot.waitSignal(pane.ticketSelected, timeout=3000) as sig:
        pane.move(1)
    # Row 1 or 2: focusing a table that has rows may already have made row 0 current.
    assert pane.table.currentIndex().row() in (1, 2)
    second = pane.model.row_at(pane.table.currentIndex().row()).id
    assert sig.args[0] == second
    with qtbot.waitSignal(pane.ticketActivated, timeout=3000) as sig:
        qtbot.keyClick(pane.table, Qt.Key.Key_Return)
    assert sig.args[0] == second
    pane.jump(True)
    assert pane.table.currentIndex().row() == 2


def test_enter_on_a_row_whose_page_is_on_its_way_opens_it_when_it_arrives(qtbot, sqlite_db, monkeypatch):
    seed_small(sqlite_db)
    release = threading.Event()
    real = tickets.fetch_page

    def slow(*args, offset=0, **kwargs):
        if offset > 0:  # the first page comes with the count; the second is on its way
            release.wait(10)
        return real(*args, offset=offset, **kwargs)

    monkeypatch.setattr(tickets, "fetch_page", slow)
    monkeypatch.setattr(inbox, "PAGE_SIZE", 1)
    ctx, pane = _inbox(qtbot, sqlite_db)
    _start(qtbot, pane, "all")
    pane.table.setFocus()
    pane.table.selectRow(1)
    qtbot.keyClick(pane.table, Qt.Key.Key_Return)
    assert pane.current_ticket_id() is None  # a placeholder row: nothing to open yet
    with qtbot.waitSignal(pane.ticketActivated, timeout=5000) as sig:
        release.set()
    assert sig.args[0] == pane.model.row_at(1).id


def _ticket(qtbot, db):
    ctx = make_ctx(db)
    pane = TicketPane(ctx)
    qtbot.addWidget(pane)
    pane.resize(700, 800)
    pane.show()
    return ctx, pane


def test_ticket_reply_and_note_are_stored(qtbot, sqlite_db):
    ids = seed_small(sqlite_db)
    ctx, pane = _ticket(qtbot, sqlite_db)
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_ticket(str(ids["t2"]))
    assert "배송 지연 문의" in pane.title.text()
    assert "ORD-2026-0000001" in pane.meta.text()
    pane.start_reply()
    pane.composer.setPlainText("확인해 보겠습니다. 잠시만 기다려 주세요.")
    with qtbot.waitSignal(pane.messageSent, timeout=5000):
        qtbot.keyClick(pane.composer, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    pane.start_note()
    pane.composer.setPlainText("택배사 문의 필요")
    with qtbot.waitSignal(pane.messageSent, timeout=5000):
        pane.send()
    qtbot.waitUntil(lambda: "택배사 문의 필요" in pane.timeline.toPlainText(), timeout=5000)
    with sqlite_db.session() as s:
        d = tickets.get_detail(s, ids["t2"])
        assert [(m.kind, m.body) for m in d.messages[-2:]] == [
            ("reply", "확인해 보겠습니다. 잠시만 기다려 주세요."), ("note", "택배사 문의 필요")]
        assert d.status == "open"
    assert pane.composer.toPlainText() == ""


def test_ticket_change_status_and_assignee(qtbot, sqlite_db):
    ids = seed_small(sqlite_db)
    ctx, pane = _ticket(qtbot, sqlite_db)
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_ticket(str(ids["t3"]))
    qtbot.waitUntil(lambda: pane.assignee.count() > 3, timeout=5000)
    with qtbot.waitSignal(ctx.changes.changed, timeout=5000):
        pane.status.setCurrentIndex(pane.status.findData("pending"))
    with qtbot.waitSignal(ctx.changes.changed, timeout=5000):
        pane.assignee.setCurrentIndex(pane.assignee.findData("kim.minji"))
    ctx.runner.wait()
    with sqlite_db.session() as s:
        d = tickets.get_detail(s, ids["t3"])
        assert d.status == "pending" and d.assignee_name == "김민지"


def test_draft_survives_reopening(qtbot, sqlite_db):
    ids = seed_small(sqlite_db)
    ctx, pane = _ticket(qtbot, sqlite_db)
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_ticket(str(ids["t1"]))
    qtbot.keyClicks(pane.composer, "draft in progress")
    qtbot.waitUntil(lambda: pane.draft_state.text() == pane.tr("Draft saved"), timeout=5000)
    pane.close()
    ctx.runner.wait()
    with sqlite_db.session() as s:
        assert drafts.load_draft(s, _tid(sqlite_db, ids["t1"]), ctx.agent.id)[0] == "draft in progress"
    # A new pane (as after a restart) restores it
    ctx2, pane2 = _ticket(qtbot, sqlite_db)
    with qtbot.waitSignal(pane2.loaded, timeout=5000):
        pane2.show_ticket(str(ids["t1"]))
    assert pane2.composer.toPlainText() == "draft in progress"


def _tid(db, number):
    with db.session() as s:
        return tickets.resolve_ticket(s, number).id


def test_pii_is_masked_in_the_timeline(qtbot, sqlite_db):
    ids = seed_small(sqlite_db)
    with sqlite_db.session() as s:
        from agentdesk.services.common import current_agent
        tickets.add_message(s, ids["t1"], current_agent(s), "카드 4111-1111-1111-1111, 주민번호 900101-1234567", kind="note")
    ctx, pane = _ticket(qtbot, sqlite_db)
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_ticket(str(ids["t1"]))
    text = pane.timeline.toPlainText()
    assert "4111-****-****-1111" in text and "900101-1******" in text
    assert "4111-1111-1111-1111" not in text and "1234567" not in text


def test_merge_from_the_ticket_view(qtbot, sqlite_db, monkeypatch):
    ids = seed_small(sqlite_db)
    ctx, pane = _ticket(qtbot, sqlite_db)
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_ticket(str(ids["t1"]))
    monkeypatch.setattr(TicketPane, "ask_merge_target", staticmethod(lambda parent, n: str(ids["t2"])))
    with qtbot.waitSignal(ctx.changes.changed, timeout=5000):
        pane.merge_into()
    qtbot.waitUntil(lambda: pane.detail.merged_into_number == ids["t2"], timeout=5000)
    assert pane.composer.isReadOnly()


def test_a_search_with_more_matches_than_it_reads_says_its_count_is_a_lower_bound(qtbot, sqlite_db, monkeypatch):
    """Issue 16: a text search reads the newest SEARCH_ROW_CAP matching subjects and
    messages; past that, '환불: 8,177' was shown as if it were every ticket. The count
    is now marked as what it is, a lower bound, and says how to narrow it."""
    seed_small(sqlite_db)
    monkeypatch.setattr(tickets, "SEARCH_ROW_CAP", 1)
    monkeypatch.setattr(inbox, "SEARCH_ROW_CAP", 1)
    ctx, pane = _inbox(qtbot, sqlite_db)
    _start(qtbot, pane, "all")
    pane.search.setText("카드")  # ticket 1's subject and its first message: 2 matches
    with qtbot.waitSignal(pane.model.counted, timeout=5000):
        pane._apply_filters()
    assert pane.model.count_exact is False
    assert pane.summary.text().endswith("+ tickets") and pane.summary.text().startswith(f"{pane.model.rowCount():,}")
    assert "newest 1 " in pane.summary.toolTip()
    pane.search.setText("환불")  # one message: within what is read, an exact count
    with qtbot.waitSignal(pane.model.counted, timeout=5000):
        pane._apply_filters()
    assert pane.model.count_exact is True and pane.model.rowCount() == 1
    assert pane.summary.toolTip() == ""


def test_search_count_is_exact_below_the_cap_and_a_lower_bound_above(sqlite_db, monkeypatch):
    seed_small(sqlite_db)
    with sqlite_db.session() as s:
        me = current_agent(s).id
        exact = tickets.count_results(s, TicketQuery(view="all", text="한도"), me)
        monkeypatch.setattr(tickets, "SEARCH_ROW_CAP", 1)
        capped = tickets.count_results(s, TicketQuery(view="all", text="카드"), me)
        in_a_saved_view = tickets.count_results(s, TicketQuery(view="all", spec=ViewFilters(text="카드")), me)
        nothing = tickets.count_results(s, TicketQuery(view="all", text='"*('), me)
    assert exact == tickets.ViewCount(1, exact=True)
    assert capped == tickets.ViewCount(1, exact=False)  # the newest match's ticket, "1+"
    assert in_a_saved_view == capped
    assert nothing == tickets.ViewCount(0, exact=True)


def test_a_long_conversation_opens_folded_between_its_first_message_and_the_newest(qtbot, sqlite_db):
    """Issue 16: laying out every message of a 50-message ticket was most of the time it
    took to open. The first message (what the customer asked), a link for the middle, and
    the newest items are shown; the link unfolds the rest, keeping the agent's place."""
    from PySide6.QtCore import QUrl

    from agentdesk.views.ticket import EARLIER_LINK, TIMELINE_TAIL

    ids = seed_small(sqlite_db)
    with sqlite_db.session() as s:
        me = current_agent(s)
        tid = tickets.get_detail(s, ids["t2"]).id
        for i in range(30):
            tickets.add_message(s, tid, me, f"답변 {i:02d}", kind="note")
    ctx, pane = _ticket(qtbot, sqlite_db)
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_ticket(str(ids["t2"]))
    text = pane.timeline.toPlainText()
    assert "이어폰이 아직 안 왔어요" in text  # the first message stays
    assert "답변 29" in text and f"답변 {30 - TIMELINE_TAIL:02d}" in text  # the newest
    assert f"답변 {29 - TIMELINE_TAIL:02d}" not in text and "답변 00" not in text
    assert "Show 11 earlier message" in text  # 30 notes - 19 shown
    pane._timeline_link(QUrl(EARLIER_LINK))
    text = pane.timeline.toPlainText()
    assert "답변 00" in text and "earlier message" not in text
    sb = pane.timeline.verticalScrollBar()
    assert sb.value() == sb.maximum()  # still at the newest, where the agent was
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_ticket(str(ids["t1"]))  # another ticket opens folded again (a short one: nothing to fold)
    assert "earlier message" not in pane.timeline.toPlainText()
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_ticket(str(ids["t2"]))
    assert "Show 11 earlier message" in pane.timeline.toPlainText()

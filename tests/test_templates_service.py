"""Template library, context, prompts, macros, usage and import/export on SQLite and PostgreSQL."""

from datetime import date, datetime, timedelta, UTC

import pytest
from sqlalchemy import func, select

from agentdesk.models import AuditEntry, FollowUp, Template, TemplateUsage, Ticket
from agentdesk.services import followups
from agentdesk.services import templates as tp
from agentdesk.services import tickets
from agentdesk.services.common import InvalidValue, NotFound, current_agent, find_agent
from tests.factories import seed_small

NOW = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
# A macro's "in 24 hours" from NOW (a Friday), moved into working hours (tests/test_working_hours.py).
IN_A_DAY = followups.next_working_time(NOW + timedelta(hours=24))

REFUND = dict(
    title="환불 접수 안내", shortcut="/환불", category="환불/반품", language="ko", scope="team",
    body="{{ customer.name }} 고객님, 주문 {{ order.number }} 환불 {{ input.amount | won }}을 "
         "{{ input.refund_date | kdate }}에 처리합니다. 티켓 #{{ ticket.number }} · {{ agent.name }}({{ agent.team }})",
    prompts=[{"name": "amount", "label": "환불 금액", "type": "amount", "required": True},
             {"name": "refund_date", "label": "환불일", "type": "date", "required": True}],
    macro={"status": "pending", "add_tags": ["환불", "Refund Request"], "remove_tags": ["배송"],
           "follow_up": {"in_hours": 24, "title": "{{ customer.name }} 환불 확인"}},
)


@pytest.fixture
def ws(any_db):
    return any_db, seed_small(any_db)


def _me(s):
    return current_agent(s)


def test_context_variables_for_a_ticket_with_an_order(ws):
    db, ids = ws
    with db.session() as s:
        ctx = tp.template_context(s, ids["t2"], _me(s), {"amount": 89000})
        r = tp.render("{{ customer.name }}/{{ customer.phone }}/{{ ticket.number }}/{{ order.number }}/"
                      "{{ order.item_name }}/{{ product.name }}/{{ agent.name }}/{{ agent.team }}/"
                      "{{ input.amount | won }}/{{ card.available_limit | won }}", ctx)
    assert r.sendable, r
    assert r.text == (f"최영희/010-1234-5678/{ids['t2']}/ORD-2026-0000001/무선 이어폰/무선 이어폰/김민지/카드상담팀/"
                      "89,000원/3,800,000원")


def test_context_product_is_the_credit_card_without_an_order(ws):
    db, ids = ws
    with db.session() as s:
        ctx = tp.template_context(s, ids["t1"], _me(s))
        r = tp.render("{{ product.name }} 가용 {{ product.available_limit | won }} / 한도 {{ product.limit_amount | won }}"
                      " {{ order.number }} {{ customer.nickname }}", ctx)
    assert r.text.startswith("플래티넘 카드 가용 3,800,000원 / 한도 5,000,000원")
    # No linked order and no such field: each named by its full path, never raw {{ }}.
    assert r.missing == ["order.number", "customer.nickname"] and not r.sendable
    assert "⟦order.number⟧" in r.text and "{{" not in r.text


def test_context_for_a_customer_without_products(ws):
    db, ids = ws
    with db.session() as s:
        ctx = tp.template_context(s, ids["t3"], _me(s))
        r = tp.render("Hi {{ customer.name }}, {{ product.name }}{% if order %} {{ order.number }}{% endif %}", ctx)
    assert r.text == "Hi Emily Clark, ⟦product.name⟧" and r.missing == ["product.name"]


def test_kdatetime_and_prompt_values(ws):
    db, ids = ws
    prompts = tp.validate_prompts([
        {"name": "amount", "label": "금액", "type": "amount"},
        {"name": "when", "label": "콜백", "type": "datetime"},
        {"name": "day", "label": "날짜", "type": "date", "required": False},
        {"name": "reason", "label": "사유", "type": "choice", "choices": ["단순 변심", "불량"]},
    ])
    values = tp.coerce_values(prompts, {"amount": "1,234,000원", "when": "2026-11-23 15:30", "day": "",
                                        "reason": "불량"})
    assert values["amount"] == 1234000 and values["when"].tzinfo is not None and "day" not in values
    assert tp.kdatetime(values["when"]) == "2026년 11월 23일 오후 3시 30분"
    assert tp.kdatetime(datetime(2026, 1, 2, 9, 0).astimezone()) == "2026년 1월 2일 오전 9시"
    assert tp.coerce_values(prompts, {"amount": 5, "when": datetime(2026, 1, 1, 10), "reason": "불량",
                                      "day": "2026.11.23"})["day"] == date(2026, 11, 23)
    for bad, message in (({"amount": "많이", "when": "2026-11-23 10:00", "reason": "불량"}, "'금액': expected an amount"),
                         ({"amount": "1", "when": "2026-11-23 10:00"}, "'사유' is required"),
                         ({"amount": "1", "when": "2026-11-23 10:00", "reason": "기타"}, "choose one of")):
        with pytest.raises(InvalidValue, match=message):
            tp.coerce_values(prompts, bad)


@pytest.mark.parametrize("prompts,message", [
    ([{"name": "1x", "type": "text"}], "must be letters"),
    ([{"name": "a", "type": "number"}], "invalid type 'number'"),
    ([{"name": "a"}, {"name": "a"}], "used twice"),
    ([{"name": "a", "type": "choice"}], "needs a list of choices"),
    ([{"name": "a", "type": "text", "choices": ["x"]}], "only a choice prompt"),
    ({"name": "a"}, "must be a list"),
])
def test_invalid_prompts(prompts, message):
    with pytest.raises(InvalidValue, match=message):
        tp.validate_prompts(prompts)


@pytest.mark.parametrize("macro,message", [
    ({"status": "done"}, "invalid status 'done'"),
    ({"priority": "asap"}, "invalid priority 'asap'"),
    ({"colour": "red"}, "unknown macro action 'colour'"),
    ({"add_tags": [1, 2]}, "must be a list of tags"),
    ({"follow_up": {"title": "x"}}, "needs in_hours, in_days or at_prompt"),
    ({"follow_up": {"in_hours": -2, "title": "x"}}, "positive number"),
    ({"follow_up": {"in_hours": 2}}, "needs a title"),
    ({"follow_up": {"at_prompt": "nope", "title": "x"}}, "not a date or datetime prompt"),
    ({"assignee": "nobody"}, "no agent 'nobody'"),
])
def test_invalid_macros_are_refused_on_save(ws, macro, message):
    db, _ = ws
    with db.session() as s:
        with pytest.raises(InvalidValue, match=message):
            tp.save_template(s, _me(s), title="x", body="안녕하세요", macro=macro)


def test_save_refuses_a_broken_body_with_its_line(ws):
    db, _ = ws
    with db.session() as s:
        with pytest.raises(InvalidValue, match=r"template '깨짐': line 2:"):
            tp.save_template(s, _me(s), title="깨짐", body="첫 줄\n{{ customer.name }")
        assert s.scalar(select(func.count()).select_from(Template)) == 0


def test_macro_preview_equals_what_apply_does(ws):
    db, ids = ws
    with db.session() as s:
        me = _me(s)
        tickets.update_ticket(s, ids["t2"], me, add_tags=["배송"])
        row = tp.save_template(s, me, **REFUND)
    with db.session() as s:
        r = tp.render_for_ticket(s, row.id, ids["t2"], _me(s), {"amount": "89,000", "refund_date": "2026-11-23"}, now=NOW)
        assert r.result.sendable, r.result
        assert "최영희 고객님, 주문 ORD-2026-0000001 환불 89,000원을 2026년 11월 23일에 처리합니다." in r.result.text
        preview = r.changes
        assert [c.field for c in preview] == ["status", "tags", "follow_up"]
        assert preview[0] == tp.MacroChange("status", "new", "pending")
        assert preview[1] == tp.MacroChange("tags", "배송", "refund-request 환불")
        assert preview[2].new == "최영희 환불 확인" and preview[2].due_at == IN_A_DAY
    with db.session() as s:
        applied = tp.use_template(s, row.id, ids["t2"], _me(s), {"amount": 89000, "refund_date": date(2026, 11, 23)}, now=NOW)
    assert applied == preview
    with db.session() as s:
        d = tickets.get_detail(s, ids["t2"])
        assert d.status == "pending" and d.tags == ["refund-request", "환불"]
        fu = s.scalars(select(FollowUp)).one()
        t = s.scalar(select(Ticket).where(Ticket.number == ids["t2"]))
        assert (fu.agent_id, fu.ticket_id, fu.customer_id) == (ids["me"], t.id, ids["customer"])
        assert fu.title == "최영희 환불 확인" and fu.due_at == IN_A_DAY and fu.status == "open"
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "follow_up")) == 1
        assert tp.get_template(s, row.id, _me(s)).my_uses == 1
    with db.session() as s:
        # Applied again: nothing left to change on the ticket, but another follow-up.
        again = tp.apply_macro(s, ids["t2"], _me(s), REFUND["macro"], now=NOW)
        assert [c.field for c in again] == ["follow_up"]


def test_macro_assignee_priority_and_follow_up_from_a_prompt(ws):
    db, ids = ws
    when = datetime(2026, 11, 23, 6, 30, tzinfo=UTC)
    macro = {"assignee": "me", "priority": "urgent", "follow_up": {"at_prompt": "callback", "title": "콜백", "kind": "callback"}}
    with db.session() as s:
        changes = tp.apply_macro(s, ids["t3"], _me(s), macro, now=NOW, values={"callback": when})
        assert [str(c) for c in changes[:2]] == ["priority: normal → urgent", "assignee: lee.junho → kim.minji"]
        fu = s.scalars(select(FollowUp)).one()
        assert fu.kind == "callback" and fu.due_at == when
    with db.session() as s:
        # A date alone is due at 09:00 local that day; no answer at all is a clear error.
        fu_day = tp.apply_macro(s, ids["t3"], _me(s), macro, now=NOW, values={"callback": date(2026, 11, 24)})[-1]
        assert fu_day.due_at.astimezone().hour == 9 and fu_day.due_at.astimezone().day == 24
        with pytest.raises(InvalidValue, match="needs the date asked by 'callback'"):
            tp.apply_macro(s, ids["t3"], _me(s), macro, now=NOW)


def test_usage_orders_most_used_by_me_first(ws):
    db, ids = ws
    with db.session() as s:
        me = _me(s)
        a = tp.save_template(s, me, title="가", body="A", shortcut="/a")
        b = tp.save_template(s, me, title="나", body="B", shortcut="/b")
        c = tp.save_template(s, me, title="다", body="C", scope="personal", shortcut="/c")
        s.execute(Template.__table__.update().where(Template.id == a.id).values(usage_count=100))
    with db.session() as s:
        assert [r.title for r in tp.list_templates(s, _me(s))] == ["다", "가", "나"]  # personal, then everyone's use
        for _ in range(3):
            tp.record_use(s, b.id, _me(s))
        tp.record_use(s, c.id, _me(s))
        other = find_agent(s, "lee.junho")
        for _ in range(5):
            tp.record_use(s, a.id, other)
    with db.session() as s:
        rows = tp.list_templates(s, _me(s))
        assert [(r.title, r.my_uses) for r in rows] == [("나", 3), ("다", 1), ("가", 0)]
        assert [r.title for r in tp.list_templates(s, _me(s), sort="usage")] == ["가", "나", "다"]
        assert [r.title for r in tp.list_templates(s, _me(s), sort="title")] == ["가", "나", "다"]
        assert [r.title for r in tp.list_templates(s, find_agent(s, "lee.junho"))] == ["가", "나"]
        assert tp.get_template(s, a.id, _me(s)).usage_count == 105
        assert s.scalar(select(TemplateUsage.uses).where(TemplateUsage.template_id == b.id)) == 3
        with pytest.raises(InvalidValue, match="unknown sort"):
            tp.list_templates(s, _me(s), sort="random")


def test_personal_templates_are_visible_only_to_their_owner(ws):
    db, ids = ws
    with db.session() as s:
        mine = tp.save_template(s, _me(s), title="내 서명", body="{{ agent.name }} 드림", scope="personal", shortcut="/서명")
        tp.save_template(s, _me(s), title="Team sign-off", body="Regards", shortcut="/Sign", language="en",
                         category="closing")
    with db.session() as s:
        other = find_agent(s, "lee.junho")
        assert [r.title for r in tp.list_templates(s, other)] == ["Team sign-off"]
        with pytest.raises(NotFound):
            tp.get_template(s, mine.id, other)
        with pytest.raises(NotFound):
            tp.delete_template(s, other, mine.id)
        assert tp.find_by_shortcut(s, other, "/서명") is None
        assert tp.find_by_shortcut(s, _me(s), "/서명").id == mine.id
        assert tp.find_by_shortcut(s, other, "/SIGN").title == "Team sign-off"  # case-insensitive
        assert tp.shortcut_map(s, _me(s)) == {"/서명": mine.id, "/sign": tp.find_by_shortcut(s, other, "/sign").id}
        assert tp.template_facets(s, other) == (["closing"], ["en"])
        assert [r.title for r in tp.list_templates(s, _me(s), search="드림")] == ["내 서명"]
        assert [r.title for r in tp.list_templates(s, _me(s), language="en")] == ["Team sign-off"]
        assert [r.title for r in tp.list_templates(s, _me(s), search="100%")] == []


def test_shortcut_conflicts_update_and_soft_delete(ws):
    db, _ = ws
    with db.session() as s:
        a = tp.save_template(s, _me(s), title="환불", body="A", shortcut="/환불")
        with pytest.raises(InvalidValue, match="shortcut '/환불' is already used by '환불'"):
            tp.save_template(s, _me(s), title="환불2", body="B", shortcut="/환불")
        with pytest.raises(InvalidValue, match="one word"):
            tp.save_template(s, _me(s), title="x", body="B", shortcut="/환 불")
        updated = tp.save_template(s, _me(s), template_id=a.id, body="새 본문")
        assert (updated.title, updated.body, updated.shortcut) == ("환불", "새 본문", "/환불")
        tp.delete_template(s, _me(s), a.id)
    with db.session() as s:
        assert tp.list_templates(s, _me(s)) == []
        assert s.get(Template, a.id).deleted is True
        tp.save_template(s, _me(s), title="환불2", body="B", shortcut="/환불")  # the shortcut is free again


def test_export_import_round_trip(ws, tmp_path):
    db, ids = ws
    with db.session() as s:
        me = _me(s)
        tp.save_template(s, me, **REFUND)
        tp.save_template(s, me, title="Greeting", body="Hello {{ customer.name }}", language="en", shortcut=";hi")
        tp.save_template(s, me, title="내 서명", body="{{ agent.name }}", scope="personal")
        data = tp.export_templates(s, me)
        with_personal = tp.export_templates(s, me, include_personal=True)
    assert data["format"] == "agentdesk-templates" and data["version"] == 1
    assert sorted(t["title"] for t in data["templates"]) == ["Greeting", "환불 접수 안내"]
    assert len(with_personal["templates"]) == 3
    refund = next(t for t in data["templates"] if t["title"] == "환불 접수 안내")
    assert refund["prompts"] == REFUND["prompts"] and refund["macro"]["follow_up"]["in_hours"] == 24

    # Same file again: updated in place by id, nothing duplicated; an edit comes through.
    refund["body"] = "바뀐 본문 {{ customer.name }}"
    with db.session() as s:
        res = tp.import_templates(s, _me(s), data)
        assert (res.created, res.updated) == (0, 2)
        assert s.scalar(select(func.count()).select_from(Template)) == 3
        assert tp.find_by_shortcut(s, _me(s), "/환불").body == "바뀐 본문 {{ customer.name }}"

    # Without ids (a hand-written file): matched by (title, language); a deleted one is made anew.
    without_ids = {**data, "templates": [{k: v for k, v in t.items() if k != "id"} for t in data["templates"]]}
    with db.session() as s:
        tp.delete_template(s, _me(s), tp.find_by_shortcut(s, _me(s), ";hi").id)
    with db.session() as s:
        res = tp.import_templates(s, _me(s), without_ids)
        assert (res.created, res.updated) == (1, 1)
        assert tp.find_by_shortcut(s, _me(s), ";hi").title == "Greeting"


def test_import_is_all_or_nothing(ws):
    db, _ = ws
    good = {"title": "좋은 템플릿", "body": "{{ customer.name }}님", "language": "ko", "shortcut": "/좋음"}
    broken = {"title": "깨진 템플릿", "body": "안녕\n{% if customer %}", "language": "ko"}
    bad_macro = {"title": "나쁜 매크로", "body": "x", "macro": {"status": "finished"}}
    for doc, message in (
        ([good, broken], r"template 2 in the file: template '깨진 템플릿': line 2:"),
        ([good, bad_macro], r"template 2 in the file: template '나쁜 매크로': macro: invalid status 'finished'"),
        ([good, {**good, "title": "다른 제목"}], r"shortcut '/좋음' is already used by '좋은 템플릿'"),
    ):
        with pytest.raises(InvalidValue, match=message):
            with db.session() as s:
                tp.import_templates(s, _me(s), {"format": "agentdesk-templates", "version": 1, "templates": doc})
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(Template)) == 0
    with db.session() as s:
        with pytest.raises(InvalidValue, match="not an AgentDesk templates file"):
            tp.import_templates(s, _me(s), {"templates": []})
        with pytest.raises(InvalidValue, match="unsupported templates file version 2"):
            tp.import_templates(s, _me(s), {"format": "agentdesk-templates", "version": 2, "templates": []})


def test_broken_template_never_reaches_a_customer(ws):
    db, ids = ws
    with db.session() as s:
        t = Template(title="손상", body="{{ customer.name }", scope="team", language="ko")  # stored by an old client
        s.add(t)
        s.flush()
        r = tp.render_for_ticket(s, t.id, ids["t1"], _me(s))
        assert r.result.error.startswith("line 1:") and not r.result.sendable and r.result.text == ""


def test_sandbox_budgets():
    assert "limited" in tp.render("{% for i in range(100000) %}x{% endfor %}", {}).error
    assert "too large" in tp.render("{{ 'x' * 100000000 }}", {}).error
    assert tp.render("{% for i in range(3) %}{{ i }}{% endfor %}{{ 'ab' * 2 }}", {}).text == "012abab"


def test_unfilled_placeholders():
    assert tp.unfilled_placeholders("안녕 ⟦customer.nickname⟧님 {{ x }} {% if %}") == ["⟦customer.nickname⟧", "{{", "{%"]
    assert tp.unfilled_placeholders("가격은 {1} 입니다") == []


def test_demo_templates_are_valid_and_render():
    from agentdesk import demo

    shortcuts = [t[1] for t in demo.TEMPLATES]
    assert len(set(s.lower() for s in shortcuts)) == len(shortcuts)
    assert {"/환불", ";refund", "/한도", "/배송", "/콜백"} <= set(shortcuts)
    assert any(t[6] for t in demo.TEMPLATES) and any(t[5].get("follow_up") for t in demo.TEMPLATES)
    for title, shortcut, _category, language, body, macro, prompts in demo.TEMPLATES:
        clean = tp._validated({"title": title, "body": body, "language": language, "shortcut": shortcut,
                               "macro": macro, "prompts": prompts})
        answers = {"amount": 89000, "reason": "상품 불량", "when": datetime(2026, 11, 23, 6, 30, tzinfo=UTC)}
        values = tp.coerce_values(clean["prompts"], {p["name"]: answers[p["name"]] for p in clean["prompts"]})
        r = tp.render(body, tp.sample_context(values=values))
        assert r.sendable, (title, r)


def test_demo_workspace_templates_work_on_a_real_ticket(sqlite_db):
    from agentdesk import demo

    demo.generate(sqlite_db, customers=20, tickets=60, now=NOW)
    with sqlite_db.session() as s:
        me = current_agent(s)
        rows = tp.list_templates(s, me)
        assert len(rows) == len(demo.TEMPLATES) + 1 and rows[0].scope == "personal"  # 내 서명 first
        refund = tp.find_by_shortcut(s, me, "/환불")
        assert refund.prompts[1]["choices"] and refund.macro["follow_up"]["in_hours"] == 72
        number = s.scalar(select(func.min(tickets.Ticket.number)).where(tickets.Ticket.order_id.is_not(None)))
        r = tp.render_for_ticket(s, refund.id, number, me, {"amount": "10,000", "reason": "오배송"})
        assert r.result.sendable and "10,000원" in r.result.text and "ORD-" in r.result.text
        assert [c.field for c in r.changes][-1] == "follow_up"


def test_the_macro_preview_spells_tags_as_the_ticket_does(ws):
    """A tag removed by its spoken form ("Needs Review") is the stored needs-review: the
    preview says so, as applying it does (found when the tag rules became one module)."""
    db, ids = ws
    with db.session() as s:
        tickets.update_ticket(s, ids["t2"], _me(s), add_tags=["Needs Review"])
    macro = {"remove_tags": ["Needs Review"], "add_tags": ["Call  Back"]}
    with db.session() as s:
        preview = tp.preview_macro(s, ids["t2"], _me(s), macro, now=NOW)
    with db.session() as s:
        applied = tp.apply_macro(s, ids["t2"], _me(s), macro, now=NOW)
    assert preview == applied and [c.field for c in preview] == ["tags"]
    with db.session() as s:
        assert tickets.get_detail(s, ids["t2"]).tags == [preview[0].new]


@pytest.mark.parametrize("value", [1e308, float("nan"), float("inf"), -1e308, 0, "24", True, None, [1], 3651])
def test_follow_up_days_out_of_range_are_refused_naming_the_field(value):
    # 1e308 used to import and then raise OverflowError at every preview of the macro.
    with pytest.raises(InvalidValue, match=r"^macro follow_up: in_days must be a positive number of at most 3,650$"):
        tp.validate_macro({"follow_up": {"title": "확인", "in_days": value}})
    with pytest.raises(InvalidValue, match=r"in_hours must be a positive number of at most 87,600"):
        tp.validate_macro({"follow_up": {"title": "확인", "in_hours": value if value != 3651 else 87_601}})


def test_valid_macros_and_prompts_keep_their_stored_shape():
    macro = {"status": "pending", "add_tags": "환불, 확인", "remove_tags": [], "assignee": "",
             "follow_up": {"title": " 환불 확인 ", "in_hours": 72, "in_days": 0.5}}
    assert tp.validate_macro(macro) == {"status": "pending", "add_tags": ["환불", "확인"],
                                        "follow_up": {"title": "환불 확인", "in_hours": 72, "in_days": 0.5,
                                                      "kind": "follow_up"}}
    assert tp.validate_prompts([{"name": "r", "type": "choice", "choices": [" a ", "b"], "required": False}]) == [
        {"name": "r", "label": "r", "type": "choice", "required": False, "choices": ["a", "b"]}]
    for bad, message in (({"follow_up": {"title": "x", "in_hours": 1, "colour": 1}}, "macro follow_up: unknown key 'colour'"),
                         ({"follow_up": {"title": "x", "in_hours": 1, "kind": "visit"}}, "invalid kind 'visit'"),
                         ({"follow_up": "tomorrow"}, "must be an object"),
                         ({"assignee": 5}, "macro assignee must be")):
        with pytest.raises(InvalidValue, match=message):
            tp.validate_macro(bad)
    with pytest.raises(InvalidValue, match=r"^prompt 2: unknown key 'colour'$"):
        tp.validate_prompts([{"name": "a"}, {"name": "b", "colour": "red"}])
    with pytest.raises(InvalidValue, match=r"^prompt 1: required: input should be a valid boolean"):
        tp.validate_prompts([{"name": "a", "required": "maybe"}])


def test_a_huge_follow_up_in_a_file_is_refused_with_its_template_and_field(ws):
    db, _ = ws
    doc = {"format": "agentdesk-templates", "version": 1, "templates": [
        {"title": "확인 전화", "body": "안녕하세요", "macro": {"follow_up": {"title": "전화", "in_days": 1e308}}}]}
    with pytest.raises(InvalidValue, match=r"^template 1 in the file: template '확인 전화': macro follow_up: in_days must be"):
        with db.session() as s:
            tp.import_templates(s, _me(s), doc)
    for data, message in (([], "not an AgentDesk templates file"),
                          ({"format": "agentdesk-templates", "version": True, "templates": []}, "unsupported"),
                          ({"format": "agentdesk-templates", "version": 1}, "has no \"templates\" list"),
                          ({"format": "agentdesk-templates", "version": 1, "templates": [1]}, "template 1 in the file is not an object")):
        with db.session() as s:
            with pytest.raises(InvalidValue, match=message):
                tp.import_templates(s, _me(s), data)


def test_a_stored_macro_with_a_huge_follow_up_is_refused_not_overflowing(ws):
    db, ids = ws
    with db.session() as s:
        t = Template(title="오래된 매크로", body="안녕하세요", scope="team", language="ko",
                     macro={"follow_up": {"title": "전화", "in_days": 1e308}})
        s.add(t)
        s.flush()
        with pytest.raises(InvalidValue, match="in_days must be a positive number"):
            tp.render_for_ticket(s, t.id, ids["t1"], _me(s))

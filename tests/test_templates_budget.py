"""The render budget (services/template_budget.py): every hostile template the tester found
ends in one clear line, quickly, instead of a hang, a MemoryError, a RecursionError or an
OverflowError; and such templates are refused when they are saved or imported.

Before the budget, each of ATTACKS either ran for minutes or allocated gigabytes (measured:
'a'.ljust(10**9) 1 GB, indent 5 GB and 60 s, nested loops over 'a'*10000 12 s)."""

import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from agentdesk.models import Template, Ticket
from agentdesk.services import templates as tp
from agentdesk.services.common import InvalidValue, current_agent
from agentdesk.services.template_budget import MAX_CALL_DEPTH, TemplateTooCostly
from tests.factories import seed_small

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _fan_out(levels: int) -> str:
    """Macros that each call the one below twice: 2**levels calls, no recursion."""
    macros = "{% macro m0() %}x{% endmacro %}"
    macros += "".join(f"{{% macro m{i}() %}}{{{{ m{i - 1}() }}}}{{{{ m{i - 1}() }}}}{{% endmacro %}}"
                      for i in range(1, levels + 1))
    return macros + f"{{{{ m{levels}() }}}}"


ATTACKS = {
    "nested loops over a long string": "{% for a in 'a'*10000 %}{% for b in 'a'*10000 %}x{% endfor %}{% endfor %}",
    "ljust": "{{ 'a'.ljust(10**9) }}",
    "ljust, literal width": "{{ 'a'.ljust(1000000000) }}",
    "zfill": "{{ 'a'.zfill(10**9) }}",
    "center method": "{{ 'a'.center(10**9) }}",
    "center filter": "{{ 'a'|center(1000000000) }}",
    "indent": "{{ ('a\n' * 5000)|indent(1000000) }}",
    "percent width": "{{ '%0500000000d' % 1 }}",
    "format filter width": "{{ '%0500000000d'|format(1) }}",
    "str.format width": "{{ '{:>500000000}'.format(1) }}",
    "str.format nested width": "{{ '{:>{w}}'.format(1, w=500000000) }}",
    "join of a repeated list": "{{ (['a' * 10000] * 10000)|join }}",
    "join of added lists": "{% set l = ['a' * 4000] * 10 %}{{ (l + l + l + l)|join }}",
    "namespace doubling": "{% set ns = namespace(a='a' * 1000) %}" + "{% set ns.a = ns.a ~ ns.a %}" * 40 + "{{ ns.a }}",
    "lipsum": "{{ lipsum(10**6) }}",
    "recursive macro": "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}",
    "recursive block": "{% block a %}{{ self.a() }}{% endblock %}",
    "list multiplication": "{{ [1] * 10**9 }}",
    "nested list literals": "{% set a = 'a' * 40000 %}{% set b = [a, a, a, a] %}{% set c = [b, b, b, b] %}{{ c }}",
    "macro fan-out": _fan_out(30),
    "percent mapping repeated": "{{ ('%(a)s' * 10000) % {'a': 'a' * 40000} }}",
    "format field repeated": "{{ ('{0}' * 10000).format('a' * 40000) }}",
    "replace filter": "{{ ('a' * 10000)|replace('a', 'a' * 10000) }}",
    "replace method": "{{ ('a' * 10000).replace('a', 'a' * 10000) }}",
    "translate": "{{ ('a' * 10000).translate({97: 'b' * 10000}) }}",
    "round precision": "{{ 5|round(-1000000000, 'floor') }}",
    "to_bytes": "{{ (1).to_bytes(1000000000, 'big') }}",
    "squaring a number": "{% set ns = namespace(a=10**60) %}" + "{% set ns.a = ns.a * ns.a %}" * 30 + "{{ ns.a }}",
    "range": "{% for i in range(10**9) %}{% endfor %}",
    "wordwrap": "{{ ('a ' * 20000)|wordwrap(1, wrapstring='x' * 10000) }}",
    "batch": "{{ [1]|batch(1000000000, 0)|list }}",
    "slice": "{{ [1]|slice(1000000000)|list }}",
    "tojson indent": "{{ [1]|tojson(1000000000) }}",
    "expandtabs": "{{ ('\t' * 10000).expandtabs(100000) }}",
    "a long reply": "{% for i in range(9000) %}{{ 'a' * 1000 }}{% endfor %}",
    "deeply nested expression": "{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}",
    "sum of lists": "{{ ([[1] * 10] * 1000)|sum(start=[]) }}",
    "map through center": "{{ ['a']|map('center', 1000000000)|list }}",
    "filter block": "{% filter center(1000000000) %}a{% endfilter %}",
    "float overflow": "{{ 10.0 ** 400 }}",
}


@pytest.mark.parametrize("body", ATTACKS.values(), ids=ATTACKS.keys())
def test_each_attack_is_one_clear_line_quickly(body):
    started = time.monotonic()
    r = tp.render(body, tp.sample_context(now=NOW))
    elapsed = time.monotonic() - started
    assert r.error and not r.sendable and r.text == ""
    assert "\n" not in r.error and "Traceback" not in r.error
    assert r.error.startswith(("template too large", "template too slow", "template too deep", "cannot fill")), r.error
    assert elapsed < 2.0, f"{elapsed:.2f} s"


def test_the_deadline_stops_a_render_that_is_merely_slow():
    # A million macro calls that write and make nothing: within every size limit, only slow.
    body = _fan_out(20).replace("{% macro m0() %}x{% endmacro %}", "{% macro m0() %}{% endmacro %}")
    r = tp.render(body, {}, seconds=0.01)
    assert r.over_budget and r.error.startswith("template too slow: it took more than 0.01 s"), r.error
    assert tp.render("{% for i in range(3) %}{{ i }}{% endfor %}", {}, seconds=0.01).text == "012"


def test_everything_made_along_the_way_is_counted():
    # Each step makes 80,000 characters and keeps none: 9,000 steps would churn 720 MB.
    r = tp.render("{% for i in range(9000) %}{% set x = ('a' * 40000)|upper %}{% endfor %}done", {})
    assert r.over_budget and r.error == "template too large: it makes more than 5,000,000 characters of text along the way"


def test_ordinary_templates_still_render():
    ctx = tp.sample_context(now=NOW)
    body = ("{{ customer.name }}님, {% for it in order.items %}{{ it.name }} {{ it.price | won }}{% endfor %} "
            "{{ '%05d' % 42 }} {{ '{:>6}'.format('x') }} {{ ('ab' * 3)|center(10) }} {{ [1, 2, 3]|join(',') }} "
            "{% set ns = namespace(n=0) %}{% for i in range(5) %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }} "
            "{% macro greet(who) %}hi {{ who }}{% endmacro %}{{ greet('you') ~ '!' }} {{ 2 ** 10 }} "
            "{{ lipsum(1, false, 5, 10)|length > 0 }}")
    r = tp.render(body, ctx)
    assert r.sendable, r.error
    assert r.text.startswith("홍길동님, 무선 이어폰 89,000원 00042      x   ababab   1,2,3 10 hi you! 1024 True")


def test_recursion_that_is_not_a_macro_calling_itself_is_bounded_by_depth():
    # A macro reached through a variable escapes the static check; the depth limit stops it.
    body = "{% macro m(f) %}{{ f(f) }}{% endmacro %}{{ m(m) }}"
    assert tp.check_syntax(body) is None
    r = tp.render(body, {})
    assert r.over_budget and f"more than {MAX_CALL_DEPTH} deep" in r.error


def test_checked_literals_and_mutations_are_refused():
    assert "unsafe" in tp.render("{% set l = [1] %}{{ l.append(2) }}", {}).error
    assert issubclass(TemplateTooCostly, Exception) and "ServiceError" in [c.__name__ for c in TemplateTooCostly.__mro__]


@pytest.fixture
def ws(sqlite_db):
    seed_small(sqlite_db)
    return sqlite_db


@pytest.mark.parametrize("body,message", [
    (ATTACKS["recursive macro"], r"line 1: macro 'm' calls itself"),
    ("{% macro a() %}{{ b() }}{% endmacro %}\n{% macro b() %}{{ a() }}{% endmacro %}{{ a() }}", r"macro '[ab]' calls itself"),
    (ATTACKS["recursive block"], r"block 'a' calls itself"),
    (ATTACKS["ljust"], r"template too large: ljust\(\)"),
    (ATTACKS["nested loops over a long string"], r"template too slow: loops are limited"),
    (ATTACKS["lipsum"], r"template too large: lipsum"),
    ("x" * 20_001, r"is too long: 20,001 characters"),
    ("{{ " + "9" * 5000 + " }}", r"a number in the template is far too long"),
    ("안녕\n{{ 'a' * 10000000000000000000 }}", r"line 2: the number 100000000000… is too large"),
])
def test_costly_templates_are_refused_when_saved(ws, body, message):
    with ws.session() as s:
        with pytest.raises(InvalidValue, match=message):
            tp.save_template(s, current_agent(s), title="폭탄", body=body)
        assert s.scalar(select(func.count()).select_from(Template)) == 0


def test_a_costly_follow_up_title_is_refused_when_saved(ws):
    macro = {"follow_up": {"in_hours": 1, "title": "{{ lipsum(10**6) }}"}}
    with ws.session() as s:
        with pytest.raises(InvalidValue, match=r"^template '폭탄': macro follow_up: title: template too large: lipsum"):
            tp.save_template(s, current_agent(s), title="폭탄", body="안녕하세요", macro=macro)
        ok = {"follow_up": {"in_hours": 1, "title": "{{ customer.name }} 확인"}}
        assert tp.save_template(s, current_agent(s), title="좋음", body="안녕하세요", macro=ok).macro == {
            "follow_up": {"in_hours": 1, "title": "{{ customer.name }} 확인", "kind": "follow_up"}}


def test_a_costly_template_in_a_file_imports_nothing(ws):
    doc = {"format": "agentdesk-templates", "version": 1, "templates": [
        {"title": "좋은 템플릿", "body": "{{ customer.name }}님"},
        {"title": "폭탄", "body": "{{ '{:>500000000}'.format(1) }}"},
    ]}
    with pytest.raises(InvalidValue, match=r"template 2 in the file: template '폭탄': template too large: a field width"):
        with ws.session() as s:
            tp.import_templates(s, current_agent(s), doc)
    with ws.session() as s:
        assert s.scalar(select(func.count()).select_from(Template)) == 0


def test_a_costly_template_stored_by_an_old_client_fails_to_render_cleanly(ws):
    with ws.session() as s:
        t = Template(title="오래된 폭탄", body=ATTACKS["recursive macro"], scope="team", language="ko")
        s.add(t)
        s.flush()
        ticket = s.scalar(select(Ticket.id).limit(1))
        r = tp.render_for_ticket(s, t.id, ticket, current_agent(s))
        assert r.result.over_budget and r.result.error.startswith("template too deep")

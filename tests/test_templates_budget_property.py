"""A property over generated templates: however the growth operations are stacked (repeat,
pad, join, replace, indent, format, nested loops, namespace doubling), a render ends quickly,
in text within the output limit or in one clear line. The list of attacks in
test_templates_budget.py is what a tester found; this looks for what they did not."""

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agentdesk.services import templates as tp
from agentdesk.services.template_budget import MAX_OUTPUT_CHARS

SIZES = st.sampled_from([0, 1, 3, 80, 1000, 10_000, 100_000, 10**9])


def _grow(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """One operation that can make text bigger, applied to an expression."""
    return st.one_of(
        st.builds(lambda e, n: f"({e}) * {n}", inner, SIZES),
        st.builds(lambda a, b: f"({a}) ~ ({b})", inner, inner),
        st.builds(lambda e, n: f"({e})|center({n})", inner, SIZES),
        st.builds(lambda e, n: f"({e}|string).ljust({n})", inner, SIZES),
        st.builds(lambda e, n: f"({e}|string).zfill({n})", inner, SIZES),
        st.builds(lambda e, n: f"({e})|indent({n}, true)", inner, SIZES),
        st.builds(lambda e, r: f"({e})|replace('a', {r})", inner, inner),
        st.builds(lambda e, n: f"([{e}] * {n})|join", inner, SIZES),
        st.builds(lambda e, n: f"'%0{n}d%s' % (1, {e})", inner, SIZES),
        st.builds(lambda e, n: f"'{{:>{n}}}'.format({e})", inner, SIZES),
        st.builds(lambda e, n: f"({e})|wordwrap({max(n, 1)}, wrapstring='--')", inner, SIZES),
        st.builds(lambda e: f"({e})|list", inner),
        st.builds(lambda e: f"({e})|upper", inner),
    )


EXPRESSIONS = st.recursive(st.sampled_from(["'a'", "'ab\\n'", "customer.name", "'\\t'", "1"]), _grow, max_leaves=6)


@st.composite
def templates(draw) -> str:
    expr = draw(EXPRESSIONS)
    shape = draw(st.sampled_from(["plain", "loop", "nested", "namespace", "macro"]))
    n = draw(SIZES)
    if shape == "loop":
        return f"{{% for i in range({n}) %}}{{{{ {expr} }}}}{{% endfor %}}"
    if shape == "nested":
        return f"{{% for a in {expr} %}}{{% for b in {expr} %}}{{{{ a ~ b }}}}{{% endfor %}}{{% endfor %}}"
    if shape == "namespace":
        doubling = "{% set ns.a = ns.a ~ ns.a %}" * draw(st.integers(0, 40))
        return f"{{% set ns = namespace(a={expr}) %}}{doubling}{{{{ ns.a }}}}"
    if shape == "macro":
        return f"{{% macro m(x) %}}{{{{ x }}}}{{{{ x }}}}{{% endmacro %}}{{{{ m(m(m({expr}))) }}}}"
    return f"{{{{ {expr} }}}}"


@pytest.mark.filterwarnings("ignore:Generating overly large repr")
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(templates())
def test_any_stack_of_growth_ends_quickly_and_bounded(body):
    started = time.monotonic()
    r = tp.render(body, tp.sample_context())
    elapsed = time.monotonic() - started
    assert elapsed < 2.0, (body, elapsed)
    if r.error is None:
        assert len(r.text) <= MAX_OUTPUT_CHARS
    else:
        assert "\n" not in r.error and r.text == ""

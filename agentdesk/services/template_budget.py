"""A render budget for reply templates: Jinja2's sandbox with limits on size, steps, depth and time.

The sandbox stops a template from reaching Python internals but not from exhausting the
machine: ``'a'.ljust(10**9)``, ``'%0500000000d' % 1``, nested loops over ``'a'*10000`` or
a macro calling itself each run unbounded. Here every operation a template can make is
bounded *before* it runs (a single C call cannot be interrupted), and the cheap hooks the
compiled template passes through check a per-render deadline:

- every value a template makes (operators, ``~``, filters, method calls, list literals)
  weighs at most MAX_VALUE_CHARS, counted as the text it would print as;
- everything written (the reply and macro / block buffers) is at most MAX_WRITTEN_CHARS,
  the reply itself MAX_OUTPUT_CHARS, and all values made along the way MAX_MADE_CHARS;
- for-loop steps and range() items are counted, calls nest at most MAX_CALL_DEPTH deep;
- format widths and precisions are at most MAX_FIELD_WIDTH, integers MAX_INT_BITS;
- the whole render takes at most RENDER_SECONDS.

Over budget raises TemplateTooCostly, one line starting "template too large", "template too
slow" or "template too deep". No Qt.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from types import SimpleNamespace
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context, LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedFormatter
from jinja2.utils import Namespace, _PassArg, generate_lorem_ipsum, pass_context

from agentdesk.catalogue import Phrase
from agentdesk.services.common import ServiceError

# A reply is a few paragraphs; these leave room for a long one and stop a bomb early.
MAX_OUTPUT_CHARS = 50_000  # the rendered reply
MAX_VALUE_CHARS = 50_000  # any one value a template makes (string, list …), as printed
MAX_WRITTEN_CHARS = 500_000  # everything written during a render, macro and block buffers included
MAX_MADE_CHARS = 5_000_000  # every value made by operators, filters and calls, together (memory and time)
MAX_LOOP_STEPS = 10_000  # for-loop iterations, all loops of a render together
MAX_RANGE_ITEMS = 10_000  # items of range(), all calls of a render together
MAX_CALL_DEPTH = 32  # macro, block and method calls inside one another
MAX_FIELD_WIDTH = 1_000  # widths and precisions in % and format(), filter widths
MAX_INT_BITS = 4_096  # about 1,200 digits
MAX_EXPONENT = 64
MAX_LIPSUM_PARAGRAPHS = 10
MAX_LIPSUM_WORDS = 100
RENDER_SECONDS = 0.5  # measured: the demo templates render in under 5 ms


class TemplateTooCostly(ServiceError):
    """A render went over its budget; the message says which limit, in one line."""


def _too_large(code: str, **params: Any) -> TemplateTooCostly:
    return TemplateTooCostly(code="budget.too_large", what=Phrase(code, **params))


def _too_slow(code: str, **params: Any) -> TemplateTooCostly:
    return TemplateTooCostly(code="budget.too_slow", what=Phrase(code, **params))


def weight(value: Any, limit: int = MAX_VALUE_CHARS) -> int:
    """About how many characters ``value`` prints as, counted up to just past ``limit``
    (so weighing a huge value costs no more than weighing one at the limit)."""
    total = 0
    stack = [value]
    while stack and total <= limit:
        v = stack.pop()
        if isinstance(v, (str, bytes, bytearray)):
            total += len(v)
        elif isinstance(v, bool) or v is None:
            total += 5
        elif isinstance(v, int):
            total += v.bit_length() // 3 + 1
        elif isinstance(v, (list, tuple, set, frozenset)):
            total += 2 + 2 * len(v)
            if total <= limit:
                stack.extend(v)
        elif isinstance(v, dict):
            total += 2 + 4 * len(v)
            if total <= limit:
                stack.extend(v.keys())
                stack.extend(v.values())
        elif isinstance(v, Namespace):  # {% set ns.a = … %} grows it after it was made
            total += 16
            stack.append(object.__getattribute__(v, "_Namespace__attrs"))
        elif isinstance(v, SimpleNamespace):  # the context objects (customer, ticket …)
            total += 16
            stack.append(vars(v))
        else:
            total += 16
    return total


def _as_int(value: Any, default: int = 0) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _number_too_big(digits: str) -> bool:
    return len(digits) > 6 or int(digits) > MAX_FIELD_WIDTH


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?([a-zA-Z%])?")


def _check_percent_format(fmt: str | bytes, args: Any) -> None:
    """'%0500000000d' % 1 would allocate half a gigabyte before anything could look at it."""
    text = fmt.decode("latin-1") if isinstance(fmt, (bytes, bytearray)) else fmt
    fields = 0
    for m in _PERCENT_SPEC.finditer(text):
        for number in (m.group(1), m.group(2)):
            if number == "*" or (number and _number_too_big(number)):
                raise _too_large("budget.width_percent", most=f"{MAX_FIELD_WIDTH:,}")
        if m.group(3) != "%":
            fields += 1
    # '%(a)s%(a)s…' % {'a': big} prints the same big value once per field.
    estimate = len(text) + fields * max(weight(args), MAX_FIELD_WIDTH if fields else 0)
    if estimate > MAX_VALUE_CHARS and fields > 1:
        raise _too_large("budget.formatted", most=f"{MAX_VALUE_CHARS:,}")


def _check_format_spec(spec: str) -> None:
    """'{:>500000000}': every number in a format spec is a width or a precision."""
    for number in re.findall(r"\d+", spec):
        if _number_too_big(number):
            raise _too_large("budget.width_format", most=f"{MAX_FIELD_WIDTH:,}")


class _BudgetedFormatter(SandboxedFormatter):
    """str.format / format_map with every field's spec and the running total checked."""

    def __init__(self, env: BudgetedSandbox) -> None:
        super().__init__(env)
        self._budget_env = env
        self._written = 0

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> tuple[Any, str]:
        obj, first = super().get_field(field_name, args, kwargs)
        self._budget_env.check_value(obj)
        return obj, first

    def format_field(self, value: Any, format_spec: str) -> Any:
        _check_format_spec(format_spec)
        text = super().format_field(value, format_spec)
        self._written += len(text)  # '{0}{0}{0}…'.format(big) prints big once per field
        if self._written > MAX_VALUE_CHARS:
            raise _too_large("budget.formatted", most=f"{MAX_VALUE_CHARS:,}")
        return text


class RenderBudget:
    """What one render has used so far; one per render, never shared between threads."""

    def __init__(self, seconds: float = RENDER_SECONDS) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.loop_steps = 0
        self.range_items = 0
        self.written = 0
        self.made = 0
        self.depth = 0

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise _too_slow("budget.seconds", seconds=f"{self.seconds:g}")

    def step(self) -> None:
        self.loop_steps += 1
        if self.loop_steps > MAX_LOOP_STEPS:
            raise _too_slow("budget.loop_steps", most=f"{MAX_LOOP_STEPS:,}")
        self.tick()

    def write(self, size: int) -> None:
        self.written += size
        if self.written > MAX_WRITTEN_CHARS:
            raise _too_large("budget.written", most=f"{MAX_WRITTEN_CHARS:,}")
        self.tick()


def _estimate_str_method(owner: str | bytes | bytearray, name: str, args: tuple, kwargs: dict) -> int | None:
    """The size of what a str/bytes method would return, for the methods that can grow text."""
    n = len(owner)
    if name in ("ljust", "rjust", "center", "zfill"):
        return max(n, _as_int(args[0] if args else kwargs.get("width")))
    if name == "expandtabs":
        tab = _as_int(args[0] if args else kwargs.get("tabsize", 8), 8)
        tabs = owner.count("\t") if isinstance(owner, str) else owner.count(b"\t")
        return n + tabs * max(tab, 0)
    if name == "replace" and len(args) >= 2:
        return _estimate_replace(owner, args[0], args[1], args[2] if len(args) > 2 else kwargs.get("count", -1))
    if name == "translate" and args and isinstance(args[0], dict):
        longest = max((len(v) for v in args[0].values() if isinstance(v, (str, bytes))), default=1)
        return n * max(longest, 1)
    if name == "encode":
        return 4 * n
    return None


def _estimate_replace(s: Any, old: Any, new: Any, count: Any = -1) -> int:
    if not isinstance(s, (str, bytes, bytearray)) or not isinstance(old, type(s)) or not isinstance(new, type(s)):
        return weight(s) + weight(new)
    text: Any = s  # str, bytes or bytearray, and old of the same type
    hits = len(text) + 1 if not old else text.count(old)
    limit = _as_int(count, -1)
    if limit >= 0:
        hits = min(hits, limit)
    return len(s) + hits * max(len(new) - len(old), 0)


def _estimate_join(sep: Any, items: list) -> int:
    return weight(items) + weight(sep) * max(len(items) - 1, 0)


def _bounded_list(items: Any) -> list:
    """An iterable as a list, refused if it is longer than any value may be."""
    out = list(islice(iter(items), MAX_VALUE_CHARS + 1))
    if len(out) > MAX_VALUE_CHARS:
        raise _too_large("budget.list_items", most=f"{MAX_VALUE_CHARS:,}")
    return out


# --- filters --------------------------------------------------------------------------
# What a filter would make, estimated from its arguments (same signatures as Jinja's,
# without the context/environment argument), for the filters whose output can outgrow
# their input. Every filter is also weighed after it ran.
def _est_center(value: Any, width: Any = 80) -> int:
    return max(weight(value), _as_int(width))


def _est_indent(s: Any, width: Any = 4, *_a: Any, **_k: Any) -> int:
    text = str(s) if isinstance(s, str) else ""
    per_line = _as_int(width) if not isinstance(width, str) else len(width)
    return weight(s) + (text.count("\n") + 1) * max(per_line, 0)


def _est_replace(s: Any, old: Any, new: Any, count: Any = None) -> int:
    return _estimate_replace(s, old, new, -1 if count is None else count)


def _est_join(value: Any, d: Any = "", attribute: Any = None) -> int:
    items = value if isinstance(value, (list, tuple, str)) else []
    return weight(value) + weight(d) * max(len(items) - 1, 0)


def _est_format(value: Any, *args: Any, **kwargs: Any) -> int:
    if isinstance(value, str):
        _check_percent_format(value, kwargs or args)
    return weight(value)


def _est_wordwrap(s: Any, width: Any = 79, break_long_words: Any = True, wrapstring: Any = None, *_a: Any,
                  **_k: Any) -> int:
    text = s if isinstance(s, str) else ""
    lines = len(text) // max(_as_int(width, 79), 1) + text.count("\n") + 1
    return len(text) + lines * weight(wrapstring if wrapstring is not None else "\n")


def _est_batch(value: Any, linecount: Any, fill_with: Any = None) -> int:
    if abs(_as_int(linecount)) > MAX_FIELD_WIDTH:
        raise _too_large("budget.batch", most=f"{MAX_FIELD_WIDTH:,}")
    return weight(value) + (_as_int(linecount) * weight(fill_with) if fill_with is not None else 0)


def _est_slice(value: Any, slices: Any, fill_with: Any = None) -> int:
    if abs(_as_int(slices)) > MAX_FIELD_WIDTH:
        raise _too_large("budget.slice", most=f"{MAX_FIELD_WIDTH:,}")
    return weight(value) + (_as_int(slices) * weight(fill_with) if fill_with is not None else 0)


def _est_round(value: Any, precision: Any = 0, method: Any = "common") -> int:
    # round(5, -10**9) computes 10**(10**9) first
    if abs(_as_int(precision)) > 100:
        raise _too_large("budget.round", most=100)
    return weight(value)


def _est_tojson(value: Any, indent: Any = None) -> int:
    if isinstance(indent, str) or abs(_as_int(indent)) > 16:
        raise _too_large("budget.tojson", most=16)
    return weight(value) * (1 + _as_int(indent))


def _est_sum(iterable: Any, attribute: Any = None, start: Any = 0) -> int:
    if not isinstance(start, (int, float)):  # adding lists one by one copies them over and over
        raise _too_slow("budget.sum_numbers")
    return weight(iterable)


_FILTER_ESTIMATES: dict[str, Callable[..., int]] = {
    "center": _est_center, "indent": _est_indent, "replace": _est_replace, "join": _est_join,
    "format": _est_format, "wordwrap": _est_wordwrap, "batch": _est_batch, "slice": _est_slice,
    "round": _est_round, "tojson": _est_tojson, "sum": _est_sum,
}


def _budgeted_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """The filter with its input, arguments and result weighed, and its growth estimated first.

    The wrapper takes the context, so Jinja never runs it at compile time (where no
    budget would apply): constant folding skips context filters."""
    pass_arg = _PassArg.from_obj(func)
    estimate = _FILTER_ESTIMATES.get(name)

    def budgeted(context: Context, value: Any, *args: Any, **kwargs: Any) -> Any:
        env = context.environment
        if not isinstance(env, BudgetedSandbox):  # pragma: no cover - filters only live in the budgeted sandbox
            raise TypeError("budgeted filter outside its sandbox")
        env.budget.tick()
        env.check_value(value)
        for arg in (*args, *kwargs.values()):
            env.check_value(arg)
        if estimate is not None:
            env.check_size(estimate(value, *args, **kwargs), f"{name}()")
        if pass_arg is _PassArg.context:
            result = func(context, value, *args, **kwargs)
        elif pass_arg is _PassArg.eval_context:
            result = func(context.eval_ctx, value, *args, **kwargs)
        elif pass_arg is _PassArg.environment:
            result = func(env, value, *args, **kwargs)
        else:
            result = func(value, *args, **kwargs)
        return env.made(result)

    budgeted.__name__ = budgeted.__qualname__ = getattr(func, "__name__", name)
    budgeted.__doc__ = func.__doc__
    return pass_context(budgeted)


# --- the compiled template's hooks ---------------------------------------------------------
class _BudgetedCodeGenerator(CodeGenerator):
    """Routes output, ``~`` and list/tuple/dict literals through the environment's checks."""

    def _output_const_repr(self, group: Iterable[Any]) -> str:
        return f"environment.budget_written({super()._output_const_repr(group)})"

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        self.write("environment.budget_written(")
        super()._output_child_pre(node, frame, finalize)
        self.write("environment.check_value(")  # before str(): printing a value is what allocates

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        self.write(")")
        super()._output_child_post(node, frame, finalize)
        self.write(")")

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.budget_concat({join}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def visit_List(self, node: nodes.List, frame: Frame) -> None:
        self.write("environment.check_value(")
        super().visit_List(node, frame)
        self.write(")")

    def visit_Dict(self, node: nodes.Dict, frame: Frame) -> None:
        self.write("environment.check_value(")
        super().visit_Dict(node, frame)
        self.write(")")

    def visit_Tuple(self, node: nodes.Tuple, frame: Frame) -> None:
        if node.ctx != "load":  # a loop or assignment target, not a value
            super().visit_Tuple(node, frame)
            return
        self.write("environment.check_value(")
        super().visit_Tuple(node, frame)
        self.write(")")


class BudgetedSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox (no list.append or dict.update either) with a RenderBudget."""

    intercepted_binops = frozenset(["+", "-", "*", "/", "//", "%", "**"])
    code_generator_class = _BudgetedCodeGenerator

    def __init__(self, *args: Any, budget: RenderBudget | None = None, filters: dict | None = None,
                 **kwargs: Any) -> None:
        # Not optimized: the optimizer would evaluate constant parts at compile time, outside the budget.
        super().__init__(*args, optimized=False, **kwargs)
        self.budget = budget or RenderBudget()
        self.filters.update(filters or {})
        self.filters = {name: _budgeted_filter(name, f) for name, f in self.filters.items()}
        self.globals["range"] = self._range
        self.globals["lipsum"] = self._lipsum

    # --- checks the compiled template calls ----------------------------------------------
    def check_size(self, size: int, what: str) -> None:
        if size > MAX_VALUE_CHARS:
            raise _too_large("budget.would_make", what=what, size=f"{size:,}", most=f"{MAX_VALUE_CHARS:,}")

    def check_value(self, value: Any) -> Any:
        """The value itself if it weighs at most MAX_VALUE_CHARS."""
        self._weigh(value)
        return value

    def made(self, value: Any) -> Any:
        """A value an operator, filter or call just made: weighed, and counted towards
        MAX_MADE_CHARS (a loop of 10,000 steps each making 50,000 characters is 500 MB)."""
        self.budget.made += self._weigh(value)
        if self.budget.made > MAX_MADE_CHARS:
            raise _too_large("budget.made", most=f"{MAX_MADE_CHARS:,}")
        return value

    def _weigh(self, value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
            raise _too_large("budget.int_bits", most=f"{MAX_INT_BITS:,}")
        size = weight(value)
        if size > MAX_VALUE_CHARS:
            raise _too_large("budget.value_chars", most=f"{MAX_VALUE_CHARS:,}")
        return size

    def budget_written(self, text: str) -> str:
        self.budget.write(len(text))
        return text

    def budget_concat(self, join: Callable[[Iterable[Any]], str], parts: tuple) -> str:
        self.budget.tick()
        self.check_size(sum(weight(p) for p in parts), "'~'")
        return self.made(join(parts))

    def budget_iter(self, iterable: Any) -> Iterator[Any]:
        """A for-loop's iterable, each step counted against the budget."""
        for item in iterable:
            self.budget.step()
            yield item

    # --- globals ------------------------------------------------------------------------
    def _range(self, *args: Any) -> range:
        r = range(*args)
        try:
            size = len(r)
        except OverflowError:
            size = MAX_RANGE_ITEMS + 1
        self.budget.range_items += size
        if self.budget.range_items > MAX_RANGE_ITEMS:
            raise _too_slow("budget.loop_steps", most=f"{MAX_RANGE_ITEMS:,}")
        return r

    def _lipsum(self, n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # noqa: A002
        if not 0 <= _as_int(n) <= MAX_LIPSUM_PARAGRAPHS or not 0 < _as_int(max) <= MAX_LIPSUM_WORDS:
            raise _too_large("budget.lipsum", paragraphs=MAX_LIPSUM_PARAGRAPHS, words=MAX_LIPSUM_WORDS)
        return generate_lorem_ipsum(n=n, html=html, min=min, max=max)

    # --- sandbox hooks --------------------------------------------------------------------
    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        # Every for-loop iterates through budget_iter, which counts its steps.
        for loop in list(tree.find_all(nodes.For)):
            counted = nodes.EnvironmentAttribute("budget_iter", lineno=loop.lineno)
            loop.iter = nodes.Call(counted, [loop.iter], [], None, None, lineno=loop.lineno)
        return tree

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self.budget.tick()
        if operator == "**" and isinstance(right, (int, float)):
            if abs(right) > MAX_EXPONENT:
                raise _too_large("budget.exponent")
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() * right > MAX_INT_BITS:
                raise _too_large("budget.int_bits", most=f"{MAX_INT_BITS:,}")
        elif operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, bytes, list, tuple)) and isinstance(n, int):
                    self.check_size(weight(seq) * n, "the repeated text")
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise _too_large("budget.int_bits", most=f"{MAX_INT_BITS:,}")
        elif operator == "+":
            if isinstance(left, (str, bytes, list, tuple)) and isinstance(right, (str, bytes, list, tuple)):
                self.check_size(weight(left) + weight(right), "'+'")
        elif operator == "%" and isinstance(left, (str, bytes)):
            _check_percent_format(left, right)
        return self.made(super().call_binop(context, operator, left, right))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """str.format and str.format_map through a formatter that checks widths and size."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        owner: str = value.__self__
        formatter = _BudgetedFormatter(self)
        is_format_map = value.__name__ == "format_map"

        def budgeted_format(*args: Any, **kwargs: Any) -> str:
            formatter._written = 0
            if is_format_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                return type(owner)(formatter.vformat(owner, (), args[0]))
            return type(owner)(formatter.vformat(owner, args, kwargs))

        return budgeted_format

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        budget = self.budget
        budget.tick()
        owner = getattr(obj, "__self__", None)
        name = getattr(obj, "__name__", "")
        if isinstance(owner, (str, bytes, bytearray)):
            if name == "join" and args:
                args = (_bounded_list(args[0]), *args[1:])
                self.check_size(_estimate_join(owner, args[0]), "join()")
            else:
                estimate = _estimate_str_method(owner, name, args, kwargs)
                if estimate is not None:
                    self.check_size(estimate, f"{name}()")
        elif isinstance(owner, int) and name == "to_bytes":
            length = _as_int(args[0] if args else kwargs.get("length", 1))
            self.check_size(length, "to_bytes()")
        elif isinstance(obj, LoopContext) and args:  # loop(children) in a recursive loop
            args = (self.budget_iter(args[0]), *args[1:])
        budget.depth += 1
        try:
            if budget.depth > MAX_CALL_DEPTH:
                raise TemplateTooCostly(code="budget.too_deep", most=MAX_CALL_DEPTH)
            result = super().call(context, obj, *args, **kwargs)
        finally:
            budget.depth -= 1
        return self.made(result)


# --- static checks, at import and save -------------------------------------------------------
def recursion_in(tree: nodes.Template) -> tuple[str, int] | None:
    """(macro or block name, line) of the first macro or block that calls itself, directly or
    through others: refused before it is stored, rather than stopped at every render."""
    bodies: dict[str, nodes.Node] = {}
    lines: dict[str, int] = {}
    for macro in tree.find_all(nodes.Macro):
        bodies.setdefault(f"macro '{macro.name}'", macro)
        lines.setdefault(f"macro '{macro.name}'", macro.lineno)
    for block in tree.find_all(nodes.Block):
        bodies.setdefault(f"block '{block.name}'", block)
        lines.setdefault(f"block '{block.name}'", block.lineno)
    calls: dict[str, set[str]] = {}
    for key, body in bodies.items():
        called = set()
        for call in body.find_all(nodes.Call):
            target = call.node
            if isinstance(target, nodes.Name) and f"macro '{target.name}'" in bodies:
                called.add(f"macro '{target.name}'")
            elif (isinstance(target, nodes.Getattr) and isinstance(target.node, nodes.Name)
                  and target.node.name == "self" and f"block '{target.attr}'" in bodies):
                called.add(f"block '{target.attr}'")
        calls[key] = called
    for start in bodies:
        seen: set[str] = set()
        todo = list(calls[start])
        while todo:
            key = todo.pop()
            if key == start:
                return start, lines[start]
            if key not in seen:
                seen.add(key)
                todo.extend(calls.get(key, ()))
    return None


__all__ = [
    "BudgetedSandbox", "RenderBudget", "TemplateTooCostly", "recursion_in", "weight", "MAX_OUTPUT_CHARS",
    "MAX_VALUE_CHARS", "MAX_WRITTEN_CHARS", "MAX_MADE_CHARS", "MAX_LOOP_STEPS", "MAX_RANGE_ITEMS", "MAX_CALL_DEPTH",
    "MAX_FIELD_WIDTH", "RENDER_SECONDS",
]

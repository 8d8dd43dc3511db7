"""Rendering template texts safely, and checking them against the case.

Templates may come from strangers, so a text is rendered in Jinja2's
immutable sandbox with no loader: it sees only the plain data it is given
and can neither include nor import other files, nor reach Python internals.
Both are refused before rendering, by reading the parsed template, so the
message names the template, the language and the line.

What a template can use:

- the names ``case``, ``recipient``, ``signers``, ``sender``, ``letter``,
  ``salutation`` and ``closing`` with the fields of :data:`CONTEXT_SCHEMA`
  (``{% for p in case.people %}{{ p.name }}{% endfor %}``);
- the filters ``date`` (``{{ p.arrested|date }}``, ``|date("short")``),
  ``number``, ``and_list``, ``or_list``, ``country`` (a code to its name),
  and the function or filter ``plural(n, one=…, few=…, many=…, other=…)``
  in which ``#`` stands for the number; ``cite`` (charges as a legal
  citation: "ч. 2 ст. 212 УК РФ"), ``penalty`` (a sentence after
  "sentenced to"), ``spell`` (one to ten in words) and ``decline(case,
  gender)`` (a Russian name in a case, "" when unsure) — all in the letter's language and
  the conventions of the recipient's country; besides Jinja's own filters
  (``random`` is left out, so a letter renders the same every time).

Block tags on a line of their own vanish with that line (``trim_blocks``,
``lstrip_blocks``). A tag that *ends* a line of text takes that line's
newline with it; write ``{% endif +%}`` there to keep the line break.

A value printed with ``{{ }}`` is literal text: it passes through
:func:`desktop.core.markup.protect`, loses its line breaks and cannot
create markup. Dates print as long localized dates, lists as "A, B and C".
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import string
import time
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from jinja2 import StrictUndefined, nodes, pass_context, pass_environment, pass_eval_context
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError
from jinja2.filters import make_attrgetter
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace

from desktop.core import localize
from desktop.core.errors import N_, PetitionDeskError, Problem
from desktop.core.fields import parse_date
from desktop.core.markup import protect

if TYPE_CHECKING:
    from desktop.core.templates import TemplateInfo

__all__ = ["CONTEXT_SCHEMA", "check_source", "check_template", "compile_source", "render_source", "render_text"]

log = logging.getLogger(__name__)

_LOCALE_KEY = "_pd_locale"  # (language, country) for the filters; not a field templates know of
_UNSAFE_NAMES = frozenset({
    "mro", "func_globals", "func_code", "func_closure", "gi_frame", "gi_code", "cr_frame", "cr_code",
    "ag_frame", "ag_code", "f_globals", "f_locals", "f_builtins", "f_back", "tb_frame", "tb_next",
    "im_func", "im_self", "im_class",
})
_FILE_TAGS = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)

log = logging.getLogger(__name__)

# -- resource limits ------------------------------------------------------------
#
# A template from a stranger must not hang the preview, the check or an export,
# nor fill the memory: two loops over range(100000) or ``'x'|center(10**9)``
# are stopped with a message naming the line. Each limit is far beyond what a
# real letter, petition sheet or resolution needs.

MAX_OUTPUT_CHARS = 2_000_000  # characters one render writes
MAX_VALUE_SIZE = 1_000_000  # characters (or items, counted through nested lists) of any one value a template builds
MAX_RANGE = 10_000  # numbers one range() may count
MAX_STEPS = 1_000_000  # loop turns, calls, filters, operators and range() numbers in one render
MAX_CALL_DEPTH = 64  # macros (or recursive loops) calling each other, nested
MAX_RENDER_SECONDS = 3.0  # wall-clock time of one render
MAX_POWER_BITS = 100_000  # how large a number ** may make

_TOO_SLOW = N_(
    "Template %(template)s (language %(language)s), line %(line)s: "
    "filling in the template takes longer than %(seconds)s seconds; check its loops."
)
_TOO_MUCH_WORK = N_(
    "Template %(template)s (language %(language)s), line %(line)s: "
    "the template does more than %(limit)d steps of work (loop turns, calls, numbers counted by range); "
    "check its loops."
)
_TOO_BIG = N_(
    "Template %(template)s (language %(language)s), line %(line)s: "
    "the template builds a text or list of more than %(limit)d characters or items; "
    "check its repetitions and padding (*, center, format, join, replace)."
)
_TOO_DEEP = N_(
    "Template %(template)s (language %(language)s), line %(line)s: "
    "macros call each other more than %(limit)d levels deep; check that a macro calling itself stops."
)
_RANGE_TOO_LONG = N_(
    "Template %(template)s (language %(language)s), line %(line)s: "
    "range() can count at most %(limit)d numbers; use a smaller range."
)
_TOO_LONG = N_(
    "Template %(template)s (language %(language)s), line %(line)s: "
    "the text grows beyond %(limit)d characters; check the template's loops."
)


class _LimitExceeded(SecurityError):
    """A resource limit was reached; ``text`` and ``params`` make the user's message."""

    def __init__(self, text: str, **params: Any) -> None:
        super().__init__(", ".join(f"{k}={v}" for k, v in params.items()))
        self.text = text
        self.params = params


class _Budget:
    """The work and time one render may still use."""

    __slots__ = ("depth", "deadline", "started", "steps", "weighed")

    def __init__(self) -> None:
        self.weighed: dict[int, tuple[Any, int]] = {}  # containers already weighed in this render
        self.steps = 0
        self.depth = 0
        self.started = time.monotonic()
        self.deadline = self.started + MAX_RENDER_SECONDS

    def step(self, count: int = 1) -> None:
        self.steps += count
        if self.steps > MAX_STEPS:
            raise _LimitExceeded(_TOO_MUCH_WORK, limit=MAX_STEPS)
        if time.monotonic() > self.deadline:
            raise _LimitExceeded(_TOO_SLOW, seconds=f"{MAX_RENDER_SECONDS:g}")


# The render under way in this thread; set by render_source around generate().
_BUDGET: ContextVar[_Budget | None] = ContextVar("petition_desk_template_budget", default=None)


def _step(count: int = 1) -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.step(count)


def _weight(value: Any, limit: int = MAX_VALUE_SIZE) -> int:
    """Characters and items in ``value``, counted through nested containers; stops once past ``limit``.

    A list repeated inside itself (``[[0] * 1000] * 1000``) is counted as
    often as printing it would write it, so a few shared references cannot
    stand for a gigabyte of text.
    """
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, range):
            total += len(item) + 1
        elif isinstance(item, _CONTAINERS):
            if isinstance(item, Namespace):
                item = object.__getattribute__(item, "_Namespace__attrs")
            total += (2 if isinstance(item, dict) else 1) * len(item) + 1
            if total <= limit:
                stack.extend(item.items() if isinstance(item, dict) else item)
        else:
            total += 1
        if total > limit:
            return total
    return total


_CONTAINERS = (list, tuple, set, frozenset, dict, range, Namespace)


def _sized(value: Any) -> Any:
    """``value``, unless it is larger than any value a template may build."""
    if isinstance(value, str):
        size = len(value)
    elif isinstance(value, _CONTAINERS):
        # The same list (the case's people, the demands) comes back from many calls in one
        # render: it is weighed once. A list a template grows meanwhile stays bounded by the
        # steps, the output and the bounded join and sum.
        budget = _BUDGET.get()
        known = budget.weighed.get(id(value)) if budget is not None else None
        if known is not None and known[0] is value:
            size = known[1]
        else:
            size = _weight(value)
            if budget is not None and size <= MAX_VALUE_SIZE:
                budget.weighed[id(value)] = (value, size)
    else:
        return value
    if size > MAX_VALUE_SIZE:
        raise _LimitExceeded(_TOO_BIG, limit=MAX_VALUE_SIZE)
    return value


def _check_numbers(values: Iterable[Any]) -> None:
    """Refuse a width, count or length beyond what any value may hold."""
    for value in values:
        for number in value.values() if isinstance(value, dict) else (value,):
            if isinstance(number, int) and not isinstance(number, bool) and abs(number) > MAX_VALUE_SIZE:
                raise _LimitExceeded(_TOO_BIG, limit=MAX_VALUE_SIZE)


def _check_digits(digits: str) -> None:
    if len(digits) > 7 or int(digits) > MAX_VALUE_SIZE:
        raise _LimitExceeded(_TOO_BIG, limit=MAX_VALUE_SIZE)


# A printf conversion's width and precision: "%-10s", "%.3f", "%*d".
_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_printf(text: Any, args: Any) -> None:
    """``'%999999999s' % x`` pads to a gigabyte: refuse widths beyond the value size."""
    if not isinstance(text, str):
        return
    star = False
    for match in _PRINTF.finditer(text):
        for part in match.groups():
            if part == "*":
                star = True
            elif part:
                _check_digits(part)
    if star:
        _check_numbers(args if isinstance(args, (tuple, list)) else (args,))


def _check_format_spec(text: str, args: tuple, kwargs: dict) -> None:
    """The same for ``'{:>999999999}'.format(x)``, whose widths may come from the arguments."""
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return  # the call itself reports the mistake
    for _, _, spec, _ in fields:
        if not spec:
            continue
        for digits in re.findall(r"\d+", spec):
            _check_digits(digits)
        if "{" in spec:
            _check_numbers([*args, *kwargs.values()])


def _check_replace(text: Any, old: Any, new: Any, count: Any = -1) -> None:
    text, old, new = str(text), str(old), str(new)
    times = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        times = min(times, count)
    if len(text) + times * max(len(new) - len(old), 0) > MAX_VALUE_SIZE:
        raise _LimitExceeded(_TOO_BIG, limit=MAX_VALUE_SIZE)


def _counted(iterable: Iterable[Any], sized: bool = False) -> Iterator[Any]:
    """``iterable``, one step of the budget per item (and, if ``sized``, a bound on all items together)."""
    budget = _BUDGET.get()
    total = 0
    for item in iterable:
        if budget is not None:
            budget.step()
        if sized:
            total += _weight(item, MAX_VALUE_SIZE - total)
            if total > MAX_VALUE_SIZE:
                raise _LimitExceeded(_TOO_BIG, limit=MAX_VALUE_SIZE)
        yield item


def _range(*args: Any) -> range:
    numbers = range(*args)
    try:
        count = len(numbers)
    except OverflowError:  # longer than a machine integer
        count = MAX_RANGE + 1
    if count > MAX_RANGE:
        raise _LimitExceeded(_RANGE_TOO_LONG, limit=MAX_RANGE)
    _step(count)
    return numbers


class _Namespace(Namespace):
    """``namespace()``, whose attributes are bounded like every other value."""

    def __setitem__(self, name: str, value: Any) -> None:
        _step()
        Namespace.__setitem__(self, name, _sized(value))


_METHOD_OWNERS = (str, bytes, int, float)


def _check_call(obj: Any, args: tuple, kwargs: dict) -> None:
    """Widths and counts given to methods of strings and numbers (``'x'.center(10**9)``)."""
    target = getattr(obj, "__wrapped__", obj)  # the sandbox wraps str.format
    owner = getattr(target, "__self__", None)
    if isinstance(owner, _METHOD_OWNERS):
        name = getattr(target, "__name__", "")
        if isinstance(owner, str) and name in ("format", "format_map"):
            _check_format_spec(owner, args, kwargs)
        elif isinstance(owner, str) and name == "replace" and len(args) >= 2:
            _check_replace(owner, *args[:3])
        else:
            _check_numbers([*args, *kwargs.values()])
    for value in (*args, *kwargs.values()):
        _sized(value)


# Checks of one filter's arguments (after the value) before it runs.
def _check_center(value: Any, width: Any = 80, *_: Any, **__: Any) -> None:
    _check_numbers([width])


def _check_indent(value: Any, width: Any = 4, *_: Any, **__: Any) -> None:
    lines = str(value).count("\n") + 1
    size = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    if size * lines + len(str(value)) > MAX_VALUE_SIZE:
        raise _LimitExceeded(_TOO_BIG, limit=MAX_VALUE_SIZE)


def _check_format(value: Any, *args: Any, **kwargs: Any) -> None:
    _check_printf(value, args or tuple(kwargs.values()))


def _check_count(value: Any, count: Any = 0, *_: Any, **__: Any) -> None:
    _check_numbers([count])


def _check_replace_filter(value: Any, old: Any = "", new: Any = "", count: Any = None, *_: Any, **__: Any) -> None:
    _check_replace(value, old, new, -1 if count is None else count)


_FILTER_CHECKS = {
    "center": _check_center, "indent": _check_indent, "format": _check_format, "replace": _check_replace_filter,
    "batch": _check_count, "slice": _check_count, "wordwrap": _check_count, "truncate": _check_count,
}


def _limited_filter(name: str, function: Any) -> Any:
    """A filter that counts as a step, checks its arguments and bounds what it makes."""
    passes = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0
    check = _FILTER_CHECKS.get(name)

    @functools.wraps(function)
    def limited(*args: Any, **kwargs: Any) -> Any:
        _step()
        for value in (*args[passes:], *kwargs.values()):
            _sized(value)
        if check is not None and len(args) > passes:
            check(*args[passes:], **kwargs)
        result = function(*args, **kwargs)
        if isinstance(result, Iterator) and not isinstance(result, (str, list, tuple, dict)):
            return _counted(result, sized=True)  # map, select, batch … make their items lazily
        return _sized(result)

    return limited


@pass_eval_context
def _join(eval_ctx: Any, value: Any, d: str = "", attribute: Any = None) -> str:
    """Jinja's ``join``, adding up the size of the text before making it."""
    if attribute is not None:
        value = map(make_attrgetter(eval_ctx.environment, attribute), value)
    items = [str(item) for item in _counted(value, sized=True)]
    if sum(map(len, items)) + len(str(d)) * len(items) > MAX_VALUE_SIZE:
        raise _LimitExceeded(_TOO_BIG, limit=MAX_VALUE_SIZE)
    return str(d).join(items)


@pass_environment
def _sum(environment: Any, iterable: Any, attribute: Any = None, start: Any = 0) -> Any:
    if attribute is not None:
        iterable = map(make_attrgetter(environment, attribute), iterable)
    items = list(_counted(iterable))
    if not all(isinstance(x, (int, float)) for x in (*items, start)):
        raise TypeError("sum adds up numbers only")
    return sum(items, start)


class _LimitedCodeGenerator(CodeGenerator):
    """Jinja's code, with every loop counted and every ``~`` bounded."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        if not (isinstance(node.iter, nodes.Call) and isinstance(node.iter.node, nodes.EnvironmentAttribute)):
            node.iter = nodes.Call(nodes.EnvironmentAttribute("counted"), [node.iter], [], None, None,
                                   lineno=node.iter.lineno)
        super().visit_For(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class _LetterSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox within the limits above."""

    code_generator_class = _LimitedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr.startswith("_") or attr in _UNSAFE_NAMES:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _step()
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(count, int) and count > 0 \
                        and _weight(seq) * count > MAX_VALUE_SIZE:
                    raise _LimitExceeded(_TOO_BIG, limit=MAX_VALUE_SIZE)
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 64:
            raise SecurityError("the power is too large")
        if operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0 \
                and left.bit_length() * right > MAX_POWER_BITS:
            raise SecurityError("the number is too large")
        if operator == "%":
            _check_printf(left, right)
            _sized(right)
        result = super().call_binop(context, operator, left, right)
        return result if operator == "**" else _sized(result)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        budget = _BUDGET.get()
        if budget is None:
            _check_call(__obj, args, kwargs)
            return super().call(__context, __obj, *args, **kwargs)
        budget.step()
        _check_call(__obj, args, kwargs)
        if budget.depth >= MAX_CALL_DEPTH:
            raise _LimitExceeded(_TOO_DEEP, limit=MAX_CALL_DEPTH)
        budget.depth += 1
        try:
            result = super().call(__context, __obj, *args, **kwargs)
        finally:
            budget.depth -= 1
        return _sized(result)

    @staticmethod
    def counted(iterable: Iterable[Any]) -> Iterator[Any]:
        """What a ``{% for %}`` loops over: one step per turn."""
        return _counted(iterable)

    @staticmethod
    def concat(values: tuple) -> str:
        """``a ~ b``, refusing to make a text beyond the value size."""
        for value in values:
            _sized(value)
        return _sized("".join(map(str, values)))


# -- filters and functions ----------------------------------------------------

def _locale(context: Context) -> tuple[str, str]:
    return context.get(_LOCALE_KEY) or ("en", "")


def _as_date(value: Any) -> dt.date | None:
    try:
        return parse_date(value)
    except ValueError as exc:  # the filter's caller reports a TypeError with the template's line
        raise TypeError(str(exc)) from None


@pass_context
def _date(context: Context, value: Any, style: str = "long") -> str:
    language, country = _locale(context)
    return localize.format_date(_as_date(value), language, country, style)


@pass_context
def _number(context: Context, value: Any) -> str:
    if value is None or value == "":
        return ""
    language, country = _locale(context)
    return localize.format_number(float(value) if isinstance(value, str) else value, language, country)


@pass_context
def _and_list(context: Context, items: Any) -> str:
    language, country = _locale(context)
    return localize.format_list([_text(context, item) for item in items], language, "standard", country)


@pass_context
def _or_list(context: Context, items: Any) -> str:
    language, country = _locale(context)
    return localize.format_list([_text(context, item) for item in items], language, "or", country)


@pass_context
def _country(context: Context, code: Any) -> str:
    return localize.country_name(str(code or ""), _locale(context)[0])


_PLURAL_FORMS = frozenset({"zero", "one", "two", "few", "many", "other"})


@pass_context
def _plural(context: Context, count: Any, **forms: str) -> str:
    """``plural(n, one="# письмо", few="# письма", many="# писем")``."""
    unknown = set(forms) - _PLURAL_FORMS
    if unknown:
        raise TypeError(f"plural() takes the forms {', '.join(sorted(_PLURAL_FORMS))}, not {', '.join(sorted(unknown))}")
    if not forms:
        raise TypeError("plural() needs at least one form, such as one=\"# letter\", other=\"# letters\"")
    if isinstance(count, (list, tuple, dict)):
        count = len(count)
    language, country = _locale(context)
    return localize.plural(int(count), language, {k: str(v) for k, v in forms.items()}, country)


# -- legal citations and sentence grammar (desktop/core/legal.py, desktop/core/russian_names.py) ---------

@pass_context
def _cite(context: Context, charges: Any) -> str:
    """``{{ p.charges|cite }}``: "ч. 2 ст. 212 УК РФ", "Article 212(2) of the Criminal Code of …"."""
    from desktop.core import legal

    if isinstance(charges, (str, dict)):
        charges = [charges]
    return legal.cite(list(charges or []), _locale(context)[0])


@pass_context
def _penalty(context: Context, text: Any) -> str:
    """``{{ p.sentence|penalty }}``: a penalty as it reads after "sentenced … to" (numbers in words, case)."""
    from desktop.core import legal

    return legal.penalty_after_to(str(text or ""), _locale(context)[0])


@pass_context
def _spell(context: Context, value: Any) -> str:
    """``{{ 4|spell }}`` → "four": one to ten in words, other numbers as figures."""
    from desktop.core import legal

    return legal.spell_small_numbers(str(value), _locale(context)[0])


@pass_context
def _clauses(context: Context, text: Any) -> list[str]:
    """``{% for s in case.summary|clauses %}- {{ s }}{% endfor %}``: a summary's sentences as recitals."""
    from desktop.core import legal

    # Swedish keeps the capital here: the EP's Swedish recitals are sentences; after "med hänsyn till att"
    # the resolution layout lowers it. German takes no summary after "dass" (docs/style/resolutions.md).
    return legal.clauses(str(text or ""), lower_first=_locale(context)[0] not in ("sv", "de"),
                         names=_case_names(context))


def _case_names(context: Context) -> frozenset[str]:
    """The capitalised words of the case's names (people, courts, places): a summary's first word that is
    one of them keeps its capital ("Sergei Krivov was arrested …" → "whereas Sergei Krivov was …")."""
    case = context.get("case")
    if not isinstance(case, Mapping):
        return frozenset()
    texts = [case.get("name"), case.get("place")]
    for person in case.get("people") or []:
        if isinstance(person, Mapping):
            texts += [person.get("name"), person.get("court"), person.get("detention_place")]
    return frozenset(w.strip(",;:()«»\"“”„") for t in texts if isinstance(t, str) for w in t.split()
                     if w[:1].isupper())


def _decline(name: Any, case: str = "gent", gender: Any = "") -> str:
    """``{{ p.name|decline("gent", p.gender) }}``: a Russian name in a case; "" when not known for sure."""
    from desktop.core import russian_names

    if str(case) not in russian_names.CASE_NAMES:
        raise TypeError(f"decline() takes a case among {', '.join(sorted(set(russian_names.CASE_NAMES.values())))}")
    return russian_names.decline(str(name or ""), str(case), str(gender or "")) or ""


def _sv_the_case(name: Any, known_as: Any = "fallet") -> str:
    """``{{ case_name|sv_the_case("det ärende som är känt som") }}``: a case's name as a Swedish sentence names it.

    A name that already says it is a case is used as it is: "Bolotnajafallet",
    "Navalnyjmålet", "Minskärendet"; one that begins with "Fallet"/"Målet"
    gets a small first letter to stand inside a sentence ("fallet Bolotnaja").
    Any other name is quoted after ``known_as``: "fallet ”Protesterna i Minsk”".
    """
    name = str(name or "")
    lower = name.lower()
    if lower.startswith(("fallet ", "målet ")):
        return lower[:1] + name[1:]
    if lower.endswith(("fallet", "målet", "ärendet")):
        return name
    return f"{known_as} ”{name}”"


def _text(context: Context, value: Any) -> str:
    """How a value reads in a letter: dates localized, lists joined."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return _date(context, value)
    if isinstance(value, (list, tuple)):
        return _and_list(context, value)
    return str(value)


@pass_context
def _finalize(context: Context, value: Any) -> str:
    return protect(_text(context, _sized(value)))


def _make_environment() -> _LetterSandbox:
    env = _LetterSandbox(
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        loader=None,
    )
    env.filters.pop("random", None)
    env.filters.update(date=_date, number=_number, and_list=_and_list, or_list=_or_list, country=_country,
                       plural=_plural, join=_join, sum=_sum, cite=_cite, penalty=_penalty, spell=_spell,
                       decline=_decline, clauses=_clauses, sv_the_case=_sv_the_case)
    env.filters = {name: _limited_filter(name, function) for name, function in env.filters.items()}
    # Jinja's default globals (cycler, joiner, lipsum, dict) are not needed by a letter.
    env.globals.clear()
    env.globals.update(range=_range, namespace=_Namespace, plural=_plural)
    return env


_ENV = _make_environment()
GLOBAL_NAMES = frozenset(_ENV.globals)


# -- compiling ----------------------------------------------------------------

# Whole sentences, so translators see each message as one.
_SYNTAX = N_(
    "Template %(template)s (language %(language)s), line %(line)s: "
    "%(problem)s. Correct the template text."
)
_FILES = N_(
    "Template %(template)s (language %(language)s), line %(line)s: "
    "templates cannot include or import other files; put the text in the template itself."
)
_INTERNALS = N_(
    "Template %(template)s (language %(language)s), line %(line)s: "
    "templates cannot reach the internals of the program (%(name)s); this template is refused."
)
_REFUSED = N_(
    "Template %(template)s (language %(language)s), line %(line)s: "
    "this template is refused because it tries something templates may not do (%(detail)s)."
)
_UNDEFINED = N_(
    "Template %(template)s (language %(language)s), line %(line)s: "
    "the template uses a name or field that does not exist (%(detail)s)."
)
_FAILED = N_(
    "Template %(template)s (language %(language)s), line %(line)s: "
    "the template could not be filled in (%(detail)s)."
)


def _error(template_id: str, language: str, line: int | None, text: str, **params: Any) -> PetitionDeskError:
    return PetitionDeskError(text, template=template_id, language=language, line=line or "?", **params)


def _parse(source: str, template_id: str, language: str) -> nodes.Template:
    name = f"{template_id}/{language}.txt"
    try:
        return _ENV.parse(source, name=name, filename=name)
    except TemplateSyntaxError as exc:
        raise _error(template_id, language, exc.lineno, _SYNTAX, problem=exc.message or "syntax error") from exc


def _refuse_unsafe(tree: nodes.Template, template_id: str, language: str) -> None:
    """Raise for the first file access or reach into internals, by line."""
    found: list[tuple[int, str, str]] = [(node.lineno, _FILES, "") for node in tree.find_all(_FILE_TAGS)]
    for node in tree.find_all((nodes.Getattr, nodes.NSRef)):
        if _unsafe_name(node.attr):
            found.append((node.lineno, _INTERNALS, node.attr))
    for node in tree.find_all(nodes.Getitem):
        if isinstance(node.arg, nodes.Const) and _unsafe_name(node.arg.value):
            found.append((node.lineno, _INTERNALS, node.arg.value))
    for node in tree.find_all(nodes.Filter):
        if node.name == "attr" or node.name in _ATTRIBUTE_FILTERS:
            for arg in [*node.args, *(kw.value for kw in node.kwargs)]:
                parts = arg.value.split(".") if isinstance(arg, nodes.Const) and isinstance(arg.value, str) else ()
                found.extend((node.lineno, _INTERNALS, part) for part in parts if _unsafe_name(part))
    if found:
        line, text, name = min(found)
        raise _error(template_id, language, line, text, name=name)


def _unsafe_name(name: Any) -> bool:
    return isinstance(name, str) and (name.startswith("_") or name in _UNSAFE_NAMES)


@lru_cache(maxsize=256)
def _compiled(source: str, template_id: str, language: str) -> tuple[nodes.Template, Any]:
    """Parse, vet and compile one text once; a batch renders it a thousand times."""
    tree = _parse(source, template_id, language)
    _refuse_unsafe(tree, template_id, language)
    name = f"{template_id}/{language}.txt"
    try:
        # Compiling folds constants in place, so it gets its own tree and the
        # field check keeps the one that matches the source.
        code = _ENV.compile(_parse(source, template_id, language), name=name, filename=name)
    except TemplateSyntaxError as exc:  # e.g. an unknown filter
        raise _error(template_id, language, exc.lineno, _SYNTAX, problem=exc.message or "syntax error") from exc
    return tree, _ENV.template_class.from_code(_ENV, code, _ENV.make_globals(None))


def compile_source(source: str, template_id: str, language: str) -> nodes.Template:
    """Parse and vet ``source``; raise a clear error if it is broken or unsafe."""
    return _compiled(source, template_id, language)[0]


@lru_cache(maxsize=256)
def recipient_fields(source: str, template_id: str, language: str) -> frozenset[str] | None:
    """The fields of ``recipient`` the text reads, when it reads them only by name (``recipient.country``).

    None when the text uses ``recipient`` in any other way (passes it whole,
    renames it, loops over it): then all of it counts. Two letters whose
    recipients agree on these fields, and whose other facts are the same,
    get the same text, so a batch renders it once.
    """
    tree = compile_source(source, template_id, language)
    uses = sum(1 for node in tree.find_all(nodes.Name) if node.name == "recipient")
    fields: list[str] = []
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        if not (isinstance(node.node, nodes.Name) and node.node.name == "recipient"):
            continue
        if isinstance(node, nodes.Getattr):
            fields.append(node.attr)
        elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            fields.append(node.arg.value)
        else:
            return None
    return frozenset(fields) if len(fields) == uses else None


# -- rendering ----------------------------------------------------------------

def render_source(source: str, template_id: str, language: str, context: dict[str, Any]) -> str:
    """Render a template text (from a file or an editor) with ``context``, within the resource limits."""
    _, template = _compiled(source, template_id, language)
    values = dict(context)
    values[_LOCALE_KEY] = (language, str((context.get("recipient") or {}).get("country") or ""))
    name = f"{template_id}/{language}.txt"
    chunks: list[str] = []
    size = 0
    budget = _Budget()
    token = _BUDGET.set(budget)
    try:
        stream = template.generate(values)
        try:
            for chunk in stream:
                size += len(chunk)
                chunks.append(chunk)
                try:
                    if size > MAX_OUTPUT_CHARS:
                        raise _LimitExceeded(_TOO_LONG, limit=MAX_OUTPUT_CHARS)
                    budget.step()
                except _LimitExceeded as exc:
                    stream.throw(exc)  # raised where the template wrote the chunk, so Jinja names the line
        finally:
            stream.close()
    except PetitionDeskError as exc:
        log.info("template %s (%s) stopped: %r", template_id, language, exc.msg.text)
        raise
    except _LimitExceeded as exc:
        log.info("template render stopped by a limit after %d steps, %.2f s, %d characters",
                 budget.steps, time.monotonic() - budget.started, size)
        raise _error(template_id, language, _line_of(exc, name), exc.text, **exc.params) from exc
    except RecursionError as exc:  # the nesting limit stops macros long before Python's own
        raise _error(template_id, language, _line_of(exc, name), _TOO_DEEP, limit=MAX_CALL_DEPTH) from exc
    except MemoryError as exc:
        raise _error(template_id, language, _line_of(exc, name), _TOO_BIG, limit=MAX_VALUE_SIZE) from exc
    except SecurityError as exc:
        log.warning("template %s (%s) refused: %s at line %s", template_id, language, type(exc).__name__,
                    _line_of(exc, name))
        raise _error(template_id, language, _line_of(exc, name), _REFUSED, detail=str(exc)) from exc
    except UndefinedError as exc:
        log.info("template %s (%s) uses an unknown name at line %s", template_id, language, _line_of(exc, name))
        raise _error(template_id, language, _line_of(exc, name), _UNDEFINED, detail=str(exc)) from exc
    except Exception as exc:  # anything else a template text can cause
        log.warning("template %s (%s) failed: %s at line %s", template_id, language, type(exc).__name__,
                    _line_of(exc, name))
        raise _error(template_id, language, _line_of(exc, name), _FAILED,
                     detail=str(exc) or type(exc).__name__) from exc
    finally:
        _BUDGET.reset(token)
    log.debug("template rendered: %d steps, %.3f s, %d characters", budget.steps, time.monotonic() - budget.started,
              size)
    return "".join(chunks)


def render_text(info: TemplateInfo, language: str, context: dict[str, Any]) -> str:
    """Render the ``language`` text of template ``info``."""
    return render_source(info.source(language), info.id, language, context)


def _line_of(exc: BaseException, name: str) -> int | None:
    """The template line of the innermost frame Jinja attributed to ``name``."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == name:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


# -- field check --------------------------------------------------------------

# Leaf kinds of the context: what attributes a template may read from them.
TEXT, DATE, NUMBER, FLAG, ITEM = "text", "date", "number", "flag", "item"
_SIGNER = {"name": TEXT, "role": TEXT, "organisation": TEXT, "party": TEXT, "email": TEXT, "address_lines": [TEXT],
           "gender": TEXT}  # "female", "male" or "": "Organisatrice" / "Organisateur" / a form for anyone
_PERSON = {
    "name": TEXT, "gender": TEXT, "age": NUMBER, "occupation": TEXT,
    # Russian documents: the name declined ("gent": "Сергея Кривова"); empty when not certain.
    "cases": {"gent": TEXT, "datv": TEXT, "accs": TEXT, "ablt": TEXT, "loct": TEXT},
    "charges": [{"article": TEXT, "description": TEXT, "law": TEXT}],
    "arrested": DATE, "court": TEXT, "sentence": TEXT, "detention_place": TEXT, "status": TEXT, "health": TEXT,
    # Custody: "in_custody", "house_arrest", "at_liberty" or "unknown" (treated as held: in_custody is true).
    "custody": TEXT, "in_custody": FLAG, "house_arrest": FLAG, "at_liberty": FLAG,
}
# The names and fields a template sees; compose.build_context fills exactly these.
CONTEXT_SCHEMA: dict[str, Any] = {
    "case": {
        "name": TEXT, "summary": TEXT, "place": TEXT, "place_in": TEXT, "after_po": TEXT,
        "country": TEXT, "country_name": TEXT,
        "historical_example": FLAG, "note": TEXT,
        "events": [{"date": DATE, "description": TEXT}],
        "counts": [{"value": NUMBER, "what": TEXT, "qualifier": TEXT, "source": TEXT}],
        "people": [_PERSON],
        "detained": [_PERSON],  # the people asked to be released
        "at_liberty": [_PERSON],  # the others: asked that the conviction be quashed or the charges dropped
        "officials": [{"name": TEXT, "title": TEXT, "organisation": TEXT}],
        "demands": [ITEM],  # each is its text, and also has .text
        "sources": [{"title": TEXT, "url": TEXT, "date": DATE, "kind": TEXT, "publisher": TEXT}],
    },
    "recipient": {
        "person": TEXT, "title": TEXT, "office": TEXT, "organisation": TEXT, "kind": TEXT, "country": TEXT,
        "country_name": TEXT, "city": TEXT, "gender": TEXT, "honorific": TEXT,
    },
    "signers": [_SIGNER],
    "sender": _SIGNER,
    "letter": {"language": TEXT, "date": DATE, "place": TEXT, "deadline": DATE},
    "options": {},  # the template's own settings; a template declares and guards what it reads
    "notice": {},  # notices of assemblies: the rule and deadline (desktop.core.assembly.notice_facts)
    "salutation": TEXT,
    "closing": TEXT,
}

_LIST = "[]"  # a path step meaning "every element"
_LEAF_ATTRS = {
    TEXT: frozenset(a for a in dir(str) if not a.startswith("_")),
    ITEM: frozenset(a for a in dir(str) if not a.startswith("_")) | {"text"},
    DATE: frozenset({"year", "month", "day", "isoformat", "weekday", "isoweekday"}),
    NUMBER: frozenset(), FLAG: frozenset(),
}
_OBJECT_ATTRS = frozenset({"items", "keys", "values", "get"})
_LIST_ATTRS = frozenset({"index", "count"})
# Filters whose result has the shape of their input, so a loop over
# ``case.people|sort(attribute="name")`` still walks ``case.people``.
_SHAPE_FILTERS = frozenset({"sort", "reverse", "list", "unique", "selectattr", "rejectattr", "select", "reject"})
_ATTRIBUTE_FILTERS = frozenset({"map", "selectattr", "rejectattr", "sort", "groupby", "sum", "unique", "min", "max"})
_NOT_NEEDED_FILTERS = frozenset({"default", "d", "length", "count"})

_UNKNOWN = N_("unknown field %(field)s: no such field exists; check the spelling against the list of fields")
_MISSING = {
    "case": (N_("missing: the template needs %(field)s, which the case does not fill"),
             N_("missing: the template needs %(field)s (e.g. %(example)s), which the case does not fill")),
    "recipient": (N_("missing: the template needs %(field)s, which the recipient's entry does not fill"),
                  N_("missing: the template needs %(field)s (e.g. %(example)s), which the recipient's entry "
                     "does not fill")),
    "signer": (N_("missing: the template needs %(field)s, which the signer's profile does not fill"),
               N_("missing: the template needs %(field)s (e.g. %(example)s), which the signers' profiles "
                  "do not fill")),
    "letter": (N_("missing: the template needs %(field)s, which the letter settings do not fill"),
               N_("missing: the template needs %(field)s (e.g. %(example)s), which the letter settings "
                  "do not fill")),
}
_OWNERS = {"sender": "signer", "signers": "signer", "recipient": "recipient", "letter": "letter"}

Path = tuple  # of str keys, int indexes and _LIST


def check_template(info: TemplateInfo, language: str, context: dict[str, Any], render: bool = True) -> list[Problem]:
    """Every unknown field, and every unguarded field the context leaves empty.

    A reference is guarded when it stands inside an ``{% if %}`` (or ``a if
    test``, ``test and a``) whose test mentions the same field or one that
    contains it — the letter then leaves that part out when the field is
    empty —, under ``|default``, or left of ``or``. A loop over an empty
    list needs the list unless the loop has an ``{% else %}``. A broken or
    unsafe template raises instead, since no case can fix it.

    With ``render`` (the default) and no field problems, the text is also
    filled in once, so whatever stops a render — a resource limit, a filter
    given a wrong value — is found here rather than in the export. Callers
    that render right after pass ``render=False``.
    """
    return check_source(info.source(language), info.id, language, context, render=render)


def check_source(source: str, template_id: str, language: str, context: dict[str, Any],
                 render: bool = True) -> list[Problem]:
    checker = _FieldChecker(f"{template_id}/{language}.txt", context)
    checker.body(compile_source(source, template_id, language).body)
    problems = sorted(checker.problems, key=lambda p: int(p.where.rsplit(":", 1)[1]))
    if render and not problems:
        render_source(source, template_id, language, context)
    return problems


def _display(path: Path) -> str:
    out = str(path[0])
    for step in path[1:]:
        out += "[]" if step == _LIST else f"[{step}]" if isinstance(step, int) else f".{step}"
    return out


def _empty(value: Any) -> bool:
    return value is None or value in ("", [], {}) or (isinstance(value, str) and not value.strip())


class _FieldChecker:
    """Walks a parsed template; collects unknown and missing fields."""

    def __init__(self, where: str, context: dict[str, Any]) -> None:
        self.where = where
        self.context = context
        self.scopes: list[dict[str, Path | None]] = [{}]  # local names -> the context path they alias
        self.guards: list[Path] = []
        self.problems: list[Problem] = []
        self._seen: set[tuple[str, str]] = set()

    # statements
    def body(self, statements: list[nodes.Node]) -> None:
        for node in statements:
            self.stmt(node)

    def stmt(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if not isinstance(child, nodes.TemplateData):
                    self.expr(child, needed=True)
        elif isinstance(node, nodes.If):
            tested: list[Path] = []
            for branch in [node, *node.elif_]:
                tested += self.expr(branch.test, needed=False)
                self.guarded(tested, branch.body)
            self.guarded(tested, node.else_)
        elif isinstance(node, nodes.For):
            source = self.path_of(node.iter)
            self.expr(node.iter, needed=not node.else_)
            scope: dict[str, Path | None] = {"loop": None}
            self.bind(scope, node.target, source + (_LIST,) if source else None)
            self.scopes.append(scope)
            self.guarded(self.expr(node.test, needed=False) if node.test else [], node.body)
            self.scopes.pop()
            self.body(node.else_)
        elif isinstance(node, nodes.Assign):
            value = self.path_of(node.node)
            self.expr(node.node, needed=False)
            self.bind(self.scopes[-1], node.target, value)
        elif isinstance(node, nodes.AssignBlock):
            self.body(node.body)
            self.bind(self.scopes[-1], node.target, None)
        elif isinstance(node, (nodes.Macro, nodes.CallBlock)):
            if isinstance(node, nodes.Macro):
                self.scopes[-1][node.name] = None
            else:
                self.expr(node.call, needed=False)
            for default in node.defaults:
                self.expr(default, needed=False)
            self.scopes.append({arg.name: None for arg in node.args} | dict.fromkeys(("caller", "varargs", "kwargs")))
            self.body(node.body)
            self.scopes.pop()
        elif isinstance(node, nodes.With):
            scope = {}
            for target, value in zip(node.targets, node.values):
                self.expr(value, needed=False)
                self.bind(scope, target, self.path_of(value))
            self.scopes.append(scope)
            self.body(node.body)
            self.scopes.pop()
        else:
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Stmt):
                    self.stmt(child)
                elif isinstance(child, nodes.Expr):
                    self.expr(child, needed=False)

    def guarded(self, paths: list[Path], statements: list[nodes.Node]) -> None:
        self.guards.extend(paths)
        self.body(statements)
        del self.guards[len(self.guards) - len(paths):]

    def bind(self, scope: dict[str, Path | None], target: nodes.Node, path: Path | None) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = path
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(scope, item, None)

    # expressions: return the context paths they mention
    def expr(self, node: nodes.Node, needed: bool) -> list[Path]:
        if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)):
            path = self.path_of(node)
            if path is None:
                return []
            if needed:
                self.need(path, node.lineno)
            return [path]
        if isinstance(node, nodes.Filter) and node.node is not None:
            return self.filter(node, needed)
        if isinstance(node, nodes.CondExpr):
            tested = self.expr(node.test, needed=False)
            self.guards.extend(tested)
            found = self.expr(node.expr1, needed) + (self.expr(node.expr2, needed) if node.expr2 else [])
            del self.guards[len(self.guards) - len(tested):]
            return tested + found
        if isinstance(node, nodes.And):
            tested = self.expr(node.left, needed=False)
            self.guards.extend(tested)
            found = self.expr(node.right, needed)
            del self.guards[len(self.guards) - len(tested):]
            return tested + found
        if isinstance(node, nodes.Or):
            return self.expr(node.left, needed=False) + self.expr(node.right, needed)
        if isinstance(node, (nodes.Test, nodes.Not, nodes.Compare)):
            needed = False
        found: list[Path] = []
        for child in node.iter_child_nodes():
            found += self.expr(child, needed)
        return found

    def filter(self, node: nodes.Filter, needed: bool) -> list[Path]:
        for arg in [*node.args, *(kw.value for kw in node.kwargs)]:
            self.expr(arg, needed=False)
        base = self.path_of(node.node) if node.name in _ATTRIBUTE_FILTERS else None
        attribute = _attribute_argument(node)
        element = None
        if base and attribute:
            element = self.step_all(base + (_LIST,), attribute.split("."), node.lineno)
        if node.name == "map" and base:
            if needed:
                self.need(base, node.lineno)
                if element:
                    self.need(element, node.lineno)
            return [base]
        return self.expr(node.node, needed and node.name not in _NOT_NEEDED_FILTERS)

    # paths
    def path_of(self, node: nodes.Node) -> Path | None:
        """The context path an expression stands for, or None for anything else."""
        if isinstance(node, nodes.Name):
            for scope in reversed(self.scopes):
                if node.name in scope:
                    return scope[node.name]
            if node.name in CONTEXT_SCHEMA:
                return (node.name,)
            if node.name not in GLOBAL_NAMES and node.name not in ("self", "loop"):
                self.unknown((node.name,), node.lineno)
            return None
        if isinstance(node, nodes.Getattr):
            return self.step(self.path_of(node.node), node.attr, node.lineno)
        if isinstance(node, nodes.Getitem):
            base = self.path_of(node.node)
            if isinstance(node.arg, nodes.Slice):
                self.expr(node.arg, needed=False)
                return base
            try:
                key = node.arg.as_const(nodes.EvalContext(_ENV))
            except nodes.Impossible:
                self.expr(node.arg, needed=False)
                key = _LIST
            return self.step(base, key, node.lineno)
        if isinstance(node, nodes.Filter) and node.node is not None:
            if node.name in _SHAPE_FILTERS:
                return self.path_of(node.node)
            if node.name in ("first", "last"):
                return self.step(self.path_of(node.node), 0 if node.name == "first" else -1, node.lineno)
        return None

    def step(self, base: Path | None, key: Any, line: int) -> Path | None:
        if base is None or base[:1] in (("options",), ("notice",)):
            return None  # a template's own settings are free-form; it guards what it reads
        shape = _shape(base)
        if isinstance(shape, dict):
            if isinstance(key, str) and key in shape:
                return base + (key,)
            if key in _OBJECT_ATTRS:
                return None
        elif isinstance(shape, list):
            if key == _LIST or (isinstance(key, int) and not isinstance(key, bool)):
                return base + (key,)
            if key in _LIST_ATTRS:
                return None
        elif isinstance(key, str) and key in _LEAF_ATTRS[shape]:
            return None
        self.unknown(base + (key,), line)
        return None

    def step_all(self, path: Path, keys: list[str], line: int) -> Path | None:
        for key in keys:
            path = self.step(path, int(key) if key.isdigit() else key, line)
            if path is None:
                return None
        return path

    # problems
    def unknown(self, path: Path, line: int) -> None:
        field = _display(path)
        if ("unknown", f"{field}:{line}") not in self._seen:
            self._seen.add(("unknown", f"{field}:{line}"))
            self.problems.append(Problem(f"{self.where}:{line}", _UNKNOWN, {"field": field}))

    def need(self, path: Path, line: int) -> None:
        if path in self.guards or ("missing", _display(path)) in self._seen:
            return
        # Guards on a containing field: where it is empty that part of the
        # letter is left out, so only the places where it is filled count.
        depths = {len(g) for g in self.guards if len(g) < len(path) and path[:len(g)] == g}
        example = _first_gap(self.context, path, depths)
        if example is None:
            return
        self._seen.add(("missing", _display(path)))
        plain, with_example = _MISSING[_OWNERS.get(path[0], "case")]
        field = _display(path)
        text = plain if example == field else with_example
        self.problems.append(Problem(f"{self.where}:{line}", text, {"field": field, "example": example}))


def _shape(path: Path) -> Any:
    shape: Any = CONTEXT_SCHEMA
    for key in path:
        shape = shape[0] if isinstance(shape, list) else shape[key]
    return shape


def _attribute_argument(node: nodes.Filter) -> str | None:
    for kw in node.kwargs:
        if kw.key == "attribute" and isinstance(kw.value, nodes.Const) and isinstance(kw.value.value, str):
            return kw.value.value
    if node.name in ("selectattr", "rejectattr", "groupby") and node.args and isinstance(node.args[0], nodes.Const):
        value = node.args[0].value
        return value if isinstance(value, str) else None
    return None


def _first_gap(value: Any, path: Path, guard_depths: set[int], depth: int = 0, where: Path = ()) -> str | None:
    """The first concrete place (``case.people[2].sentence``) where ``path`` is empty.

    Elements are walked one by one; below a guard that is empty for an
    element, that element's part of the letter is not written, so it is skipped.
    """
    if depth in guard_depths and _empty(value):
        return None
    if depth == len(path):
        return _display(where) if _empty(value) else None
    key = path[depth]
    if key == _LIST:
        if isinstance(value, list):
            for index, item in enumerate(value):
                gap = _first_gap(item, path, guard_depths, depth + 1, where + (index,))
                if gap:
                    return gap
        return None
    if isinstance(key, int):
        if isinstance(value, list) and -len(value) <= key < len(value):
            return _first_gap(value[key], path, guard_depths, depth + 1, where + (key,))
    elif isinstance(value, dict) and key in value:
        return _first_gap(value[key], path, guard_depths, depth + 1, where + (key,))
    return _display(where + path[depth:])

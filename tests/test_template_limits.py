"""Resource limits for templates: a hostile or careless text is stopped, with its line, and never hangs.

Templates are shared by strangers; the sandbox already refuses files and
internals. These tests feed it texts that would run for hours or allocate
gigabytes, and check that every one is stopped quickly with a message that
names the template, the language and the line — in the renderer, in
``check``, in the preview and in the export.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core import sandbox
from desktop.core.errors import PetitionDeskError
from desktop.core.sandbox import (
    MAX_CALL_DEPTH,
    MAX_OUTPUT_CHARS,
    MAX_RANGE,
    MAX_RENDER_SECONDS,
    MAX_STEPS,
    MAX_VALUE_SIZE,
    check_source,
    render_source,
)

sys.path.insert(0, str(Path(__file__).parent))
from test_sandbox import empty_context  # noqa: E402

TOO_BIG = f"the template builds a text or list of more than {MAX_VALUE_SIZE} characters or items"
TOO_MUCH = f"the template does more than {MAX_STEPS} steps of work"
TOO_SLOW = f"takes longer than {MAX_RENDER_SECONDS:g} seconds"
TOO_DEEP = f"macros call each other more than {MAX_CALL_DEPTH} levels deep"
RANGE = f"range() can count at most {MAX_RANGE} numbers"
TOO_LONG = f"the text grows beyond {MAX_OUTPUT_CHARS} characters"
# Every refusal comes well within the wall-clock limit, plus a margin for a slow machine.
WITHIN = MAX_RENDER_SECONDS + 2.0


def refusal(source, language="en"):
    """The message a render of ``source`` stops with, and how long it took to stop."""
    started = time.monotonic()
    with pytest.raises(PetitionDeskError) as caught:
        render_source(source, "hostile", language, empty_context())
    return str(caught.value), time.monotonic() - started


HOSTILE = [
    # (name, template text, line the message names, words of the message)
    ("two loops over range(100000)",
     "Dear Sir,\n{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}", 2, RANGE),
    ("two loops over range(10000), no output",
     "Dear Sir,\n{% for i in range(10000) %}\n{% for j in range(10000) %}{% endfor %}\n{% endfor %}", 3, TOO_MUCH),
    ("one range reused in nested loops",
     "{% set r = range(10000) %}\n{% for i in r %}{% for j in r %}{% endfor %}{% endfor %}", 2, TOO_MUCH),
    ("nested loop with a filter that never passes",
     "{% set r = range(10000) %}\n{% for i in r %}{% for j in r if j < 0 %}{% endfor %}{% endfor %}", 2, TOO_MUCH),
    ("center(10**9)", "Dear Sir,\n{{ 'x'|center(10**9) }}", 2, TOO_BIG),
    ("str.center method", "Dear Sir,\n{{ 'x'.center(10**9) }}", 2, TOO_BIG),
    ("'%s'|format with a huge width", "Dear Sir,\n{{ '%999999999s'|format('x') }}", 2, TOO_BIG),
    ("'%*s'|format with a huge width argument", "Dear Sir,\n{{ '%*s'|format(10**9, 'x') }}", 2, TOO_BIG),
    ("% operator with a huge width", "Dear Sir,\n\n{{ '%999999999s' % 'x' }}", 3, TOO_BIG),
    ("str.format with a huge width", "Dear Sir,\n{{ '{:>999999999}'.format('x') }}", 2, TOO_BIG),
    ("str.format with a width from its arguments", "Dear Sir,\n{{ '{:>{w}}'.format('x', w=10**9) }}", 2, TOO_BIG),
    ("lipsum(10**6)", "Dear Sir,\n{{ lipsum(10**6) }}", 2, "the template uses a name or field that does not exist"),
    ("[0]*10**9", "Dear Sir,\n{{ [0]*10**9 }}", 2, TOO_BIG),
    ("string * 10**9", "Dear Sir,\n{{ 'x' * 10**9 }}", 2, TOO_BIG),
    ("10**9 * string", "Dear Sir,\n{{ 10**9 * 'ab' }}", 2, TOO_BIG),
    ("a list repeated inside a repeated list", "Dear Sir,\n{% set a = [[0] * 1000] * 1000 %}", 2, TOO_BIG),
    ("loop.cycle in two nested loops",
     "Dear Sir,\n{% for i in range(10000) %}{% for j in range(10000) %}{{ loop.cycle('a', 'b') }}{% endfor %}"
     "{% endfor %}", 2, None),
    ("a macro calling itself forever", "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}\n{{ f(0) }}", 1, TOO_DEEP),
    ("a macro calling itself twice, 40 deep",
     "{% macro f(n) %}{% if n < 40 %}{{ f(n + 1) }}{{ f(n + 1) }}{% endif %}{% endmacro %}\n{{ f(0) }}", 1, None),
    ("a recursive loop that never ends", "{% for x in [[[]]] recursive %}\n{{ loop([x]) }}{% endfor %}", 2, TOO_DEEP),
    ("text doubled in a namespace",
     "{% set ns = namespace(s='x') %}\n{% for i in range(100) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}", 2, TOO_BIG),
    ("a list nested in itself in a namespace",
     "{% set ns = namespace(s=[1]) %}\n{% for i in range(100) %}{% set ns.s = [ns.s, ns.s] %}{% endfor %}", 2,
     TOO_BIG),
    ("a list doubled through a macro's argument",
     "{% macro f(s) %}{{ f([s, s]) }}{% endmacro %}\n{{ f(1) }}", 1, TOO_BIG),
    ("a chain of set lines each quadrupling",
     "{% set a = 'xx' %}\n" + "".join("{% set a = a ~ a ~ a ~ a %}" for _ in range(20)) + "\n{{ a }}", 2, TOO_BIG),
    ("a chain of lists printed with |string",
     "{% set a = [1, 1] %}" + "".join("{% set a = [a, a, a, a] %}" for _ in range(20)) + "\n{{ a|string }}", 2,
     TOO_BIG),
    ("replace growing a text", "Dear Sir,\n{{ ('x' * 100000)|replace('x', 'y' * 100000) }}", 2, TOO_BIG),
    ("str.replace growing a text", "Dear Sir,\n{{ ('x' * 100000).replace('x', 'y' * 100000) }}", 2, TOO_BIG),
    ("join of many padded items", "Dear Sir,\n{{ range(10000)|map('center', 1000000)|join }}", 2, TOO_BIG),
    ("list of many padded items", "Dear Sir,\n{{ range(10000)|map('center', 1000000)|list|length }}", 2, TOO_BIG),
    ("indent by a huge width", "Dear Sir,\n{{ 'a\\nb'|indent(10**9) }}", 2, TOO_BIG),
    ("batch filled to 10**9", "Dear Sir,\n{{ [1]|batch(10**9, 0)|list }}", 2, TOO_BIG),
    ("slice into 10**9 columns", "Dear Sir,\n{{ [1]|slice(10**9)|list|length }}", 2, TOO_BIG),
    ("sum of lists", "Dear Sir,\n{{ [[0] * 1000] * 1000|sum(start=[]) }}", 2, None),
    ("a number grown by powers", "Dear Sir,\n{{ ((10**64)**64)**64 }}", 2, "the number is too large"),
    ("range(10**20)", "Dear Sir,\n{{ range(10**20)|length }}", 2, RANGE),
    ("output beyond the limit",
     "{% for i in range(10000) %}\n{% for j in range(1000) %}\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"
     "{% endfor %}{% endfor %}", 2, TOO_LONG),
]


@pytest.mark.parametrize(("name", "source", "line", "words"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_template_is_stopped_quickly_with_its_template_language_and_line(name, source, line, words):
    message, seconds = refusal(source, "ru")
    assert message.startswith(f"Template hostile (language ru), line {line}: "), message
    if words:
        assert words in message
    assert seconds < WITHIN, (name, seconds)


def test_the_wall_clock_limit_stops_work_that_stays_under_the_step_limit(monkeypatch):
    monkeypatch.setattr(sandbox, "MAX_RENDER_SECONDS", 0.2)
    message, seconds = refusal("Dear Sir,\n{% for i in range(10000) %}{% for j in range(10000) %}"
                               "{{ loop.cycle('a', 'b') }}{% endfor %}{% endfor %}")
    assert message.startswith("Template hostile (language en), line 2: filling in the template takes longer than")
    assert seconds < 2.0


@settings(max_examples=40, deadline=None)
@given(
    how=st.sampled_from([
        "{{ 'ab'|center(%d) }}", "{{ 'ab'.ljust(%d) }}", "{{ '%%%ds'|format('ab') }}", "{{ 'ab' * %d }}",
        "{{ [0] * %d }}", "{{ '{:>%d}'.format('ab') }}", "{{ ('a' * 100)|replace('a', 'b' * (%d // 100)) }}",
    ]),
    size=st.one_of(st.integers(0, 2000), st.integers(MAX_VALUE_SIZE + 1000, 10**12)),
)
def test_padding_and_repetition_within_the_limit_work_and_beyond_it_are_refused(how, size):
    source = "Dear Sir,\n" + how % size
    if size <= MAX_VALUE_SIZE:
        assert render_source(source, "inline", "en", empty_context()).startswith("Dear Sir,")
    else:
        message, seconds = refusal(source)
        assert message.startswith("Template hostile (language en), line 2: " + TOO_BIG)
        assert seconds < WITHIN


@settings(max_examples=25, deadline=None)
@given(outer=st.integers(1, 60), inner=st.integers(0, 60), with_loop=st.booleans())
def test_ordinary_loops_render_exactly(outer, inner, with_loop):
    body = "{{ loop.index }}," if with_loop else "x,"
    source = (f"{{% for i in range({outer}) %}}{{% for j in range({inner}) %}}{body}{{% endfor %}};"
              "{% endfor %}")
    text = render_source(source, "inline", "en", empty_context())
    row = ",".join(str(n + 1) if with_loop else "x" for n in range(inner)) + ("," if inner else "")
    assert text == (row + ";") * outer


def test_the_field_check_renders_the_text_so_a_limit_is_found_before_the_export():
    source = "Dear Sir,\n{{ 'x'|center(10**9) }}"
    with pytest.raises(PetitionDeskError, match="line 2: " + TOO_BIG):
        check_source(source, "hostile", "en", empty_context())
    assert check_source(source, "hostile", "en", empty_context(), render=False) == []


# -- check, export and preview with a hostile template in the user's folder --------

HOSTILE_TEXT = "Dear friends,\n\n{% for i in range(10000) %}\n{% for j in range(10000) %}{% endfor %}\n{% endfor %}\n"


def install_hostile_template(data_dir: Path) -> None:
    folder = data_dir / "templates" / "hostile_loop"
    folder.mkdir(parents=True)
    (folder / "manifest.toml").write_text(
        'format = "petition-desk/template"\nversion = 1\nkind = "letter"\nlayout = "plain"\n'
        'languages = ["en"]\n[title]\nen = "Looks harmless"\n', encoding="utf-8")
    (folder / "en.txt").write_text(HOSTILE_TEXT, encoding="utf-8")


def hostile_draft(path: Path, recipients: int = 3) -> Path:
    path.write_text(json.dumps({
        "format": "petition-desk/draft", "version": 1, "template": "hostile_loop", "language": "en",
        "case": {"name": "A case"},
        "recipients": [{"kind": "embassy", "country": "SE", "organisation": f"Embassy {i}"}
                       for i in range(recipients)],
        "signers": [{"name": "A. Signer"}],
    }), encoding="utf-8")
    return path


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "desktop.cli", *args], capture_output=True, text=True,
                          env=dict(os.environ), timeout=120)


def test_check_reports_the_limit_once_and_export_stops_with_it(tmp_path, _private_data_dir):
    install_hostile_template(_private_data_dir)
    draft = hostile_draft(tmp_path / "draft.json", recipients=5)
    started = time.monotonic()
    checked = run_cli("check", str(draft))
    assert checked.returncode == 1
    assert "Template hostile_loop (language en), line 4: " + TOO_MUCH in checked.stderr
    assert checked.stderr.count(TOO_MUCH) == 1  # once, not once per recipient
    assert "Traceback" not in checked.stderr
    out = tmp_path / "out"
    exported = run_cli("export", str(draft), "--out", str(out), "--format", "all")
    assert exported.returncode == 1
    assert TOO_MUCH in exported.stderr and "Traceback" not in exported.stderr
    assert not out.exists() or not any(out.iterdir())
    assert time.monotonic() - started < 60


def test_an_export_refuses_the_limit_once_before_writing_anything(tmp_path, _private_data_dir):
    from desktop.core.batch import ExportRequest, run_export
    from desktop.core.draft import load_draft
    from desktop.core.errors import ValidationError

    install_hostile_template(_private_data_dir)
    draft = load_draft(hostile_draft(tmp_path / "draft.json", recipients=2))
    out = tmp_path / "out"
    with pytest.raises(ValidationError) as refused:  # the export walks the checked plan, as `check` does
        run_export(ExportRequest(draft=draft, out_dir=out, formats=("pdf", "docx"), workers=1))
    texts = [p.render() for p in refused.value.problems]
    assert len([t for t in texts if TOO_MUCH in t]) == 1, texts  # once, not once per letter
    assert any("Template hostile_loop (language en), line 4: " + TOO_MUCH in t for t in texts), texts
    assert not out.exists() or not any(out.iterdir())


def test_the_preview_shows_the_limit(tmp_path, _private_data_dir):
    from desktop.core.draft import load_draft
    from desktop.gui.preview import render_preview_pdf

    install_hostile_template(_private_data_dir)
    draft = load_draft(hostile_draft(tmp_path / "draft.json", recipients=1))
    with pytest.raises(PetitionDeskError, match="line 4: " + TOO_MUCH.replace("(", r"\(")):
        render_preview_pdf(draft, 0)

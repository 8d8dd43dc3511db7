"""Every interface string is translated into sv, fr, de and ru, with the same placeholders."""

import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from desktop.core.i18n import translator
from desktop.core.resources import translations_dir

LANGS = ("sv", "fr", "de", "ru")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{(\w*)[^{}]*\}")


def placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in PLACEHOLDER.finditer(text))


def load(lang):
    with (translations_dir() / lang / "LC_MESSAGES" / "petition_desk.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def template_ids():
    with (translations_dir() / "petition_desk.pot").open("rb") as fh:
        return {m.id for m in read_po(fh) if m.id}


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_is_complete_and_consistent(lang):
    catalog = load(lang)
    problems = []
    ids = set()
    for message in catalog:
        if not message.id:
            continue
        ids.add(message.id)
        key = message.id if isinstance(message.id, str) else message.id[0]
        if message.fuzzy:
            problems.append(f"fuzzy: {key!r}")
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if not all(strings):
            problems.append(f"untranslated: {key!r}")
            continue
        sources = message.id if isinstance(message.id, (list, tuple)) else [message.id]
        wanted = placeholders(sources[-1])
        for s in strings:
            got = placeholders(s)
            # A plural form may spell out the count ("one letter") instead of %(count)d.
            if got != wanted and not (isinstance(message.id, (list, tuple)) and set(got) <= set(wanted)):
                problems.append(f"placeholders differ in {key!r}: {got} vs {wanted}")
        if isinstance(message.id, (list, tuple)):
            assert len(strings) == catalog.num_plurals, key
    missing = template_ids() - ids
    problems.extend(f"missing: {m!r}" for m in sorted(missing, key=str))
    assert not problems, "\n".join(problems[:40])


def test_catalog_template_is_current(tmp_path):
    """The .pot holds every string the code marks; `make catalogs` refreshes it."""
    out = tmp_path / "fresh.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "-k", "N_", "-k", "gettext", "-k", "ngettext:1,2", "-k", "pgettext:1c,2",
                    "-k", "tr_format:2,3t", "-k", "tr_format:2,4,5t",
                    "--no-location", "-o", str(out), "."], check=True, capture_output=True)
    with out.open("rb") as fh:
        fresh = {m.id for m in read_po(fh) if m.id}
    stale = fresh - template_ids()
    assert not stale, f"run `make catalogs`: {sorted(map(str, stale))[:10]}"


def test_russian_plural_forms_of_the_interface():
    tr = translator("ru")
    forms = [tr.ngettext("Wrote %(count)d file to %(folder)s.", "Wrote %(count)d files to %(folder)s.", n)
             % {"count": n, "folder": "x"} for n in (1, 2, 5, 21)]
    assert len(set(forms[:3])) == 3, forms
    assert forms[0].split()[1:] == forms[3].split()[1:]

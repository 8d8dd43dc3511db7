"""Problems named by the field's label in the interface language, not its path."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.errors import N_, Problem
from desktop.core.i18n import LANGUAGES, translator
from desktop.gui.problems import FIELD_NAMES, SEPARATOR, field_name, render_problem


def test_paths_read_as_labels():
    en = translator("en")
    assert field_name("case.people[2].sentence", en) == "Case ▸ People ▸ 3 ▸ Sentence"
    assert field_name("recipients", en) == "Recipients"
    assert field_name("export.file_name", en) == "Export ▸ File names"
    assert field_name("appeal_mission/ru.txt:14", en) == "appeal_mission/ru.txt:14"  # a place in a file
    text = render_problem(Problem("recipients", N_("the draft has no recipients; add at least one")), en)
    assert text == "Recipients: the draft has no recipients; add at least one"


def test_labels_are_translated_where_the_catalog_has_them():
    de = translator("de")
    assert field_name("case.people[0].name", de) == SEPARATOR.join([de.gettext("Case"), de.gettext("People"), "1",
                                                                    de.gettext("Name")])
    assert de.gettext("Recipients") != "Recipients"


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(sorted(FIELD_NAMES)), st.none() | st.integers(0, 500)),
                min_size=1, max_size=5), st.sampled_from(LANGUAGES))
def test_every_path_gives_one_label_per_part_and_no_raw_brackets(parts, language):
    path = ".".join(name + (f"[{index}]" if index is not None else "") for name, index in parts)
    shown = field_name(path, translator(language))
    assert "[" not in shown and "_" not in shown
    assert len(shown.split(SEPARATOR)) == len(parts) + sum(index is not None for _, index in parts)

"""Work shared by every letter of a language is done once, and changes nothing in the files.

The PDF writer keeps each distinct paragraph's parsed markup and line breaks;
the plan checks letters whose facts are filled alike once. The output must
be byte for byte what a fresh process writes, apart from the file's /ID.
"""

import re

import pytest

from desktop.core.batch import document_bytes
from desktop.core.demo import load_demo_draft
from desktop.core.plan import POSTER, make_plan, render
from desktop.core.templates import ADDRESS_LAYOUTS, list_templates
from desktop.core.writers import pdf_reuse, pdf_styles

_ID = re.compile(rb"/ID\s*\[<[0-9a-f]+><[0-9a-f]+>\]")


def _bytes(plan, doc):
    return _ID.sub(b"", document_bytes(render(plan, doc), "pdf"))


# The notice of an assembly needs the facts of the assembly (tests/test_assembly_notice.py); envelopes and
# labels print only addresses (tests/test_post.py).
@pytest.mark.parametrize("template", [t.id for t in list_templates()
                                      if t.builtin and t.id != "assembly_notice" and t.layout not in ADDRESS_LAYOUTS])
def test_reused_layout_gives_the_same_bytes_as_a_fresh_one(template):
    draft = load_demo_draft()
    plan = make_plan(draft, template=template)
    assert plan.ok, plan.problems
    for doc in plan.documents:
        pdf_styles._parsed.clear()  # the uncached road: every paragraph parsed and broken afresh,
        pdf_reuse.forget()  # every font subset cut and compressed afresh
        fresh = _bytes(plan, doc)
        warm = _bytes(plan, doc)  # every paragraph now comes from the cache
        assert warm == fresh, (template, doc.stem)
    assert pdf_reuse._subsets  # the font subsets were reused
    if plan.kind != POSTER:  # a placard's or banner's lines are drawn, not parsed as paragraphs
        assert pdf_styles._parsed  # the paragraphs came from the cache


def test_letters_that_differ_only_in_the_addressee_share_their_paragraphs():
    draft = load_demo_draft()
    english = [i for i, r in enumerate(draft.recipients) if r.language == "en"]
    assert len(english) >= 2
    plan = make_plan(draft, language="en")
    pdf_styles._parsed.clear()
    document_bytes(render(plan, plan.documents[english[0]]), "pdf")
    after_first = len(pdf_styles._parsed)
    document_bytes(render(plan, plan.documents[english[1]]), "pdf")
    added = len(pdf_styles._parsed) - after_first
    # Only the paragraphs naming the addressee (address block, salutation, a mention in the text) are new.
    assert 0 < added <= after_first // 4, (added, after_first)


def _docx_parts(data):
    import io
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(data))
    # core.xml carries the export day; every other part must be the same.
    return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}


@pytest.mark.parametrize("template", [t.id for t in list_templates() if t.builtin and t.layout not in ADDRESS_LAYOUTS])
def test_copied_docx_paragraphs_give_the_same_parts_as_built_ones(template):
    from desktop.core.writers import docx as docx_writer

    draft = load_demo_draft()
    plan = make_plan(draft, template=template)
    for doc in plan.documents:
        docx_writer._paragraphs.clear()  # every paragraph built element by element
        built = _docx_parts(document_bytes(render(plan, doc), "docx"))
        copied = _docx_parts(document_bytes(render(plan, doc), "docx"))  # from the kept paragraphs
        assert copied == built, (template, doc.stem, [k for k in built if built[k] != copied.get(k)])
    assert docx_writer._paragraphs

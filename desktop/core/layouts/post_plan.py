"""What the plan makes for the ``envelopes`` and ``labels`` templates: one print file with every recipient.

Kept beside :mod:`desktop.core.plan` so the one road stays short: the plan
calls :func:`plan_post` to list the document and its problems, and
:func:`render_post` when the export (or the preview) wants it.
"""

from __future__ import annotations

from desktop.core.errors import N_
from desktop.core.filenames import safe_stem
from desktop.core.fonts import register_fonts
from desktop.core.layouts import post
from desktop.core.planned import POST, SAMPLE_ADDRESS, PlannedDocument, paper_for
from desktop.core.recipients import Recipient

ADDRESS_TOO_LONG_LABEL = N_("the address of %(name)s does not fit on a label even in the smallest print; shorten "
                            "its lines or choose larger labels")
ADDRESS_TOO_LONG_ENVELOPE = N_("the address of %(name)s does not fit on the envelope even in the smallest print; "
                               "shorten its lines or choose a larger envelope")


def _where(plan, recipient: Recipient, i: int) -> str:
    draft = plan.draft
    return f"recipients[{draft.recipients.index(recipient) if recipient in draft.recipients else i}]"


def plan_post(plan, info, recipients: list[Recipient], language: str | None) -> None:
    """Add the one envelopes or labels document to ``plan``, with every problem found."""
    if "pdf" not in plan.formats:
        plan.problem("export.formats", N_("envelopes and address labels are made as PDF only; choose the PDF "
                                          "format"))
    elif plan.formats != ("pdf",):  # "all", or the draft's own choice of both: the PDF is what there is
        plan.note("export.formats", N_("envelopes and address labels are made as PDF only; no DOCX file is "
                                       "written"))
        plan.formats = ("pdf",)
    if plan.combined:
        plan.problem("export.combined", N_("envelopes and address labels are already one print file; leave out "
                                           "the combined print file"))
    if not recipients:
        plan.problem("recipients", N_("the draft has no recipients; add at least one"))
        return
    document = _build(plan, info, recipients, language)
    font = register_fonts().regular
    if document.kind == "labels":
        assert document.sheet is not None
        width, height = post.label_area(document.sheet)
        message = ADDRESS_TOO_LONG_LABEL
    else:
        assert document.envelope is not None
        message = ADDRESS_TOO_LONG_ENVELOPE
    for i, (recipient, item) in enumerate(zip(recipients, document.items)):
        where = _where(plan, recipient, i)
        if document.envelope is not None:
            width = post.envelope_address_origin(document.envelope, item.paper)[2]
            height = post.envelope_address_height(document.envelope, item.paper)
        if recipient.verify:
            plan.note(where, SAMPLE_ADDRESS, name=recipient.display_name)
        if post.fitted_lines(item.lines, width, height, font)[1] is None:
            plan.problem(where, message, name=recipient.display_name)
    wanted_start = int(plan.options.template_options.get("start") or 1)
    if document.sheet is not None and wanted_start > document.sheet.per_sheet:
        plan.problem("options.start", N_("a sheet has only %(count)d labels; choose a first label from 1 to "
                                         "%(count)d"), count=document.sheet.per_sheet)
    if document.kind == "labels" and document.return_labels:
        if not document.return_lines:
            plan.problem("options.return_labels", N_("there is no sender's address for the return-address labels; "
                                                     "add the first signer's organisation and address"))
        elif post.fitted_lines(document.return_lines, width, height, font)[1] is None:
            plan.problem("options.return_labels", N_("the sender's address does not fit on a label even in the "
                                                     "smallest print; shorten its lines"))
    size = document.sheet.name if document.sheet else document.envelope.name  # type: ignore[union-attr]
    paper = "Letter" if size in ("letter_3x10", "US10") else "A4"
    lang = document.items[0].language
    stem = safe_stem(f"{info.title(lang)} ({size})")
    plan.documents.append(PlannedDocument(1, POST, lang, recipients[0], paper, stem, tuple(recipients),
                                          "recipients"))
    plan.checked = True


def render_post(plan, doc) -> post.PostDocument:
    """The envelopes or labels of planned document ``doc``."""
    assert plan.template is not None
    return _build(plan, plan.template, list(doc.addressees), None)


def _build(plan, info, recipients: list[Recipient], language: str | None) -> post.PostDocument:
    draft = plan.draft
    values = plan.options.template_options
    sender_country = plan.options.sender_country
    items = []
    for recipient in recipients:
        lang = language or draft.language_for(recipient, tuple(info.languages))
        items.append(post.AddressItem(post.recipient_lines(recipient, lang, sender_country), lang,
                                      recipient.display_name, paper_for(plan.options, recipient.country or sender_country),
                                      post.sender_country_line(recipient, lang, sender_country)))
    return_lines = post.return_address(draft.signers, items[0].language if items else (language or "en"))
    title = info.title(items[0].language if items else "en")
    if info.layout == "envelopes":
        envelope = post.envelope_for(values.get("size") or "auto", sender_country)
        if not values.get("return_address", True):
            return_lines = []
        return post.PostDocument("envelopes", items, return_lines, envelope=envelope, title=title)
    sheet = post.sheet_for(values.get("sheet") or "auto", sender_country)
    start = min(max(1, int(values.get("start") or 1)), sheet.per_sheet)
    return post.PostDocument("labels", items, return_lines, sheet=sheet, start=start,
                             return_labels=int(values.get("return_labels") or 0), title=title)

"""What the plan makes for the ``envelopes`` and ``labels`` templates: one print file with every recipient.

Kept beside :mod:`desktop.core.plan` so the one road stays short: the plan
calls :func:`plan_post` to lay out the document, fit its addresses and list
its problems; the export (or the preview) prints the document kept in the plan.
"""

from __future__ import annotations

from desktop.core.errors import N_
from desktop.core.filenames import safe_stem
from desktop.core.fonts import register_fonts
from desktop.core.layouts import post
from desktop.core.planned import NO_RECIPIENTS, POST, PlannedDocument, paper_for, recipient_where
from desktop.core.recipients import Recipient

ADDRESS_TOO_LONG_LABEL = N_("the address of %(name)s does not fit on a label even in the smallest print; shorten "
                            "its lines or choose larger labels")
ADDRESS_TOO_LONG_ENVELOPE = N_("the address of %(name)s does not fit on the envelope even in the smallest print; "
                               "shorten its lines or choose a larger envelope")


def plan_post(plan, info, recipients: list[Recipient], language: str | None) -> None:
    """Add the one envelopes or labels document to ``plan``, with every problem found."""
    # PDF only: the plan has said so already (planned.PDF_ONLY).
    if plan.combined:
        plan.problem("export.combined", N_("envelopes and address labels are already one print file; leave out "
                                           "the combined print file"))
    if not recipients:
        plan.problem("recipients", NO_RECIPIENTS)
        return
    # Laid out and fitted once: the plan reports what does not fit, the export prints this very document.
    document = _build(plan, info, recipients).fit(register_fonts().regular)
    assert document.sizes is not None
    message = ADDRESS_TOO_LONG_LABEL if document.kind == "labels" else ADDRESS_TOO_LONG_ENVELOPE
    for i, (recipient, size) in enumerate(zip(recipients, document.sizes)):
        where = recipient_where(plan.draft, recipient, i)
        plan.note_sample_address(where, recipient)
        if size is None:
            plan.problem(where, message, name=recipient.display_name)
    wanted_start = int(plan.options.template_options.get("start") or 1)
    if document.sheet is not None and wanted_start > document.sheet.per_sheet:
        plan.problem("options.start", N_("a sheet has only %(count)d labels; choose a first label from 1 to "
                                         "%(count)d"), count=document.sheet.per_sheet)
    if document.kind == "labels" and document.return_labels:
        if not document.return_lines:
            plan.problem("options.return_labels", N_("there is no sender's address for the return-address labels; "
                                                     "add the first signer's organisation and address"))
        elif document.return_size is None:
            plan.problem("options.return_labels", N_("the sender's address does not fit on a label even in the "
                                                     "smallest print; shorten its lines"))
    lang = language or document.items[0].language  # names the file; each address keeps its recipient's language
    stem = safe_stem(f"{info.title(lang)} ({document.size_name})")
    plan.documents.append(PlannedDocument(1, POST, lang, recipients[0], document.paper, stem, tuple(recipients),
                                          "recipients", post=document))
    plan.checked = True


def _build(plan, info, recipients: list[Recipient]) -> post.PostDocument:
    draft = plan.draft
    values = plan.options.template_options
    sender_country = plan.options.sender_country
    items = []
    for recipient in recipients:
        lang = draft.language_for(recipient, tuple(info.languages))
        items.append(post.AddressItem(post.recipient_lines(recipient, lang, sender_country), lang,
                                      recipient.display_name, paper_for(plan.options, recipient.country or sender_country),
                                      post.sender_country_line(recipient, lang, sender_country)))
    return_lines = post.return_address(draft.signers, items[0].language if items else "en")
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

"""The one road from a draft to its documents: which documents, for whom, on what paper, under which names.

Every way out of the app walks the same :class:`ExportPlan`: ``petition-desk
check`` validates it, the batch export writes it, the window's preview shows
one of its documents and printing prints all of them. So ``check`` and
``export`` can never disagree.

What a template makes depends on its layout:

- a **letter** (layouts ``letter`` and ``plain``): one document per
  recipient, in that recipient's language, on the paper of the recipient's
  country;
- **petition sheets** (layout ``petition``): one set of sheets per language,
  headed by every addressee who reads that language, on the paper of the
  country where the group prints them (the sender's);
- a **resolution** (layout ``resolution``): one per language, written for
  the aide's own chamber — never a letter to an embassy;
- a **poster** (layouts ``placard``, ``banner``, ``leaflet``): one per
  language, on the sheet its settings choose (A3, Tabloid, landscape …),
  as PDF only: its pages are drawn, not text a word processor could flow;
- **envelopes** and **address labels** (layouts ``envelopes``, ``labels``):
  one print file with every recipient's address, PDF only as well (see
  :mod:`desktop.core.layouts.post_plan`).

Whatever does not depend on the recipient is prepared once per plan: the
template's settings are read and checked once (a wrong setting is one
problem, not one per letter), the phrases and the template are loaded once.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field, replace
from typing import Iterable, Sequence

from desktop.core.compose import LetterOptions, build_context, render_document, resolution_problems
from desktop.core.document import Document
from desktop.core.draft import DEFAULT_FILE_NAME, Draft
from desktop.core.errors import N_, PetitionDeskError, Problem
from desktop.core.filenames import file_stems, safe_stem
from desktop.core.planned import (  # noqa: F401  (the kinds of document are read from here too)
    LETTER,
    NO_RECIPIENTS,
    PAPERS,
    PDF_ONLY,
    PDF_ONLY_NOTE,
    PDF_ONLY_REFUSED,
    POST,
    POSTER,
    POSTER_LAYOUTS,
    RESOLUTION,
    SAMPLE_ADDRESS,
    SHEETS,
    PlannedDocument,
    paper_for,
    recipient_where,
)
from desktop.core.recipients import Recipient
from desktop.core.resolution.model import UNSIGNED_STYLES, style_or_default
from desktop.core.sandbox import check_template
from desktop.core.template_options import UNKNOWN_OPTION
from desktop.core.templates import TemplateInfo, get_template, read_options

log = logging.getLogger(__name__)

FORMATS = ("pdf", "docx", "eml")  # eml: each letter's PDF in an e-mail message, see desktop.core.mail


@dataclass
class ExportPlan:
    draft: Draft
    template: TemplateInfo | None
    options: LetterOptions  # the template's settings already read and checked
    documents: list[PlannedDocument] = field(default_factory=list)
    formats: tuple[str, ...] = ("pdf",)
    combined: bool = False
    combined_stem: str = ""
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    checked: bool = False  # every document's facts were checked against its template
    texts: dict = field(default_factory=dict, repr=False)  # template texts rendered so far, see compose

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def kind(self) -> str:
        return self.documents[0].kind if self.documents else LETTER

    @property
    def papers(self) -> list[str]:
        """The paper sizes used, in the order they first appear."""
        return list(dict.fromkeys(d.paper for d in self.documents))

    def problem(self, where: str, text: str, **params) -> None:
        _add_once(self.problems, Problem(where, text, params))

    def note(self, where: str, text: str, **params) -> None:
        _add_once(self.notes, Problem(where, text, params))

    def add(self, problems: Iterable[Problem], notes: bool = False) -> None:
        """Problems found elsewhere (a checker, a template), each once; ``notes``: as notes."""
        for problem in problems:
            _add_once(self.notes if notes else self.problems, problem)

    def note_sample_address(self, where: str, recipient: Recipient) -> None:
        """The demo's and the address book's sample addresses are said once each, wherever they are used."""
        if recipient.verify:
            self.note(where, SAMPLE_ADDRESS, name=recipient.display_name)

    def require_ok(self) -> None:
        """Refuse, listing every problem at once, a plan that cannot be exported."""
        if self.problems:
            from desktop.core.errors import ValidationError

            raise ValidationError(self.problems, source="draft")


def _add_once(target: list[Problem], problem: Problem) -> None:
    key = (problem.where, problem.text, repr(sorted(problem.params.items())))
    if all((p.where, p.text, repr(sorted(p.params.items()))) != key for p in target):
        target.append(problem)


def kind_of(info: TemplateInfo) -> str:
    if info.layout == "petition":
        return SHEETS
    if info.layout == "resolution":
        return RESOLUTION
    if info.layout in POSTER_LAYOUTS:
        return POSTER
    if info.layout in ("envelopes", "labels"):
        return POST
    return LETTER


def has_own_resolution(draft: Draft) -> bool:
    return draft.resolution is not None and not draft.resolution.is_empty()


def resolution_of(draft: Draft):
    """The draft's resolution structure; refuses a draft without one."""
    if not has_own_resolution(draft):
        raise PetitionDeskError(N_("The draft has no resolution text yet; write one in the resolution editor, "
                                   "import one with “petition-desk resolution import”, or start one from the case "
                                   "with “petition-desk resolution new”."))
    return draft.resolution


def chamber_of(draft: Draft) -> Recipient:
    """The legislature a resolution is written for: the draft's first legislature, else none named.

    A letter draft's embassies are not chambers; their name must not open a resolution.
    """
    return next((r for r in draft.recipients if r.kind == "legislature"), Recipient(kind="legislature"))


def make_plan(draft: Draft, *, template: str | None = None, language: str | None = None,
              recipients: Sequence[Recipient] | None = None, formats: Iterable[str] = ("pdf",),
              combined: bool = False, file_name: str | None = None, date: dt.date | None = None,
              check: bool = True, allow_missing_glyphs: bool = False, references: bool = False) -> ExportPlan:
    """The plan of what exporting ``draft`` with these choices makes, with every problem found on the way.

    Nothing is raised for a problem in the draft: it is listed in
    ``plan.problems`` (each once), so ``check`` can show them all.  With
    ``check``, each planned document's template is checked against its facts
    and one document of each language is composed, so a plan without
    problems exports. ``references``: each letter gets its reference number
    ("Our ref."), printed on it and kept in the correspondence log.
    """
    options = LetterOptions.from_draft(draft, date)
    plan = ExportPlan(draft=draft, template=None, options=options, combined=combined)
    plan.formats = tuple(dict.fromkeys(formats))
    if not plan.formats or any(f not in FORMATS for f in plan.formats):
        plan.problem("export.formats", N_("choose the formats to export: pdf, docx or both"))
    try:
        info = get_template(template or draft.template)
    except PetitionDeskError as exc:
        plan.problem("template", exc.msg.text, **exc.msg.params)
        return plan
    plan.template = info
    if language is not None and language not in info.languages:
        plan.problem("language", N_("the template %(template)s has no %(language)s version; choose one of: "
                                    "%(available)s"), template=info.id, language=language,
                     available=", ".join(info.languages))
        return plan
    # The template's settings: read once; a wrong value is one problem, a setting
    # left from another template only a note.
    values, found = read_options(info, draft.options)
    plan.add((p for p in found if p.text == UNKNOWN_OPTION), notes=True)
    plan.add(p for p in found if p.text != UNKNOWN_OPTION)
    if values.keys() & {"signatures", "signature_towns"}:
        # The hand-over letter and the action report print the counted signatures unless the draft gives them.
        from desktop.core.sheet_register import fill_figures

        try:
            fill_figures(values, (o.name for o in info.options), draft.case)
        except PetitionDeskError as exc:
            plan.note("options.signatures", exc.msg.text, **exc.msg.params)
    plan.options = replace(options, template_options=values)
    chosen = list(draft.recipients if recipients is None else recipients)
    kind = kind_of(info)
    own_resolution = kind == RESOLUTION and has_own_resolution(draft)
    if own_resolution:
        plan.options.resolution = draft.resolution
    else:
        plan.options.resolution = None
    if kind in PDF_ONLY:
        _keep_pdf_only(plan)
    if kind == POST:
        from desktop.core.layouts.post_plan import plan_post

        plan_post(plan, info, chosen, language)
        log.debug("plan: template %s, %d documents, %d problems", info.id, len(plan.documents), len(plan.problems))
        return plan
    if kind == LETTER:
        _plan_letters(plan, info, chosen, language, file_name or draft.export.file_name or DEFAULT_FILE_NAME)
        if references:
            from desktop.core.correspondence import reference_for

            plan.documents = [replace(d, reference=reference_for(plan, d)) for d in plan.documents]
    else:  # petition sheets and resolutions: one per language
        _plan_per_language(plan, info, kind, chosen, language)
    if kind == LETTER and any(o.name == "assembly_kind" for o in info.options):
        # A notice of an assembly: the deadline the law sets, or no document where none is needed.
        from desktop.core.assembly import check_plan

        check_plan(plan)
    if not draft.signers and kind != POSTER and not (own_resolution and style_or_default(values) in UNSIGNED_STYLES):
        # An adopted European Parliament resolution is signed by nobody.
        plan.problem("signers", N_("the resolution has no sponsor; add at least one signer") if kind == RESOLUTION
                     else N_("the draft has no signer; add the name of at least one person"))
    own = not template or template == draft.template
    first_language = plan.documents[0].language if plan.documents else (language or "en")
    plan.combined_stem = safe_stem((draft.title if own else "") or info.title(first_language))
    if "eml" in plan.formats and kind not in PDF_ONLY:
        _plan_mail(plan)
    if check and ("pdf" in plan.formats or "eml" in plan.formats):
        from desktop.core.glyphs import draft_missing_glyphs  # DOCX keeps every character

        plan.add(draft_missing_glyphs(draft), notes=allow_missing_glyphs)
    if check and plan.documents and not own_resolution:
        # Language integrity: a sentence of the case missing in a document's language.
        from desktop.core.language_integrity import name_spelling_notes, place_notes, problems_for

        languages = [d.language for d in plan.documents]
        missing, fallbacks = problems_for(draft.case, languages, draft.letter.allow_language_fallback)
        plan.add(missing)
        plan.add(fallbacks, notes=True)
        plan.add(name_spelling_notes(draft.case, languages), notes=True)
        # Only a template that prints the place itself (a press release's dateline) needs its name.
        placed = [lang for lang in dict.fromkeys(languages) if "letter.place" in info.source(lang)]  # a read each
        plan.add(place_notes(draft.letter.place, placed), notes=True)
    if check and plan.documents:
        from desktop.core.language_integrity import name_language_notes

        plan.add(name_language_notes(draft, plan.documents), notes=True)
    if check and plan.documents:
        _check_documents(plan, info, own_resolution)
        plan.checked = True
    log.debug("plan: template %s, %d documents, %d problems, %d notes", info.id, len(plan.documents),
              len(plan.problems), len(plan.notes))
    return plan


def _keep_pdf_only(plan: ExportPlan) -> None:
    """Posters, envelopes and labels: the PDF alone, said once; refused when the PDF is not among the formats."""
    if "pdf" not in plan.formats:
        plan.problem("export.formats", PDF_ONLY_REFUSED)
    elif plan.formats != ("pdf",):  # "all", or the draft's own choice of several: the PDF is what there is
        plan.note("export.formats", PDF_ONLY_NOTE)
        plan.formats = ("pdf",)


def _plan_mail(plan: ExportPlan) -> None:
    """E-mail messages: letters only, never in a print file; each recipient without an address is named."""
    if plan.combined:
        plan.problem("export.formats", N_("e-mail messages cannot go into a print file; export them as separate "
                                          "files (without --combined)"))
    if plan.documents and plan.kind != LETTER:
        plan.problem("export.formats", N_("e-mail messages are made for letters, one per recipient; this template "
                                          "makes petition sheets or a resolution, so export it as PDF or DOCX"))
        return
    from desktop.core.mail import NO_ADDRESS, has_address

    without = [doc for doc in plan.documents if not has_address(doc.recipient)]
    if plan.documents and len(without) == len(plan.documents):
        plan.problem("recipients", N_("none of the recipients has an e-mail address, so no e-mail message can be "
                                      "prepared; add their addresses or choose PDF or DOCX"))
        return
    for doc in without:
        plan.note(doc.where, NO_ADDRESS, name=doc.recipient.display_name)


def mail_documents(plan: ExportPlan) -> tuple[list[PlannedDocument], list[PlannedDocument]]:
    """The plan's letters that get an e-mail message, and those whose recipient has no address."""
    from desktop.core.mail import has_address

    if "eml" not in plan.formats or plan.kind != LETTER:
        return [], []
    return ([d for d in plan.documents if has_address(d.recipient)],
            [d for d in plan.documents if not has_address(d.recipient)])


# -- what each kind makes ----------------------------------------------------------

def _plan_letters(plan: ExportPlan, info: TemplateInfo, recipients: list[Recipient], language: str | None,
                  pattern: str) -> None:
    draft = plan.draft
    if not recipients:
        plan.problem("recipients", NO_RECIPIENTS)
        return
    languages = [language or draft.language_for(r, tuple(info.languages)) for r in recipients]
    today = plan.options.date.isoformat()
    rows = [
        {"index": i, "recipient": r.in_language(lang).display_name, "organisation": r.name("organisation", lang),
         "person": r.name("person", lang),
         "city": r.city, "country": r.country, "language": lang, "template": info.id, "date": today, "id": r.id}
        for i, (r, lang) in enumerate(zip(recipients, languages), start=1)
    ]
    try:
        stems = file_stems(pattern, rows)
    except PetitionDeskError as exc:
        plan.problem("export.file_name", exc.msg.text, **exc.msg.params)
        stems = [f"{i:03d}" for i in range(1, len(recipients) + 1)]
    for i, (recipient, lang, stem) in enumerate(zip(recipients, languages, stems), start=1):
        where = recipient_where(draft, recipient, i - 1)
        if lang not in info.languages:
            plan.problem(where, N_("the template %(template)s has no %(language)s version"),
                         template=info.id, language=lang)
            continue
        plan.note_sample_address(where, recipient)
        if info.recipient_kinds and recipient.kind not in info.recipient_kinds:
            plan.note(where, N_("%(name)s is not a kind of addressee this template is written for (%(kinds)s)"),
                      name=recipient.display_name, kinds=", ".join(info.recipient_kinds))
        country = recipient.country or plan.options.sender_country
        plan.documents.append(PlannedDocument(i, LETTER, lang, recipient, paper_for(plan.options, country), stem, where=where))


def _plan_per_language(plan: ExportPlan, info: TemplateInfo, kind: str, recipients: list[Recipient],
                       language: str | None) -> None:
    """Petition sheets and resolutions: one document per language, not per recipient."""
    draft = plan.draft
    groups: dict[str, list[Recipient]] = {}
    resolution = plan.options.resolution
    if language:
        groups[language] = list(recipients)
    elif resolution is not None:
        for lang in resolution.languages:
            groups[lang] = []
    elif recipients:
        for r in recipients:
            groups.setdefault(draft.language_for(r, tuple(info.languages)), []).append(r)
    else:
        groups[draft.language_for(Recipient(), tuple(info.languages))] = []
    chamber = chamber_of(draft)
    seen: set[str] = set()
    for index, (lang, addressees) in enumerate(groups.items(), start=1):
        where = f"resolution ({lang})" if kind == RESOLUTION else f"language {lang}"
        if lang not in info.languages:
            plan.problem("language", N_("the template %(template)s has no %(language)s version"),
                         template=info.id, language=lang)
            continue
        if kind == RESOLUTION:
            recipient, addressees = chamber, []
            country = plan.options.sender_country or chamber.country
        else:
            recipient = addressees[0] if addressees else Recipient()
            # Sheets are printed where the group collects signatures.
            country = plan.options.sender_country or recipient.country
            for i, r in enumerate(addressees if kind == SHEETS else ()):  # a poster is addressed to nobody
                plan.note_sample_address(recipient_where(draft, r, i), r)
        if kind == POSTER:
            paper = str(plan.options.template_options.get("paper") or "A4")
        else:
            paper = paper_for(plan.options, country)
        stem = _per_language_stem(plan, info, kind, lang, several=len(groups) > 1)
        candidate, n = stem, 2
        while candidate.casefold() in seen:
            candidate, n = f"{stem} ({n})", n + 1
        seen.add(candidate.casefold())
        plan.documents.append(PlannedDocument(index, kind, lang, recipient, paper, candidate,
                                              tuple(addressees), where))


def _per_language_stem(plan: ExportPlan, info: TemplateInfo, kind: str, language: str, several: bool) -> str:
    resolution = plan.options.resolution
    if kind == RESOLUTION and resolution is not None:
        title = (resolution.text("title").get(language) or resolution.text("subject").get(language)
                 or resolution.text("us_title").get(language) or plan.draft.title or "resolution")
        return safe_stem(f"{title} ({language})")
    title = plan.draft.title if plan.draft.template == info.id and plan.draft.title else info.title(language)
    return safe_stem(f"{title} ({language})")


# -- checking ------------------------------------------------------------------------

def _check_documents(plan: ExportPlan, info: TemplateInfo, own_resolution: bool) -> None:
    """Check each document's facts against its template; compose one of each language to be sure."""
    if own_resolution:
        _check_own_resolution(plan)
        if plan.problems:
            return
    composed: set[tuple[str, str]] = set()
    # The check looks only at which fields are filled, so letters whose facts are
    # filled alike share one check: ten thousand recipients cost a handful.
    checked: dict[tuple[str, str], list[Problem]] = {}
    for doc in plan.documents:
        if not own_resolution:
            context = build_context(plan.draft.case, doc.recipient, plan.draft.signers, doc.language, plan.options,
                                    plan.texts)
            # The case's part is one shared object per language in this plan, so its shape is the language's.
            key = (doc.language, repr(_filled({k: v for k, v in context.items() if k != "case"})))
            if key not in checked:
                try:
                    checked[key] = check_template(info, doc.language, context)
                except PetitionDeskError as exc:  # the template itself is broken or unsafe
                    checked[key] = [Problem("template", exc.msg.text, exc.msg.params)]
            found = checked[key]
            plan.add(found)
            if found:
                continue
        key = (doc.kind, doc.language)
        if key in composed or plan.problems:
            continue
        composed.add(key)
        try:
            render(plan, doc)
        except PetitionDeskError as exc:
            plan.add(getattr(exc, "problems", None) or [Problem(doc.where, exc.msg.text, exc.msg.params)])


def _filled(value):
    """The shape of a template's context: which fields are filled, not what they say."""
    if isinstance(value, dict):
        return tuple((k, _filled(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(_filled(v) for v in value)
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None


def _check_own_resolution(plan: ExportPlan) -> None:
    """A draft with its own resolution text: a language without any text stops the export; gaps are notes."""
    from desktop.core.resolution.model import KINDS

    res = plan.draft.resolution
    assert res is not None
    places = {}
    for kind in KINDS:
        for number, part in enumerate(res.section(kind), start=1):
            places[part.id] = f"resolution.{kind}:{number}"
            for sub, child in enumerate(part.children, start=1):
                places[child.id] = f"resolution.{kind}:{number}.{sub}"
    for doc in plan.documents:
        language = doc.language
        problems = resolution_problems(res, language)
        plan.add(problems)
        if problems:
            continue
        stale = set(res.stale_parts(language))
        for part in res.walk():
            if not part.text.get(language).strip() and any(t.strip() for t in part.text.values.values()):
                plan.note(places[part.id], N_("has no text in %(language)s yet"), language=language)
            elif part.id in stale:
                plan.note(places[part.id], N_("the %(language)s text lags behind a change in another language"),
                          language=language)


# -- composing -----------------------------------------------------------------------

def render(plan: ExportPlan, doc: PlannedDocument, preview: bool = False) -> Document:
    """The document ``doc`` of ``plan``: the same for the export, the preview and printing.

    ``preview``: texts printed in another language than the document's (a fallback) are set in italics,
    so the user sees what is not translated; the export prints them plain.
    """
    info = plan.template
    if info is None:
        plan.require_ok()
        raise PetitionDeskError(N_("There is nothing to export: no documents were given."))
    if doc.kind == POST:  # laid out and fitted by the plan (post_plan.plan_post), printed as it is
        assert doc.post is not None, "envelopes and labels are laid out by plan_post"
        return doc.post
    options = replace(plan.options, paper=doc.paper, addressees=doc.addressees, reference=doc.reference)
    document = render_document(info, doc.language, plan.draft.case, doc.recipient, plan.draft.signers, options,
                               settings_read=True, checked=plan.checked, texts=plan.texts)
    if preview and options.resolution is None:
        from desktop.core.language_integrity import mark_fallbacks

        mark_fallbacks(document, plan.draft.case)
    return document


def document_for(draft: Draft, recipient_index: int | None = None, language: str | None = None,
                 template: str | None = None) -> tuple[ExportPlan, PlannedDocument]:
    """The planned document the export makes for the draft's recipient number ``recipient_index``.

    The preview shows it, and it is the same document the export writes: a
    letter is the recipient's own; petition sheets and a resolution are the
    ones of the recipient's language (or of ``language``); without a
    recipient, the plan's first document.
    """
    plan = make_plan(draft, template=template, language=language, check=False)
    if not plan.documents:
        plan.require_ok()
        raise PetitionDeskError(N_("There is nothing to export: no documents were given."))
    recipient = None
    if recipient_index is not None and 0 <= recipient_index < len(draft.recipients):
        recipient = draft.recipients[recipient_index]
        for doc in plan.documents:
            if doc.recipient is recipient or any(r is recipient for r in doc.addressees):
                return plan, doc
    if language is None and recipient is not None and plan.template is not None and plan.kind != LETTER:
        wanted = draft.language_for(recipient, tuple(plan.template.languages))
        for doc in plan.documents:
            if doc.language == wanted:
                return plan, doc
    return plan, plan.documents[0]

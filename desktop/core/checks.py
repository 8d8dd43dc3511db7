"""Everything wrong with a draft, found before anything is exported.

``petition-desk check`` and the GUI's field markers use the same list.
Problems stop an export; notes (such as sample addresses that must be
verified) are shown but do not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.draft import Draft
from desktop.core.errors import N_, PetitionDeskError, Problem


@dataclass
class CheckResult:
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_draft(draft: Draft, template: str | None = None, language: str | None = None) -> CheckResult:
    from desktop.core.compose import LetterOptions, build_context
    from desktop.core.sandbox import check_template
    from desktop.core.template_options import UNKNOWN_OPTION
    from desktop.core.templates import get_template, read_options

    result = CheckResult()
    try:
        info = get_template(template or draft.template)
    except PetitionDeskError as exc:
        result.problems.append(Problem("template", exc.msg.text, exc.msg.params))
        return result
    if draft.resolution is not None and not draft.resolution.is_empty() and info.layout == "resolution":
        _check_resolution(draft, result)
        return result
    if not draft.recipients:
        result.problems.append(Problem("recipients", N_("the draft has no recipients; add at least one")))
    if not draft.signers:
        result.problems.append(Problem("signers", N_("the draft has no signer; add the name of at least one person")))
    options = LetterOptions.from_draft(draft)
    # Settings are checked once, before the letters: a wrong value is a problem;
    # a setting this template does not know (left from another template) only a note.
    options.template_options, found_settings = read_options(info, draft.options)
    for problem in found_settings:
        (result.notes if problem.text == UNKNOWN_OPTION else result.problems).append(problem)
    seen: set[tuple[str, str, str]] = set()
    broken_languages: set[str] = set()  # a text that cannot be filled in is reported once, not per recipient
    for i, recipient in enumerate(draft.recipients):
        where = f"recipients[{i}]"
        lang = language or draft.language_for(recipient, tuple(info.languages))
        if lang not in info.languages:
            result.problems.append(Problem(
                where, N_("the template %(template)s has no %(language)s version"), {"template": info.id, "language": lang}
            ))
            continue
        if recipient.verify:
            result.notes.append(Problem(where, N_("%(name)s is a sample address: verify it before sending"),
                                        {"name": recipient.display_name}))
        if info.recipient_kinds and recipient.kind not in info.recipient_kinds:
            result.notes.append(Problem(where, N_("%(name)s is not a kind of addressee this template is written for (%(kinds)s)"),
                                        {"name": recipient.display_name, "kinds": ", ".join(info.recipient_kinds)}))
        if lang in broken_languages:
            continue
        context = build_context(draft.case, recipient, draft.signers, lang, options)
        try:
            found = check_template(info, lang, context)
        except PetitionDeskError as exc:  # the template is broken, unsafe, or goes past a resource limit
            found = [Problem("template", exc.msg.text, exc.msg.params)]
            broken_languages.add(lang)
        for problem in found:
            key = (problem.where, problem.text, repr(sorted(problem.params.items())))
            if key not in seen:
                seen.add(key)
                result.problems.append(problem)
    return result


def _check_resolution(draft: Draft, result: CheckResult) -> None:
    """A draft with its own resolution text: it goes to the aide's chamber, so no recipient is needed.

    A language without any text stops the export; a part missing in one
    language, or whose translation lags behind, is a note.
    """
    from desktop.core.compose import resolution_problems
    from desktop.core.resolution.model import KINDS

    res = draft.resolution
    assert res is not None
    style = str(draft.options.get("style") or "generic")
    if not draft.signers and style != "ep":  # an adopted EP resolution is signed by nobody
        result.problems.append(Problem("signers", N_("the resolution has no sponsor; add at least one signer")))
    places = {}
    for kind in KINDS:
        for number, part in enumerate(res.section(kind), start=1):
            places[part.id] = f"resolution.{kind}:{number}"
            for sub, child in enumerate(part.children, start=1):
                places[child.id] = f"resolution.{kind}:{number}.{sub}"
    for language in res.languages:
        problems = resolution_problems(res, language)
        result.problems.extend(problems)
        if problems:
            continue
        stale = set(res.stale_parts(language))
        for part in res.walk():
            if not part.text.get(language).strip() and any(t.strip() for t in part.text.values.values()):
                result.notes.append(Problem(places[part.id], N_("has no text in %(language)s yet"), {"language": language}))
            elif part.id in stale:
                result.notes.append(Problem(places[part.id], N_("the %(language)s text lags behind a change in another language"),
                                            {"language": language}))

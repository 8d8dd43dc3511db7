"""Follow-up letters for the overdue letters of the correspondence log.

One letter per overdue letter about the draft's case, to the same recipient,
in the same language, citing the earlier letter's date and reference (the
template options ``earlier_date`` and ``earlier_reference`` of the
``follow_up`` template). Each goes through the plan and the batch export,
as every other document does, and is recorded in the log in turn. A letter
that already has a follow-up in the log is not followed up again; once that
follow-up is sent and overdue, it is the one followed up.

Update letters (template ``update``) go the same way to the recipients of
sent letters whose facts the case has since changed (see
:func:`desktop.core.correspondence.outdated_letters`).
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.batch import ExportRequest, ItemFailure, plan_for, run_export
from desktop.core.correspondence import LoggedLetter, case_key, list_letters, record_export
from desktop.core.draft import Draft
from desktop.core.errors import Problem
from desktop.core.recipients import Recipient

log = logging.getLogger(__name__)

FOLLOW_UP_TEMPLATE = "follow_up"
UPDATE_TEMPLATE = "update"


@dataclass
class FollowUpResult:
    written: list[LoggedLetter] = field(default_factory=list)  # the follow-up letters, as logged
    files: list[Path] = field(default_factory=list)
    missing: list[LoggedLetter] = field(default_factory=list)  # overdue, but the recipient cannot be found
    problems: list[Problem] = field(default_factory=list)
    failures: list[ItemFailure] = field(default_factory=list)
    letters: int = 0  # follow-up letters written


def due_letters(library, draft: Draft) -> list[LoggedLetter]:
    """The overdue letters about the draft's case that have no follow-up yet."""
    key = case_key(draft.case)
    letters = list_letters(library)
    followed = {e.follows for e in letters if e.follows}
    return [e for e in letters if e.case_key == key and e.overdue() and e.reference not in followed]


def _recipient(library, draft: Draft, letter: LoggedLetter) -> Recipient | None:
    if letter.recipient_id:
        for r in draft.recipients:
            if r.id == letter.recipient_id:
                return r
        found = library.get_recipient(letter.recipient_id)
        if found is not None:
            return found
    lang = letter.language or "en"
    matches = [r for r in draft.recipients if r.in_language(lang).display_name == letter.recipient_name and
               r.name("organisation", lang) == letter.organisation and r.country.upper() == letter.country]
    return matches[0] if len(matches) == 1 else None


def write_follow_ups(library, draft: Draft, out_dir: Path, *, template: str = FOLLOW_UP_TEMPLATE,
                     formats: tuple[str, ...] | None = None, record: bool = True) -> FollowUpResult:
    """A follow-up letter for each overdue letter about the draft's case (see :func:`due_letters`)."""
    return _write(library, draft, out_dir, [(e, {}) for e in due_letters(library, draft)], template, formats, record)


def write_updates(library, draft: Draft, out_dir: Path, *, template: str = UPDATE_TEMPLATE,
                  formats: tuple[str, ...] | None = None, record: bool = True) -> FollowUpResult:
    """An update letter for each sent letter whose facts the draft's case has since changed.

    The letter names, in its language, the people whose facts changed or who are new in the case.
    """
    from desktop.core.correspondence import outdated_letters
    from desktop.core.fields import localized

    letters = []
    for letter, changes in outdated_letters(library, draft.case):
        people = {c.person for c in changes if c.person}
        names = [localized(p.name, letter.language) for p in draft.case.people
                 if localized(p.name, letter.language) in people]
        letters.append((letter, {"changed": names}))
    return _write(library, draft, out_dir, letters, template, formats, record)


def _write(library, draft: Draft, out_dir: Path, letters: list[tuple[LoggedLetter, dict]], template: str,
           formats: tuple[str, ...] | None, record: bool) -> FollowUpResult:
    result = FollowUpResult()
    for letter, extra in letters:
        recipient = _recipient(library, draft, letter)
        if recipient is None:
            result.missing.append(letter)
            continue
        own = copy.deepcopy(draft)
        own.letter.date = None  # dated the day it is written
        own.options = {**own.options, **extra, "earlier_date": letter.letter_date,
                       "earlier_reference": letter.reference}
        request = ExportRequest(draft=own, out_dir=Path(out_dir), formats=formats or own.export.formats,
                                template=template, language=letter.language, recipients=[recipient],
                                # named after the letter it follows up: unique, and easy to match
                                file_name=f"{letter.reference} {{recipient}} ({{language}})", references=True)
        plan = plan_for(request)
        if plan.problems:
            for problem in plan.problems:
                if problem not in result.problems:
                    result.problems.append(problem)
            continue
        report = run_export(request, plan=plan)
        result.files.extend(report.files)
        result.failures.extend(report.failures)
        result.letters += report.letters
        if record:
            result.written.extend(record_export(library, plan, report, follows={recipient.id: letter.reference}))
    log.info("%s letters: %d written, %d recipients not found, %d problems", template, result.letters,
             len(result.missing), len(result.problems))
    return result

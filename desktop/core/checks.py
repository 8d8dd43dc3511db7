"""Everything wrong with a draft, found before anything is exported.

``petition-desk check``, the window's problem list and the export all read
the same :class:`~desktop.core.plan.ExportPlan`, so a draft that passes the
check exports, and one that does not is refused with the same problems.
Problems stop an export; notes (such as sample addresses that must be
verified) are shown but do not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from desktop.core.draft import Draft
from desktop.core.errors import Problem
from desktop.core.recipients import Recipient


@dataclass
class CheckResult:
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_draft(draft: Draft, template: str | None = None, language: str | None = None,
                recipients: Sequence[Recipient] | None = None, file_name: str | None = None) -> CheckResult:
    """The problems and notes of exporting ``draft`` with these choices: those of its export plan."""
    from desktop.core.plan import make_plan

    plan = make_plan(draft, template=template, language=language, recipients=recipients,
                     file_name=file_name or draft.export.file_name)
    return CheckResult(list(plan.problems), list(plan.notes))

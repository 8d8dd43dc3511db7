"""Where the counted signatures meet the documents.

The petition sheets an export prints are registered in the library (their
code, rows and sheets), so a returned sheet can be checked against them; and
the counted totals fill the figures of the hand-over letter and the action
report when the draft leaves them empty. Apart from :mod:`desktop.core.signatures`
(the counting itself), because the library reads that module and this one
reads the library and the plan's documents.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from desktop.core.library import LIBRARY_FILE, Library
from desktop.core.paths import data_dir
from desktop.core.planned import SHEETS
from desktop.core.signatures import FIGURE_OPTIONS, SheetSet, campaign_of

if TYPE_CHECKING:
    from desktop.core.plan import ExportPlan

log = logging.getLogger(__name__)


def fill_figures(values: dict[str, Any], declared: Iterable[str], case: Any, library: Library | None = None) -> bool:
    """Put the campaign's totals into the template's ``signatures`` and ``signature_towns`` when left empty.

    Only a library that already exists is read (an export never creates
    one). Returns True when figures were filled in.
    """
    names = set(declared)
    wanted = [name for name in FIGURE_OPTIONS if name in names and values.get(name) in (None, "", 0)]
    if not wanted:
        return False
    campaign = campaign_of(case)
    if not campaign:
        return False
    if library is None:
        path = data_dir() / LIBRARY_FILE
        if not path.is_file():
            return False
        with Library(path) as own:
            found = own.signature_totals(campaign)
    else:
        found = library.signature_totals(campaign)
    if not found.sheets:
        return False
    if "signatures" in wanted:
        values["signatures"] = found.signatures
    if "signature_towns" in wanted:
        values["signature_towns"] = found.towns
    log.debug("filled the signature figures from the library: %d sheets", found.sheets)
    return True


# -- the sheets an export prints -------------------------------------------------------

def sheet_sets_of(plan: ExportPlan) -> list[SheetSet]:
    """The sets of petition sheets ``plan`` prints, one per language, with their codes.

    The code is made from the petition's text as the layout makes it, so the
    text is rendered here (no PDF is written).
    """
    from desktop.core.compose import _parsed_body, _rendered_text, build_context
    from desktop.core.layouts.petition import sheet_code, sheet_options
    if plan.template is None:
        return []
    settings = sheet_options(plan.options.template_options, default_deadline=plan.options.deadline)
    campaign = campaign_of(plan.draft.case)
    out: list[SheetSet] = []
    for planned in plan.documents:
        if planned.kind != SHEETS:
            continue
        context = build_context(plan.draft.case, planned.recipient, plan.draft.signers, planned.language,
                                _with_addressees(plan, planned))
        body = _parsed_body(_rendered_text(plan.template, planned.language, context, plan.texts), plan.texts)
        out.append(SheetSet(sheet_code(body, settings.deadline), planned.language, settings.sheets, settings.rows,
                            campaign, body.subject))
    return out


def _with_addressees(plan: ExportPlan, planned: Any) -> Any:
    from dataclasses import replace

    return replace(plan.options, addressees=planned.addressees or (planned.recipient,))


def register_export(plan: ExportPlan, library: Library | None = None) -> list[SheetSet]:
    """Remember the petition sheets an export printed, so their returns can be checked; [] for other templates."""
    if not any(d.kind == SHEETS for d in plan.documents):
        return []
    sets = sheet_sets_of(plan)
    if library is None:
        with Library() as own:
            own.register_sheet_sets(sets)
    else:
        library.register_sheet_sets(sets)
    return sets

"""Errors the user can cause, with messages that say what to do.

Messages are kept untranslated (marked with :func:`N_`) together with their
parameters, and translated at the edge — the command line or the GUI — into
the interface language, so one error can be shown in Swedish while the
letter that caused it is in Russian.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.core.i18n import Translator


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet."""
    return message


@dataclass
class Message:
    """A translatable sentence with its named parameters."""

    text: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, tr: "Translator | None" = None) -> str:
        template = tr.gettext(self.text) if tr is not None else self.text
        # A parameter that knows how to say itself in the interface language (a language's name) does.
        params = {k: (v.render(tr) if hasattr(v, "render") else v) for k, v in self.params.items()}
        try:
            return template % params if params else template
        except (KeyError, ValueError, TypeError):
            return self.text % params if params else self.text

    def __str__(self) -> str:
        return self.render()


class PetitionDeskError(Exception):
    """A problem the user can fix; ``message`` says what and how."""

    def __init__(self, text: str, **params: Any) -> None:
        self.msg = Message(text, params)
        super().__init__(self.msg.render())

    def message(self, tr: "Translator | None" = None) -> str:
        return self.msg.render(tr)


@dataclass
class Problem:
    """One thing wrong with an input, and where it is.

    ``where`` is a field path such as ``case.people[2].name`` or a place in a
    file such as ``appeal_mission/ru.txt:14``.
    """

    where: str
    text: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, tr: "Translator | None" = None) -> str:
        return f"{self.where}: {Message(self.text, self.params).render(tr)}"

    def __str__(self) -> str:
        return self.render()


class ValidationError(PetitionDeskError):
    """Several problems at once, so the user can fix them all in one go."""

    def __init__(self, problems: list[Problem], source: str = "") -> None:
        self.problems = list(problems)
        self.source = source
        super().__init__(self._HEAD[0] if len(self.problems) == 1 else self._HEAD[1],
                         source=source or "input", count=len(self.problems))

    _HEAD = ("%(source)s has %(count)d problem:", "%(source)s has %(count)d problems:")

    def message(self, tr: "Translator | None" = None) -> str:
        n = len(self.problems)
        if tr is None:
            head = self._HEAD[0] if n == 1 else self._HEAD[1]
        else:
            head = tr.ngettext("%(source)s has %(count)d problem:", "%(source)s has %(count)d problems:", n)
        head = head % {"source": self.source or "input", "count": n}
        return "\n".join([head, *("  " + p.render(tr) for p in self.problems)])

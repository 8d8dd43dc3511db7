"""argparse's own words ("usage:", "unrecognized arguments", "invalid choice") in the interface language.

argparse writes its help headings and its usage errors through the names
``_`` and ``ngettext`` of its own module. While the command line parses,
:func:`argparse_speaking` points them at the program's translator, so a
mistyped option is explained in the same language as every other message.
The message ids below are argparse's (Python 3.11 to 3.13), listed here so
``make catalogs`` extracts them for the translators.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from desktop.core.errors import N_
from desktop.core.i18n import LANGUAGES, Translator

ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("subcommands"),
    N_("%(heading)s:"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
)


@contextmanager
def argparse_speaking(tr: Translator) -> Iterator[None]:
    """argparse's messages come from ``tr`` inside the block."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = tr.gettext  # type: ignore[attr-defined]
    argparse.ngettext = tr.ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def ui_language_in(argv: Sequence[str]) -> str | None:
    """The ``--ui-lang`` given on the command line, read before the parser is built (so its help is translated)."""
    for index, word in enumerate(argv):
        if word == "--":
            break
        value = None
        if word == "--ui-lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif word.startswith("--ui-lang="):
            value = word.partition("=")[2]
        if value in LANGUAGES:
            return value
    return None

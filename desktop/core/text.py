"""Plain-text hygiene shared by the template engine and the writers."""

from __future__ import annotations

import re

# Characters XML 1.0 cannot hold (C0 controls but tab and line ends, lone
# surrogates, non-characters), plus DEL; print adds the C1 controls, which
# are invisible on paper.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_PRINT_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def strip_illegal(text: str, for_print: bool = False) -> str:
    """``text`` without the characters a DOCX (XML) or a printed page cannot hold."""
    return (_PRINT_ILLEGAL if for_print else _XML_ILLEGAL).sub("", text)


def unify_line_ends(text: str) -> str:
    """Windows, old Mac and Unicode line separators all become ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")

"""The settings a template declares, and reading a draft's values for them.

A manifest lists its settings as ``[[options]]`` tables (see
templates/README.md, "Settings"). Declared settings let the window build a
form for them, let ``petition-desk check`` name a bad value before anything
is rendered, and give every setting the same default on every path.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from desktop.core.errors import N_, Problem
from desktop.core.fields import FieldReader, localized

TYPES = ("int", "bool", "text", "date", "choice", "lines", "photos")
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}

# Kept as its own constant so callers can tell "not a setting of this
# template" (harmless after switching templates) from a wrong value.
UNKNOWN_OPTION = N_("is not a setting of the template %(template)s; it is kept but not used")


@dataclass(frozen=True)
class TemplateOption:
    """One declared setting: its name, type, default, limits and labels."""

    name: str
    type: str
    default: Any = None
    min: int | None = None
    max: int | None = None
    choices: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict, compare=False)
    choice_labels: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)

    def label(self, language: str) -> str:
        return localized(self.labels, language) or self.name

    def choice_label(self, value: str, language: str) -> str:
        return localized(self.choice_labels.get(value), language) or value

    def convert(self, value: Any) -> tuple[Any, tuple[str, dict[str, Any]] | None]:
        """``(value, None)`` read into this setting's type, or ``(default, (message, params))``."""
        if value is None or (value == "" and self.type != "text"):
            return self.fallback(), None
        reader = {"int": self._int, "bool": _bool, "text": _text, "date": _date,
                  "choice": self._choice, "lines": _lines, "photos": _photos}[self.type]
        return reader(value)

    def fallback(self) -> Any:
        """The default as a fresh value (a list for ``lines``, never a shared one)."""
        return list(self.default) if self.type in ("lines", "photos") else self.default

    def _int(self, value: Any) -> tuple[Any, tuple[str, dict[str, Any]] | None]:
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
            number = int(value)
        low, high = self.min, self.max
        in_range = number is not None and (low is None or number >= low) and (high is None or number <= high)
        if in_range:
            return number, None
        if low is not None and high is not None:
            return self.fallback(), (N_("must be a whole number from %(low)d to %(high)d"), {"low": low, "high": high})
        if low is not None and number is not None:
            return self.fallback(), (N_("must be at least %(minimum)d"), {"minimum": low})
        if high is not None and number is not None:
            return self.fallback(), (N_("must be at most %(maximum)d"), {"maximum": high})
        return self.fallback(), (N_("must be a whole number"), {})

    def _choice(self, value: Any) -> tuple[Any, tuple[str, dict[str, Any]] | None]:
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
        if text in self.choices:
            return text, None
        return self.fallback(), (N_("must be one of: %(choices)s"), {"choices": ", ".join(self.choices)})


def _bool(value: Any) -> tuple[Any, tuple[str, dict[str, Any]] | None]:
    if isinstance(value, bool):
        return value, None
    if isinstance(value, int) and value in (0, 1):
        return bool(value), None
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE, None
    return False, (N_("must be true or false"), {})


def _text(value: Any) -> tuple[Any, tuple[str, dict[str, Any]] | None]:
    if isinstance(value, str):
        return value, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value), None
    return "", (N_("must be text"), {})


def _date(value: Any) -> tuple[Any, tuple[str, dict[str, Any]] | None]:
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()), None
        except ValueError:
            pass
    return None, (N_("must be a date written as YYYY-MM-DD, for example 2012-05-06"), {})


def _lines(value: Any) -> tuple[Any, tuple[str, dict[str, Any]] | None]:
    if isinstance(value, str):
        value = value.splitlines()
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()], None
    return [], (N_("must be a list of lines"), {})


def _photos(value: Any) -> tuple[Any, tuple[str, dict[str, Any]] | None]:
    """Photographs: each a file name, or {"path": …, "caption": … (text or per language), "width_mm": …}."""
    if isinstance(value, (list, tuple)):
        photos = []
        for item in value:
            if isinstance(item, str) and item.strip():
                photos.append(item.strip())
            elif isinstance(item, dict) and isinstance(item.get("path"), str) and item["path"].strip():
                photos.append(dict(item))
            else:
                break
        else:
            return photos, None
    return [], (N_("must be a list of photos, each a file name or an object with path and caption"), {})


def read_options(info: Any, raw: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """The draft's settings for template ``info``: declared ones converted, with defaults filled in.

    Keys the template does not declare are passed through unchanged (they
    may belong to the template the draft used before) and each gets a
    :data:`UNKNOWN_OPTION` problem; a bad value is replaced by its default
    and gets a problem whose ``where`` is ``options.<name>``.
    """
    declared = {option.name: option for option in info.options}
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    raw = raw if isinstance(raw, dict) else {}
    for key, value in raw.items():
        if key not in declared:
            values[key] = value
            problems.append(Problem(f"options.{key}", UNKNOWN_OPTION, {"template": info.id}))
    for option in info.options:
        value, problem = option.convert(raw.get(option.name))
        values[option.name] = value
        if problem:
            problems.append(Problem(f"options.{option.name}", problem[0], problem[1]))
    return values, problems


# -- the manifest -------------------------------------------------------------

_KEYS = {"name", "type", "default", "min", "max", "choices", "label", "choice_labels"}


def parse_options(value: Any, manifest: str, problems: list[Problem]) -> tuple[TemplateOption, ...]:
    """The ``[[options]]`` of a manifest; each mistake becomes a problem naming the entry."""
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.append(Problem(f"{manifest}.options", N_("must be a list of [[options]] tables")))
        return ()
    options: list[TemplateOption] = []
    for i, entry in enumerate(value):
        before = len(problems)
        option = _parse_one(FieldReader(entry, f"{manifest}.options[{i}]", problems))
        if option is not None and len(problems) == before:
            if any(o.name == option.name for o in options):
                problems.append(Problem(f"{manifest}.options[{i}].name",
                                        N_("%(name)s is declared twice; give each setting its own name"),
                                        {"name": option.name}))
            else:
                options.append(option)
    return tuple(options)


def _parse_one(r: FieldReader) -> TemplateOption | None:
    r.unknown(_KEYS)
    name = r.data.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        r.problem("name", N_("must be a lower-case name of letters, digits and _, such as sheets"))
        return None
    kind = r.data.get("type")
    if kind not in TYPES:
        r.problem("type", N_("must be one of: %(choices)s"), choices=", ".join(TYPES))
        return None
    low, high = r.data.get("min"), r.data.get("max")
    for key, number in (("min", low), ("max", high)):
        if number is not None and (kind != "int" or not isinstance(number, int) or isinstance(number, bool)):
            r.problem(key, N_("is allowed only for a setting of type int, and must be a whole number"))
            return None
    if low is not None and high is not None and low > high:
        r.problem("max", N_("must not be smaller than min"))
        return None
    choices = r.data.get("choices")
    if kind == "choice":
        if (not isinstance(choices, list) or not choices or not all(isinstance(c, str) and c for c in choices)
                or len(set(choices)) != len(choices)):
            r.problem("choices", N_("must list the possible values, such as [\"ep\", \"us\"]"))
            return None
    elif choices is not None:
        r.problem("choices", N_("is allowed only for a setting of type choice"))
        return None
    labels = r.data.get("label")
    if not isinstance(labels, dict) or not labels or not all(isinstance(v, str) and v.strip() for v in labels.values()):
        r.problem("label", N_("is missing; add an [options.label] table with one line per language"))
        return None
    choice_labels = _choice_labels(r, kind, tuple(choices or ()))
    if choice_labels is None:
        return None
    option = TemplateOption(name=name, type=kind, min=low, max=high, choices=tuple(choices or ()),
                            labels=dict(labels), choice_labels=choice_labels)
    if "default" not in r.data:
        implicit = {"bool": False, "text": "", "choice": option.choices[0] if option.choices else None, "lines": (),
                    "photos": ()}
        return _with_default(option, implicit.get(kind))
    default, problem = option.convert(r.data["default"])
    if problem:
        r.problem("default", problem[0], **problem[1])
        return None
    return _with_default(option, tuple(default) if kind in ("lines", "photos") else default)


def _choice_labels(r: FieldReader, kind: str, choices: tuple[str, ...]) -> dict[str, dict[str, str]] | None:
    value = r.data.get("choice_labels")
    if value is None:
        return {}
    if kind != "choice":
        r.problem("choice_labels", N_("is allowed only for a setting of type choice"))
        return None
    if not isinstance(value, dict) or not all(
            isinstance(v, dict) and all(isinstance(t, str) for t in v.values()) for v in value.values()):
        r.problem("choice_labels", N_("must be a table of language = \"text\" lines"))
        return None
    for key in value:
        if key not in choices:
            r.problem("choice_labels", N_("names %(value)s, which is not one of the choices"), value=key)
            return None
    return {key: dict(texts) for key, texts in value.items()}


def _with_default(option: TemplateOption, default: Any) -> TemplateOption:
    from dataclasses import replace

    return replace(option, default=default)

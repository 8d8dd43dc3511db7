"""Join PDF files into one, streaming: each part is read, copied and forgotten.

A combined print file of ten thousand letters is made of parts written in
parallel by the export's workers. Joining them with a PDF library's writer
would hold every page of every part in memory until the end; this joiner
writes each part's objects to the output as soon as the part is added and
keeps only their numbers and file offsets, so memory stays that of one part.

The joined file has one page tree, an outline with an entry per document
(when the parts say where their documents start), the document info the
export chose and no other metadata.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from desktop.core.writers.pdf import CREATOR

_CATALOG, _PAGES = 1, 2


@dataclass(frozen=True)
class Bookmark:
    title: str
    page: int  # 0-based, within the part


class PdfJoiner:
    """Append parts with :meth:`add`, then :meth:`close` to write the page tree, outline and trailer."""

    def __init__(self, out: BinaryIO, title: str = "", language: str = "", author: str = "") -> None:
        self._out = out
        self._title, self._language, self._author = title, language, author
        self._offsets: dict[int, int] = {}
        self._next = _PAGES + 1
        self._pages: list[int] = []
        self._sizes: list[tuple[float, float]] = []
        self._bookmarks: list[tuple[str, int]] = []  # (title, page object number)
        self._start = out.tell()
        out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    @property
    def page_count(self) -> int:
        return len(self._pages)

    def _number(self) -> int:
        self._next += 1
        return self._next - 1

    def _write_object(self, number: int, obj: PdfObject) -> None:
        self._offsets[number] = self._out.tell() - self._start
        self._out.write(f"{number} 0 obj\n".encode("ascii"))
        obj.write_to_stream(self._out)
        self._out.write(b"\nendobj\n")

    def add(self, part: Path | bytes, bookmarks: list[Bookmark] = (), blank_after: list[int] = ()) -> None:
        """Copy every page of ``part``; ``blank_after``: 0-based pages after which an empty page follows."""
        reader = PdfReader(io.BytesIO(part) if isinstance(part, bytes) else str(part))
        numbers: dict[int, int] = {}  # object number in the part -> in the joined file
        pending: list[tuple[int, PdfObject]] = []
        placed: list[int] = []  # where each page of the part lands in the joined file (blank pages shift them)
        blanks = set(blank_after)

        def ref(obj: IndirectObject) -> IndirectObject:
            if obj.idnum not in numbers:
                numbers[obj.idnum] = self._number()
                pending.append((numbers[obj.idnum], obj))
            return IndirectObject(numbers[obj.idnum], 0, None)  # type: ignore[arg-type]

        def copy(obj: PdfObject, page: bool = False) -> PdfObject:
            if isinstance(obj, IndirectObject):
                return ref(obj)
            if isinstance(obj, StreamObject):
                out = obj.__class__()
                out._data = obj._data
                for key, value in obj.items():
                    if key != "/Length":
                        out[NameObject(key)] = copy(value)
                return out
            if isinstance(obj, DictionaryObject):
                out = DictionaryObject()
                for key, value in obj.items():
                    if page and key == "/Parent":
                        out[NameObject(key)] = IndirectObject(_PAGES, 0, None)  # type: ignore[arg-type]
                    elif key != "/Parent":
                        out[NameObject(key)] = copy(value)
                return out
            if isinstance(obj, ArrayObject):
                return ArrayObject(copy(v) for v in obj)
            return obj

        for index, page in enumerate(reader.pages):
            number = self._number()
            self._write_object(number, copy(page.get_object(), page=True))
            placed.append(len(self._pages))
            self._pages.append(number)
            box = page.mediabox
            self._sizes.append((float(box.width), float(box.height)))
            while pending:
                target, source = pending.pop()
                self._write_object(target, copy(source.get_object()))
            if index in blanks:
                self._blank(*self._sizes[-1])
        for mark in bookmarks:
            if 0 <= mark.page < len(reader.pages):
                self._bookmarks.append((mark.title, self._pages[placed[mark.page]]))

    def _blank(self, width: float, height: float) -> None:
        """An empty page, so the next document starts on a front side when printed on both sides."""
        content = StreamObject()
        content._data = b""
        content_number = self._number()
        self._write_object(content_number, content)
        page = DictionaryObject({
            NameObject("/Type"): NameObject("/Page"),
            NameObject("/Parent"): IndirectObject(_PAGES, 0, None),  # type: ignore[arg-type]
            NameObject("/MediaBox"): ArrayObject([NumberObject(0), NumberObject(0),
                                                  _number(width), _number(height)]),
            NameObject("/Resources"): DictionaryObject(),
            NameObject("/Contents"): IndirectObject(content_number, 0, None),  # type: ignore[arg-type]
        })
        number = self._number()
        self._write_object(number, page)
        self._pages.append(number)
        self._sizes.append((width, height))

    def close(self) -> int:
        """Write the page tree, outline, info and trailer; returns the number of pages."""
        kids = ArrayObject(IndirectObject(n, 0, None) for n in self._pages)  # type: ignore[arg-type]
        self._write_object(_PAGES, DictionaryObject({
            NameObject("/Type"): NameObject("/Pages"),
            NameObject("/Kids"): kids,
            NameObject("/Count"): NumberObject(len(self._pages)),
        }))
        catalog = DictionaryObject({
            NameObject("/Type"): NameObject("/Catalog"),
            NameObject("/Pages"): IndirectObject(_PAGES, 0, None),  # type: ignore[arg-type]
        })
        if len(self._bookmarks) > 1:
            catalog[NameObject("/Outlines")] = IndirectObject(self._outline(), 0, None)  # type: ignore[arg-type]
            catalog[NameObject("/PageMode")] = NameObject("/UseOutlines")
        if self._language:
            catalog[NameObject("/Lang")] = TextStringObject(self._language)
        self._write_object(_CATALOG, catalog)
        info = self._number()
        today = dt.datetime.now(dt.UTC)
        entries = {"/Title": self._title, "/Author": self._author, "/Creator": CREATOR, "/Producer": CREATOR,
                   # The export day in UTC: nothing about the time of day or the machine's time zone.
                   "/CreationDate": f"D:{today:%Y%m%d}000000Z", "/ModDate": f"D:{today:%Y%m%d}000000Z"}
        self._write_object(info, DictionaryObject(
            {NameObject(k): TextStringObject(v) for k, v in entries.items() if v}))
        xref = self._out.tell() - self._start
        size = self._next
        lines = [f"xref\n0 {size}\n".encode("ascii"), b"0000000000 65535 f \n"]
        for number in range(1, size):
            offset = self._offsets.get(number)
            lines.append(f"{offset:010d} 00000 n \n".encode("ascii") if offset is not None
                         else b"0000000000 00000 f \n")
        self._out.write(b"".join(lines))
        self._out.write(f"trailer\n<< /Size {size} /Root {_CATALOG} 0 R /Info {info} 0 R >>\n"
                        f"startxref\n{xref}\n%%EOF\n".encode("ascii"))
        return len(self._pages)

    def _outline(self) -> int:
        root = self._number()
        items = [self._number() for _ in self._bookmarks]
        for i, ((title, page), number) in enumerate(zip(self._bookmarks, items)):
            item = DictionaryObject({
                NameObject("/Title"): TextStringObject(title[:200]),
                NameObject("/Parent"): IndirectObject(root, 0, None),  # type: ignore[arg-type]
                NameObject("/Dest"): ArrayObject([IndirectObject(page, 0, None), NameObject("/XYZ"),  # type: ignore[arg-type]
                                                  NullObject(), NullObject(), NullObject()]),
            })
            if i:
                item[NameObject("/Prev")] = IndirectObject(items[i - 1], 0, None)  # type: ignore[arg-type]
            if i + 1 < len(items):
                item[NameObject("/Next")] = IndirectObject(items[i + 1], 0, None)  # type: ignore[arg-type]
            self._write_object(number, item)
        self._write_object(root, DictionaryObject({
            NameObject("/Type"): NameObject("/Outlines"),
            NameObject("/First"): IndirectObject(items[0], 0, None),  # type: ignore[arg-type]
            NameObject("/Last"): IndirectObject(items[-1], 0, None),  # type: ignore[arg-type]
            NameObject("/Count"): NumberObject(len(items)),
        }))
        return root


def _number(value: float) -> PdfObject:
    from pypdf.generic import FloatObject

    return NumberObject(int(value)) if float(value).is_integer() else FloatObject(value)

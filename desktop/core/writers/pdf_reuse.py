"""Font subsets made once for every letter that uses the same characters.

Every PDF embeds the part of each font it uses (a subset). In a mail merge
the letters of one language use nearly the same characters, so the same
subset is cut from the font file and compressed again for every letter:
a tenth of a letter's time. Both steps are pure functions of their input,
so their results are kept (a few dozen, by the characters they hold) and
the files stay byte for byte what they would be without (tested).
"""

from __future__ import annotations

import functools
import zlib
from collections import OrderedDict

_KEPT = 64  # subsets and compressed streams kept per process
_MIN_STREAM = 8192  # smaller streams (most page contents) are cheaper to compress than to look up

_subsets: OrderedDict = OrderedDict()
_compressed: OrderedDict = OrderedDict()


def _remember(store: OrderedDict, key, make):
    found = store.get(key)
    if found is None:
        found = store[key] = make()
        if len(store) > _KEPT:
            store.popitem(last=False)
    else:
        store.move_to_end(key)
    return found


@functools.cache
def reuse_font_subsets() -> None:
    """Keep reportlab's font subsets and the compression of large streams (font files) by their input."""
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfbase.ttfonts import TTFontFace

    make_subset = TTFontFace.makeSubset

    def kept_subset(self, subset):
        return _remember(_subsets, (self.filename, getattr(self, "subfontNameX", b""), tuple(subset)),
                         lambda: make_subset(self, subset))

    TTFontFace.makeSubset = kept_subset

    encode = pdfdoc.PDFStreamFilterZCompress.encode

    def kept_compression(self, text):
        if isinstance(text, bytes) and len(text) >= _MIN_STREAM:
            return _remember(_compressed, text, lambda: zlib.compress(text))
        return encode(self, text)

    pdfdoc.PDFStreamFilterZCompress.encode = kept_compression


def forget() -> None:
    """Drop what is kept (tests compare with the road that makes everything afresh)."""
    _subsets.clear()
    _compressed.clear()

"""Pictures in the PDF: handwritten signature images and photos with their captions.

Both come from :mod:`desktop.core.photos`, which re-encodes every picture
from its bare pixels for the DOCX and the PDF writer alike, so no EXIF data,
GPS position or text chunk reaches either. A signature image is then
compressed once per process and embedded as is in every letter of a batch.
"""

from __future__ import annotations

import functools
import hashlib
import zlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFImageXObject
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable
from reportlab.platypus import Image as RLImage
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Spacer as RLSpacer

from desktop.core import document as model
from desktop.core.photos import load_photo, load_signature, photo_size_mm
from desktop.core.writers.pdf_styles import markup, paragraph_style

SIGNATURE_HEIGHT = 15 * mm


@dataclass(frozen=True)
class _EncodedImage:
    """A signature image decoded and compressed once, embedded as is in every letter."""

    key: str
    width: int
    height: int
    rgb: bytes  # zlib-compressed 8-bit RGB samples
    alpha: bytes | None  # zlib-compressed 8-bit alpha (soft mask), None when opaque


@functools.lru_cache(maxsize=64)
def _encode_image(data: bytes) -> _EncodedImage:
    from PIL import Image  # reportlab's own image support depends on Pillow

    with Image.open(BytesIO(data)) as clean:
        image = clean.convert("RGBA")
    alpha = image.getchannel("A")
    opaque = alpha.getextrema() == (255, 255)
    rgb = zlib.compress(image.convert("RGB").tobytes())
    return _EncodedImage(
        key=hashlib.sha1(rgb + alpha.tobytes()).hexdigest()[:20],
        width=image.width,
        height=image.height,
        rgb=rgb,
        alpha=None if opaque else zlib.compress(alpha.tobytes()),
    )


def signature_image(path: Path) -> _EncodedImage:
    """The signature at ``path``, cleaned and scaled by :func:`load_signature`, ready to embed."""
    return _encode_image(load_signature(path).data)


def _image_xobject(name: str, image: _EncodedImage, data: bytes, color_space: str) -> PDFImageXObject:
    xobject = PDFImageXObject(name)  # starts as reportlab's placeholder; every field is replaced
    xobject.name = name
    xobject.width, xobject.height = image.width, image.height
    xobject.bitsPerComponent = 8
    xobject.colorSpace = color_space
    xobject._filters = ("FlateDecode",)
    xobject.streamContent = data
    xobject.mask = None
    return xobject


def _draw_image(canv: Canvas, image: _EncodedImage, width: float, height: float) -> None:
    """Like ``Canvas.drawImage``, but reuses the compressed samples across documents.

    ``drawImage`` decodes, hashes and recompresses the image for every new
    PDF, which costs several milliseconds per letter in a batch.
    """
    doc = canv._doc
    name = f"sig{image.key}"
    registered = doc.getXObjectName(name)
    if registered not in doc.idToObject:
        xobject = _image_xobject(name, image, image.rgb, "DeviceRGB")
        if image.alpha is not None:
            mask = _image_xobject(name + "a", image, image.alpha, "DeviceGray")
            xobject.smask = doc.Reference(mask, doc.getXObjectName(name + "a"))
        doc.Reference(xobject, registered)
        doc.addForm(name, xobject)
    canv._currentPageHasImages = 1
    canv.saveState()
    canv.scale(width, height)
    canv._code.append(f"/{registered} Do")
    canv.restoreState()
    canv._formsinuse.append(name)  # lists the image in this page's resources


class SignatureImage(Flowable):
    """A handwritten signature about 15 mm high, transparency kept."""

    def __init__(self, image: _EncodedImage) -> None:
        super().__init__()
        self.image = image
        self.aspect = image.width / image.height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.height = SIGNATURE_HEIGHT
        self.width = self.height * self.aspect
        if self.width > availWidth > 0:
            self.width = availWidth
            self.height = availWidth / self.aspect
        return self.width, self.height

    def draw(self) -> None:
        _draw_image(self.canv, self.image, self.width, self.height)


def photo_flowables(block: model.Image, width: float, height: float, paragraph: type[RLParagraph]) -> list[Flowable]:
    """A photo centred in the text width with its caption below, never parted by a page break."""
    photo = load_photo(Path(block.path))  # re-encoded: no EXIF or GPS position reaches the PDF
    width_mm, height_mm = photo_size_mm(photo, width / mm, block.width_mm, height / mm)
    picture = RLImage(BytesIO(photo.data), width=width_mm * mm, height=height_mm * mm)
    picture.hAlign = "CENTER"
    chain: list[Flowable] = [RLSpacer(1, 2 * mm), picture]
    if block.caption.strip():
        chain.append(paragraph(markup(block.caption), paragraph_style("caption")))
    else:
        chain.append(RLSpacer(1, 4 * mm))
    # Chained with keep-with-next rather than wrapped in a KeepTogether, so a
    # heading above the photo (which keeps with next) moves along with it.
    for flowable in chain[:-1]:
        flowable.keepWithNext = 1
    return chain

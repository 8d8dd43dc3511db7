"""Pictures for documents: read once, cleaned of metadata, sized alike in every writer.

A photo taken with a phone carries EXIF metadata: the camera's GPS position,
the time, the device's serial number; a scanned signature or a PNG made by
an editor may carry text chunks with the author's name or the file's path.
For activists that is dangerous to pass on, so no picture — a photo in a
report, a handwritten signature, a petition sheet's QR code — is ever
embedded as the file it came from: its pixels are decoded, turned upright
(as the EXIF orientation says), scaled down to a size that prints sharply,
and encoded again into a fresh JPEG or PNG that holds nothing but the
picture (and its transparency). :func:`clean_picture` does this once, for
the DOCX and the PDF writer alike; :func:`load_photo` and
:func:`load_signature` add the messages for each kind of picture.

Cleaning is cached by path, modification time and size, so a batch that
puts the same photo into a hundred letters decodes it once.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from desktop.core.errors import N_, PetitionDeskError
from desktop.core.files import MAX_IMAGE_BYTES, check_readable_file

MAX_HEIGHT_MM = 90.0  # a photo of default width is no taller than this
MAX_PIXELS_LONG_SIDE = 2400  # about 350 dpi across a text width of 170 mm: sharp in print
SIGNATURE_MAX_PIXELS_HIGH = 300  # about 500 dpi at the 15 mm a signature is printed at
_JPEG_QUALITY = 88
_ACCEPTED_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG"}  # MPO: a camera's JPEG with a preview


@dataclass(frozen=True)
class CleanPhoto:
    """A photo's pixels, re-encoded without any metadata."""

    data: bytes
    format: str  # "JPEG" or "PNG"
    width: int  # pixels, after turning it upright
    height: int

    @property
    def aspect(self) -> float:
        return self.width / self.height


def load_photo(path: Path) -> CleanPhoto:
    """The cleaned photo at ``path``; a clear error when it cannot be read."""
    path = Path(path)
    try:
        return clean_picture(path)
    except OSError as exc:
        raise PetitionDeskError(
            N_("The photo %(path)s cannot be found (%(reason)s). Choose the photo again or remove it from the report."),
            path=str(path),
            reason=exc.strerror or str(exc),
        ) from exc
    except NotAPicture as exc:
        if exc.readable:
            raise PetitionDeskError(
                N_("The photo %(path)s is not a JPEG or PNG picture. Save it as JPEG or PNG and choose it again."),
                path=str(path),
            ) from exc
        raise PetitionDeskError(
            N_("The photo %(path)s cannot be read. Choose a JPEG or PNG picture, or remove it from the report."),
            path=str(path),
        ) from exc


def load_signature(path: Path) -> CleanPhoto:
    """The cleaned signature image at ``path``, at most :data:`SIGNATURE_MAX_PIXELS_HIGH` pixels high.

    Any picture Pillow reads is accepted; all but JPEG become PNG, so
    transparency (the paper showing through around the ink) survives.
    """
    path = Path(path)
    try:
        return clean_picture(path, max_height=SIGNATURE_MAX_PIXELS_HIGH, any_format=True)
    except OSError as exc:
        raise PetitionDeskError(
            N_("The signature image %(path)s cannot be read (%(reason)s). Choose the image again."),
            path=str(path),
            reason=exc.strerror or str(exc),
        ) from exc
    except NotAPicture as exc:
        raise PetitionDeskError(
            N_("The signature image %(path)s is not a PNG or JPEG picture. Save it as PNG and choose it again."),
            path=str(path),
        ) from exc


class NotAPicture(Exception):
    """The file is no picture Pillow can read (``readable`` False), or not of a kind accepted here."""

    def __init__(self, readable: bool) -> None:
        super().__init__("readable but not accepted" if readable else "not a picture")
        self.readable = readable


def clean_picture(path: Path, max_height: int | None = None, any_format: bool = False) -> CleanPhoto:
    """The picture at ``path`` re-encoded from its bare pixels: no EXIF, GPS, XMP, ICC or text chunk.

    JPEG stays JPEG and PNG stays PNG (other formats, with ``any_format``,
    become PNG). Raises :class:`OSError` when the file cannot be opened and
    :class:`NotAPicture` when it holds no picture of an accepted kind.
    """
    stat = Path(path).stat()
    if stat.st_size > MAX_IMAGE_BYTES or not Path(path).is_file():
        check_readable_file(Path(path), MAX_IMAGE_BYTES)  # says which: too large, a folder, a device or pipe
    return _clean(str(path), stat.st_mtime_ns, stat.st_size, max_height, any_format)


def photo_size_mm(photo: CleanPhoto, text_width_mm: float, width_mm: float | None = None,
                  page_height_mm: float = 240.0) -> tuple[float, float]:
    """Width and height to print ``photo`` at, in millimetres.

    By default the photo fills the text width but stays under
    :data:`MAX_HEIGHT_MM`; an asked width is kept within the text width and
    most of the page's height. The aspect ratio never changes.
    """
    if width_mm is not None and width_mm > 0:
        width = min(width_mm, text_width_mm)
        max_height = page_height_mm * 0.8
    else:
        width = text_width_mm
        max_height = MAX_HEIGHT_MM
    height = width / photo.aspect
    if height > max_height:
        height = max_height
        width = height * photo.aspect
    return width, height


@functools.lru_cache(maxsize=64)
def _clean(path: str, _mtime_ns: int, _size: int, max_height: int | None, any_format: bool) -> CleanPhoto:
    try:
        return _reencode(path, max_height, any_format)
    except NotAPicture:
        raise
    except Exception as exc:  # Pillow raises many kinds of errors (OSError too) for damaged files
        raise NotAPicture(readable=False) from exc


def _reencode(path: str, max_height: int | None, any_format: bool) -> CleanPhoto:
    from PIL import Image, ImageOps, UnidentifiedImageError  # Pillow comes with reportlab; imported when needed

    try:
        source = Image.open(path)
    except UnidentifiedImageError as exc:
        raise NotAPicture(readable=False) from exc
    with source:
        kind = _ACCEPTED_FORMATS.get(source.format or "") or ("PNG" if any_format else None)
        if kind is None:
            raise NotAPicture(readable=True)
        if kind == "JPEG":
            source.draft("RGB", (MAX_PIXELS_LONG_SIDE, MAX_PIXELS_LONG_SIDE))  # decode big photos at a smaller scale
        upright = ImageOps.exif_transpose(source)
        has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
        pixels = upright.convert("RGBA" if has_alpha and kind == "PNG" else "RGB")
    pixels.thumbnail((MAX_PIXELS_LONG_SIDE, MAX_PIXELS_LONG_SIDE), Image.Resampling.LANCZOS)
    if max_height is not None and pixels.height > max_height:
        width = max(1, round(pixels.width * max_height / pixels.height))
        pixels = pixels.resize((width, max_height), Image.Resampling.LANCZOS)
    # A new image from the bare pixels: no EXIF, XMP, ICC profile, comment or text chunk can come along.
    bare = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
    buffer = BytesIO()
    if kind == "JPEG":
        bare.save(buffer, "JPEG", quality=_JPEG_QUALITY, optimize=True)
    else:
        bare.save(buffer, "PNG", optimize=True)
    return CleanPhoto(data=buffer.getvalue(), format=kind, width=bare.width, height=bare.height)

"""Render the app icon (assets/icons/petition-desk.svg) for the desktops that need bitmaps.

    python tools/make_icons.py            # (re)writes the files below; `make icons`

- packaging/linux/icons/hicolor/<N>x<N>/apps/<APP_ID>.png (16 … 512) and scalable/apps/<APP_ID>.svg,
  the freedesktop hicolor theme's sizes (the .desktop entry, AppStream and Flatpak use them);
- packaging/windows/petition-desk.ico (16 … 256, for the executable and the installer);
- packaging/macos/petition-desk.icns (16 … 1024, for "Petition Desk.app").

Rendered with Qt's SVG renderer; Pillow writes the ICO and ICNS containers.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
APP_ID = "org.petitiondesk.PetitionDesk"
SVG = ROOT / "assets" / "icons" / "petition-desk.svg"
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render(size: int) -> bytes:
    """The icon as a PNG of ``size`` × ``size`` pixels."""
    from PySide6.QtCore import QBuffer, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    QGuiApplication.instance() or QGuiApplication([])
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image

    hicolor = ROOT / "packaging" / "linux" / "icons" / "hicolor"
    pngs = {size: render(size) for size in sorted(set(HICOLOR_SIZES + ICO_SIZES + ICNS_SIZES))}
    for size in HICOLOR_SIZES:
        target = hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pngs[size])
    scalable = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SVG, scalable)
    largest = Image.open(io.BytesIO(pngs[256]))
    largest.save(ROOT / "packaging" / "windows" / "petition-desk.ico", sizes=[(s, s) for s in ICO_SIZES])
    icns = Image.open(io.BytesIO(pngs[1024]))
    icns.save(ROOT / "packaging" / "macos" / "petition-desk.icns")
    print(f"icons written under {hicolor.relative_to(ROOT)}, packaging/windows, packaging/macos")


if __name__ == "__main__":
    main()

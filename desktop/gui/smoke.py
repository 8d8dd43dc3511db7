"""``petition-desk-gui --smoke-test``: open the window, show the demo letter once, quit.

For installers and CI: it proves that an installed copy (a wheel, the
PyInstaller bundle, a Flatpak) finds Qt's plugins, its templates, fonts and
translations, and renders the real PDF preview. It never shows a dialog and
never offers an autosaved draft back; the exit status says how it went
(0: a preview with pages; 1: no preview within the time allowed).
"""

from __future__ import annotations

import logging
import sys
import time

log = logging.getLogger(__name__)

SMOKE_FLAG = "--smoke-test"
TIMEOUT_MS = 120_000


def wants_smoke_test(argv) -> bool:
    return SMOKE_FLAG in argv


def run_smoke_test(app, window, timeout_ms: int = TIMEOUT_MS) -> int:
    """Load the demo draft into ``window``, wait for its preview, close; the exit status."""
    from PySide6.QtCore import QTimer

    from desktop.core.demo import load_demo_draft

    outcome: dict[str, object] = {}
    started = time.monotonic()

    def rendered(pages: int) -> None:
        outcome.setdefault("pages", pages)
        app.quit()

    def failed(text: str) -> None:
        outcome.setdefault("error", "render failed")
        log.warning("smoke test: the preview failed to render")
        app.quit()

    def timed_out() -> None:
        outcome.setdefault("error", "timeout")
        app.quit()

    window.preview.rendered.connect(rendered)
    window.preview.render_failed.connect(failed)
    window.show()
    # No "save changes?" question: the session is loaded directly, as File ▸ Open the Example does.
    window.session.load(load_demo_draft())
    window.preview.schedule(immediate=True)
    QTimer.singleShot(timeout_ms, timed_out)
    app.exec()
    seconds = time.monotonic() - started
    window.close()
    pages = outcome.get("pages")
    if isinstance(pages, int) and pages > 0:
        print(f"smoke test: window opened, preview rendered {pages} page(s) in {seconds:.1f} s", file=sys.stderr)
        return 0
    print(f"smoke test: FAILED ({outcome.get('error', 'no pages')}) after {seconds:.1f} s", file=sys.stderr)
    return 1

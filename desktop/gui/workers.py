"""Running core work off the GUI thread and getting the result back by signal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    """Carries a result from the pool thread to the GUI thread (queued signals)."""

    done = Signal(object)
    failed = Signal(object)  # the exception


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # noqa: BLE001 - reported to the GUI, which shows it in plain words
            self._report(self._relay.failed, exc)
        else:
            self._report(self._relay.done, result)

    def _report(self, signal, value: Any) -> None:
        # The app may be quitting (the window closed, Ctrl+C) while this ran: the relay is gone,
        # and so is whoever wanted the result. It is dropped instead of printing a traceback.
        if not shiboken6.isValid(self._relay):
            return
        try:
            signal.emit(value)
        except RuntimeError:  # deleted between the check and the emit
            pass


_alive: set[_Relay] = set()  # keeps each relay alive until its task has reported


def run_in_background(fn: Callable[[], Any], on_done: Callable[[Any], None],
                      on_failed: Callable[[Exception], None], context: QObject | None = None,
                      pool: QThreadPool | None = None) -> None:
    """Call ``fn()`` on a pool thread; ``on_done``/``on_failed`` run on the GUI thread.

    If ``context`` (the widget that asked) is gone by then, the result is dropped.
    """
    relay = _Relay()
    _alive.add(relay)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _alive.discard(relay)
        if context is None or shiboken6.isValid(context):
            callback(value)

    relay.done.connect(lambda value: finish(on_done, value))
    relay.failed.connect(lambda exc: finish(on_failed, exc))
    (pool or QThreadPool.globalInstance()).start(_Task(fn, relay))


def wait_for_background_work(msecs: int = 10_000) -> bool:
    """Before the app ends: let running tasks finish, so none outlives the objects it reports to."""
    return QThreadPool.globalInstance().waitForDone(msecs)

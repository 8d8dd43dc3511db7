"""Desktop app speed and memory beside bare-Qt / bare-core baselines.

Run: python benchmarks/bench_gui.py [--runs 5] [--edits 20] [--out benchmarks/results-gui.md]

Four measurements, each taken in the same run as its baseline (the machines
are shared and absolute times are noisy, so ratios are given too):

1. cold start to the main window shown, timed from the parent: spawn a fresh
   interpreter, which goes through ``desktop.gui.app.run`` and prints a
   marker once the window is exposed; baseline: an empty QMainWindow.
   ``-X importtime`` of the same start ranks the imports worth deferring.
2. preview refresh: an edit typed into the case editor of the demo draft until
   the preview's ``rendered`` signal, with the 300 ms debounce and without it;
   baseline: render_document + write_pdf of the same letter called directly.
3. filtering 10,000 recipients through RecipientsFilterProxy; baseline: a
   list comprehension over the same precomputed keys.
4. peak RSS (VmHWM) of a process that starts the app, renders the demo and
   loads 10,000 recipients into the directory; baseline: the empty window.

Each measurement runs in its own child process (``--child NAME``), so start
time and peak memory are not coloured by the others. Timings never fail the
script: the targets are compared and reported, not asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TARGETS = {"start": 1.0, "preview": 0.150, "filter": 0.050, "memory": 300.0}  # seconds, seconds, seconds, MB
MARKER = "BENCH-RESULT "

# --------------------------------------------------------------------------- helpers used by children


def peak_rss_mb() -> float:
    """Peak resident memory of this process (VmHWM), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(**values) -> None:
    """Hand results to the parent on one marked line of stdout."""
    print(MARKER + json.dumps(values), flush=True)


def wait_until(app, condition, timeout: float = 60.0) -> bool:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            return False
        app.processEvents()
        time.sleep(0.001)
    return True


def wait_exposed_then_report(app, window, phases: dict | None = None, **extra) -> None:
    """Once ``window`` is on screen, print the marker and leave at once (teardown is not start-up)."""
    start = time.perf_counter()
    wait_until(app, lambda: window.isVisible() and window.windowHandle() is not None
               and window.windowHandle().isExposed(), timeout=30)
    app.processEvents()  # the first paint
    if phases is not None:
        key = "show() and first paint"
        phases[key] = phases.get(key, 0) + time.perf_counter() - start
        extra["phases"] = phases
    report(shown=True, peak_mb=peak_rss_mb(), **extra)
    sys.stdout.flush()
    os._exit(0)


def generated_recipients(n: int, seed: int = 7):
    """``n`` varied recipients: nine countries, every kind, Latin and Cyrillic names."""
    from desktop.core.recipients import KINDS, Recipient

    rng = random.Random(seed)
    places = [("SE", "sv", ["Stockholm", "Göteborg", "Malmö", "Uppsala"]),
              ("FR", "fr", ["Paris", "Lyon", "Marseille", "Strasbourg"]),
              ("DE", "de", ["Berlin", "München", "Hamburg", "Köln"]),
              ("RU", "ru", ["Москва", "Санкт-Петербург", "Казань", "Новосибирск"]),
              ("GB", "en", ["London", "Edinburgh", "Cardiff", "Belfast"]),
              ("BY", "ru", ["Минск", "Гродно", "Брест", "Витебск"]),
              ("US", "en", ["Washington", "New York", "Chicago", "Boston"]),
              ("CH", "fr", ["Genève", "Lausanne", "Bern", "Zürich"]),
              ("FI", "sv", ["Helsinki", "Turku", "Vaasa", "Espoo"])]
    latin = ["Anna", "Erik", "Claire", "Jean", "Lena", "Jonas", "Sarah", "Thomas", "Marie", "David"]
    surnames = ["Svensson", "Dupont", "Müller", "Smith", "Lindqvist", "Moreau", "Schneider", "Brown", "Berg"]
    cyr_first = ["Анна", "Иван", "Мария", "Сергей", "Ольга", "Дмитрий", "Елена", "Алексей"]
    cyr_last = ["Иванова", "Петров", "Смирнова", "Кузнецов", "Попова", "Соколов", "Лебедева"]
    orgs = {"embassy": "Embassy of {c}", "consulate": "Consulate General of {c}", "legislature": "Parliament of {c}",
            "member_of_parliament": "Parliament of {c}", "ministry": "Ministry of Foreign Affairs of {c}",
            "official": "Office of the Prosecutor General of {c}", "other": "Human Rights Council of {c}"}
    out = []
    for i in range(n):
        country, language, cities = places[i % len(places)]
        kind = KINDS[rng.randrange(len(KINDS))]
        cyrillic = language == "ru" and rng.random() < 0.7
        person = (f"{rng.choice(cyr_first)} {rng.choice(cyr_last)}" if cyrillic
                  else f"{rng.choice(latin)} {rng.choice(surnames)}")
        city = rng.choice(cities)
        out.append(Recipient(
            organisation=orgs[kind].format(c=country) + f" {i}", kind=kind, person=person,
            title=rng.choice(["Ambassador", "Consul", "Member", "Minister", "Head of Office", ""]),
            address_lines=[f"{rng.randrange(1, 200)} Main Street"], postal_code=f"{rng.randrange(10000, 99999)}",
            city=city, country=country, language=language, email=f"office{i}@example.org",
            note="verify" if i % 11 == 0 else "", verify=i % 13 == 0, id=f"bench_{i:05d}"))
    return out


FILTERS = [
    {"text": "embassy"}, {"text": "stockholm"}, {"text": "москва"}, {"text": "anna svensson"},
    {"text": "consulate general"}, {"text": "иванова"}, {"text": "no such recipient"}, {"text": "ber"},
    {"text": "office12"}, {"text": "münchen"}, {"country": "RU"}, {"country": "SE", "kind": "embassy"},
    {"kind": "member_of_parliament"}, {"language": "fr"}, {"text": "parliament", "country": "DE"},
    {"text": "minister", "language": "ru"}, {"text": "a"}, {"text": "ambassador", "kind": "embassy"},
    {"country": "BY", "text": "минск"}, {},
]


def baseline_filter(recipients, keys, text="", country="", kind="", language="") -> int:
    """The same rule as the proxy's, as a bare comprehension over the same keys."""
    from desktop.core.library import fold

    words = fold(text).split()
    country, language = country.upper(), language.lower()
    return len([i for i, (r, key) in enumerate(zip(recipients, keys))
                if (not country or r.country == country) and (not kind or r.kind == kind)
                and (not language or r.language == language) and all(w in key for w in words)])


# --------------------------------------------------------------------------- children


def child_start_app() -> None:
    """The real entry point, ``desktop.gui.app.run``; the marker is printed once the window is exposed."""
    entered = time.perf_counter()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.gui import app as gui_app
    from desktop.gui.main_window import MainWindow

    imported = time.perf_counter()
    original_init, original_show = MainWindow.__init__, MainWindow.show
    phases: dict[str, float] = {}

    def init(window, *args, **kwargs) -> None:
        phases["app set up (QApplication, settings, translations)"] = time.perf_counter() - imported
        start = time.perf_counter()
        original_init(window, *args, **kwargs)
        phases["MainWindow() built"] = time.perf_counter() - start

    def show(window) -> None:
        start = time.perf_counter()
        original_show(window)

        def done() -> None:
            phases["show() and first paint"] = time.perf_counter() - start
            wait_exposed_then_report(QApplication.instance(), window, phases=phases)

        QTimer.singleShot(0, done)

    phases["imports (the app and MainWindow)"] = imported - entered
    MainWindow.__init__ = init

    MainWindow.show = show
    sys.exit(gui_app.run(["petition-desk-gui"]))


def child_start_bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(["bare"])
    window = QMainWindow()
    window.resize(1280, 820)
    window.show()
    wait_exposed_then_report(app, window)


def child_preview(edits: int) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.core.i18n import translator
    from desktop.gui import preview as preview_module
    from desktop.gui.main_window import MainWindow
    from desktop.gui.settings import AppSettings

    app = QApplication(["bench"])
    window = MainWindow(translator("en"), AppSettings())
    window.show()
    preview = window.preview
    stamps: list[float] = []
    failures: list[str] = []
    preview.rendered.connect(lambda _pages: stamps.append(time.perf_counter()))
    preview.render_failed.connect(failures.append)
    worker_times: list[float] = []
    real_render = preview_module.render_letter_pdf

    def timed_render(*args, **kwargs):  # runs on the pool thread; looked up there at call time
        start = time.perf_counter()
        try:
            return real_render(*args, **kwargs)
        finally:
            worker_times.append(time.perf_counter() - start)

    preview_module.render_letter_pdf = timed_render

    def settle() -> None:
        wait_until(app, lambda: not preview.is_busy() and not window.checks_pending(), timeout=120)
        app.processEvents()

    first_start = time.perf_counter()
    window.open_demo()
    wait_until(app, lambda: bool(stamps) or bool(failures), timeout=120)
    first_render = time.perf_counter() - first_start
    settle()
    window.go_to_step(1)
    settle()
    editor = window.case_editor.name
    editor.setFocus()
    editor.end(False)

    def one_edit(i: int, immediate: bool) -> float | None:
        """Type one key (a letter, then a backspace, alternately) and wait for the new page."""
        before = len(stamps)
        start = time.perf_counter()
        if i % 2 == 0:
            QTest.keyClick(editor, Qt.Key.Key_X)
        else:
            QTest.keyClick(editor, Qt.Key.Key_Backspace)
        if immediate:
            preview.schedule(immediate=True)  # the same path, minus the 300 ms wait for typing to stop
        if not wait_until(app, lambda: len(stamps) > before or bool(failures), timeout=120):
            return None
        elapsed = stamps[before] - start if len(stamps) > before else None
        settle()
        return elapsed

    worker_times.clear()
    render_only = [one_edit(i, True) for i in range(edits)]
    worker_render = list(worker_times)
    debounced = [one_edit(i, False) for i in range(edits)]

    # Baseline: the same letter through the core alone, on this thread.
    import io

    from desktop.core.compose import render_document
    from desktop.core.templates import get_template
    from desktop.core.writers.pdf import write_pdf

    draft, recipient = window.draft, preview.current_recipient()
    info = get_template(draft.template)
    language = draft.language_for(recipient, tuple(info.languages))
    options = preview_module.letter_options(draft)
    direct = []
    for _ in range(edits):
        start = time.perf_counter()
        document = render_document(info, language, draft.case, recipient, draft.signers, options)
        write_pdf(document, io.BytesIO())
        direct.append(time.perf_counter() - start)
    pages = window.preview.page_count()
    report(first_render=first_render, render_only=[t for t in render_only if t is not None],
           debounced=[t for t in debounced if t is not None], worker=worker_render, direct=direct,
           pages=pages, failures=failures[:3], peak_mb=peak_rss_mb())
    QMessageBox.warning = lambda *a, **k: QMessageBox.StandardButton.Discard  # never wait on the save prompt
    os._exit(0)


def child_filter(count: int) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.core.i18n import translator
    from desktop.gui.recipients.model import RecipientsFilterProxy, RecipientsTableModel

    app = QApplication(["bench"])
    recipients = generated_recipients(count)
    model = RecipientsTableModel(translator("en"))
    start = time.perf_counter()
    model.set_recipients(recipients)
    load = time.perf_counter() - start
    proxy = RecipientsFilterProxy()
    proxy.setSourceModel(model)
    proxy.rowCount()

    def run_filters(after=None) -> tuple[list[float], list[int]]:
        times, counts = [], []
        for spec in FILTERS:
            start = time.perf_counter()
            proxy.set_filters(**spec)
            counts.append(proxy.rowCount())
            if after is not None:
                after()
            times.append(time.perf_counter() - start)
        proxy.set_filters()
        return times, counts

    run_filters()  # warm-up: first calls pay for code paths and caches
    proxy_times, proxy_counts = run_filters()

    keys = list(model.search_keys)
    base_times, base_counts = [], []
    for spec in FILTERS:
        start = time.perf_counter()
        base_counts.append(baseline_filter(model.recipients, keys, **spec))
        base_times.append(time.perf_counter() - start)

    # The same filters in the app's own recipients panel, shown, including the repaint of its table.
    from desktop.core.library import Library
    from desktop.gui.recipients.panel import RecipientsPanel

    library = Library()  # in the child's private data folder
    library.add_recipients(recipients)
    panel = RecipientsPanel(translator("en"), library)  # reads the directory when first shown, as in the app
    panel.resize(1000, 700)
    panel.show()
    wait_until(app, lambda: panel.windowHandle() is not None and panel.windowHandle().isExposed(), timeout=30)
    app.processEvents()
    proxy = panel.proxy
    run_filters(after=app.processEvents)  # warm-up
    view_times, view_counts = run_filters(after=app.processEvents)
    report(load=load, proxy=proxy_times, baseline=base_times, view=view_times, counts=proxy_counts,
           counts_agree=proxy_counts == base_counts == view_counts, peak_mb=peak_rss_mb())
    os._exit(0)


def child_memory(count: int) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.core.i18n import translator
    from desktop.gui.main_window import MainWindow
    from desktop.gui.settings import AppSettings

    app = QApplication(["bench"])
    window = MainWindow(translator("en"), AppSettings())
    window.show()
    wait_until(app, lambda: window.windowHandle() is not None and window.windowHandle().isExposed(), timeout=30)
    app.processEvents()
    stages = {"window shown": peak_rss_mb()}
    rendered: list[int] = []
    window.preview.rendered.connect(rendered.append)
    window.preview.render_failed.connect(lambda _t: rendered.append(-1))
    window.open_demo()
    wait_until(app, lambda: bool(rendered), timeout=120)
    wait_until(app, lambda: not window.checks_pending(), timeout=120)
    stages["demo rendered"] = peak_rss_mb()
    window.library.add_recipients(generated_recipients(count))
    window.recipients_panel.reload()
    window.go_to_step(2)
    app.processEvents()
    shown = window.recipients_panel.model.rowCount()
    stages[f"{count:,} recipients in the directory"] = peak_rss_mb()
    report(stages=stages, rows=shown, peak_mb=peak_rss_mb())
    os._exit(0)


# --------------------------------------------------------------------------- parent


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PETITION_DESK_DATA_DIR"] = tempfile.mkdtemp(prefix="pd-bench-")  # no settings, library or autosave
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env


def run_child(name: str, *args: str, python_flags: tuple[str, ...] = (), timeout: float = 300) -> tuple[dict, float, str]:
    """Run a child; its marked result, the seconds from spawn to the marker, and its stderr."""
    command = [sys.executable, *python_flags, str(Path(__file__).resolve()), "--child", name, *args]
    start = time.perf_counter()
    env = child_env()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            cwd=str(ROOT))
    result: dict = {}
    elapsed = float("nan")
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith(MARKER):
            elapsed = time.perf_counter() - start
            result = json.loads(line[len(MARKER):])
            break
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
    shutil.rmtree(env["PETITION_DESK_DATA_DIR"], ignore_errors=True)
    if not result:
        result = {"error": (err or "").strip().splitlines()[-1:] or ["no result"]}
    return result, elapsed, err or ""


QT_PACKAGES = ("PySide6", "shiboken6", "shibokensupport")
WATCHED = ("reportlab", "docx", "jinja2", "pypdf", "babel", "charset_normalizer", "PIL", "lxml", "yaml")


def import_costs(stderr: str) -> dict:
    """From ``-X importtime``: packages by their own total import time (with the app module that
    first pulls each in), the app's own modules by cumulative time with the third-party packages
    inside each, and which of the usual heavy packages the start imports at all."""
    entries = []
    for line in stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if match:
            entries.append((int(match.group(1)), int(match.group(2)), len(match.group(3)) // 2, match.group(4)))
    # importtime prints a module after its children; walk backwards to find each one's ancestors.
    by_package: dict[str, float] = {}
    first_by: dict[str, str] = {}
    stack: list[tuple[int, str]] = []
    for self_us, _cum, depth, name in reversed(entries):
        while stack and stack[-1][0] >= depth:
            stack.pop()
        package = name.split(".")[0]
        by_package[package] = by_package.get(package, 0) + self_us / 1e6
        importer = next((n for _d, n in reversed(stack) if n.startswith("desktop.")), "")
        if package != "desktop" and importer:
            first_by[package] = importer  # walking backwards, the last one written is the earliest
        stack.append((depth, name))
    packages = sorted(by_package.items(), key=lambda kv: -kv[1])[:10]

    app_modules = []
    for index, (self_us, cum_us, depth, name) in enumerate(entries):
        if not name.startswith("desktop."):
            continue
        inside: dict[str, float] = {}
        j = index - 1
        while j >= 0 and entries[j][2] > depth:  # the module's children come just before it
            package = entries[j][3].split(".")[0]
            if package != "desktop":
                inside[package] = inside.get(package, 0) + entries[j][0] / 1e6
            j -= 1
        heavy = sorted(((p, t) for p, t in inside.items() if t >= 0.005), key=lambda kv: -kv[1])
        app_modules.append((name, cum_us / 1e6, self_us / 1e6, heavy))
    app_modules.sort(key=lambda m: -m[1])
    imported = {e[3].split(".")[0] for e in entries}
    return {"packages": [(p, t, first_by.get(p, "")) for p, t in packages], "app_modules": app_modules[:10],
            "watched": {p: p in imported for p in WATCHED}}


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def ms(seconds: float) -> str:
    return "n/a" if math.isnan(seconds) else f"{seconds * 1000:.0f} ms"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}×" if b and not math.isnan(a) and not math.isnan(b) else "n/a"


def verdict(value: float, target: float) -> str:
    if math.isnan(value):
        return "not measured"
    return "meets target" if value <= target else "misses target"


def machine() -> str:
    import PySide6

    cpu = ""
    try:
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "")
    except OSError:
        pass
    return (f"{os.cpu_count()} cores{f' ({cpu})' if cpu else ''}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, PySide6 {PySide6.__version__}, QT_QPA_PLATFORM=offscreen")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="cold starts of each kind")
    parser.add_argument("--edits", type=int, default=20, help="edits for the preview measurement")
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results-gui.md")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        {"start-app": child_start_app, "start-bare": child_start_bare,
         "preview": lambda: child_preview(args.edits), "filter": lambda: child_filter(args.recipients),
         "memory": lambda: child_memory(args.recipients)}[args.child]()
        return

    print("cold start …", flush=True)
    app_starts, bare_starts, app_peaks, bare_peaks, phase_runs = [], [], [], [], []
    for _ in range(args.runs):  # interleaved, so a busy moment on the machine hits both alike
        result, elapsed, _err = run_child("start-app")
        if result.get("shown"):
            app_starts.append(elapsed)
            app_peaks.append(result["peak_mb"])
            phase_runs.append(result.get("phases", {}))
        result, elapsed, _err = run_child("start-bare")
        if result.get("shown"):
            bare_starts.append(elapsed)
            bare_peaks.append(result["peak_mb"])
    _r, importtime_elapsed, err = run_child("start-app", python_flags=("-X", "importtime"))
    costs = import_costs(err)
    packages = costs["packages"]
    print("preview …", flush=True)
    preview, _e, _err = run_child("preview", "--edits", str(args.edits))
    print("filter …", flush=True)
    filtering, _e, _err = run_child("filter", "--recipients", str(args.recipients))
    print("memory …", flush=True)
    memory, _e, _err = run_child("memory", "--recipients", str(args.recipients))

    start_app, start_bare = med(app_starts), med(bare_starts)
    render_only, debounced = med(preview.get("render_only", [])), med(preview.get("debounced", []))
    worker, direct = med(preview.get("worker", [])), med(preview.get("direct", []))
    proxy_t, base_t, view_t = med(filtering.get("proxy", [])), med(filtering.get("baseline", [])), \
        med(filtering.get("view", []))
    peak_app, peak_bare = memory.get("peak_mb", float("nan")), med(bare_peaks)

    lines = [
        "# Desktop app benchmarks",
        "",
        f"Date: {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}  ",
        f"Machine: {machine()}  ",
        (f"Command: `python benchmarks/bench_gui.py` (runs={args.runs}, edits={args.edits}, "
        f"recipients={args.recipients:,}). Times are medians; each baseline ran in the same run."),
        "",
        "| Measurement | App | Baseline | Ratio | Target | |",
        "|---|---|---|---|---|---|",
        (f"| Cold start to main window shown (median of {len(app_starts)}) | {ms(start_app)} | "
        f"{ms(start_bare)} (empty QMainWindow) | {ratio(start_app, start_bare)} | ≤ {ms(TARGETS['start'])} | "
        f"{verdict(start_app, TARGETS['start'])} |"),
        (f"| Preview: edit → `rendered`, render only (median of {len(preview.get('render_only', []))}) | "
        f"{ms(render_only)} | {ms(direct)} (render_document + write_pdf) | {ratio(render_only, direct)} | "
        f"≤ {ms(TARGETS['preview'])} | {verdict(render_only, TARGETS['preview'])} |"),
        (f"| Preview: edit → `rendered`, with the 300 ms debounce (median of {len(preview.get('debounced', []))}) | "
        f"{ms(debounced)} | {ms(direct + 0.3)} (direct + 300 ms) | {ratio(debounced, direct + 0.3)} | "
        f"— | |"),
        (f"| Filter {args.recipients:,} recipients: set_filters + rowCount (median of {len(FILTERS)}) | "
        f"{ms(proxy_t)} | {ms(base_t)} (list comprehension) | {ratio(proxy_t, base_t)} | "
        f"≤ {ms(TARGETS['filter'])} | {verdict(proxy_t, TARGETS['filter'])} |"),
        (f"| Filter in the shown RecipientsPanel, incl. table repaint | {ms(view_t)} | {ms(base_t)} | {ratio(view_t, base_t)} | "
        f"— | |"),
        (f"| Peak RSS: app + demo rendered + {args.recipients:,} recipients loaded | {peak_app:.0f} MB | "
        f"{peak_bare:.0f} MB (empty QMainWindow) | {ratio(peak_app, peak_bare)} | ≤ {TARGETS['memory']:.0f} MB | "
        f"{verdict(peak_app, TARGETS['memory'])} |"),
        "",
        "## Details",
        "",
        f"- Cold starts, app: {', '.join(ms(t) for t in app_starts) or 'none'}; bare: "
        f"{', '.join(ms(t) for t in bare_starts) or 'none'}. Peak RSS at start: app {med(app_peaks):.0f} MB, "
        f"bare {peak_bare:.0f} MB. Timed from the parent, spawn → marker line printed once the window is exposed "
        f"and painted, through the real `desktop.gui.app.run`. Inside the app's start (medians): "
        + "; ".join(f"{name} {ms(med([run[name] for run in phase_runs if name in run]))}"
                    for name in (phase_runs[0] if phase_runs else {}))
        + "; the rest is the interpreter starting and the time to spawn the process.",
        (f"- Preview: first render after opening the demo {ms(preview.get('first_render', float('nan')))} "
        f"(includes importing the composer and registering fonts); PDF made on the worker thread "
        f"{ms(worker)} of the {ms(render_only)} render-only path; the rest is the deep copy of the draft, the "
        f"thread hop and QPdfDocument loading the bytes. Pages: {preview.get('pages', '?')}. "
        f"Failures: {preview.get('failures') or preview.get('error') or 'none'}."),
        (f"- Filtering: setting the {args.recipients:,} rows (precomputing the keys) took "
        f"{ms(filtering.get('load', float('nan')))}; row counts per filter {filtering.get('counts')}; "
        f"proxy and baseline agree: {filtering.get('counts_agree', filtering.get('error'))}."),
        "- Memory by stage (peak so far): "
        + ("; ".join(f"{k}: {v:.0f} MB" for k, v in memory.get("stages", {}).items()) or str(memory.get("error")))
        + f"; rows shown in the directory: {memory.get('rows', '?')}.",
        "",
        (f"## Import costs of the app start (`python -X importtime`, one run, {importtime_elapsed:.2f} s under "
        "tracing)"),
        "",
        ("Packages by the time spent in their own modules (sum of `self` times), and the app module that first "
        "imports each:"),
        "",
        "| Package | Own import time | First imported by |",
        "|---|---|---|",
        *[f"| {p} | {ms(t)} | {by or '—'} |" for p, t, by in packages],
        "",
        ("The app's own modules by cumulative import time (nested: a module includes those it imports), with "
        "the third-party packages (own time ≥ 5 ms) imported inside each:"),
        "",
        "| App module | Cumulative | Self | Third-party inside |",
        "|---|---|---|---|",
        *[f"| {n} | {ms(c)} | {ms(o)} | {', '.join(f'{p} {ms(t)}' for p, t in heavy) or '—'} |"
          for n, c, o, heavy in costs["app_modules"]],
        "",
        "Imported during start-up at all: " + ", ".join(f"{p} {'**yes**' if yes else 'no'}"
                                                       for p, yes in costs["watched"].items()) + ".",
        "",
        "## What dominates",
        "",
        *what_dominates(start_app, start_bare, packages, render_only, worker, direct, proxy_t, view_t, peak_app,
                        peak_bare),
        "",
    ]
    text = "\n".join(lines)
    from desktop.core.files import write_text_atomic

    write_text_atomic(args.out, text)
    print(text)


def what_dominates(start_app, start_bare, packages, render_only, worker, direct, proxy_t, view_t, peak_app,
                   peak_bare) -> list[str]:
    notes = []
    heavy = [f"{p} ({ms(t)}, via {by or '?'})" for p, t, by in packages
             if p not in (*QT_PACKAGES, "desktop") and p in WATCHED][:5]
    notes.append(f"- Start: Qt itself accounts for about {ms(start_bare)}; the app adds "
                 f"{ms(start_app - start_bare)}: the app's own modules (building PySide6 classes and their signatures "
                 "is counted there), the window's widgets, and these third-party imports: "
                 f"{', '.join(heavy) or 'none'}. Anything not needed to draw the first window can be deferred "
                 "to first use (see the module table above).")
    notes.append(f"- Preview: the core's render (document model + reportlab) is {ms(direct)} called directly and "
                 f"{ms(worker)} on the worker; the GUI path adds {ms(render_only - worker)} "
                 "(deep copy, thread hop, QPdfDocument load). With typing, the 300 ms debounce is the largest "
                 "part of what the user waits for.")
    notes.append(f"- Filter: the proxy costs {ms(proxy_t)} per filter against a bare comprehension; with a "
                 f"visible table the repaint brings it to {ms(view_t)}.")
    notes.append(f"- Memory: {peak_app:.0f} MB peak against {peak_bare:.0f} MB for an empty Qt window; the "
                 "stages above show where it grows: the app's modules and widgets at start, the first render "
                 "(composer, reportlab, fonts, QtPdf), then the directory's rows and their precomputed keys.")
    return notes


if __name__ == "__main__":
    main()

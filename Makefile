# Everyday tasks. Each is one command; see the README.
PYTHON ?= python
LANGS = sv fr de ru
KEYWORDS = -k N_ -k gettext -k ngettext:1,2 -k pgettext:1c,2 -k tr_format:2,3t -k tr_format:2,4,5t

.PHONY: catalogs test bench screenshots gallery wheel-check bundle bundle-check icons

# Extract interface strings and merge them into every language's catalog.
catalogs:
	pybabel extract -F babel.cfg $(KEYWORDS) --no-location --no-wrap --sort-output \
		--project "Petition Desk" --msgid-bugs-address "" -o translations/petition_desk.pot .
	for lang in $(LANGS); do \
		if [ -f translations/$$lang/LC_MESSAGES/petition_desk.po ]; then \
			pybabel update --no-wrap --no-fuzzy-matching --ignore-obsolete -i translations/petition_desk.pot -d translations -D petition_desk -l $$lang; \
		else \
			pybabel init -i translations/petition_desk.pot -d translations -D petition_desk -l $$lang; \
		fi; \
	done

test:
	$(PYTHON) -m pytest

bench:
	$(PYTHON) benchmarks/bench_export.py
	$(PYTHON) benchmarks/bench_gui.py
	$(PYTHON) benchmarks/bench_resolution.py

screenshots:
	QT_QPA_PLATFORM=offscreen $(PYTHON) tools/screenshots.py screenshots

# Every template in every language with the demo case, as one PDF and PNG pages.
gallery:
	$(PYTHON) tools/gallery.py gallery

# Install the wheel into a fresh virtual environment and run it from elsewhere (also run by .ci/run).
wheel-check:
	tools/check_wheel.sh $(PYTHON)

# The one-folder PyInstaller bundle in dist/petition-desk (petition-desk-gui and petition-desk);
# see packaging/README.md for Windows and macOS.
bundle:
	$(PYTHON) -m PyInstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/petition-desk.spec

# Build the bundle, then export with worker processes, verify a signature and open the window
# from it (Linux; a few minutes, so not part of .ci/run).
bundle-check: bundle
	PYTHON=$(PYTHON) packaging/check_bundle.sh dist/petition-desk

# Hicolor PNGs, the Windows .ico and the macOS .icns, rendered from assets/icons/petition-desk.svg.
icons:
	QT_QPA_PLATFORM=offscreen $(PYTHON) tools/make_icons.py

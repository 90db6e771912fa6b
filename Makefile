# One command to run, one to test; each sets up what it needs first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup system-deps run test lint bench dist clean

# Qt needs a few system libraries (offscreen, and the X11 plugin for a real desktop),
# and a Chinese font: the letters' page counts are measured with one, as on the office's
# PCs. Install whichever are missing on Debian/Ubuntu when running as root.
system-deps:
	@if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1 && ! ( for lib in libEGL.so.1 libGL.so.1 libxkbcommon.so.0 libfontconfig.so.1 libdbus-1.so.3 libglib-2.0.so.0 libxcb-icccm.so.4 libxcb-keysyms.so.1 libxcb-cursor.so.0; do ldconfig -p | grep -q "$$lib" || exit 1; done ); then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 \
			libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxkbcommon-x11-0 >/dev/null; \
	fi
	@if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1 && [ -z "$$(fc-list :lang=zh 2>/dev/null)" ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			fontconfig fonts-noto-cjk >/dev/null; \
	fi

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $(STAMP)

setup: system-deps $(STAMP)

run: setup
	$(PY) main.py

test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

lint: setup
	$(VENV)/bin/ruff check .

bench: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m bench.run

dist: setup
	$(VENV)/bin/pyinstaller --noconfirm --clean pyinstaller.spec
	QT_QPA_PLATFORM=offscreen ./dist/XinyiCreditDesk/XinyiCreditDesk self-test

clean:
	rm -rf build dist .pytest_cache

"""PyInstaller entry point of the bundled ``petition-desk-gui`` window."""

import multiprocessing

if __name__ == "__main__":
    # First of all: the window's export workers are spawned as this same executable; in them
    # freeze_support() runs the worker's task and exits before any window is made.
    multiprocessing.freeze_support()
    import sys

    from desktop.gui.app import run

    sys.exit(run())

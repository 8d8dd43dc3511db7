"""PyInstaller entry point of the bundled ``petition-desk`` command."""

import multiprocessing

if __name__ == "__main__":
    # First of all: in a frozen program an export worker is this same executable started again;
    # freeze_support() runs the worker's task and exits before the command line is parsed.
    multiprocessing.freeze_support()
    import sys

    from desktop.cli.main import main

    sys.exit(main())

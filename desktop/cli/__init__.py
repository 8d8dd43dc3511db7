"""The command line: ``petition-desk``, one module per command group, all on the Qt-free core."""

from desktop.cli.main import main

__all__ = ["main"]

"""The Qt-free core: case, recipients, templates, document model, writers, export.

Nothing under this package may import PySide6; the command line runs on it
alone and a test guards the rule.
"""

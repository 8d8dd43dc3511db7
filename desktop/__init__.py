"""Petition Desk: letters, petitions and resolutions about political prisoners."""

__version__ = "0.1.0"

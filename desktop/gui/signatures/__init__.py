"""Counting the signatures on returned petition sheets."""

"""A resolution's structure: its parts in several languages, their numbering, edits, import and export."""

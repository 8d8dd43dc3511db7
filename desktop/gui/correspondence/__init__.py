"""The Correspondence window: the letters in the log."""

"""Grouped review: officials see feedback grouped by meaning, decide and answer each group once."""

"""Demo data for a believable portal."""

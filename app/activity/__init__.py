"""A signed-in person's own activity: their drafts, petitions, signatures, comments and votes, each with its page."""

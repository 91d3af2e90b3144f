"""Public consultations and draft laws: provisions, anchored comments, amendments, versions with diffs."""

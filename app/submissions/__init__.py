"""Submissions: everything a citizen writes that is moderated, clustered and answered.

Petitions, comments on provisions and answers to consultation questions are all Submissions,
so that moderation, grouping and responses are written once. The semantic engine (app/semantic)
computes; this package stores and orchestrates; workers/semantic.py runs it in the background.
"""

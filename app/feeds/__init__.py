"""Atom feeds of new consultations, new versions, new answers, petitions by state and each agency's news."""

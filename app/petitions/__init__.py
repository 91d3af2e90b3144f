"""Citizen petitions: start, gather sponsors, moderate, sign, reach thresholds, get an answer."""

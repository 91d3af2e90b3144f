"""Accounts and roles: registration, confirmation, log-in, profile, personal data."""

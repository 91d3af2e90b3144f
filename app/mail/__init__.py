"""Outgoing e-mail: written to the database with the change that causes it, delivered by a job."""

"""The read-only JSON API, version 1, under /api/v1/ (no locale prefix), described by OpenAPI 3."""

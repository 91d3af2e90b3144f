"""Open data: every public dataset as CSV and JSON, with a documented schema and a licence."""

"""The demo's accounts: one e-mail domain and one password for all of them (the README names both)."""

#: Every demo account signs in with this password (never load demo data in production).
DEMO_PASSWORD = "ovoz-demo-2026"  # noqa: S105 - public by design
DEMO_DOMAIN = "demo.ovoz.example"

"""Administration: agencies, people's roles, the audit log. Admins only."""

"""Government agencies: ministries, committees, city administrations."""

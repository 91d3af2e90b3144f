"""Sign-in with a national e-ID: one interface for every provider, the providers a deployment configured,
and the identities linked to accounts (a keyed hash of the personal number, never the number)."""

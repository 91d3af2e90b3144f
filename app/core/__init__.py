"""Cross-cutting pieces every feature uses: locales, text, sanitizing, security, errors, queue."""

"""Which new passwords are refused: easy to guess (zxcvbn), or made of the person's own address or name.

zxcvbn estimates how many guesses a password takes, from dictionaries of common passwords, words and
names, keyboard patterns, repeats, sequences and dates. Score 3 ("safely unguessable") means more than
10^10 guesses: out of reach online behind our rate limits, and costly offline against Argon2id hashes;
score 4 would refuse many good passphrases. zxcvbn's own feedback is English only, so the reason
shown is ours, chosen from the pattern that made the password weak.
"""

import re

from flask_babel import gettext as _
from zxcvbn import zxcvbn

MIN_SCORE = 3
#: zxcvbn's time grows with length; what comes after this many characters does not make a password weaker.
CHECKED_LENGTH = 64


def _simplified(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def _long_enough(words) -> list[str]:
    return [word for word in words if len(_simplified(word)) >= 3]


def _personal_words(email: str, display_name: str) -> list[str]:
    """What zxcvbn should treat as known to an attacker: the address's name, the person's name, their parts."""
    local_part = email.partition("@")[0]
    return _long_enough([local_part, display_name, *re.split(r"[\W_]+", local_part), *display_name.split()])


def _reason(match: dict) -> str:
    """Our words for the pattern that makes a password easy to guess."""
    pattern = match.get("pattern")
    if pattern == "dictionary" and match.get("dictionary_name") == "user_inputs":
        return _("The password must not contain your e-mail address or your name.")
    if pattern == "dictionary" and match.get("dictionary_name") == "passwords":
        return _("This is one of the most common passwords.")
    if pattern == "dictionary":
        return _("Common words and names by themselves are easy to guess.")
    if pattern == "spatial":
        return _("Rows of keys on a keyboard are easy to guess.")
    if pattern == "repeat":
        return _("Repeated characters or words are easy to guess.")
    if pattern == "sequence":
        return _("Sequences like “abc” or “6543” are easy to guess.")
    if pattern in ("regex", "date"):
        return _("Dates and years are easy to guess.")
    return _("This password is too easy to guess.")


def password_problem(password: str, email: str = "", display_name: str = "") -> str | None:
    """Why this password is refused for the account of `email` and `display_name`, or None if it is good."""
    email, display_name = email or "", display_name or ""
    whole = _long_enough([email.partition("@")[0], display_name])
    if any(_simplified(word) in _simplified(password) for word in whole):
        return _("The password must not contain your e-mail address or your name.")
    personal = _personal_words(email, display_name)
    result = zxcvbn(password[:CHECKED_LENGTH], user_inputs=personal, max_length=CHECKED_LENGTH)
    if result["score"] >= MIN_SCORE:
        return None
    weakest = max(result["sequence"], key=lambda match: len(match.get("token", "")), default={})
    hint = _("Use a longer password made of several unusual words.")
    return f"{_reason(weakest)} {hint}"

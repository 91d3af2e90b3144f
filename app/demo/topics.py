"""The topic each demo text was written for, to check what the grouping made of the demo.

Topics are demo data (consultations_data.py, petitions_data.py), never stored: a loaded submission is found by its
text. Comments that say the same thing share a topic whatever their language; a reply takes up its comment's unless
it argues a point of its own (consultations_data.py).
"""

from app.demo.consultations import form_letter_topics
from app.demo.consultations_data import DRAFTS
from app.demo.petitions import petition_topics


def topics() -> dict[str, str]:
    """{text: topic} for every demo comment, reply, form letter (as loaded) and petition."""
    found: dict[str, str] = {}
    for spec in DRAFTS:
        for written in spec["comments"].values():
            for topic, text in written:
                _note(found, text, topic)
        for talk in spec["discussions"]:
            _note(found, talk["body"], talk["topic"])
            for _who, body, *own in talk["replies"]:
                _note(found, body, own[0] if own else talk["topic"])
    for texts in (form_letter_topics(), petition_topics()):
        for text, topic in texts.items():
            _note(found, text, topic)
    return found


def _note(found: dict[str, str], text: str, topic: str) -> None:
    if found.setdefault(text, topic) != topic:
        raise ValueError(f"{text!r} is given two topics: {found[text]} and {topic}")

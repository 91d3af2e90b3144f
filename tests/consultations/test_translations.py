"""A draft version in two languages: imported by an official provision by provision, read in either, commented once."""

import re
from html import unescape
from pathlib import Path

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from app.accounts.models import Role, User
from app.audit.models import AuditEvent
from app.consultations import translations
from app.consultations.labels import translation_error
from app.consultations.models import (
    Comment,
    ConsultationText,
    DraftTranslation,
    DraftVersion,
    Provision,
    ProvisionText,
)
from app.extensions import db
from tests.conftest import PASSWORD
from tests.helpers import field_errors, text

DRAFTS = Path(__file__).parent / "drafts"
TAJIK = (DRAFTS / "tg_public_consultations.txt").read_text(encoding="utf-8")
RUSSIAN = (DRAFTS / "ru_public_consultations.md").read_text(encoding="utf-8")
UZBEK_CYRILLIC = (DRAFTS / "uz_cyrl_public_consultations.txt").read_text(encoding="utf-8")  # two items more
RU_ARTICLE_1 = "Целью настоящего Закона является обеспечение открытости"
TG_ARTICLE_1 = "Мақсади Қонуни мазкур таъмини шаффофияти"


@pytest.fixture
def law(app, make_consultation):
    """An open consultation whose published version 1 is in Tajik; returns it, its version and article 1."""
    consultation, article, _comment = make_consultation(text=TAJIK)
    version = db.session.get(DraftVersion, article.version_id)
    return consultation, version, article


def _official(consultation):
    return db.session.scalar(select(User).where(User.role == Role.OFFICIAL, User.agency_id == consultation.agency_id))


def _translate(app, version, language="ru", draft=RUSSIAN, source=""):
    with app.test_request_context():
        version = db.session.get(DraftVersion, version.id)
        translation = translations.import_translation(version, _official(version.consultation), language, draft, source)
        db.session.commit()
        return translation.id


def _error(app, version, draft, language="ru") -> translations.TranslationError:
    with app.test_request_context():
        version = db.session.get(DraftVersion, version.id)
        with pytest.raises(translations.TranslationError) as caught:
            translations.import_translation(version, _official(version.consultation), language, draft)
        db.session.rollback()
    return caught.value


# -- the service ------------------------------------------------------------------------------------------------


def test_a_translation_is_matched_provision_by_provision_and_audited(app, law):
    consultation, version, article = law
    assert version.language == "tg", "the original's language is detected at import"
    _translate(app, version, source="zakon-ru.docx")
    db.session.expire_all()
    assert translations.languages(version) == ["tg", "ru"]
    texts = db.session.scalars(select(ProvisionText)).all()
    assert sorted(t.provision_id for t in texts) == sorted(p.id for p in version.provisions), "one text per provision"
    russian = {t.provision_id: t for t in texts}[article.id]
    assert russian.heading == "Цель настоящего Закона" and russian.text.startswith(RU_ARTICLE_1)
    assert db.session.get(Provision, article.id).text.startswith(TG_ARTICLE_1), "the original stays as it was"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "consultation.translation_imported"))
    assert event.target_id == consultation.id
    assert event.details == {"version": 1, "language": "ru", "source": "zakon-ru.docx"}


def test_importing_a_language_again_replaces_its_text(app, law):
    _consultation, version, article = law
    _translate(app, version)
    _translate(app, version, draft=RUSSIAN.replace("Цель настоящего Закона", "Цель Закона"))
    db.session.expire_all()
    assert db.session.scalar(select(db.func.count()).select_from(DraftTranslation)) == 1
    assert len(db.session.scalars(select(ProvisionText)).all()) == len(version.provisions)
    shown = {w.id: w for w in translations.in_language(version, "ru")}
    assert shown[article.id].heading == "Цель Закона"
    assert (
        db.session.scalar(select(db.func.count()).where(AuditEvent.action == "consultation.translation_imported")) == 2
    )


def test_a_translation_with_other_provisions_is_refused_naming_the_first_difference(app, law):
    _consultation, version, _article = law
    error = _error(app, version, UZBEK_CYRILLIC)
    assert (error.code, error.counts) == ("count", (28, 30))
    with app.test_request_context(), force_locale("en"):
        message = translation_error(error)
    assert "The version has 28 provisions. The translation has 30 provisions" in message
    assert f"provision {error.position}:" in message, message
    with app.test_request_context(), force_locale("ru"):
        assert "28" in translation_error(error) and "The version" not in translation_error(error), "translated"
    assert db.session.scalar(select(db.func.count()).select_from(ProvisionText)) == 0, "nothing is stored"


def test_a_translation_of_another_structure_is_refused_where_it_differs(app, law):
    _consultation, version, _article = law
    # Article 6's two parts become an article 6 and an article 7 (and 7, 8 are 8, 9): as many provisions, other ones.
    moved = RUSSIAN.replace("2. Отклонение предложения", "### Статья 6-1. Отклонение\n\nОтклонение предложения")
    moved = moved.replace("### Статья 7. Отчёт", "1. Отчёт").replace("### Статья 8.", "### Статья 8.")
    error = _error(app, version, moved)
    assert error.code in ("structure", "count")
    with app.test_request_context(), force_locale("en"):
        message = translation_error(error)
    assert "part 2 in the version, article 6-1 in the translation" in message, message


def test_a_translation_in_the_original_language_or_an_unknown_one_is_refused(app, law):
    _consultation, version, _article = law
    assert _error(app, version, TAJIK, "tg").code == "language"
    assert _error(app, version, RUSSIAN, "xx").code == "language"


def test_the_reading_language_is_the_choice_else_the_page_locale_else_the_original(app, law):
    _consultation, version, _article = law
    _translate(app, version)
    db.session.expire_all()
    assert translations.reading(version, "ru", "tg") == "ru"
    assert translations.reading(version, None, "ru") == "ru"
    assert translations.reading(version, "kk", "en") == "tg", "a language the version lacks: the original"
    assert translations.reading(version, "both", "ru") == "ru", "side by side only where offered"
    assert translations.reading(version, "both", "ru", both=True) == "both"


# -- the official's page ----------------------------------------------------------------------------------------


def _signed_in(app, user):
    browser = app.test_client()
    assert browser.login(user.email, PASSWORD).status_code == 302
    return browser


def test_an_official_imports_the_russian_text_and_is_told_what_does_not_match(app, law, make_user):
    consultation, version, _article = law
    official = _signed_in(app, _official(consultation))
    page = f"/tg/consultations/{consultation.id}/versions/1/translation"
    assert "Русский" in text(official.get(page))
    refused = official.submit(page, {"language": "ru", "text": UZBEK_CYRILLIC})
    assert refused.status_code == 400
    errors = field_errors(refused)
    assert errors and "28" in errors[0] and "30" in errors[0] and "The version" not in errors[0], errors
    same = official.submit(page, {"language": "tg", "text": TAJIK})
    assert same.status_code == 400, "the version's own language is not offered"
    sent = official.submit(page, {"language": "ru", "text": RUSSIAN})
    assert sent.status_code == 302, field_errors(sent)
    assert sent.location == f"/tg/consultations/{consultation.id}/draft?version=1&text=ru"
    assert RU_ARTICLE_1 in text(official.get(sent.location))
    assert f"/consultations/{consultation.id}/versions/1/translation" in text(
        official.get(f"/tg/consultations/{consultation.id}")
    ), "the consultation's page links to it for its officials"
    citizen = _signed_in(app, make_user())
    assert citizen.get(page).status_code == 403
    assert official.get(f"/tg/consultations/{consultation.id}/versions/9/translation").status_code == 404


# -- what readers see -------------------------------------------------------------------------------------------


def _choice(page: str) -> dict[str, str]:
    """The language links of a page: label -> href, and which one is current (key "current")."""
    nav = re.search(r'<nav class="text-choice".*?</nav>', page, re.S)
    assert nav, "the page offers the languages of the text"
    links = re.findall(r'<a href="([^"]+)"[^>]*?( aria-current="true")?>([^<]+)</a>', nav.group(0))
    found = {label: unescape(href) for href, _current, label in links}
    found["current"] = next(label for _href, current, label in links if current)
    return found


def test_the_draft_reads_in_the_page_language_or_the_one_chosen(app, client, law):
    consultation, version, _article = law
    _translate(app, version)
    draft = f"/consultations/{consultation.id}/draft"
    russian, tajik, english = (text(client.get(f"/{lang}{draft}")) for lang in ("ru", "tg", "en"))
    assert RU_ARTICLE_1 in russian and TG_ARTICLE_1 not in russian, "a Russian page: the Russian text"
    assert TG_ARTICLE_1 in tajik and RU_ARTICLE_1 not in tajik
    assert TG_ARTICLE_1 in english, "a language the version lacks: the original"
    choice = _choice(russian)
    assert choice["current"] == "Русский" and choice["Тоҷикӣ"] == f"/ru{draft}?text=tg"
    assert "Both side by side" not in english, "side by side is for a provision's page"
    chosen = text(client.get(f"/ru{draft}?text=tg"))
    assert TG_ARTICLE_1 in chosen and RU_ARTICLE_1 not in chosen and _choice(chosen)["current"] == "Тоҷикӣ"
    assert re.search(rf'/ru/consultations/{consultation.id}/provisions/\d+\?text=tg"', chosen), "links keep it"
    assert RU_ARTICLE_1 in text(client.get(f"/ru{draft}?text=kk")), "a language it lacks: the page's"


def test_an_untranslated_draft_offers_no_choice(client, law):
    consultation, _version, article = law
    assert 'class="text-choice"' not in text(client.get(f"/ru/consultations/{consultation.id}/draft"))
    page = text(client.get(f"/ru/consultations/{consultation.id}/provisions/{article.id}"))
    assert 'class="text-choice"' not in page and TG_ARTICLE_1 in page


def test_a_provision_reads_in_either_language_and_side_by_side(app, client, law):
    consultation, version, article = law
    _translate(app, version)
    page = f"/en/consultations/{consultation.id}/provisions/{article.id}"
    original = text(client.get(page))
    assert TG_ARTICLE_1 in original and RU_ARTICLE_1 not in original
    choice = _choice(original)
    assert choice["current"] == "Тоҷикӣ" and choice["Both side by side"] == f"{page}?text=both"
    russian = text(client.get(f"{page}?text=ru"))
    assert '<h1 lang="ru">1. Цель настоящего Закона</h1>' in russian and RU_ARTICLE_1 in russian
    both = text(client.get(f"{page}?text=both"))
    columns = re.findall(r'<section class="text-column"[^>]*lang="(\w+)"', both)
    assert columns == ["tg", "ru"], "the page's language first (here the original), then the other"
    assert TG_ARTICLE_1 in both and RU_ARTICLE_1 in both
    assert _choice(both)["current"] == "Both side by side"


def test_a_comment_written_while_reading_russian_lands_on_the_same_provision(app, client, law, make_user):
    consultation, version, article = law
    _translate(app, version)
    writer = _signed_in(app, make_user())
    page = f"/tg/consultations/{consultation.id}/provisions/{article.id}"
    form = text(writer.get(f"{page}?text=ru"))
    action = unescape(re.search(r'<form method="post" action="([^"]+)"[^>]*id="comment-form"', form).group(1))
    assert action == f"{page}/comments?text=ru", "the form names the provision, and the language only to come back"
    sent = writer.submit(action, {"body": "Цель сформулирована хорошо."}, form_url=f"{page}?text=ru")
    assert sent.status_code == 302, field_errors(sent)
    assert sent.location.startswith(f"{page}?text=ru#comment-"), "back to the text read"
    comment = db.session.scalar(select(Comment).order_by(Comment.id.desc()))
    assert comment.provision_id == article.id
    for reading in ("", "?text=ru", "?text=both"):
        assert "Цель сформулирована хорошо." in text(client.get(f"{page}{reading}")), reading


# -- the title and summary --------------------------------------------------------------------------------------

RU_TITLE, RU_SUMMARY = "Проект закона об общественных консультациях", "Министерство выносит проект на обсуждение."


def test_an_official_gives_the_title_and_summary_in_russian_and_russian_pages_show_them(app, client, law, make_user):
    consultation, _version, article = law
    official = _signed_in(app, _official(consultation))
    page = f"/tg/consultations/{consultation.id}/translations"
    sent = official.submit(page, {"language": "ru", "title": RU_TITLE, "summary": RU_SUMMARY})
    assert sent.status_code == 302, field_errors(sent)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "consultation.details_translated"))
    assert event.target_id == consultation.id and event.details == {"language": "ru"}
    original = consultation.title
    for path in (f"/consultations/{consultation.id}", "/consultations", f"/consultations/{consultation.id}/draft"):
        russian, tajik = text(client.get(f"/ru{path}")), text(client.get(f"/tg{path}"))
        assert RU_TITLE in russian and original not in russian, path
        assert original in tajik and RU_TITLE not in tajik, path
    shown = text(client.get(f"/ru/consultations/{consultation.id}"))
    assert f'<p class="lead">{RU_SUMMARY}</p>' in shown and f"<h1>{RU_TITLE}</h1>" in shown
    assert RU_TITLE in text(client.get(f"/ru/consultations/{consultation.id}/provisions/{article.id}"))

    # A title alone keeps the original summary; both empty remove the language.
    official.submit(page, {"language": "ru", "title": RU_TITLE, "summary": ""})
    assert f'<p class="lead">{consultation.summary}</p>' in text(client.get(f"/ru/consultations/{consultation.id}"))
    official.submit(page, {"language": "ru", "title": "", "summary": ""})
    assert original in text(client.get(f"/ru/consultations/{consultation.id}"))
    assert db.session.scalar(select(db.func.count()).select_from(ConsultationText)) == 0
    assert _signed_in(app, make_user()).get(page).status_code == 403

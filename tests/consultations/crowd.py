"""A provision with a crowd of comments, like article 9 of the demo's water law: long form letters and short
remarks in Tajik and Russian, replies and votes, written over days (not in the order of their ids)."""

from datetime import timedelta

from sqlalchemy import select

from app.consultations import comments
from app.consultations.models import Comment, Consultation, Provision
from app.core.db import utcnow
from app.extensions import db

ARTICLE_9 = (  # a part a line, as in the demo
    "Моддаи 9. Ҳисобгирии оби нӯшокӣ\n\n"
    "1. Ҳисоббаробаркунӣ барои оби нӯшокии истеъмолшуда дар асоси нишондоди дастгоҳҳои ҳисобгирии об анҷом дода "
    "мешавад.\n"
    "2. Насби дастгоҳҳои ҳисобгирии об дар биноҳои истиқоматӣ, хонаҳои истиқоматии инфиродӣ ва объектҳои "
    "ғайриистиқоматӣ ҳатмӣ буда, аз ҳисоби маблағҳои истеъмолкунанда то 1 январи соли 2027 анҷом дода мешавад.\n"
    "3. То насби дастгоҳи ҳисобгирии об ҳисоббаробаркунӣ аз рӯи меъёрҳои истеъмоле, ки мақоми ваколатдор тасдиқ "
    "кардааст, анҷом дода мешавад.\n"
    "4. Истеъмолкунандае, ки дар мӯҳлати муқаррарнамудаи қисми 2 моддаи мазкур дастгоҳи ҳисобгирии обро насб "
    "накардааст, барои оби истеъмолшуда аз рӯи меъёри истеъмол бо зариби 1,5 пардохт менамояд.\n"
)

LETTER = (
    "Ассалому алайкум! Ман, {name}, сокини деҳаи Гулистон, ноҳияи Вахш, бо қисмҳои 2 ва 4 моддаи 9 розӣ нестам. "
    "Оилаи мо аз {size} нафар иборат аст ва дастгоҳи ҳисобгирии обро аз ҳисоби худ харида ва насб карда "
    "наметавонем. Дар ноҳияи мо ҳисобкунак бо насбаш то 900 сомонӣ арзиш дорад. Насби дастгоҳҳои ҳисобгирӣ бояд "
    "аз ҳисоби ташкилоти таъминоти об ё буҷети давлат анҷом дода шавад. Зариби 1,5 барои оилаҳои камбизоат "
    "адолатнок нест ва бояд аз лоиҳа хориҷ карда шавад. Бо эҳтиром, {name}."
)
REMARKS = (
    "Коэффициент 1,5 — это фактически штраф, введённый в обход Кодекса об административных правонарушениях.",
    "Срок до 2027 года нереалистичный: счётчиков в продаже не хватает уже сейчас.",
    "Насби ройгон барои оилаҳои камбизоат қадами дуруст аст. Ташаккур ба ҳамаи онҳое, ки эрод навиштанд.",
    "Кто будет следить, что водоканал действительно бесплатно поставит счётчик, а не скажет «нет в наличии»?",
)
NAMES = ("Фарзона Қурбонова", "Рустам Назаров", "Игорь Васильев", "Нигина Саидова", "Бахтиёр Раҳимзода")


def crowd(app, make_consultation, make_user, threads: int = 80, replies: int = 6) -> tuple[Consultation, Provision]:
    """An open consultation on ARTICLE_9 with `threads` top-level comments that count (the factory's one among
    them), every other one a long letter, and `replies` replies spread over the first threads."""
    consultation, article, _first = make_consultation(text=ARTICLE_9)
    people = [make_user(display_name=name, locale="tg") for name in NAMES]
    now = utcnow()
    with app.test_request_context():
        article = db.session.merge(article)
        consultation = db.session.merge(consultation)
        written = []
        for number in range(1, threads):
            author = people[number % len(people)]
            body = LETTER.format(name=author.display_name, size=3 + number % 6) if number % 2 else REMARKS[number % 4]
            written.append(comments.add(consultation, author, f"{body} ({number})", article))
        for number in range(replies):
            author, body = people[(number + 1) % len(people)], f"Дуруст аст, ман ҳам розӣ. ({number})"
            comments.add(consultation, author, body, parent=written[number * 3])
        for number, comment in enumerate(written):
            comment.created_at = now - timedelta(hours=(number * 37) % (threads * 3))  # not in the order of ids
            comment.agree, comment.disagree = (number * 7) % 11, number % 3
        db.session.commit()
        ids = consultation.id, article.id
    return db.session.get(Consultation, ids[0]), db.session.get(Provision, ids[1])


def threads_in_order(article: Provision, key) -> list[int]:
    """The ids of the article's top-level comments, sorted by `key` (a function of a Comment), greatest first."""
    found = db.session.scalars(
        select(Comment).where(Comment.provision_id == article.id, Comment.parent_id.is_(None))
    ).all()
    return [comment.id for comment in sorted(found, key=key, reverse=True)]

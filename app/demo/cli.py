"""`flask demo load`: a believable portal for Tajikistan. Safe to run again: it adds what is missing."""

import random

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.accounts.passwords import hash_password
from app.agencies.models import Agency
from app.core.db import utcnow
from app.demo.accounts import DEMO_DOMAIN, DEMO_PASSWORD
from app.demo.consultations import load_consultations
from app.demo.feedback import load_feedback
from app.demo.petitions import load_petitions
from app.demo.progress import Console, Silent
from app.extensions import db
from app.geo import current_country
from app.identity import demo as demo_eid
from app.identity import services as identities
from app.submissions.models import Cluster

AGENCIES = [
    (
        "ministry-of-justice",
        {
            "tg": "Вазорати адлияи Ҷумҳурии Тоҷикистон",
            "ru": "Министерство юстиции Республики Таджикистан",
            "en": "Ministry of Justice of the Republic of Tajikistan",
        },
        "https://minjust.tj",
    ),
    (
        "digital-agency",
        {
            "tg": "Агентии инноватсия ва технологияҳои рақамӣ",
            "ru": "Агентство инноваций и цифровых технологий",
            "en": "Agency for Innovation and Digital Technologies",
        },
        None,
    ),
    (
        "ministry-of-education",
        {
            "tg": "Вазорати маориф ва илми Ҷумҳурии Тоҷикистон",
            "ru": "Министерство образования и науки Республики Таджикистан",
            "en": "Ministry of Education and Science of the Republic of Tajikistan",
        },
        None,
    ),
    (
        "ministry-of-health",
        {
            "tg": "Вазорати тандурустӣ ва ҳифзи иҷтимоии аҳолӣ",
            "ru": "Министерство здравоохранения и социальной защиты населения",
            "en": "Ministry of Health and Social Protection of Population",
        },
        None,
    ),
    (
        "ministry-of-energy",
        {
            "tg": "Вазорати энергетика ва захираҳои оби Ҷумҳурии Тоҷикистон",
            "ru": "Министерство энергетики и водных ресурсов Республики Таджикистан",
            "en": "Ministry of Energy and Water Resources of the Republic of Tajikistan",
        },
        None,
    ),
    (
        "ministry-of-transport",
        {
            "tg": "Вазорати нақлиёти Ҷумҳурии Тоҷикистон",
            "ru": "Министерство транспорта Республики Таджикистан",
            "en": "Ministry of Transport of the Republic of Tajikistan",
        },
        None,
    ),
    (
        "dushanbe-city",
        {
            "tg": "Мақомоти иҷроияи ҳокимияти давлатии шаҳри Душанбе",
            "ru": "Исполнительный орган государственной власти города Душанбе",
            "en": "Dushanbe City Administration",
        },
        None,
    ),
]

# (e-mail name, display name, role, agency slug, locale)
STAFF = [
    ("admin", "Фарида Раҳимова", Role.ADMIN, None, "tg"),
    ("justice.official", "Бахтиёр Назаров", Role.OFFICIAL, "ministry-of-justice", "tg"),
    ("digital.official", "Ольга Смирнова", Role.OFFICIAL, "digital-agency", "ru"),
    ("education.official", "Дилшод Каримов", Role.OFFICIAL, "ministry-of-education", "tg"),
    ("city.official", "Zarina Yusupova", Role.OFFICIAL, "dushanbe-city", "uz"),
    ("health.official", "Манижа Холова", Role.OFFICIAL, "ministry-of-health", "tg"),
    ("energy.official", "Шоҳрух Саидов", Role.OFFICIAL, "ministry-of-energy", "tg"),
    ("transport.official", "Сергей Волков", Role.OFFICIAL, "ministry-of-transport", "ru"),
    ("justice.moderator", "Шаҳло Мирзоева", Role.MODERATOR, "ministry-of-justice", "tg"),
    ("city.moderator", "Тимур Ахмедов", Role.MODERATOR, "dushanbe-city", "ru"),
]

CITIZEN_NAMES = [
    ("Саидҷон Ашуров", "tg"),
    ("Мавҷуда Шарипова", "tg"),
    ("Фирӯз Ҳасанов", "tg"),
    ("Нигина Раҷабова", "tg"),
    ("Умед Қодиров", "tg"),
    ("Парвина Зиёева", "tg"),
    ("Ҷамшед Одинаев", "tg"),
    ("Ситора Исмоилова", "tg"),
    ("Рустам Бобоев", "tg"),
    ("Гулнора Сафарова", "tg"),
    ("Анвар Назриев", "tg"),
    ("Мадина Юсуфӣ", "tg"),
    ("Алексей Петров", "ru"),
    ("Наталья Ким", "ru"),
    ("Игорь Васильев", "ru"),
    ("Марина Ли", "ru"),
    ("Sherzod Toshmatov", "uz"),
    ("Dilnoza Ergasheva", "uz"),
    ("Otabek Qodirov", "uz"),
    ("Gulbahor Aliyeva", "uz"),
    ("Айбек Сапаров", "ky"),
    ("Жазгүл Токтогулова", "ky"),
    ("Ержан Нұрланов", "kk"),
    ("Leyla Məmmədova", "az"),
    ("Daler Mirzoev", "en"),
    ("Sarah Miller", "en"),
    ("Хуршед Раҳмонов", "tg"),
    ("Зарина Давлатова", "tg"),
    ("Наргис Султонова", "tg"),
    ("Исмоил Қурбонов", "tg"),
]


def _upsert_user(email: str, display_name: str, role: Role, agency: Agency | None, locale: str, region: str | None):
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, password_hash=hash_password(DEMO_PASSWORD), email_confirmed_at=utcnow())
        db.session.add(user)
    user.display_name, user.role, user.agency, user.locale = display_name, role, agency, locale
    user.region_code = user.region_code or region
    return user


def _link_demo_identities() -> None:
    """Link the demo e-ID's people that belong to a demo account (`OVOZ_DEMO_EID=1 make run` shows the rest)."""
    for person in demo_eid.PEOPLE:
        user = person.linked_to and db.session.scalar(select(User).where(User.email == person.linked_to))
        if user and identities.linked_identity(user) is None:
            identities.link(user, demo_eid.identity(person))


def load_demo(progress: Silent | None = None) -> dict[str, int]:
    """Create the demo portal; return how many agencies, staff, citizens, petitions, consultations, groups and
    answered groups there are. Silent unless given a `progress` (the command's is the console)."""
    progress = progress or Silent()
    progress.stage("Loading agencies and accounts…")
    agencies = {}
    for slug, names, website in AGENCIES:
        agency = db.session.scalar(select(Agency).where(Agency.slug == slug)) or Agency(slug=slug)
        agency.names, agency.website = names, website
        db.session.add(agency)
        agencies[slug] = agency
    country = current_country()
    divisions = [d.code for region in country.regions for d in (region, *region.districts)]
    chooser = random.Random(2026)  # the same demo every time
    for name, display_name, role, slug, locale in STAFF:
        _upsert_user(f"{name}@{DEMO_DOMAIN}", display_name, role, agencies.get(slug), locale, None)
    citizens = [
        _upsert_user(
            f"citizen{number}@{DEMO_DOMAIN}", display_name, Role.CITIZEN, None, locale, chooser.choice(divisions)
        )
        for number, (display_name, locale) in enumerate(CITIZEN_NAMES, start=1)
    ]
    db.session.flush()
    _link_demo_identities()
    db.session.commit()
    progress.stage("Loading petitions and their signatures…")
    petitions = load_petitions(citizens, chooser)
    progress.stage("Loading consultations, drafts and comments…")
    consultations = load_consultations(citizens, chooser)
    answered = load_feedback(progress)  # grouped now, so the demo shows groups before a worker has run
    return {
        "agencies": len(agencies),
        "staff": len(STAFF),
        "citizens": len(CITIZEN_NAMES),
        "petitions": petitions,
        "consultations": consultations,
        "groups": db.session.scalar(select(func.count()).select_from(Cluster).where(Cluster.size > 0)),
        "answered": answered,
    }


@click.group()
def demo():
    """Demo data."""


@demo.command("load")
@click.option("--if-empty", is_flag=True, help="Only when the database has no accounts yet (first run).")
@with_appcontext
def load(if_empty):
    """Load the demo portal (idempotent)."""
    if if_empty and db.session.scalar(select(User.id).limit(1)) is not None:
        click.echo("The database has accounts already; demo data not loaded.")
        return
    counts = load_demo(Console())
    click.echo(
        f"Demo loaded: {counts['agencies']} agencies, {counts['staff']} staff, {counts['citizens']} citizens, "
        f"{counts['petitions']} petitions, {counts['consultations']} consultations, {counts['groups']} groups "
        f"({counts['answered']} answered).\n"
        f"Sign in as admin@{DEMO_DOMAIN} (or any demo account) with the password {DEMO_PASSWORD}."
    )

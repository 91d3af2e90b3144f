"""Demo grouped review: the demo's comments and petitions grouped, some groups decided and answered, some overdue.

Grouping runs here, synchronously, so that the demo is grouped before any worker has started (the jobs the demo
enqueued then find their submissions processed and do nothing). Groups are found by what their members say, not
by id, because their shape is the semantic engine's: like a careful official, the demo answers a group only when
most of its members wrote on what the answer is about (the topic of each demo text is known: app/demo/topics.py),
never a group that merely holds one such comment among others, and first sets apart the members that wrote on
something else. The closed regulation has its largest groups
answered by the city's official and a few more under review past their due date; the open draft law keeps its
form-letter campaign new and unanswered (the browser tests answer it) and has one group under review; in the
petition pool, the two petitions on mobile internet in GBAO are gathered in one group (petitions on other topics
that the engine put with them set apart) and answered once by the agency they address. Safe to run again: a scope
with reviewed groups is left as it is, whoever reviewed them.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.consultations.models import Consultation, Phase
from app.core.db import utcnow
from app.demo.consultations_data import DRAFTS
from app.demo.petitions_data import PETITIONS
from app.demo.progress import Silent
from app.demo.topics import topics
from app.extensions import db
from app.feedback import answers, reviews, shaping
from app.feedback.models import ClusterAnswer, ClusterReview, ReviewStatus
from app.petitions.models import Petition
from app.submissions import services as submissions
from app.submissions.models import Cluster, Processing, Submission

ANSWERED = 3  # of the regulation's largest groups
OVERDUE = 3  # of the regulation's next groups, under review past their due date


@dataclass(frozen=True)
class _Decision:
    """What an official decided about a group whose members mostly wrote on `topic`."""

    topic: str
    status: ReviewStatus
    reason: str
    answer: str = ""


MARKET_DECISIONS = [
    _Decision(
        topic="cashless-transition",
        status=ReviewStatus.PARTLY_ACCEPTED,
        reason="Kuchga kirish muddati olti oyga uzaytiriladi, undan keyingi uch oyda kvitansiya bilan naqd toʻlov ham "
        "qabul qilinadi; naqd pulni muddatsiz saqlash taklifi qabul qilinmadi.",
        answer="""\
Hurmatli sotuvchilar va xaridorlar, fikringiz uchun rahmat.

Bu guruhdagi takliflarning asosiy mazmuni bitta: naqd pulsiz toʻlovga oʻtish uchun uch oy kam, sotuvchilar bank
kartasi ochishga, bozorlar esa terminal oʻrnatishga ulgurmaydi. Bu dalilni asosli deb topdik va Nizomning yakuniy
tahririga quyidagi oʻzgartishlarni kiritamiz:

- **13-band.** Nizom rasmiy eʼlon qilingan kundan eʼtiboran uch oy emas, **olti oy** oʻtgach kuchga kiradi.
- **6-band.** Nizom kuchga kirgandan keyingi dastlabki uch oyda naqd pul ham qabul qilinadi, lekin **faqat
  kvitansiya berilgan holda**. Bu muddatdan keyin toʻlov faqat naqd pulsiz shaklda qabul qilinadi.
- **Terminallar va QR-kodlar** bozor maʼmuriyati hisobidan oʻrnatiladi; bank komissiyasi sotuvchidan ushlab
  qolinmaydi.

Naqd pulni muddatsiz saqlab qolish taklifini qabul qilmadik: kvitansiyasiz naqd yigʻim bozorlardagi norasmiy
toʻlovlarning asosiy manbai boʻlib kelgan va Nizom aynan shunga chek qoʻyish uchun tayyorlangan.

Muhokama yakunlari boʻyicha toʻliq hisobot shu sahifada eʼlon qilinadi.
""",
    ),
    _Decision(
        topic="fee-levels",
        status=ReviewStatus.ACCEPTED,
        reason="Ochiq peshtaxta uchun kunlik yigʻim 10 somonidan 7 somoniga tushiriladi; tomorqa mahsuloti va oylik "
        "band qilish uchun chegirmalar saqlanadi, haftalik band qilish uchun 10 foiz chegirma qoʻshiladi.",
        answer="""\
Ochiq peshtaxtadagi kichik sotuvchilar uchun yigʻim miqdori haqidagi fikrlaringizni inobatga oldik, rahmat.

Kuniga 50–60 somonilik savdo qiladigan sotuvchi uchun 10 somoni tushumning beshdan bir qismidir. Shu sababli
Nizomning yakuniy tahririda:

- **4-band, a):** ochiq peshtaxta uchun kunlik yigʻim **7 somoni** etib belgilanadi (loyihada 10 somoni edi);
  yopiq peshtaxta va kiosk uchun 25 somoni, avtomashinadan savdo uchun 40 somoni oʻzgarishsiz qoladi;
- **5-band:** oʻz tomorqasida yetishtirilgan mahsulot uchun 50 foizlik chegirma saqlanadi; buni tasdiqlash uchun
  jamoat maʼlumotnomasi yetarli boʻladi;
- **8-band:** oylik band qilish uchun 20 foizlik chegirmadan tashqari, bir haftaga band qilganlarga **10 foiz**
  chegirma beriladi: bir oy uchun oldindan toʻlay olmaydigan kichik sotuvchilar ham chegirmadan foydalana oladi.

Yigʻimning kamayishi bozorlarning tushumini qisqartiradi, lekin norasmiy toʻlovlar barham topsa, rasmiy tushum
ortadi. Yangi miqdorlar bir yil amal qilgach, har chorakdagi hisobotlar asosida qayta koʻrib chiqiladi.
""",
    ),
    _Decision(
        topic="collector-abuse",
        status=ReviewStatus.NOTED,
        reason="Javobgarlik miqdorini shahar Nizomi emas, Maʼmuriy huquqbuzarliklar kodeksi belgilaydi: taklif Adliya "
        "vazirligiga yuborildi. Ishonch telefoni va qogʻoz kvitansiya Nizomga kiritiladi.",
        answer="""\
Kvitansiyasiz pul yigʻadigan nazoratchilar uchun javobgarlik haqidagi takliflaringizni qayd etdik.

Jarima va boshqa javobgarlik choralarini shahar hokimiyatining Nizomi belgilay olmaydi: ular Maʼmuriy
huquqbuzarliklar kodeksida belgilanadi. Shu sababli pul yigʻuvchi nazoratchilarni ham javobgarlikka tortish
taklifini, muhokamadagi barcha fikrlar bilan birga, Adliya vazirligiga yubordik.

Nizom doirasida quyidagilarni qilamiz:

- har bir bozor kirish joyida va har bir kvitansiyada shahar hokimiyatining **ishonch telefoni** raqami
  koʻrsatiladi; shikoyat 3 ish kuni ichida koʻrib chiqiladi;
- smartfoni boʻlmagan sotuvchi soʻrasa, elektron kvitansiya bilan bir xil raqamli **qogʻoz kvitansiya** beriladi;
- kvitansiyasiz pul soʻralgan har bir holat har chorakdagi hisobotda (11-band) alohida koʻrsatiladi.
""",
    ),
    _Decision(
        topic="market-amenities",
        status=ReviewStatus.ACCEPTED,
        reason="9-band bepul hojatxona, tibbiy yordam punkti, soya joylari, chiqindilarni har kuni olib chiqish va "
        "imkoniyati cheklangan shaxslar uchun qulayliklar bilan toʻldiriladi.",
        answer="""\
Bozor maʼmuriyatining majburiyatlari haqidagi takliflaringiz uchun rahmat. Yigʻim toʻlayotgan sotuvchi bunga
javoban qanday xizmat olishini bilishi kerak, degan fikringizga qoʻshilamiz.

Nizomning 9-bandi quyidagilar bilan toʻldiriladi. Bozor maʼmuriyati:

- sotuvchilar va xaridorlarni ichimlik suvi va **bepul, toza hojatxonalar** bilan taʼminlaydi;
- bozorda **birinchi tibbiy yordam punkti** tashkil etadi;
- yoz oylarida savdo qatorlarida soyabon va salqin joylar boʻlishini taʼminlaydi;
- chiqindilarni **har kuni** oʻz hisobidan olib chiqadi, buning uchun sotuvchilardan alohida pul olinmaydi;
- kirish joylari va yoʻlaklarni imkoniyati cheklangan shaxslar va bolalar aravachasi bilan keluvchilar uchun
  qulay qiladi.

Bu ishlar 10-banddagi mablagʻlar hisobidan bajariladi va har chorakdagi hisobotda alohida koʻrsatiladi.
""",
    ),
]

MARKET_WAITING = "Takliflar shahar moliya boshqarmasi va bozor maʼmuriyatlari bilan kelishilmoqda."

WATER_REVIEW = _Decision(
    topic="publish-quality-results",
    status=ReviewStatus.UNDER_REVIEW,
    reason="Нашри натиҷаҳои санҷиши сифати об бо Хадамоти давлатии назорати санитарию эпидемиологӣ мувофиқа карда "
    "мешавад.",
)

#: The answer an agency gives together to the petitions that ask for the same thing in two languages.
INTERNET_DECISION = _Decision(
    topic="gbao-mobile-internet",
    status=ReviewStatus.PARTLY_ACCEPTED,
    reason="План покрытия и график работ по районам будут опубликованы; социальный тариф вне полномочий Агентства, "
    "предложение передано в Службу связи.",
    answer="""\
Агентство инноваций и цифровых технологий отвечает сразу на обе петиции о мобильном интернете в ГБАО, на русском и
на английском языке: они просят об одном и том же, и ответ получат все, кто их подписал.

- **Перечень.** Вместе с операторами связи составлен перечень из 46 населённых пунктов ГБАО, где сейчас нет
  мобильного интернета. Первыми, до конца следующего года, будут подключены кишлаки, где есть школы и медицинские
  пункты.
- **График по районам.** Карта покрытия и график работ по каждому району, как просят авторы обеих петиций, будут
  опубликованы на сайте Агентства в течение двух месяцев и будут обновляться каждый квартал.
- **Срок.** Обещать базовую связь 3G/4G во всех кишлаках за два года мы не можем: в части долин нужны новые опоры и
  спутниковые каналы, которых нет в бюджете этого года. Сроки для таких кишлаков будут указаны в графике отдельно.

Социальный тариф на базовый пакет интернета Агентство установить не вправе: тарифы согласует Служба связи при
Правительстве Республики Таджикистан. Предложение направлено туда вместе с текстами обеих петиций; о решении мы
сообщим здесь же.
""",
)


def answer_topics() -> dict[str, str]:
    """{answer: topic} for every answer the demo gives (as published: stripped), with the topic it answers."""
    return {d.answer.strip(): d.topic for d in (*MARKET_DECISIONS, WATER_REVIEW, INTERNET_DECISION) if d.answer}


def load_feedback(progress: Silent | None = None) -> int:
    """Group every demo submission, then decide and answer some groups; returns how many groups are answered."""
    progress = progress or Silent()
    group_all(progress)
    progress.stage("Deciding and answering groups as the demo officials…")
    for spec in DRAFTS:
        consultation = db.session.scalar(select(Consultation).where(Consultation.title == spec["title"]))
        if consultation is not None and _untouched(consultation.scope):
            if consultation.phase == Phase.CLOSED:
                _review_regulation(consultation)
            else:
                _review_law(consultation)
    _answer_petitions(INTERNET_DECISION)
    db.session.commit()
    return db.session.scalar(select(func.count()).select_from(ClusterAnswer))


READ_BATCH = 64  # texts the model reads at once: far faster than one by one, and the bar still moves


def group_all(progress: Silent | None = None) -> None:
    """Place every pending submission in a group, then refine the scopes that changed, as the worker would."""
    progress = progress or Silent()
    pending = list(db.session.scalars(select(Submission).where(Submission.processing == Processing.PENDING)))
    if pending:
        progress.stage(f"Grouping {len(pending)} texts by meaning: the model reads each once (a few minutes)…")
        _place(pending, progress)
    scopes = submissions.scopes_due_for_refinement()
    if scopes:
        progress.stage(f"Refining the groups of {len(scopes)} scopes…")
    for scope in scopes:
        submissions.refine(scope)
    db.session.commit()


def _place(pending: list[Submission], progress: Silent) -> None:
    with progress.bar(len(pending), "Reading") as bar:
        for start in range(0, len(pending), READ_BATCH):
            batch = pending[start : start + READ_BATCH]
            submissions.vectors_for(batch)
            bar.update(len(batch))
    with progress.bar(len(pending), "Grouping") as bar:
        for submission in sorted(pending, key=lambda s: s.id):
            submissions.process(submission.id)
            bar.update(1)


def _untouched(scope: str) -> bool:
    """No group of the scope has a status or an answer yet (an official may have worked on it since the demo)."""
    groups = select(Cluster.id).where(Cluster.scope == scope)
    touched = [select(model.id).where(model.cluster_id.in_(groups)) for model in (ClusterReview, ClusterAnswer)]
    return not any(db.session.scalar(query.limit(1)) for query in touched)


def _official(agency_id: int) -> User:
    official = select(User).where(User.role == Role.OFFICIAL, User.agency_id == agency_id).order_by(User.id)
    return db.session.scalar(official) or db.session.scalar(select(User).where(User.role == Role.ADMIN))


def _largest(scope: str) -> list[Cluster]:
    query = select(Cluster).where(Cluster.scope == scope, Cluster.size > 0).order_by(Cluster.size.desc(), Cluster.id)
    return list(db.session.scalars(query))


def _about(scope: str) -> dict[int, str]:
    """The topic of each group of a scope that most of its members wrote on: what an official reading it sees it is
    about. A group without such a topic is about nothing the demo has an answer for."""
    known, written = topics(), defaultdict(Counter)
    members = select(Submission.cluster_id, Submission.body).where(Submission.scope == scope)
    for group, text in db.session.execute(members):
        written[group][known.get(text)] += 1
    found = {}
    for group, counts in written.items():
        topic, count = counts.most_common(1)[0]
        if 2 * count > counts.total():
            found[group] = topic
    return found


def _decide(cluster: Cluster, decision: _Decision, official: User) -> None:
    """Set the group's status and answer it, once the official has set apart what its members wrote on another topic
    (the answer then reaches only those who wrote on what it answers, whatever the engine put with them)."""
    _set_apart(cluster, decision.topic, official)
    reviews.set_status(cluster, decision.status, decision.reason, actor=official)
    if decision.answer:
        answers.publish(cluster, decision.answer, actor=official)


def _set_apart(cluster: Cluster, topic: str, official: User) -> None:
    """Split off into a group of their own the members of the cluster that did not write on the topic."""
    known = topics()
    members = db.session.scalars(select(Submission).where(Submission.cluster_id == cluster.id))
    others = sorted(s.id for s in members if known.get(s.body) != topic)
    if others:
        shaping.split(cluster, others, actor=official)


def _review_regulation(consultation: Consultation) -> None:
    """Answer the largest groups we have an answer for; put the next ones under review, already overdue."""
    official, groups = _official(consultation.agency_id), _largest(consultation.scope)
    answered = _answer_largest(consultation.scope, groups, official)
    due = min(consultation.closes_at.date() + timedelta(days=2), utcnow().date() - timedelta(days=1))
    waiting = [cluster for cluster in groups if cluster not in answered and cluster.size > 1][:OVERDUE]
    for cluster in waiting:
        reviews.set_status(cluster, ReviewStatus.UNDER_REVIEW, MARKET_WAITING, due_on=due, actor=official)


def _answer_largest(scope: str, groups: list[Cluster], official: User) -> list[Cluster]:
    """Going down from the largest group, answer each that is about what one of our decisions answers."""
    pending, about = {decision.topic: decision for decision in MARKET_DECISIONS}, _about(scope)
    answered = []
    for cluster in groups:
        if len(answered) == ANSWERED:
            break
        decision = pending.pop(about.get(cluster.id), None)
        if decision is not None:
            _decide(cluster, decision, official)
            answered.append(cluster)
    return answered


def _review_law(consultation: Consultation) -> None:
    """One group under review; the groups of the form-letter campaign (on what meters cost) stay new, for the browser
    tests to answer."""
    about = _about(consultation.scope)
    group = next((c for c in _largest(consultation.scope) if about.get(c.id) == WATER_REVIEW.topic), None)
    if group is not None:
        _decide(group, WATER_REVIEW, _official(consultation.agency_id))


def _answer_petitions(decision: _Decision) -> None:
    """Answer the petitions on the decision's topic once, as their agency's official would: gather them in one group
    (merge the groups they are in), set apart any petition on another topic that the engine put with them, answer."""
    titles = {spec["title"] for spec in PETITIONS if spec["topic"] == decision.topic}
    petitions = select(Petition.agency_id, Submission).join(Submission, Submission.id == Petition.submission_id)
    ours = db.session.execute(petitions.where(Petition.title.in_(titles))).all()
    groups = [db.session.get(Cluster, cid) for cid in {row.Submission.cluster_id for row in ours}]
    if len(ours) < 2 or None in groups or any(reviews.review_of(g) or answers.answer_of(g.id) for g in groups):
        return
    official = _official(ours[0].agency_id)
    group = shaping.merge(groups, actor=official) if len(groups) > 1 else groups[0]
    _set_apart(group, decision.topic, official)
    for row in ours:
        db.session.refresh(row.Submission)
        if not submissions.is_firm(row.Submission):
            shaping.confirm(row.Submission, actor=official)  # "Belongs here": gathered by hand, they belong
    _decide(group, decision, official)

"""`flask seed-scale`: fill an empty, migrated database with a city-sized dataset.

The default size is that of Decide Madrid (CONSUL) after a few years: half a million
accounts, a quarter of a million comments over ~60 consultations (one open consultation holding
20,000 of them), 30,000 proposals and 1.7 million supports. It exists to measure pages and
queries at that size, so the rows must look like what the app writes itself: the same enum
values, the folded `search_text`, `support_count` equal to the support rows, the stage a
proposal reaches at the threshold, an audit row and a notification for every moderation
decision, staff responses on every published comment of a consultation whose report is out.

Speed comes from skipping the ORM: rows are plain tuples made with one `random.Random(seed)`
and written with executemany on SQLite (synchronous off, foreign-key checks off, one
transaction) and with COPY on PostgreSQL (foreign-key triggers skipped when the role may, as
a superuser), then the id sequences are moved past the rows and
the planner statistics refreshed. Every seeded account shares one password hash: hashing half
a million passwords at production cost would take hours.

Timestamps are placed relative to the moment of the run, so the phases stay right (the big
consultation is open for weeks after seeding); for a given --seed the rows are otherwise the
same on every run.
"""

import random
import time as clock
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as daytime

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import Table, inspect, select

from ..auth.models import DISTRICTS, Role, Sector, User
from ..auth.passwords import hash_password
from ..consultations.models import (
    Comment,
    CommentResponse,
    Consultation,
    ConsultationKind,
    ConsultationState,
    Phase,
    ResponseDecision,
    Section,
)
from ..evidence.districts import DISTRICT_POPULATIONS
from ..extensions import db
from ..moderation.models import AuditEntry, ModerationMode, ModerationStatus, ReasonCode
from ..notifications.models import Notification
from ..proposals.models import Category, Proposal, Stage, Support
from . import demo_data
from .search import fold
from .timeutil import city_timezone, local_today, utcnow

DEFAULTS = {
    "accounts": 500_000,
    "consultations": 60,
    "comments": 250_000,
    "big_consultation_comments": 20_000,
    "proposals": 30_000,
    "supports": 1_700_000,
}
# With --scale, below these the shape (every phase, staff, citizens) would be lost.
SCALED_MINIMUMS = {"accounts": 20, "consultations": 6}
MIN_ACCOUNTS = 5  # an administrator, a staff member, a moderator and two citizens
EMAIL_DOMAIN = "example.org"
DEFAULT_PASSWORD = "scale-2026"  # noqa: S105 (test data, printed in the summary)

EPOCH = datetime(2000, 1, 1)
HOUR = 3600.0
DAY = 86400.0
CHUNK = 10_000

# Phases of the consultations after the first (the big open one), repeated in this order: in
# every 15, 6 with a published report, 5 closed, 2 open, 1 upcoming, 1 draft.
PHASE_CYCLE = (
    Phase.REPORT_PUBLISHED,
    Phase.CLOSED,
    Phase.OPEN,
    Phase.SCHEDULED,
    Phase.DRAFT,
    Phase.REPORT_PUBLISHED,
    Phase.CLOSED,
    Phase.REPORT_PUBLISHED,
    Phase.CLOSED,
    Phase.OPEN,
    Phase.REPORT_PUBLISHED,
    Phase.CLOSED,
    Phase.REPORT_PUBLISHED,
    Phase.CLOSED,
    Phase.REPORT_PUBLISHED,
)
COMMENTABLE = (Phase.OPEN, Phase.CLOSED, Phase.REPORT_PUBLISHED)
# Share of published comments with a staff response, by phase (a report needs all of them).
RESPONSE_SHARE = {Phase.OPEN: 0.03, Phase.CLOSED: 0.5, Phase.REPORT_PUBLISHED: 1.0}

SECTOR_WEIGHTS = (
    (Sector.CITIZEN, 82),
    (Sector.BUSINESS, 7),
    (Sector.NGO, 4),
    (Sector.ACADEMIA, 3),
    (Sector.PUBLIC_ADMINISTRATION, 2),
    (Sector.OTHER, 2),
)
REJECT_REASONS = (
    (ReasonCode.OFF_TOPIC, 35),
    (ReasonCode.OFFENSIVE, 20),
    (ReasonCode.SPAM, 15),
    (ReasonCode.DUPLICATE, 15),
    (ReasonCode.PERSONAL_DATA, 10),
    (ReasonCode.OTHER, 5),
)
DECISIONS = (
    (ResponseDecision.ACCEPTED, 15),
    (ResponseDecision.PARTLY_ACCEPTED, 20),
    (ResponseDecision.NOT_ACCEPTED, 35),
    (ResponseDecision.NOTED, 30),
)
KINDS = (
    ConsultationKind.NORMATIVE_ACT,
    ConsultationKind.NORMATIVE_ACT,
    ConsultationKind.STRATEGY,
    ConsultationKind.PLAN,
    ConsultationKind.OTHER,
)

# -- words ----------------------------------------------------------------------------------
DISTRICT_NAMES = {
    "sredets": ("Средец", "Sredets"),
    "krasno_selo": ("Красно село", "Krasno Selo"),
    "vazrazhdane": ("Възраждане", "Vazrazhdane"),
    "oborishte": ("Оборище", "Oborishte"),
    "serdika": ("Сердика", "Serdika"),
    "poduyane": ("Подуяне", "Poduyane"),
    "slatina": ("Слатина", "Slatina"),
    "izgrev": ("Изгрев", "Izgrev"),
    "lozenets": ("Лозенец", "Lozenets"),
    "triaditsa": ("Триадица", "Triaditsa"),
    "krasna_polyana": ("Красна поляна", "Krasna Polyana"),
    "ilinden": ("Илинден", "Ilinden"),
    "nadezhda": ("Надежда", "Nadezhda"),
    "iskar": ("Искър", "Iskar"),
    "mladost": ("Младост", "Mladost"),
    "studentski": ("Студентски", "Studentski"),
    "vitosha": ("Витоша", "Vitosha"),
    "ovcha_kupel": ("Овча купел", "Ovcha Kupel"),
    "lyulin": ("Люлин", "Lyulin"),
    "vrabnitsa": ("Връбница", "Vrabnitsa"),
    "novi_iskar": ("Нови Искър", "Novi Iskar"),
    "kremikovtsi": ("Кремиковци", "Kremikovtsi"),
    "pancharevo": ("Панчарево", "Pancharevo"),
    "bankya": ("Банкя", "Bankya"),
}
FIRST_NAMES_BG = (
    "Мария", "Иван", "Елена", "Георги", "Десислава", "Димитър", "Йорданка", "Николай",
    "Петя", "Стефан", "Цветелина", "Христо", "Ралица", "Калоян", "Милена", "Васил",
    "Гергана", "Тодор", "Радостина", "Борислав", "Виктория", "Александър", "Теодора",
    "Мартин", "Силвия", "Пламен", "Невена", "Асен", "Зорница", "Любомир",
)  # fmt: skip
FIRST_NAMES_EN = (
    "Anna", "David", "Sofia", "Lucas", "Emma", "Pablo", "Laura", "Thomas", "Clara",
    "Marco", "Julia", "Daniel", "Eva", "Jonas", "Irene", "Hugo",
)  # fmt: skip
INITIALS_BG = "АБВГДЕЖЗИКЛМНОПРСТФХЦЧШЯ"
INITIALS_EN = "ABCDEFGHIJKLMNOPRSTVW"
ORGANISATIONS = {
    Sector.BUSINESS: ("{} ООД", "{} ЕООД", "{} АД", "ЕТ {}"),
    Sector.NGO: ("Сдружение „{}“", "Фондация „{}“", "Гражданска инициатива „{}“"),
    Sector.ACADEMIA: (
        "Софийски университет",
        "Технически университет – София",
        "УНСС",
        "БАН, институт „{}“",
        "Медицински университет – София",
    ),
    Sector.PUBLIC_ADMINISTRATION: (
        "Район „{}“",
        "Столичен инспекторат",
        "Общинско предприятие „{}“",
    ),
    Sector.OTHER: ("Читалище „{}“", "Етажна собственост „{}“"),
}
ORG_WORDS = (
    "Витоша", "Искър", "Сердика", "Зора", "Надежда", "Градина", "Мост", "Пролет", "Балкан",
    "Дунав", "Орбита", "Кварталът", "Зелена София", "Свързан град", "Отворен код",
)  # fmt: skip

TOPICS = (
    ("паркирането в централната градска част", "parking in the city centre"),
    ("зелената система", "green spaces"),
    ("обществения транспорт", "public transport"),
    ("управлението на отпадъците", "waste management"),
    ("чистотата на атмосферния въздух", "air quality"),
    ("достъпната градска среда", "accessible public space"),
    ("електронните административни услуги", "electronic administrative services"),
    ("отворените данни", "open data"),
    ("велосипедната инфраструктура", "cycling infrastructure"),
    ("детските градини и яслите", "kindergartens and nurseries"),
    ("културните дейности", "cultural activities"),
    ("спорта и физическата активност", "sport and physical activity"),
    ("уличното осветление", "street lighting"),
    ("търговията на открито", "outdoor trade"),
    ("домашните любимци", "pets in the city"),
    ("шума в жилищните зони", "noise in residential areas"),
    ("общинските жилища", "municipal housing"),
    ("безопасността на движението", "road safety"),
    ("свързаността и публичния Wi-Fi", "connectivity and public Wi-Fi"),
    ("киберсигурността на общинските системи", "cybersecurity of municipal systems"),
)
TITLE_FORMS = {
    ConsultationKind.NORMATIVE_ACT: (
        "Проект на Наредба за изменение на Наредбата за {bg}",
        "Draft amendment to the Ordinance on {en}",
    ),
    ConsultationKind.STRATEGY: ("Стратегия за {bg} {year}–{end}", "Strategy for {en} {year}–{end}"),
    ConsultationKind.PLAN: ("План за действие за {bg} {year}", "Action plan for {en} {year}"),
    ConsultationKind.OTHER: (
        "Обществено обсъждане: {bg}",
        "Public discussion: {en}",
    ),
}
SECTION_HEADINGS = (
    ("Общи положения", "General provisions"),
    ("Цели и обхват", "Aims and scope"),
    ("Права и задължения", "Rights and obligations"),
    ("Финансиране", "Funding"),
    ("Срокове за изпълнение", "Implementation timeline"),
    ("Контрол и отчетност", "Oversight and reporting"),
    ("Преходни и заключителни разпоредби", "Transitional and final provisions"),
    ("Мерки по райони", "Measures by district"),
)

SUBJECTS_BG = (
    "Предложеният срок", "Този член", "Новото правило", "Бюджетът за мярката", "Проектът",
    "Текстът на наредбата", "Планът за района", "Мярката", "Графикът на ремонтите",
    "Разпоредбата за контрол", "Системата за уведомяване", "Новата зона за паркиране",
)  # fmt: skip
PREDICATES_BG = (
    "трябва да отчита нуждите на хората с увреждания",
    "не е съобразен с реалния трафик в района",
    "ще помогне на живущите в квартал {d}",
    "следва да се обсъди отново с живущите",
    "изисква повече прозрачност при обществените поръчки",
    "е добра идея, но срокът е твърде кратък",
    "трябва да включва и велоалеи",
    "ще натовари допълнително общинските служители",
    "не казва кой ще поддържа съоръженията",
    "е важен за децата и възрастните хора в {d}",
    "трябва да се публикува и като отворени данни",
    "може да се изпробва първо в район {d}",
)  # fmt: skip
SUBJECTS_EN = (
    "The proposed deadline", "This article", "The new rule", "The budget for this measure",
    "The draft", "The plan for the district", "The measure", "The repair schedule",
)  # fmt: skip
PREDICATES_EN = (
    "should consider the needs of people with disabilities",
    "does not match the real traffic in {d}",
    "will help the residents of {d}",
    "should be discussed again with residents",
    "needs more transparency in public procurement",
    "is a good idea, but the timeline is too short",
    "should include cycle lanes as well",
    "does not say who will maintain the facilities",
    "should also be published as open data",
    "could be piloted first in {d}",
)  # fmt: skip
PROPOSAL_TITLES_BG = (
    "Велоалея по главните булеварди в {d}",
    "Нова детска площадка в {d}",
    "Повече пейки и сянка в парковете на {d}",
    "Безплатен Wi-Fi на спирките в {d}",
    "Контейнери за разделно събиране в {d}",
    "Пешеходна зона около училищата в {d}",
    "Повече дървета по улиците на {d}",
    "Осветление на подлезите в {d}",
    "Достъпни тротоари без паркирани коли в {d}",
    "Нощен градски транспорт до {d}",
    "Обществена библиотека в {d}",
    "Кучешка площадка в {d}",
    "Електронна опашка в районната администрация {d}",
    "Отворени данни за качеството на въздуха в {d}",
)  # fmt: skip
PROPOSAL_TITLES_EN = (
    "Cycle lanes along the main boulevards of {d}",
    "A new playground in {d}",
    "More benches and shade in the parks of {d}",
    "Free Wi-Fi at the stops in {d}",
    "Recycling bins in {d}",
    "Pedestrian zones around the schools of {d}",
    "More street trees in {d}",
    "Lighting in the underpasses of {d}",
    "Open data on air quality in {d}",
)  # fmt: skip
RESPONSE_REASONS = {
    ResponseDecision.ACCEPTED: (
        "Предложението е прието и текстът е допълнен.",
        "The proposal is accepted and the text amended.",
    ),
    ResponseDecision.PARTLY_ACCEPTED: (
        "Предложението е прието частично: срокът е удължен, обхватът остава.",
        "Partly accepted: the deadline is extended, the scope stays.",
    ),
    ResponseDecision.NOT_ACCEPTED: (
        "Не се приема: противоречи на действащата нормативна уредба.",
        "Not accepted: it conflicts with the legislation in force.",
    ),
    ResponseDecision.NOTED: (
        "Приема се за сведение при изготвянето на следващия план.",
        "Noted for the preparation of the next plan.",
    ),
}
OTHER_REASON_NOTE = "Съдържанието не е предложение по проекта."
COMMENT_ACTIONS = {
    ModerationStatus.APPROVED: "approve",
    ModerationStatus.REJECTED: "reject",
    ModerationStatus.HIDDEN: "hide",
}


def _weighted(pairs):
    values, weights = zip(*pairs, strict=True)
    return list(values), list(weights)


# -- sizes ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Sizes:
    accounts: int
    consultations: int
    comments: int
    big_consultation_comments: int
    proposals: int
    supports: int


def resolve_sizes(scale: float, **explicit: int | None) -> Sizes:
    """The default sizes times `scale`; an explicit count wins over its scaled default."""
    if scale <= 0:
        raise click.UsageError("--scale must be positive.")
    sizes = {}
    for name, default in DEFAULTS.items():
        given = explicit.get(name)
        if given is not None:
            if given < 0:
                raise click.UsageError(f"--{name.replace('_', '-')} cannot be negative.")
            sizes[name] = given
        else:
            sizes[name] = max(SCALED_MINIMUMS.get(name, 0), round(default * scale))
    if explicit.get("big_consultation_comments") is None:
        # `--comments 1000` alone means a smaller big consultation, not an error.
        sizes["big_consultation_comments"] = min(
            sizes["big_consultation_comments"], sizes["comments"]
        )
    result = Sizes(**sizes)
    check_sizes(result)
    return result


def check_sizes(sizes: Sizes) -> None:
    if sizes.accounts < MIN_ACCOUNTS:
        raise click.UsageError(f"--accounts must be at least {MIN_ACCOUNTS}.")
    if sizes.big_consultation_comments > sizes.comments:
        raise click.UsageError("--big-consultation-comments cannot exceed --comments.")
    if sizes.comments and sizes.consultations < 1:
        raise click.UsageError("Comments need at least one consultation.")
    citizens = sizes.accounts - sum(staff_counts(sizes.accounts))
    if sizes.supports > sizes.proposals * (citizens - 1):
        raise click.UsageError(
            f"{sizes.supports} supports do not fit: one per account and proposal, the author "
            "excepted. Lower --supports or raise --accounts or --proposals."
        )
    others = [phase_of(i) for i in range(1, sizes.consultations)]
    rest = sizes.comments - sizes.big_consultation_comments
    if rest and not any(phase in COMMENTABLE for phase in others):
        raise click.UsageError(
            "The comments beyond the big consultation's need another open, closed or reported "
            "consultation: raise --consultations (3 or more)."
        )


def phase_of(index: int) -> Phase:
    """The phase of the consultation at `index`: the first is the big open one."""
    return Phase.OPEN if index == 0 else PHASE_CYCLE[(index - 1) % len(PHASE_CYCLE)]


def staff_counts(accounts: int) -> tuple[int, int, int]:
    """(administrators, staff, moderators): a few, growing slowly with the accounts."""
    return 1, max(1, accounts // 60_000), max(1, accounts // 40_000)


def zipf_counts(
    total: int, slots: int, cap: int, offset: float = 20.0, exponent: float = 1.2
) -> list[int]:
    """`total` split over `slots` by 1/(rank + offset)^exponent, none above `cap`, in all `total`.

    Heavy skew: at Madrid size the first proposals get about 20,000 supports, the hundredth
    about 2,600, the thousandth 200, the median 9, the last 3.
    """
    if total == 0 or slots == 0:
        return [0] * slots
    if total > slots * cap:
        raise click.UsageError(
            f"{total} supports do not fit: {slots} published proposals can hold at most "
            f"{slots * cap} (one per account). Lower --supports or raise --accounts."
        )
    weights = [1.0 / (rank + 1 + offset) ** exponent for rank in range(slots)]
    counts = [0] * slots
    free = list(range(slots))
    left = total
    # Water-filling: share what is left over the slots below the cap, in proportion.
    while left > 0 and free:
        weight_sum = sum(weights[i] for i in free)
        share = {i: left * weights[i] / weight_sum for i in free}
        added = 0
        for i in free:
            step = min(cap - counts[i], int(share[i]))
            counts[i] += step
            added += step
        if added == 0:  # what remains is smaller than one per slot: the first ones take it
            for i in free:
                if left - added == 0:
                    break
                if counts[i] < cap:
                    counts[i] += 1
                    added += 1
        left -= added
        free = [i for i in free if counts[i] < cap]
    return counts


# -- time -----------------------------------------------------------------------------------
def stamp(seconds: float) -> str:
    """A timestamp as SQLAlchemy writes it on SQLite; PostgreSQL parses it as it is."""
    return (EPOCH + timedelta(seconds=seconds)).isoformat(" ", "microseconds")


def seconds_of(moment: datetime) -> float:
    return (moment - EPOCH).total_seconds()


# -- the rows -------------------------------------------------------------------------------
@dataclass
class Plan:
    """One consultation as planned: its phase, calendar and sections."""

    id: int
    phase: Phase
    kind: ConsultationKind
    opens_on: date
    closes_on: date
    created_at: float
    published_at: float | None
    closed_at: float | None
    report_at: float | None
    mode: ModerationMode
    comments: int = 0
    section_ids: list[int] = field(default_factory=list)


@dataclass
class TableSpec:
    model: type
    columns: tuple[str, ...]
    rows: Callable[[], Iterable[tuple]]
    count: Callable[[], int]  # known once the earlier tables are written


class ScaleData:
    """Makes the rows, table by table, in an order that keeps every foreign key satisfied.

    Later tables use what earlier ones decided (which comments are published, when each
    proposal was approved), so the tables must be generated in the order of `tables()`.
    """

    def __init__(self, sizes: Sizes, password_hash: str, seed: int, threshold: int):
        self.sizes = sizes
        self.password_hash = password_hash
        self.seed = seed
        self.threshold = threshold
        # Not for secrets: a reproducible dataset is the point.
        self.rng = random.Random(seed)  # noqa: S311
        self.now = seconds_of(utcnow())
        self.today = local_today()
        self.tz = city_timezone()

        admins, staff, moderators = staff_counts(sizes.accounts)
        self.admin_ids = range(1, 1 + admins)
        self.staff_ids = range(1 + admins, 1 + admins + staff)
        self.moderator_ids = range(1 + admins + staff, 1 + admins + staff + moderators)
        self.first_citizen = 1 + admins + staff + moderators
        self.citizens = sizes.accounts - self.first_citizen + 1
        # Accounts join evenly from six years ago to two days ago, in id order, so that the
        # newest account that can have acted at a moment is a sum, not a lookup.
        self.joined_from = self.now - 6 * 365 * DAY
        self.joined_step = (6 * 365 - 2) * DAY / max(self.citizens, 1)
        # A few hundred regulars write a third of the comments, as on every such platform.
        self.regulars = max(1, min(2_000, self.citizens // 50))

        self.categories = demo_data.CATEGORIES + (
            ("transport", "Транспорт", "Transport"),
            ("environment", "Околна среда", "Environment"),
            ("urban", "Градска среда", "Urban environment"),
            ("education", "Образование", "Education"),
            ("culture", "Култура и спорт", "Culture and sport"),
        )
        self.plans: list[Plan] = []
        self.sections = 0
        self.responses: list[tuple] = []
        # (when, actor, action, object type, object id, reason, note, author to notify)
        self.events: list[tuple] = []
        self.proposal_meta: dict[int, tuple[int | None, float]] = {}  # id -> (author, approved)
        self.support_counts: dict[int, int] = {}
        self.sentences_bg = self._sentences(SUBJECTS_BG, PREDICATES_BG, 0)
        self.sentences_en = self._sentences(SUBJECTS_EN, PREDICATES_EN, 1)
        self.sector_values, self.sector_weights = _weighted(SECTOR_WEIGHTS)
        self.reason_values, self.reason_weights = _weighted(REJECT_REASONS)
        self.decision_values, self.decision_weights = _weighted(DECISIONS)
        self.district_keys = list(DISTRICTS)
        self.district_weights = [DISTRICT_POPULATIONS.get(key, 1) for key in self.district_keys]

    # -- helpers --------------------------------------------------------------------------
    def _sentences(self, subjects, predicates, lang: int) -> list[str]:
        names = [pair[lang] for pair in DISTRICT_NAMES.values()]
        return [
            f"{subject} {predicate.format(d=name)}."
            for subject in subjects
            for predicate in predicates
            for name in names
        ]

    def text(self, language: str, low: int, high: int) -> str:
        pool = self.sentences_bg if language == "bg" else self.sentences_en
        return " ".join(self.rng.choice(pool) for _ in range(self.rng.randint(low, high)))

    def joined(self, user_id: int) -> float:
        if user_id < self.first_citizen:
            return self.joined_from - 30 * DAY
        return self.joined_from + (user_id - self.first_citizen) * self.joined_step

    def citizen_by(self, moment: float) -> int:
        """A citizen who had joined before `moment`; one of the regulars a third of the time."""
        if self.rng.random() < 0.33:
            return self.first_citizen + self.rng.randrange(self.regulars)
        newest = int((moment - HOUR - self.joined_from) / self.joined_step)
        newest = min(max(newest, self.regulars), self.citizens - 1)
        return self.first_citizen + self.rng.randint(0, newest)

    def at(self, day: date, hour: int = 10, minute: int = 0) -> float:
        """Seconds (naive UTC) of a local time on `day`, never later than now."""
        local = datetime.combine(day, daytime(hour, minute), tzinfo=self.tz)
        return min(seconds_of(local.astimezone(UTC).replace(tzinfo=None)), self.now - 300)

    def decided(self, created: float) -> float:
        """When a moderator decided on something written at `created`."""
        return min(created + 600 + self.rng.expovariate(1 / (6 * HOUR)), self.now - 120)

    def moderator(self) -> int:
        return self.rng.choice(self.moderator_ids)

    def staffer(self) -> int:
        return self.rng.choice(self.staff_ids)

    # -- the tables -----------------------------------------------------------------------
    def tables(self) -> list[TableSpec]:
        s = self.sizes
        return [
            TableSpec(User, USER_COLUMNS, self.users, lambda: s.accounts),
            TableSpec(Category, CATEGORY_COLUMNS, self.category_rows, lambda: len(self.categories)),
            TableSpec(
                Consultation, CONSULTATION_COLUMNS, self.consultations, lambda: s.consultations
            ),
            TableSpec(Section, SECTION_COLUMNS, self.section_rows, lambda: self.sections),
            TableSpec(Comment, COMMENT_COLUMNS, self.comments, lambda: s.comments),
            TableSpec(CommentResponse, RESPONSE_COLUMNS, lambda: self.responses, self._responses),
            TableSpec(Proposal, PROPOSAL_COLUMNS, self.proposals, lambda: s.proposals),
            TableSpec(Support, SUPPORT_COLUMNS, self.supports, lambda: s.supports),
            TableSpec(AuditEntry, AUDIT_COLUMNS, self.audit_rows, lambda: len(self.events)),
            TableSpec(Notification, NOTIFICATION_COLUMNS, self.notifications, self._notified),
        ]

    def _responses(self) -> int:
        return len(self.responses)

    def _notified(self) -> int:
        return sum(1 for event in self.events if event[7] is not None)

    def users(self) -> Iterator[tuple]:
        rng = self.rng
        roles = {}
        for ids, role in (
            (self.admin_ids, Role.ADMIN),
            (self.staff_ids, Role.STAFF),
            (self.moderator_ids, Role.MODERATOR),
        ):
            roles.update(dict.fromkeys(ids, role))
        for user_id in range(1, self.sizes.accounts + 1):
            role = roles.get(user_id, Role.CITIZEN)
            english = rng.random() < 0.12
            if english:
                name = f"{rng.choice(FIRST_NAMES_EN)} {rng.choice(INITIALS_EN)}."
            else:
                name = f"{rng.choice(FIRST_NAMES_BG)} {rng.choice(INITIALS_BG)}."
            if role is Role.CITIZEN:
                sector = rng.choices(self.sector_values, self.sector_weights)[0]
                district = (
                    rng.choices(self.district_keys, self.district_weights)[0]
                    if rng.random() < 0.85
                    else None
                )
            else:
                sector, district = Sector.PUBLIC_ADMINISTRATION, None
            organisation = None
            if role is not Role.CITIZEN:
                organisation = "Столична община"
            elif sector in ORGANISATIONS and rng.random() < 0.8:
                organisation = rng.choice(ORGANISATIONS[sector]).format(rng.choice(ORG_WORDS))
            joined = self.joined(user_id) + rng.random() * 3000
            yield (
                user_id,
                f"scale-{user_id:06d}@{EMAIL_DOMAIN}",
                name,
                self.password_hash,
                role.value,
                sector.value,
                organisation,
                district,
                "en" if english else "bg",
                stamp(joined),
                stamp(joined + 300 + rng.random() * 3 * HOUR),
                0,
            )

    def category_rows(self) -> Iterator[tuple]:
        staff = self.staff_ids[0]
        for position, (_key, name_bg, name_en) in enumerate(self.categories):
            category_id = position + 1
            when = self.joined_from - 20 * DAY + position * 60
            self.events.append(
                (when, staff, "category.create", "category", category_id, None, None, None)
            )
            yield (category_id, name_bg, name_en, position)

    def plan(self, index: int) -> Plan:
        rng, today = self.rng, self.today
        phase = phase_of(index)
        kind = rng.choice(KINDS)
        days = rng.randint(30, 60) if rng.random() > 0.1 else rng.randint(14, 29)
        if index == 0:  # the big one: open for weeks after the run
            days, opens_on = 90, today - timedelta(days=40)
        elif phase is Phase.OPEN:
            opens_on = today - timedelta(days=rng.randint(0, days - 5))
        elif phase in (Phase.SCHEDULED, Phase.DRAFT):
            opens_on = today + timedelta(days=rng.randint(3, 60))
        else:  # closed or reported: within the last three years
            opens_on = today - timedelta(days=rng.randint(days + 75, 3 * 365))
        closes_on = opens_on + timedelta(days=days)
        published_day = opens_on - timedelta(days=rng.randint(0, 25))
        if published_day > today:
            published_day = today - timedelta(days=rng.randint(1, 3))
        published = self.at(published_day, 12) if phase is not Phase.DRAFT else None
        created = self.at(min(published_day, today) - timedelta(days=rng.randint(2, 30)), 9, 30)
        closed = report = None
        if phase is Phase.CLOSED and rng.random() < 0.5:
            closed = self.at(closes_on + timedelta(days=1), 9)
        if phase is Phase.REPORT_PUBLISHED:
            closed = self.at(closes_on + timedelta(days=1), 9)
            report = self.at(closes_on + timedelta(days=rng.randint(20, 60)), 12)
        mode = ModerationMode.POST if index % 7 == 3 else ModerationMode.PRE
        return Plan(
            index + 1, phase, kind, opens_on, closes_on, created, published, closed, report, mode
        )

    def consultations(self) -> Iterator[tuple]:
        rng = self.rng
        self.plans = [self.plan(i) for i in range(self.sizes.consultations)]
        self._share_comments()
        states = {
            Phase.DRAFT: ConsultationState.DRAFT,
            Phase.SCHEDULED: ConsultationState.PUBLISHED,
            Phase.OPEN: ConsultationState.PUBLISHED,
            Phase.REPORT_PUBLISHED: ConsultationState.REPORT_PUBLISHED,
        }
        for plan in self.plans:
            topic_bg, topic_en = rng.choice(TOPICS)
            year = plan.opens_on.year
            form_bg, form_en = TITLE_FORMS[plan.kind]
            title_bg = form_bg.format(bg=topic_bg, year=year, end=year + 4)
            title_en = form_en.format(en=topic_en, year=year, end=year + 4)
            if plan.id == 1:
                title_bg = "Бюджет на Столична община: приоритети, предложени от гражданите"
                title_en = "Sofia Municipality budget: priorities proposed by residents"
            summary_bg, summary_en = self.text("bg", 1, 2), self.text("en", 1, 2)
            body_bg, body_en = self.text("bg", 6, 12), self.text("en", 6, 12)
            if plan.phase is Phase.CLOSED:
                state = ConsultationState.CLOSED if plan.closed_at else ConsultationState.PUBLISHED
            else:
                state = states[plan.phase]
            exceptional = (plan.closes_on - plan.opens_on).days < 30
            staff = self.staffer()
            self.events.append(
                (
                    plan.created_at,
                    staff,
                    "consultation.create",
                    "consultation",
                    plan.id,
                    None,
                    None,
                    None,
                )
            )
            updated = plan.created_at
            for action, when in (
                ("consultation.publish", plan.published_at),
                ("consultation.close", plan.closed_at),
                ("consultation.publish_report", plan.report_at),
            ):
                if when is not None:
                    self.events.append(
                        (when, staff, action, "consultation", plan.id, None, None, None)
                    )
                    updated = when
            yield (
                plan.id,
                plan.kind.value,
                state.value,
                title_bg,
                title_en,
                summary_bg,
                summary_en,
                body_bg,
                body_en,
                plan.opens_on.isoformat(),
                plan.closes_on.isoformat(),
                "Спешно изменение, наложено от промяна в закона." if exceptional else None,
                "An urgent change required by a change in the law." if exceptional else None,
                None,
                plan.mode.value,
                staff,
                stamp(plan.created_at),
                stamp(updated),
                stamp(plan.published_at) if plan.published_at else None,
                stamp(plan.closed_at) if plan.closed_at else None,
                stamp(plan.report_at) if plan.report_at else None,
                fold(" ".join([title_bg, title_en, summary_bg, summary_en, body_bg, body_en])),
            )

    def _share_comments(self) -> None:
        """The big consultation's comments, the rest over the others that took comments."""
        if not self.plans:
            return
        self.plans[0].comments = self.sizes.big_consultation_comments
        others = [plan for plan in self.plans[1:] if plan.phase in COMMENTABLE]
        rest = self.sizes.comments - self.sizes.big_consultation_comments
        if not others:
            return
        # In proportion to the days each has taken comments so far, times a random appeal.
        weights = [
            self.rng.uniform(0.3, 3.0)
            * ((min(plan.closes_on, self.today) - plan.opens_on).days + 1)
            for plan in others
        ]
        total = sum(weights)
        shares = [int(rest * w / total) for w in weights]
        for i in range(rest - sum(shares)):
            shares[i % len(shares)] += 1
        for plan, share in zip(others, shares, strict=True):
            plan.comments = share

    def section_rows(self) -> Iterator[tuple]:
        rng = self.rng
        section_id = 0
        for plan in self.plans:
            for position in range(rng.randint(3, 7)):
                section_id += 1
                plan.section_ids.append(section_id)
                heading_bg, heading_en = SECTION_HEADINGS[position % len(SECTION_HEADINGS)]
                yield (
                    section_id,
                    plan.id,
                    position,
                    f"Раздел {position + 1}. {heading_bg}",
                    f"Section {position + 1}. {heading_en}",
                    self.text("bg", 2, 5),
                    self.text("en", 2, 5),
                )
        self.sections = section_id

    def comments(self) -> Iterator[tuple]:
        comment_id = 0
        for plan in self.plans:
            for row in self._comments_of(plan, comment_id):
                comment_id += 1
                yield row

    def _comments_of(self, plan: Plan, last_id: int) -> Iterator[tuple]:
        rng = self.rng
        if not plan.comments:
            return
        start = self.at(plan.opens_on, 7)
        end = min(self.at(plan.closes_on, 23, 30), self.now - 600)
        start = min(start, end - 60)
        times = sorted(rng.uniform(start, end) for _ in range(plan.comments))
        parents: list[tuple[int, int | None]] = []  # published top-level (id, section)
        for n, created in enumerate(times, start=last_id + 1):
            parent = section = None
            if parents and rng.random() < 0.2:
                parent, section = parents[rng.randrange(max(0, len(parents) - 300), len(parents))]
            elif plan.section_ids and rng.random() < 0.6:
                section = rng.choice(plan.section_ids)
            author = self.citizen_by(created)
            language = "en" if rng.random() < 0.12 else "bg"
            status, reason, note, moderated, moderator, unreviewed = self._moderate(plan, created)
            if status is ModerationStatus.APPROVED:
                if parent is None:
                    parents.append((n, section))
                if rng.random() < RESPONSE_SHARE[plan.phase]:
                    self._respond(plan, n, created)
            yield (
                n,
                plan.id,
                section,
                parent,
                author,
                self.text(language, 1, 4),
                language,
                rng.random() < 0.9,
                stamp(created),
                status.value,
                reason.value if reason else None,
                note,
                stamp(moderated) if moderated is not None else None,
                unreviewed,
                moderator,
            )
            if moderator is not None:
                action = COMMENT_ACTIONS[status]
                if plan.mode is ModerationMode.POST and action == "approve":
                    action = "keep"  # post-moderation: the review confirms what was published
                self.events.append(
                    (
                        moderated,
                        moderator,
                        f"comment.{action}",
                        "comment",
                        n,
                        reason.value if reason else None,
                        note,
                        author,
                    )
                )

    def _moderate(self, plan: Plan, created: float):
        """(status, reason, note, decided at, moderator, needs review) for a new comment."""
        rng = self.rng
        recent = self.now - created < 2 * DAY
        roll = rng.random()
        if plan.mode is ModerationMode.POST:
            # Published at once; a moderator reviews it later (keeps or hides it).
            if recent and roll < 0.7:
                return ModerationStatus.APPROVED, None, None, None, None, True
            if roll > 0.96:
                return self._decision(ModerationStatus.HIDDEN, created)
            return self._decision(ModerationStatus.APPROVED, created)
        if plan.phase is Phase.OPEN and roll < (0.6 if recent else 0.03):
            return ModerationStatus.PENDING, None, None, None, None, False
        if rng.random() < 0.06:
            return self._decision(ModerationStatus.REJECTED, created)
        return self._decision(ModerationStatus.APPROVED, created)

    def _decision(self, status: ModerationStatus, created: float):
        reason = note = None
        if status is not ModerationStatus.APPROVED:
            reason = self.rng.choices(self.reason_values, self.reason_weights)[0]
            note = OTHER_REASON_NOTE if reason is ReasonCode.OTHER else None
        return status, reason, note, self.decided(created), self.moderator(), False

    def _respond(self, plan: Plan, comment_id: int, created: float) -> None:
        rng = self.rng
        if plan.report_at is not None:
            after = max(created, self.at(plan.closes_on, 18))
            when = rng.uniform(after, plan.report_at - HOUR)
        else:
            when = min(created + rng.uniform(DAY, 20 * DAY), self.now - 60)
        decision = rng.choices(self.decision_values, self.decision_weights)[0]
        reason_bg, reason_en = RESPONSE_REASONS[decision]
        response_id = len(self.responses) + 1
        staff = self.staffer()
        self.responses.append(
            (
                response_id,
                comment_id,
                decision.value,
                reason_bg,
                reason_en,
                staff,
                stamp(when),
                stamp(when),
            )
        )
        self.events.append(
            (
                when,
                staff,
                "comment_response.save",
                "comment_response",
                response_id,
                decision.value,
                None,
                None,
            )
        )

    def proposals(self) -> Iterator[tuple]:
        rng, sizes = self.rng, self.sizes
        count = sizes.proposals
        first, last = self.now - 3 * 365 * DAY, self.now - 6 * HOUR
        times = sorted(rng.uniform(first, last) for _ in range(count))
        statuses = []
        for n in range(count):
            roll = rng.random()
            if n >= count * 0.95 and roll < 0.8:
                statuses.append(ModerationStatus.PENDING)
            elif roll < 0.04:
                statuses.append(ModerationStatus.REJECTED)
            else:
                statuses.append(ModerationStatus.APPROVED)
        if sizes.supports and ModerationStatus.APPROVED not in statuses and statuses:
            statuses[0] = ModerationStatus.APPROVED
        approved = [n for n, status in enumerate(statuses) if status is ModerationStatus.APPROVED]
        # Older proposals tend to rank higher; the rank decides the share of the supports.
        ranked = sorted(approved, key=lambda n: rng.random() * (1.3 - n / count), reverse=True)
        counts = zipf_counts(sizes.supports, len(ranked), self.citizens - 1)
        self.support_counts = {n + 1: c for n, c in zip(ranked, counts, strict=True)}
        category_count = len(self.categories)
        for n, created in enumerate(times):
            proposal_id = n + 1
            status = statuses[n]
            author = self.citizen_by(created)
            language = "en" if rng.random() < 0.1 else "bg"
            pool = PROPOSAL_TITLES_EN if language == "en" else PROPOSAL_TITLES_BG
            district = DISTRICT_NAMES[rng.choice(self.district_keys)][language == "en"]
            title = rng.choice(pool).format(d=district)
            body = self.text(language, 3, 8)
            category = rng.randint(1, category_count) if rng.random() < 0.95 else None
            reason = note = moderated = moderator = None
            if status is not ModerationStatus.PENDING:
                moderated, moderator = self.decided(created), self.moderator()
            if status is ModerationStatus.REJECTED:
                reason = rng.choices(self.reason_values, self.reason_weights)[0]
                note = OTHER_REASON_NOTE if reason is ReasonCode.OTHER else None
            supports = self.support_counts.get(proposal_id, 0)
            stage, reached = Stage.COLLECTING, None
            if supports >= max(1, self.threshold):
                stage = Stage.THRESHOLD_REACHED
                reached = self._support_times(proposal_id, author, moderated, supports)[
                    max(1, self.threshold) - 1
                ][1]
            if moderator is not None:
                self.proposal_meta[proposal_id] = (author, moderated)
                self.events.append(
                    (
                        moderated,
                        moderator,
                        f"proposal.{'approve' if reason is None else 'reject'}",
                        "proposal",
                        proposal_id,
                        reason.value if reason else None,
                        note,
                        author,
                    )
                )
            yield (
                proposal_id,
                author,
                category,
                title,
                body,
                language,
                stage.value,
                supports,
                stamp(reached) if reached is not None else None,
                stamp(created),
                fold(f"{title} {body}"),
                status.value,
                reason.value if reason else None,
                note,
                stamp(moderated) if moderated is not None else None,
                False,
                moderator,
            )

    def _support_times(
        self, proposal_id: int, author: int, approved: float, count: int
    ) -> list[tuple[int, float]]:
        """(supporter, when) for a proposal's supports, in time order; the same on every call.

        Distinct citizens other than the author, each supporting after joining; the proposal
        pass reads the threshold-th of them, the supports pass writes them all.
        """
        rng = random.Random(self.seed * 1_000_003 + proposal_id)  # noqa: S311
        # Sample among citizens without the author: indexes at or past the author shift by one.
        skip = author - self.first_citizen
        picked = sorted(rng.sample(range(self.citizens - 1), count))
        start = approved + min(HOUR, (self.now - approved) / 3)
        stop = self.now - min(2 * HOUR, (self.now - approved) / 3)
        step = (stop - start) / (count + 1)
        rows = []
        for k, index in enumerate(picked):
            user = self.first_citizen + (index + 1 if index >= skip else index)
            when = max(start + step * (k + 1), self.joined(user) + 3000 + HOUR)
            rows.append((user, min(when, self.now - 60)))
        return rows

    def supports(self) -> Iterator[tuple]:
        support_id = 0
        for proposal_id, count in sorted(self.support_counts.items()):
            if not count:
                continue
            author, approved = self.proposal_meta[proposal_id]
            for user, when in self._support_times(proposal_id, author, approved, count):
                support_id += 1
                yield (support_id, proposal_id, user, stamp(when))

    def audit_rows(self) -> Iterator[tuple]:
        # The app writes audit rows as things happen: ids follow time.
        self.events.sort(key=lambda event: event[0])
        for n, (when, actor, action, object_type, object_id, reason, note, _who) in enumerate(
            self.events, start=1
        ):
            yield (n, stamp(when), actor, action, object_type, object_id, reason, note)

    def notifications(self) -> Iterator[tuple]:
        rng = self.rng
        n = 0
        for when, _actor, action, object_type, object_id, reason, note, author in self.events:
            if author is None:
                continue
            n += 1
            read = None
            if self.now - when > 7 * DAY and rng.random() < 0.75:
                read = stamp(min(when + rng.uniform(HOUR, 10 * DAY), self.now - 60))
            yield (n, author, action, object_type, object_id, reason, note, stamp(when), read)


USER_COLUMNS = (
    "id", "email", "display_name", "password_hash", "role", "sector", "organisation",
    "district", "locale", "created_at", "email_verified_at", "session_version",
)  # fmt: skip
CATEGORY_COLUMNS = ("id", "name_bg", "name_en", "position")
CONSULTATION_COLUMNS = (
    "id", "kind", "state", "title_bg", "title_en", "summary_bg", "summary_en", "body_bg",
    "body_en", "opens_on", "closes_on", "exceptional_reason_bg", "exceptional_reason_en",
    "early_close_reason", "moderation_mode", "created_by_id", "created_at", "updated_at",
    "published_at", "closed_at", "report_published_at", "search_text",
)  # fmt: skip
SECTION_COLUMNS = ("id", "consultation_id", "position", "heading_bg", "heading_en", "body_bg",
                   "body_en")  # fmt: skip
MODERATION_COLUMNS = ("moderation_status", "moderation_reason", "moderation_note",
                      "moderated_at", "needs_review", "moderated_by_id")  # fmt: skip
COMMENT_COLUMNS = (
    "id", "consultation_id", "section_id", "parent_id", "author_id", "body", "language",
    "show_name", "created_at", *MODERATION_COLUMNS,
)  # fmt: skip
RESPONSE_COLUMNS = ("id", "comment_id", "decision", "reason_bg", "reason_en", "responded_by_id",
                    "created_at", "updated_at")  # fmt: skip
PROPOSAL_COLUMNS = (
    "id", "author_id", "category_id", "title", "body", "language", "stage", "support_count",
    "threshold_reached_at", "created_at", "search_text", *MODERATION_COLUMNS,
)  # fmt: skip
SUPPORT_COLUMNS = ("id", "proposal_id", "user_id", "created_at")
AUDIT_COLUMNS = ("id", "created_at", "actor_id", "action", "object_type", "object_id", "reason",
                 "note")  # fmt: skip
NOTIFICATION_COLUMNS = ("id", "user_id", "kind", "object_type", "object_id", "reason", "note",
                        "created_at", "read_at")  # fmt: skip


# -- writing --------------------------------------------------------------------------------
def _chunks(rows: Iterable[tuple], size: int = CHUNK) -> Iterator[list[tuple]]:
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _filler(table: Table, columns: tuple[str, ...], existing: set[str]) -> tuple[tuple, tuple]:
    """Columns the generator does not know (added later) that have a constant default."""
    names, values = [], []
    for column in table.columns:
        if column.name in columns or column.name not in existing:
            continue
        default = column.default
        if default is not None and default.is_scalar:
            names.append(column.name)
            values.append(default.arg)
    return tuple(names), tuple(values)


class Writer:
    """Bulk writes on one raw connection, in one transaction."""

    def __init__(self, connection):
        self.dbapi = connection.driver_connection

    def begin(self) -> None: ...

    def write(self, table: Table, columns: tuple[str, ...], rows: Iterable[tuple], progress):
        raise NotImplementedError

    def finish(self, tables: list[Table]) -> None: ...

    def rollback(self) -> None:
        self.dbapi.rollback()

    def restore(self) -> None:
        """Put the connection back as the app expects it, whatever happened."""


class SQLiteWriter(Writer):
    def begin(self) -> None:
        cursor = self.dbapi.cursor()
        # Only for this load: a crash leaves a half-written file, which is thrown away anyway.
        for pragma in (
            "foreign_keys=OFF",
            "synchronous=OFF",
            "cache_size=-262144",
            "temp_store=MEMORY",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    def write(self, table, columns, rows, progress):
        # Names from the models' metadata, never from input.
        marks = ", ".join("?" * len(columns))
        sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
        cursor = self.dbapi.cursor()
        for batch in _chunks(rows):
            cursor.executemany(sql, batch)
            progress(len(batch))
        cursor.close()

    def finish(self, tables):
        self.dbapi.commit()
        cursor = self.dbapi.cursor()
        problems = cursor.execute("PRAGMA foreign_key_check").fetchmany(5)
        if problems:  # pragma: no cover (a bug in the generator)
            raise click.ClickException(f"foreign keys broken by the seed: {problems}")
        cursor.execute("ANALYZE")
        cursor.close()

    def restore(self):
        cursor = self.dbapi.cursor()
        # As app/__init__.py sets them on every new connection.
        for pragma in ("foreign_keys=ON", "synchronous=NORMAL", "cache_size=-2000"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()


class PostgresWriter(Writer):
    def begin(self) -> None:
        import psycopg

        with self.dbapi.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
            # Foreign-key triggers checked row by row make up most of the load time; a
            # superuser may skip them (the generator keeps every key), others just wait.
            cursor.execute("SAVEPOINT replica")
            try:
                cursor.execute("SET LOCAL session_replication_role TO replica")
            except psycopg.errors.InsufficientPrivilege:
                cursor.execute("ROLLBACK TO SAVEPOINT replica")
            cursor.execute("RELEASE SAVEPOINT replica")

    def write(self, table, columns, rows, progress):
        sql = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
        with self.dbapi.cursor() as cursor, cursor.copy(sql) as copy:
            for batch in _chunks(rows):
                for row in batch:
                    copy.write_row(row)
                progress(len(batch))

    def finish(self, tables):
        with self.dbapi.cursor() as cursor:
            # The rows came with their ids: move each sequence past them, or the app's next
            # insert would collide with a seeded row.
            for table in tables:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608
                    f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table.name}"
                )
        self.dbapi.commit()
        # VACUUM as well as ANALYZE: freshly copied pages are not marked all-visible yet, and
        # until autovacuum comes by, counts could not be answered from the indexes alone.
        # VACUUM cannot run inside a transaction.
        autocommit = self.dbapi.autocommit
        self.dbapi.autocommit = True
        try:
            with self.dbapi.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        finally:
            self.dbapi.autocommit = autocommit


WRITERS = {"sqlite": SQLiteWriter, "postgresql": PostgresWriter}


# -- the command ----------------------------------------------------------------------------
def missing_tables(models) -> list[str]:
    names = set(inspect(db.engine).get_table_names())
    return [model.__tablename__ for model in models if model.__tablename__ not in names]


def first_nonempty_table() -> str | None:
    tables = sorted(db.metadata.sorted_tables, key=lambda table: table.name != "users")
    for table in tables:
        if db.session.execute(select(1).select_from(table).limit(1)).first() is not None:
            return table.name
    return None


def seed_scale(sizes: Sizes, password: str, seed: int) -> dict[str, tuple]:
    """Write the dataset; returns {table: (rows, seconds)}. The database must be empty."""
    threshold = int(current_app.config["SUPPORT_THRESHOLD"])
    password_hash = hash_password(password)
    data = ScaleData(sizes, password_hash, seed, threshold)
    specs = data.tables()
    dialect = db.engine.dialect.name
    if dialect not in WRITERS:
        raise click.ClickException(f"seed-scale supports SQLite and PostgreSQL, not {dialect}.")
    db.session.close()
    inspector = inspect(db.engine)
    existing = {
        spec.model.__tablename__: {
            c["name"] for c in inspector.get_columns(spec.model.__tablename__)
        }
        for spec in specs
    }
    timings: dict[str, tuple] = {}
    connection = db.engine.raw_connection()
    writer = WRITERS[dialect](connection)
    try:
        writer.begin()
        for spec in specs:
            table = spec.model.__table__
            extra_names, extra_values = _filler(table, spec.columns, existing[table.name])
            columns = spec.columns + extra_names
            rows = spec.rows()
            if extra_values:
                rows = (row + extra_values for row in rows)
            started = clock.perf_counter()
            written = 0
            with click.progressbar(length=spec.count(), label=f"{table.name:<18}") as bar:

                def progress(n, bar=bar):
                    nonlocal written
                    written += n
                    bar.update(n)

                writer.write(table, columns, rows, progress)
            timings[table.name] = (written, clock.perf_counter() - started)
        started = clock.perf_counter()
        writer.finish([spec.model.__table__ for spec in specs])
        timings["(commit, sequences, analyze)"] = (None, clock.perf_counter() - started)
    except BaseException:
        writer.rollback()
        raise
    finally:
        writer.restore()
        connection.close()
    return timings


def reconcile(echo=click.echo) -> float:
    """Let the counters module recount what it keeps (when it exists); returns seconds."""
    started = clock.perf_counter()
    try:
        from .counters import reconcile_counters
    except ImportError:
        echo("app.core.counters not found: counters not reconciled.")
        return 0.0
    drifts = reconcile_counters(fix=True)
    db.session.commit()
    fixed: dict[str, int] = {}
    for drift in drifts:
        fixed[drift.counter] = fixed.get(drift.counter, 0) + 1
    if fixed:
        echo("Counters set from the rows: " + ", ".join(f"{k} {v}" for k, v in fixed.items()))
    return clock.perf_counter() - started


@click.command("seed-scale")
@click.option(
    "--scale",
    default=1.0,
    show_default=True,
    type=float,
    help="Multiply every default size (1.0: Decide Madrid size).",
)
@click.option("--accounts", type=int, help="Accounts (default 500,000 x scale).")
@click.option("--consultations", type=int, help="Consultations (default 60 x scale, at least 6).")
@click.option(
    "--comments",
    type=int,
    help="Comments in all, replies and the big consultation's included (default 250,000 x scale).",
)
@click.option(
    "--big-consultation-comments",
    type=int,
    help="Comments on the one big open consultation (default 20,000 x scale).",
)
@click.option("--proposals", type=int, help="Proposals (default 30,000 x scale).")
@click.option("--supports", type=int, help="Supports (default 1,700,000 x scale).")
@click.option(
    "--password",
    default=DEFAULT_PASSWORD,
    show_default=True,
    help="The password of every seeded account.",
)
@click.option("--seed", default=2026, show_default=True, type=int, help="Random seed.")
@with_appcontext
def seed_scale_command(
    scale,
    accounts,
    consultations,
    comments,
    big_consultation_comments,
    proposals,
    supports,
    password,
    seed,
):
    """Fill an empty, migrated database with a city-sized dataset, quickly."""
    sizes = resolve_sizes(
        scale,
        accounts=accounts,
        consultations=consultations,
        comments=comments,
        big_consultation_comments=big_consultation_comments,
        proposals=proposals,
        supports=supports,
    )
    models = (
        User,
        Category,
        Consultation,
        Section,
        Comment,
        CommentResponse,
        Proposal,
        Support,
        AuditEntry,
        Notification,
    )
    missing = missing_tables(models)
    if missing:
        raise click.ClickException(
            f"Tables missing ({', '.join(missing)}): run `flask db upgrade` first."
        )
    busy = first_nonempty_table()
    if busy is not None:
        raise click.ClickException(
            f"The database is not empty (table {busy} has rows). seed-scale only fills a "
            "freshly migrated, empty database: nothing added."
        )
    started = clock.perf_counter()
    timings = seed_scale(sizes, password, seed)
    timings["(reconcile counters)"] = (None, reconcile())
    total = clock.perf_counter() - started
    click.echo("")
    click.echo(f"{'table':<30} {'rows':>11} {'seconds':>9}")
    for name, (rows, seconds) in timings.items():
        shown = f"{rows:>11,}" if rows is not None else " " * 11
        click.echo(f"{name:<30} {shown} {seconds:>9.1f}")
    click.echo(f"{'total':<30} {'':>11} {total:>9.1f}")
    admins, staff, moderators = staff_counts(sizes.accounts)
    click.echo(
        f"\nAccounts scale-000001 … scale-{sizes.accounts:06d}@{EMAIL_DOMAIN}, password "
        f"'{password}': 1..{admins} administrator, {admins + 1}..{admins + staff} staff, "
        f"{admins + staff + 1}..{admins + staff + moderators} moderators, then citizens. "
        "Consultation 1 is the big open one."
    )

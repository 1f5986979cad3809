"""What `flask seed-demo` loads: Sofia's digital transformation, as residents took part in it.

Dates are day offsets from today (negative: in the past), so the demo always shows every
phase of a consultation's life whatever day it is loaded. Staff texts come in Bulgarian and
English; what participants wrote is kept in the language they wrote it in.
"""

from dataclasses import dataclass
from textwrap import dedent

from ..auth.models import Role, Sector
from ..consultations.models import ConsultationKind, DocumentKind, ResponseDecision
from ..moderation.models import ModerationStatus, ReasonCode
from ..proposals.models import Stage

DEMO_DOMAIN = "demo.glas.bg"

# One password per role; they are printed by the command and listed in the README.
PASSWORDS = {
    Role.ADMIN: "demo-admin-2026",
    Role.STAFF: "demo-staff-2026",
    Role.MODERATOR: "demo-moderator-2026",
    Role.CITIZEN: "demo-citizen-2026",
}

# Plain participant accounts that support proposals: at least this many, and always enough
# for the most supported proposal at the configured threshold.
MIN_SUPPORTERS = 60


def md(text: str) -> str:
    """Markdown written indented in this file, without the indentation."""
    return dedent(text).strip()


# -- accounts -----------------------------------------------------------------------------
@dataclass(frozen=True)
class DemoAccount:
    key: str  # also the e-mail's local part
    display_name: str
    role: Role
    sector: Sector
    organisation: str | None = None
    district: str | None = None
    locale: str = "bg"
    joined: int = -260

    @property
    def email(self) -> str:
        return f"{self.key}@{DEMO_DOMAIN}"

    @property
    def password(self) -> str:
        return PASSWORDS[self.role]


CITY = "Столична община"

ACCOUNTS = (
    DemoAccount(
        "admin", "Кирил Андонов", Role.ADMIN, Sector.PUBLIC_ADMINISTRATION, CITY, joined=-320
    ),
    DemoAccount(
        "staff",
        "Елена Георгиева",
        Role.STAFF,
        Sector.PUBLIC_ADMINISTRATION,
        "Столична община, направление „Цифрова трансформация“",
        joined=-310,
    ),
    DemoAccount(
        "moderator",
        "Ралица Христова",
        Role.MODERATOR,
        Sector.PUBLIC_ADMINISTRATION,
        CITY,
        joined=-305,
    ),
    DemoAccount("citizen", "Мария Иванова", Role.CITIZEN, Sector.CITIZEN, district="lozenets"),
    DemoAccount(
        "business",
        "Nikolay Dimitrov",
        Role.CITIZEN,
        Sector.BUSINESS,
        "Sofia Tech Park",
        district="mladost",
        locale="en",
    ),
    DemoAccount(
        "academia",
        "проф. Елена Стоянова",
        Role.CITIZEN,
        Sector.ACADEMIA,
        "Софийски университет „Св. Климент Охридски“",
        district="studentski",
    ),
    DemoAccount(
        "ngo", "Петър Колев", Role.CITIZEN, Sector.NGO, "Код за България", district="sredets"
    ),
    DemoAccount(
        "district",
        "Десислава Маринова",
        Role.CITIZEN,
        Sector.PUBLIC_ADMINISTRATION,
        "Район „Младост“",
        district="mladost",
    ),
    DemoAccount(
        "other", "Anna Fischer", Role.CITIZEN, Sector.OTHER, district="oborishte", locale="en"
    ),
    DemoAccount(
        "it-company",
        "Стефан Николов",
        Role.CITIZEN,
        Sector.BUSINESS,
        "ТехноЛогика ООД",
        district="vitosha",
    ),
    DemoAccount("ivan", "Иван Петров", Role.CITIZEN, Sector.CITIZEN, district="nadezhda"),
    DemoAccount("gergana", "Гергана Тодорова", Role.CITIZEN, Sector.CITIZEN, district="lyulin"),
    DemoAccount(
        "yordan", "Йордан Василев", Role.CITIZEN, Sector.CITIZEN, district="krasna_polyana"
    ),
)

# Names for the supporters' accounts ("supporter01@demo.glas.bg" ...).
SUPPORTER_FIRST_NAMES = (
    "Александър",
    "Борислава",
    "Виктор",
    "Галина",
    "Димитър",
    "Евгения",
    "Живко",
    "Златина",
    "Илиян",
    "Калина",
    "Любомир",
    "Милена",
    "Никола",
    "Огнян",
    "Пламена",
    "Радослав",
    "Светла",
    "Тодор",
    "Цветелина",
    "Явор",
    "Thomas",
    "Sofia",
)
SUPPORTER_INITIALS = "АБВГДЕЖЗИКЛМНОПРСТ"


# -- proposal categories ----------------------------------------------------------------
CATEGORIES = (
    ("e_services", "Електронни услуги", "E-services"),
    ("open_data", "Отворени данни", "Open data"),
    ("digital_skills", "Дигитални умения", "Digital skills"),
    ("smart_mobility", "Умна мобилност", "Smart mobility"),
    ("connectivity", "Свързаност и Wi-Fi", "Connectivity and Wi-Fi"),
    ("accessibility", "Достъпност", "Accessibility"),
    ("cybersecurity", "Киберсигурност", "Cybersecurity"),
)


# -- consultations ------------------------------------------------------------------------
@dataclass(frozen=True)
class DemoSection:
    heading_bg: str
    heading_en: str
    body_bg: str
    body_en: str


@dataclass(frozen=True)
class DemoDocument:
    kind: DocumentKind
    title: str
    filename: str
    pdf_title: str  # ASCII: the tiny PDF uses a standard font without Cyrillic


@dataclass(frozen=True)
class DemoConsultation:
    key: str
    kind: ConsultationKind
    title_bg: str
    title_en: str
    summary_bg: str
    summary_en: str
    body_bg: str
    body_en: str
    opens: int
    closes: int
    created: int
    sections: tuple[DemoSection, ...]
    documents: tuple[DemoDocument, ...]
    published: int | None = None
    closed: int | None = None
    report: int | None = None
    exceptional_reason_bg: str | None = None
    exceptional_reason_en: str | None = None


def _doc(kind, title, filename, pdf_title):
    return DemoDocument(kind, title, filename, pdf_title)


STRATEGY = DemoConsultation(
    key="strategy",
    kind=ConsultationKind.STRATEGY,
    title_bg="Стратегия за цифрова трансформация на София 2026–2030",
    title_en="Digital Transformation Strategy of Sofia 2026–2030",
    summary_bg=(
        "Проектът определя как Столична община ще развива електронните услуги, отворените "
        "данни, свързаността и дигиталните умения до 2030 г. Очакваме коментари по целия "
        "документ или по отделните му раздели."
    ),
    summary_en=(
        "The draft sets out how Sofia Municipality will develop e-services, open data, "
        "connectivity and digital skills up to 2030. We welcome comments on the whole "
        "document or on any of its sections."
    ),
    body_bg=md(
        """
        Столична община публикува за обществено обсъждане проекта на **Стратегия за цифрова
        трансформация на София 2026–2030**. Проектът е подготвен от направление „Цифрова
        трансформация“ с участието на представители на бизнеса, академичната общност и
        неправителствените организации.

        Стратегията поставя четири цели до 2030 г.:

        1. всички общински услуги да могат да се заявят, проследят и платят онлайн;
        2. данните на общината да са отворени по подразбиране;
        3. всеки жител да има достъп до интернет и умения да го ползва;
        4. общинските системи да са сигурни, достъпни и съвместими помежду си.

        Можете да коментирате целия документ или отделен раздел. След края на консултацията
        ще публикуваме справка с всички постъпили предложения и мотивите за неприетите, както
        изисква чл. 26 от Закона за нормативните актове.
        """
    ),
    body_en=md(
        """
        Sofia Municipality publishes for public consultation the draft **Digital
        Transformation Strategy of Sofia 2026–2030**. The draft was prepared by the Digital
        Transformation unit together with representatives of business, academia and
        non-governmental organisations.

        The strategy sets four goals for 2030:

        1. every municipal service can be requested, tracked and paid for online;
        2. the municipality's data is open by default;
        3. every resident has access to the internet and the skills to use it;
        4. municipal systems are secure, accessible and work with each other.

        You can comment on the whole document or on a single section. After the consultation
        closes we will publish a report of every proposal received, with the reasons for
        those not accepted, as article 26 of the Law on Normative Acts requires.
        """
    ),
    opens=-18,
    closes=26,
    created=-40,
    published=-25,
    sections=(
        DemoSection(
            "Визия и принципи",
            "Vision and principles",
            md(
                """
                През 2030 г. София е град, в който общината идва при хората онлайн, а не
                обратното. Стратегията следва пет принципа:

                - **цифрово по подразбиране**, с гише за всеки, който има нужда от него;
                - **веднъж стига**: общината не иска от жителите данни, които вече има;
                - **отвореност**: отворени данни, отворени стандарти и, където е възможно,
                  отворен код;
                - **достъпност** за хора с увреждания и за възрастни хора;
                - **сигурност и защита на личните данни** още при проектирането.
                """
            ),
            md(
                """
                In 2030 Sofia is a city where the municipality comes to people online, not the
                other way round. The strategy follows five principles:

                - **digital by default**, with a counter for everyone who needs one;
                - **once only**: the municipality does not ask residents for data it already
                  holds;
                - **openness**: open data, open standards and, where possible, open source;
                - **accessibility** for people with disabilities and for older people;
                - **security and data protection** by design.
                """
            ),
        ),
        DemoSection(
            "Електронни услуги",
            "E-services",
            md(
                """
                Част от общинските услуги вече могат да се заявят онлайн, но много от тях все
                още изискват посещение на гише, а плащането на местни данъци и такси често
                става на каса. До 2028 г. общината ще:

                - изгради единен портал за електронни услуги с вход чрез електронна
                  идентификация;
                - даде възможност за плащане с карта на всички местни данъци и такси;
                - показва етапа на всяка преписка и изпраща известие при промяна;
                - свърже районните администрации в обща система за документооборот.
                """
            ),
            md(
                """
                Some municipal services can already be requested online, but many still need
                a visit to a counter, and local taxes and fees are often paid at a cash desk.
                By 2028 the municipality will:

                - build a single e-services portal with login through electronic
                  identification;
                - accept card payments for every local tax and fee;
                - show the stage of every application and send a notice when it changes;
                - connect the district administrations in one document management system.
                """
            ),
        ),
        DemoSection(
            "Отворени данни",
            "Open data",
            md(
                """
                Общината публикува данните, които създава, в машинночетим вид и с отворен
                лиценз, освен когато законът изисква друго. Приоритет имат наборите с висока
                стойност: градски транспорт, качество на въздуха, бюджет и обществени поръчки,
                разрешения за строеж и пространствени данни. Наборите се публикуват и в
                Портала за отворени данни (data.egov.bg).
                """
            ),
            md(
                """
                The municipality publishes the data it creates in machine-readable form under
                an open licence, unless the law requires otherwise. High-value datasets come
                first: public transport, air quality, budget and public procurement, building
                permits and spatial data. The datasets are also published on the national Open
                Data Portal (data.egov.bg).
                """
            ),
        ),
        DemoSection(
            "Свързаност и Wi-Fi в публичните пространства",
            "Connectivity and public Wi-Fi",
            md(
                """
                Безплатен безжичен интернет в парковете, на площадите, в библиотеките и
                читалищата и на най-натоварените спирки, и оптична свързаност за всички
                общински училища и детски градини. Общината ще улесни изграждането на мрежи
                от пето поколение, като създаде единно звено за разрешенията за малки клетки.
                """
            ),
            md(
                """
                Free wireless internet in parks, squares, libraries and community centres and
                at the busiest public transport stops, and fibre connections for every
                municipal school and kindergarten. The municipality will make 5G roll-out
                easier with a single contact point for small-cell permits.
                """
            ),
        ),
        DemoSection(
            "Дигитални умения и приобщаване",
            "Digital skills and inclusion",
            md(
                """
                Много жители, особено възрастните хора, не ползват електронни услуги, защото
                не са сигурни как. Общината ще:

                - организира безплатни обучения в читалищата, библиотеките и клубовете на
                  пенсионера;
                - обучи „дигитални помощници“ във всяка районна администрация;
                - поддържа телефон за помощ за всички свои електронни услуги.
                """
            ),
            md(
                """
                Many residents, older people especially, do not use e-services because they are
                unsure how. The municipality will:

                - run free courses in community centres, libraries and pensioners' clubs;
                - train "digital helpers" in every district administration;
                - keep a help line for all of its e-services.
                """
            ),
        ),
        DemoSection(
            "Киберсигурност и изпълнение",
            "Cybersecurity and implementation",
            md(
                """
                Всички общински системи преминават оценка на риска и отговарят на Закона за
                киберсигурността и на Директива (ЕС) 2022/2555 (NIS2). Изпълнението се отчита
                всяка година с публичен доклад и отворени данни за показателите; за всяка мярка
                планът за действие (приложение 1) посочва отговорно звено, срок и бюджет.
                """
            ),
            md(
                """
                Every municipal system undergoes a risk assessment and meets the Cybersecurity
                Act and Directive (EU) 2022/2555 (NIS2). Progress is reported every year in a
                public report with open data on the indicators; for every measure the action
                plan (annex 1) names the responsible unit, the deadline and the budget.
                """
            ),
        ),
    ),
    documents=(
        _doc(
            DocumentKind.DRAFT_ACT,
            "Проект на Стратегия за цифрова трансформация на София 2026–2030",
            "proekt-strategia-cifrova-transformacia-2026-2030.pdf",
            "Draft Digital Transformation Strategy of Sofia 2026-2030",
        ),
        _doc(
            DocumentKind.MOTIVES,
            "Доклад с мотиви към проекта на стратегия",
            "doklad-motivi-strategia.pdf",
            "Report and motives: Digital Transformation Strategy",
        ),
        _doc(
            DocumentKind.IMPACT_ASSESSMENT,
            "Частична предварителна оценка на въздействието",
            "ocenka-na-vazdeistvieto-strategia.pdf",
            "Preliminary impact assessment: Digital Transformation Strategy",
        ),
        _doc(
            DocumentKind.OTHER,
            "Draft strategy: English working translation",
            "draft-digital-transformation-strategy-en.pdf",
            "Draft strategy: English working translation",
        ),
    ),
)

OPEN_DATA = DemoConsultation(
    key="open_data",
    kind=ConsultationKind.OTHER,
    title_bg="Политика за отворени данни на Столична община",
    title_en="Open Data Policy of Sofia Municipality",
    summary_bg=(
        "Кои данни общината публикува, в какъв вид, с какъв лиценз и кой отговаря за качеството им."
    ),
    summary_en=(
        "Which data the municipality publishes, in what form, under which licence, and who "
        "answers for its quality."
    ),
    body_bg=md(
        """
        Проектът на **Политика за отворени данни** определя кои данни Столична община
        публикува, в какъв вид и кой отговаря за тях. Политиката прилага Закона за достъп до
        обществена информация и Директива (ЕС) 2019/1024 относно отворените данни.

        По изключение консултацията продължава **21 дни**; причината е посочена на тази
        страница. Всички коментари, постъпили в срока, ще получат мотивиран отговор в
        справката.
        """
    ),
    body_en=md(
        """
        The draft **Open Data Policy** sets out which data Sofia Municipality publishes, in
        what form and who is responsible for it. The policy applies the Access to Public
        Information Act and Directive (EU) 2019/1024 on open data.

        Exceptionally, this consultation lasts **21 days**; the reason is stated on this page.
        Every comment received in time will get a reasoned answer in the report.
        """
    ),
    opens=-6,
    closes=15,
    created=-12,
    published=-8,
    exceptional_reason_bg=(
        "Политиката трябва да бъде внесена в Столичния общински съвет преди крайния срок за "
        "кандидатстване по програма „Цифрова Европа“, от която ще се финансира новият портал "
        "за отворени данни. Затова срокът е 21 вместо 30 дни."
    ),
    exceptional_reason_en=(
        "The policy must reach the Sofia Municipal Council before the application deadline "
        "of the Digital Europe Programme, which is to fund the new open data portal. The "
        "period is therefore 21 days instead of 30."
    ),
    sections=(
        DemoSection(
            "Обхват и принцип „отворени по подразбиране“",
            "Scope and the “open by default” principle",
            md(
                """
                Политиката обхваща данните, създавани или събирани от общинската
                администрация, районите и общинските предприятия. Всеки набор се публикува
                като отворени данни, освен ако съдържа лични данни, класифицирана информация
                или защитена търговска тайна. Отказът да се публикува набор се мотивира
                публично.
                """
            ),
            md(
                """
                The policy covers the data created or collected by the municipal
                administration, the districts and municipal enterprises. Every dataset is
                published as open data unless it contains personal data, classified
                information or protected trade secrets. A refusal to publish a dataset is
                explained publicly.
                """
            ),
        ),
        DemoSection(
            "Набори от данни с висока стойност",
            "High-value datasets",
            md(
                """
                През първата година общината публикува с приоритет:

                - разписанията и местоположението на превозните средства на градския транспорт;
                - измерванията от общинските станции за качество на въздуха;
                - бюджета, отчетите за изпълнението му и договорите за обществени поръчки;
                - разрешенията за строеж и за поставяне на преместваеми обекти;
                - пространствените данни: граници на районите, улична мрежа, зелени площи.
                """
            ),
            md(
                """
                In the first year the municipality publishes first:

                - public transport timetables and vehicle positions;
                - measurements from the municipal air-quality stations;
                - the budget, its execution reports and public procurement contracts;
                - building permits and permits for temporary structures;
                - spatial data: district boundaries, street network, green areas.
                """
            ),
        ),
        DemoSection(
            "Формати, лицензи и метаданни",
            "Formats, licences and metadata",
            md(
                """
                Данните се публикуват в отворени машинночетими формати (CSV, JSON, GeoJSON), с
                описание на полетата и честотата на обновяване. Лицензът по подразбиране е
                Creative Commons „Признание“ 4.0 (CC BY 4.0). Метаданните следват профила
                DCAT-AP, а наборите се публикуват и в Портала за отворени данни (data.egov.bg).
                """
            ),
            md(
                """
                Data is published in open machine-readable formats (CSV, JSON, GeoJSON) with a
                description of the fields and of how often it is updated. The default licence is
                Creative Commons Attribution 4.0 (CC BY 4.0). Metadata follows the DCAT-AP
                profile, and datasets are also published on the Open Data Portal
                (data.egov.bg).
                """
            ),
        ),
        DemoSection(
            "Качество, обратна връзка и отговорности",
            "Quality, feedback and responsibilities",
            md(
                """
                За всеки набор се определя отговорно звено и служител за контакт. Всеки може
                да съобщи за грешка или да поиска нов набор; общината отговаря в срок до 14
                дни. Всяка година се публикува отчет за изпълнението на политиката.
                """
            ),
            md(
                """
                Every dataset has a responsible unit and a contact person. Anyone can report an
                error or ask for a new dataset; the municipality answers within 14 days. A
                report on the policy's implementation is published every year.
                """
            ),
        ),
    ),
    documents=(
        _doc(
            DocumentKind.DRAFT_ACT,
            "Проект на Политика за отворени данни на Столична община",
            "proekt-politika-otvoreni-danni.pdf",
            "Draft Open Data Policy of Sofia Municipality",
        ),
        _doc(
            DocumentKind.MOTIVES,
            "Мотиви към проекта на политика",
            "motivi-politika-otvoreni-danni.pdf",
            "Motives: Open Data Policy",
        ),
        _doc(
            DocumentKind.IMPACT_ASSESSMENT,
            "Предварителна оценка на въздействието",
            "ocenka-vazdeistvie-otvoreni-danni.pdf",
            "Preliminary impact assessment: Open Data Policy",
        ),
    ),
)

E_SERVICES = DemoConsultation(
    key="e_services",
    kind=ConsultationKind.OTHER,
    title_bg="Изисквания към портала за електронни услуги",
    title_en="E-services portal requirements",
    summary_bg=(
        "Функционалните и техническите изисквания към новия общински портал за електронни "
        "услуги: вход, каталог на услугите, плащания, достъпност и проследяване на преписките."
    ),
    summary_en=(
        "The functional and technical requirements for the new municipal e-services portal: "
        "login, service catalogue, payments, accessibility and tracking of applications."
    ),
    body_bg=md(
        """
        Столична община подготвя изграждането на единен портал за електронни услуги. Преди да
        обявим обществената поръчка, публикуваме за обсъждане изискванията към портала, за да
        отразим нуждите на жителите, бизнеса и районните администрации.
        """
    ),
    body_en=md(
        """
        Sofia Municipality is preparing a single portal for its e-services. Before the public
        procurement is launched, we publish the portal's requirements for consultation, so
        that they reflect the needs of residents, businesses and district administrations.
        """
    ),
    opens=-52,
    closes=-14,
    created=-66,
    published=-60,
    closed=-13,
    sections=(
        DemoSection(
            "Единен вход и електронна идентификация",
            "Single sign-on and electronic identification",
            md(
                """
                Порталът използва националната схема за електронна идентификация и
                квалифицирания електронен подпис. Жителят влиза веднъж и вижда всичките си
                заявления, задължения и документи. Профилът на юридическо лице може да се
                управлява от няколко упълномощени лица.
                """
            ),
            md(
                """
                The portal uses the national electronic identification scheme and qualified
                electronic signatures. Residents log in once and see all their applications,
                dues and documents. A company's profile can be managed by several authorised
                people.
                """
            ),
        ),
        DemoSection(
            "Каталог на услугите и заявяване",
            "Service catalogue and applications",
            md(
                """
                Всяка услуга има описание на разбираем език, списък на нужните документи, срок
                и цена. Формулярите се попълват автоматично с данните, с които общината вече
                разполага, а документите се подават електронно.
                """
            ),
            md(
                """
                Every service has a plain-language description, the list of documents needed,
                a deadline and a price. Forms are pre-filled with the data the municipality
                already holds, and documents are submitted electronically.
                """
            ),
        ),
        DemoSection(
            "Електронни плащания на местни данъци и такси",
            "E-payments for local taxes and fees",
            md(
                """
                Порталът показва задълженията за данък върху недвижимите имоти, данък върху
                превозните средства и такса за битови отпадъци и позволява плащането им с
                банкова карта или превод през Единния портал за електронни плащания
                (pay.egov.bg).
                """
            ),
            md(
                """
                The portal shows what is due in property tax, vehicle tax and the household
                waste fee, and accepts payment by bank card or transfer through the national
                e-payment portal (pay.egov.bg).
                """
            ),
        ),
        DemoSection(
            "Достъпност и мобилни устройства",
            "Accessibility and mobile devices",
            md(
                """
                Порталът отговаря на стандарта EN 301 549 (WCAG 2.1, ниво AA), работи на
                мобилни устройства и е на български и английски език.
                """
            ),
            md(
                """
                The portal conforms to EN 301 549 (WCAG 2.1, level AA), works on mobile devices
                and is available in Bulgarian and English.
                """
            ),
        ),
        DemoSection(
            "Проследяване на преписки и известия",
            "Tracking applications and notifications",
            md(
                """
                Жителят вижда етапа на всяка своя преписка и получава известие по имейл при
                промяна. Служителите в районните администрации работят по преписката в същата
                система, без да преписват данни.
                """
            ),
            md(
                """
                Residents see the stage of each of their applications and get an e-mail when it
                changes. District staff work on the application in the same system, without
                copying data by hand.
                """
            ),
        ),
    ),
    documents=(
        _doc(
            DocumentKind.DRAFT_ACT,
            "Проект на техническо задание за портала за електронни услуги",
            "tehnichesko-zadanie-portal-e-uslugi.pdf",
            "Draft requirements: municipal e-services portal",
        ),
        _doc(
            DocumentKind.MOTIVES,
            "Обяснителна записка",
            "obyasnitelna-zapiska-portal-e-uslugi.pdf",
            "Explanatory note: municipal e-services portal",
        ),
    ),
)

WIFI = DemoConsultation(
    key="wifi",
    kind=ConsultationKind.PLAN,
    title_bg="План за безплатен Wi-Fi в публичните пространства на София 2025–2027",
    title_en="Plan for free Wi-Fi in Sofia's public spaces 2025–2027",
    summary_bg=(
        "Къде, как и в какви срокове общината изгражда безплатен безжичен интернет в "
        "парковете, на площадите, в библиотеките и на спирките на градския транспорт."
    ),
    summary_en=(
        "Where, how and when the municipality builds free wireless internet in parks, squares, "
        "libraries and at public transport stops."
    ),
    body_bg=md(
        """
        Планът предвижда безплатен безжичен интернет в публичните пространства на София на
        три етапа до 2027 г. Мрежата е отворена за всички, **без регистрация и без реклами**, и
        се финансира от бюджета на общината и от програмата на ЕС WiFi4EU.
        """
    ),
    body_en=md(
        """
        The plan brings free wireless internet to Sofia's public spaces in three phases up to
        2027. The network is open to everyone, **with no registration and no advertising**,
        and is funded by the municipal budget and the EU's WiFi4EU programme.
        """
    ),
    opens=-150,
    closes=-115,
    created=-172,
    published=-160,
    closed=-114,
    report=-92,
    sections=(
        DemoSection(
            "Приоритетни места",
            "Priority locations",
            md(
                """
                Първият етап обхваща Борисовата градина, Южния, Западния и Северния парк,
                площадите в центъра, общинските библиотеки и читалищата. Вторият етап добавя
                най-натоварените спирки на градския транспорт, а третият — парковете в
                крайните квартали.
                """
            ),
            md(
                """
                The first phase covers Borisova Gradina, South Park, West Park and North Park,
                the central squares, municipal libraries and community centres. The second
                phase adds the busiest public transport stops, and the third the parks of the
                outer districts.
                """
            ),
        ),
        DemoSection(
            "Техническо решение и стандарти",
            "Technical design and standards",
            md(
                """
                Точките за достъп поддържат Wi-Fi 6 и се управляват централизирано. Мрежата се
                вижда като „WiFi4EU“ на местата, финансирани от програмата, и като „Sofia Free
                Wi-Fi“ на останалите. Скоростта за един потребител е поне 30 Mbit/s.
                """
            ),
            md(
                """
                Access points support Wi-Fi 6 and are managed centrally. The network appears as
                "WiFi4EU" where the programme funds it and as "Sofia Free Wi-Fi" elsewhere.
                Each user gets at least 30 Mbit/s.
                """
            ),
        ),
        DemoSection(
            "Защита на личните данни",
            "Personal data protection",
            md(
                """
                Достъпът е без регистрация. Мрежата не събира имена, телефонни номера или
                профили в социални мрежи и не проследява потребителите с рекламна цел.
                Техническите записи се пазят в най-краткия допустим от закона срок.
                """
            ),
            md(
                """
                Access needs no registration. The network collects no names, phone numbers or
                social media profiles and does not track users for advertising. Technical logs
                are kept for the shortest period the law allows.
                """
            ),
        ),
        DemoSection(
            "Етапи и финансиране",
            "Phases and funding",
            md(
                """
                Първи етап — 2025 г., втори — 2026 г., трети — 2027 г. Изграждането се
                финансира от бюджета на Столична община и с ваучери по програмата WiFi4EU, а
                поддръжката — от бюджета на общината.
                """
            ),
            md(
                """
                Phase one in 2025, phase two in 2026, phase three in 2027. Construction is
                funded by the Sofia Municipality budget and WiFi4EU vouchers; maintenance by the
                municipal budget.
                """
            ),
        ),
    ),
    documents=(
        _doc(
            DocumentKind.DRAFT_ACT,
            "Проект на План за безплатен Wi-Fi в публичните пространства 2025–2027",
            "proekt-plan-wifi-2025-2027.pdf",
            "Draft plan: free Wi-Fi in Sofia's public spaces 2025-2027",
        ),
        _doc(
            DocumentKind.MOTIVES,
            "Доклад с мотиви към плана",
            "doklad-motivi-plan-wifi.pdf",
            "Report and motives: free Wi-Fi plan",
        ),
        _doc(
            DocumentKind.IMPACT_ASSESSMENT,
            "Предварителна оценка на въздействието на плана",
            "ocenka-vazdeistvie-plan-wifi.pdf",
            "Preliminary impact assessment: free Wi-Fi plan",
        ),
    ),
)

ACCESSIBILITY = DemoConsultation(
    key="accessibility",
    kind=ConsultationKind.NORMATIVE_ACT,
    title_bg=(
        "Наредба за достъпността на интернет страниците и мобилните приложения на Столична община"
    ),
    title_en="Ordinance on the accessibility of Sofia Municipality's websites and mobile apps",
    summary_bg=(
        "Проект на наредба, с която общината, районите и общинските предприятия правят "
        "сайтовете и мобилните си приложения достъпни за хора с увреждания."
    ),
    summary_en=(
        "A draft ordinance making the websites and mobile apps of the municipality, its "
        "districts and municipal enterprises accessible to people with disabilities."
    ),
    body_bg=md(
        """
        Проектът въвежда на местно ниво изискванията на Директива (ЕС) 2016/2102 относно
        достъпността на уебсайтовете и мобилните приложения на организациите от обществения
        сектор. Документите вече могат да бъдат прочетени; коментари се приемат от първия ден
        на консултацията.
        """
    ),
    body_en=md(
        """
        The draft applies locally the requirements of Directive (EU) 2016/2102 on the
        accessibility of the websites and mobile applications of public sector bodies. The
        documents can be read now; comments are accepted from the consultation's first day.
        """
    ),
    opens=7,
    closes=44,
    created=-10,
    published=-2,
    sections=(
        DemoSection(
            "Общи положения",
            "General provisions",
            md(
                """
                **Чл. 1.** Наредбата се прилага за всички интернет страници и мобилни
                приложения на Столична община, районните администрации, общинските предприятия
                и търговските дружества с общинско участие.
                """
            ),
            md(
                """
                **Art. 1.** The ordinance applies to every website and mobile application of
                Sofia Municipality, the district administrations, municipal enterprises and
                companies in which the municipality holds shares.
                """
            ),
        ),
        DemoSection(
            "Изисквания за достъпност",
            "Accessibility requirements",
            md(
                """
                **Чл. 2.** Съдържанието трябва да е възприемаемо, работещо, разбираемо и
                надеждно по смисъла на стандарта EN 301 549 (WCAG 2.1, ниво AA). Видеото има
                субтитри, документите се публикуват в достъпен формат, а формулярите могат да
                се попълват само с клавиатура.
                """
            ),
            md(
                """
                **Art. 2.** Content must be perceivable, operable, understandable and robust as
                defined by EN 301 549 (WCAG 2.1, level AA). Videos have captions, documents are
                published in an accessible format, and forms can be filled in with the keyboard
                alone.
                """
            ),
        ),
        DemoSection(
            "Декларация за достъпност",
            "Accessibility statement",
            md(
                """
                **Чл. 3.** Всяка страница и приложение публикува декларация за достъпност, която
                посочва недостъпните части, причините и алтернативите. Декларацията се
                преглежда поне веднъж годишно.
                """
            ),
            md(
                """
                **Art. 3.** Every website and app publishes an accessibility statement naming the
                parts that are not accessible, why, and the alternatives. The statement is
                reviewed at least once a year.
                """
            ),
        ),
        DemoSection(
            "Механизъм за обратна връзка",
            "Feedback mechanism",
            md(
                """
                **Чл. 4.** Всеки може да съобщи за проблем с достъпността или да поиска
                информацията в достъпен вид. Отговорът се дава в срок до 14 дни; при отказ
                лицето може да подаде сигнал до кмета.
                """
            ),
            md(
                """
                **Art. 4.** Anyone can report an accessibility problem or ask for the information
                in an accessible form. The answer comes within 14 days; after a refusal the
                person may complain to the mayor.
                """
            ),
        ),
        DemoSection(
            "Преходни и заключителни разпоредби",
            "Transitional and final provisions",
            md(
                """
                **§ 1.** Съществуващите интернет страници се привеждат в съответствие с
                наредбата в срок до 12 месеца от влизането ѝ в сила, а мобилните приложения —
                до 18 месеца.
                """
            ),
            "",  # not translated yet: the page shows the Bulgarian text with a note
        ),
    ),
    documents=(
        _doc(
            DocumentKind.DRAFT_ACT,
            "Проект на Наредба за достъпността на интернет страниците и мобилните приложения",
            "proekt-naredba-dostapnost.pdf",
            "Draft ordinance on web and mobile accessibility",
        ),
        _doc(
            DocumentKind.MOTIVES,
            "Мотиви към проекта на наредба",
            "motivi-naredba-dostapnost.pdf",
            "Motives: ordinance on web and mobile accessibility",
        ),
        _doc(
            DocumentKind.IMPACT_ASSESSMENT,
            "Частична предварителна оценка на въздействието",
            "ocenka-vazdeistvie-naredba-dostapnost.pdf",
            "Preliminary impact assessment: accessibility ordinance",
        ),
    ),
)

CYBERSECURITY = DemoConsultation(
    key="cybersecurity",
    kind=ConsultationKind.PLAN,
    title_bg="Програма за киберсигурност на общинските информационни системи 2027–2028",
    title_en="Cybersecurity programme for municipal information systems 2027–2028",
    summary_bg=(
        "Мерки за защита на общинските системи и на данните на жителите: оценка на риска, "
        "технически мерки и обучение на служителите."
    ),
    summary_en=(
        "Measures protecting municipal systems and residents' data: risk assessment, technical "
        "measures and staff training."
    ),
    body_bg=md(
        """
        Работен проект. Програмата изпълнява изискванията на Закона за киберсигурността към
        общинската администрация и ще бъде публикувана за обществено обсъждане.
        """
    ),
    body_en=md(
        """
        Working draft. The programme applies the Cybersecurity Act's requirements to the
        municipal administration and will be published for public consultation.
        """
    ),
    opens=21,
    closes=56,
    created=-3,
    sections=(
        DemoSection(
            "Оценка на риска",
            "Risk assessment",
            "Всички информационни системи на общината и районите се описват в регистър и се "
            "оценяват по риск. Системите с лични данни и плащания се преглеждат с приоритет.",
            "Every information system of the municipality and the districts is listed in a "
            "register and assessed for risk. Systems holding personal data or payments go first.",
        ),
        DemoSection(
            "Технически мерки",
            "Technical measures",
            "Двуфакторна автентикация за всички служители, резервни копия извън основния център "
            "за данни, централизирано наблюдение на събитията и редовни тестове за проникване.",
            "Two-factor authentication for all staff, backups outside the main data centre, "
            "central event monitoring and regular penetration tests.",
        ),
        DemoSection(
            "Обучение на служителите",
            "Staff training",
            "Всеки служител преминава годишно обучение за разпознаване на фишинг и сигурна "
            "работа с данни; ИТ специалистите — специализирано обучение.",
            "Every employee takes a yearly course on recognising phishing and handling data "
            "safely; IT specialists receive specialised training.",
        ),
    ),
    documents=(
        _doc(
            DocumentKind.DRAFT_ACT,
            "Работен проект на програмата",
            "rabotni-proekt-programa-kibersigurnost.pdf",
            "Working draft: municipal cybersecurity programme 2027-2028",
        ),
    ),
)

# Report published, closed, open (2), scheduled, draft: one of every phase.
CONSULTATIONS = (WIFI, E_SERVICES, STRATEGY, OPEN_DATA, ACCESSIBILITY, CYBERSECURITY)


# -- comments -----------------------------------------------------------------------------
@dataclass(frozen=True)
class DemoResponse:
    decision: ResponseDecision
    day: int
    reason_bg: str
    reason_en: str


@dataclass(frozen=True)
class DemoFlag:
    user: str
    reason: ReasonCode
    day: int
    note: str | None = None
    resolved: bool = False  # resolved when the moderator hid the item
    hour: int = 13


@dataclass(frozen=True)
class DemoComment:
    key: str
    consultation: str
    author: str
    day: int
    body: str
    language: str = "bg"
    section: int | None = None  # index into the consultation's sections
    parent: str | None = None
    show_name: bool = True
    hour: int = 10
    status: ModerationStatus = ModerationStatus.APPROVED
    reason: ReasonCode | None = None
    note: str | None = None
    wait_hours: int = 5  # from writing to the moderator's decision
    hidden_day: int | None = None
    response: DemoResponse | None = None
    flags: tuple[DemoFlag, ...] = ()


P, R, H = ModerationStatus.PENDING, ModerationStatus.REJECTED, ModerationStatus.HIDDEN

COMMENTS = (
    # -- Wi-Fi plan: report published, every approved comment answered ------------------
    DemoComment(
        "w1",
        "wifi",
        "citizen",
        -148,
        "Моля, добавете и спирките на трамваите по бул. „Черни връх“ и Южния парк. Там хората "
        "чакат дълго, а мобилният сигнал е слаб.",
        section=0,
        response=DemoResponse(
            ResponseDecision.ACCEPTED,
            -108,
            "Южният парк и спирките по бул. „Черни връх“ са включени в първия етап.",
            "South Park and the stops along Cherni Vrah Blvd are now in phase one.",
        ),
    ),
    DemoComment(
        "w2",
        "wifi",
        "business",
        -140,
        "Please use open standards such as Passpoint (Hotspot 2.0) so that people can roam "
        "between access points without logging in again, and publish anonymised usage "
        "statistics as open data.",
        language="en",
        section=1,
        hour=15,
        response=DemoResponse(
            ResponseDecision.PARTLY_ACCEPTED,
            -106,
            "Анонимизирана статистика за използването ще се публикува "
            "всяко тримесечие като отворени данни. Passpoint ще бъде оценен във втория етап, "
            "след избора на доставчик.",
            "Anonymised usage statistics will be published every quarter as "
            "open data. Passpoint will be assessed in phase two, once the supplier is chosen.",
        ),
    ),
    DemoComment(
        "w3",
        "wifi",
        "it-company",
        -135,
        "Предлагам мрежата да се издържа от реклама на страницата за вход, за да не тежи на "
        "бюджета.",
        section=3,
        show_name=False,
        response=DemoResponse(
            ResponseDecision.NOT_ACCEPTED,
            -104,
            "Рекламата на страницата за вход изисква проследяване на "
            "потребителите, което противоречи на раздел 3 от плана. Мрежата се финансира от "
            "бюджета на общината и от програмата WiFi4EU.",
            "Advertising on the login page would require tracking users, which "
            "section 3 of the plan rules out. The network is funded by the municipal budget "
            "and the WiFi4EU programme.",
        ),
    ),
    DemoComment(
        "w4",
        "wifi",
        "ngo",
        -130,
        "Настояваме за достъп до мрежата да не се изисква регистрация с телефонен номер или "
        "профил в социална мрежа.",
        section=2,
        hour=18,
        response=DemoResponse(
            ResponseDecision.NOTED,
            -104,
            "Планът вече предвижда достъп без регистрация и без "
            "събиране на лични данни (раздел 3).",
            "The plan already provides for access without registration and without "
            "collecting personal data (section 3).",
        ),
    ),
    DemoComment(
        "w5",
        "wifi",
        "academia",
        -128,
        "Подкрепяме. Добре е и срокът за пазене на техническите записи да е посочен изрично и "
        "да се вижда на страницата за вход.",
        section=2,
        parent="w4",
        response=DemoResponse(
            ResponseDecision.ACCEPTED,
            -103,
            "Срокът за съхранение на техническите записи ще се публикува на "
            "страницата за вход към мрежата.",
            "The retention period for technical logs will be shown on the network's login page.",
        ),
    ),
    DemoComment(
        "w6",
        "wifi",
        "yordan",
        -120,
        "Хубаво е, но нека някой покаже на възрастните хора как се свързват с безплатния "
        "интернет. Много от нас не знаят как.",
        hour=11,
        show_name=False,
        response=DemoResponse(
            ResponseDecision.NOTED,
            -100,
            "Обученията по дигитални умения са част от Стратегията за "
            "цифрова трансформация; в библиотеките и читалищата с нова точка за достъп ще има "
            "упътване на хартия.",
            "Digital skills courses are part of the Digital Transformation Strategy; "
            "libraries and community centres with a new access point will have printed "
            "instructions.",
        ),
    ),
    DemoComment(
        "w7",
        "wifi",
        "ivan",
        -138,
        "А защо не направите и градския транспорт безплатен?",
        status=R,
        reason=ReasonCode.OFF_TOPIC,
        note="Коментарът не е по предмета на плана за безжичен интернет.",
    ),
    DemoComment(
        "w8",
        "wifi",
        "gergana",
        -125,
        "Предлагам точка за достъп пред нашия блок — Гергана Тодорова, ж.к. „Люлин 3“, "
        "бл. 312, вх. Б, ет. 4. Децата нямат интернет вкъщи.",
        section=0,
        status=H,
        reason=ReasonCode.PERSONAL_DATA,
        note="Коментарът съдържа домашен адрес. Моля, изпратете го отново без точния адрес.",
        hidden_day=-123,
        flags=(DemoFlag("district", ReasonCode.PERSONAL_DATA, -124, resolved=True),),
    ),
    # -- E-services portal: closed, partly answered ------------------------------------
    DemoComment(
        "e1",
        "e_services",
        "citizen",
        -48,
        "Моля порталът да позволява плащане на данък сгради и такса за битови отпадъци с "
        "банкова карта и да изпраща напомняне преди падежа.",
        section=2,
        response=DemoResponse(
            ResponseDecision.ACCEPTED,
            -10,
            "Изискванията са допълнени с плащане с карта през Единния портал за "
            "електронни плащания и с напомняне по имейл 14 дни преди падежа.",
            "The requirements now include card payments through the national "
            "e-payment portal and an e-mail reminder 14 days before the due date.",
        ),
    ),
    DemoComment(
        "e2",
        "e_services",
        "yordan",
        -46,
        "И да може близък човек да плати вместо мен, ако аз не мога да работя с компютър.",
        section=2,
        parent="e1",
        hour=17,
    ),
    DemoComment(
        "e3",
        "e_services",
        "ngo",
        -45,
        "Входът не трябва да изисква само квалифициран електронен подпис. Предлагаме и вход с "
        "национална електронна идентификация, а за справочните услуги — с имейл и парола.",
        section=0,
        response=DemoResponse(
            ResponseDecision.PARTLY_ACCEPTED,
            -9,
            "Добавя се вход с електронна идентификация. Вход с парола ще "
            "има за справочните услуги, но не и за заявяване, защото законът изисква надеждна "
            "идентификация на заявителя.",
            "Login with electronic identification is added. Password login "
            "will be available for information services, not for applications, since the law "
            "requires reliable identification of the applicant.",
        ),
    ),
    DemoComment(
        "e4",
        "e_services",
        "it-company",
        -40,
        "Предлагам общината да не прави собствен портал, а изцяло да ползва държавния портал "
        "за електронни услуги.",
        section=1,
        response=DemoResponse(
            ResponseDecision.NOT_ACCEPTED,
            -7,
            "Част от местните услуги (паркиране, разрешения за ползване на "
            "терени) изискват връзка с общински регистри, която държавният портал не "
            "поддържа. Порталът ще използва общите държавни компоненти — идентификация, "
            "плащания и връчване — без да ги дублира.",
            "Some local services (parking, permits to use public land) need "
            "municipal registers the national portal does not connect to. The portal will "
            "reuse the shared national components (identification, payments, delivery) "
            "rather than duplicate them.",
        ),
    ),
    DemoComment(
        "e5",
        "e_services",
        "other",
        -35,
        "Please test the portal with people who use screen readers before launch, not only "
        "with automated checkers.",
        language="en",
        section=3,
        hour=20,
        response=DemoResponse(
            ResponseDecision.NOTED,
            -5,
            "Тестове с потребители на екранни четци ще бъдат част от "
            "приемането на портала; изискването се покрива от раздел 4 (EN 301 549).",
            "Testing with screen reader users will be part of the portal's acceptance; "
            "section 4 (EN 301 549) already covers the requirement.",
        ),
    ),
    DemoComment(
        "e6",
        "e_services",
        "district",
        -30,
        "За районните администрации е важно служителите да виждат преписката в същата "
        "система, а не да преписват данни от портала в деловодството.",
        section=4,
    ),
    DemoComment(
        "e7",
        "e_services",
        "academia",
        -20,
        "We recommend publishing anonymised statistics on processing times for each service. "
        "Residents and researchers could then see where the bottlenecks are.",
        language="en",
        hour=14,
    ),
    DemoComment(
        "e8",
        "e_services",
        "ivan",
        -25,
        "Искам да плащам данъците с карта онлайн.",
        section=2,
        status=R,
        reason=ReasonCode.DUPLICATE,
        note="Същото предложение вече е публикувано към раздел 3; можете да го подкрепите там.",
    ),
    # -- Digital Transformation Strategy: open --------------------------------------------
    DemoComment(
        "s1",
        "strategy",
        "citizen",
        -16,
        "Най-голямото неудобство днес е, че за една услуга се ходи по няколко пъти до "
        "районната администрация. Предлагам стратегията да има ясна цел: до 2028 г. всички "
        "услуги по местни данъци и такси да се заявяват изцяло онлайн, а етапът на "
        "преписката да се вижда в профила.",
        section=1,
    ),
    DemoComment(
        "s2",
        "strategy",
        "ngo",
        -15,
        "От „Код за България“ предлагаме софтуерът, разработен с публични средства, да се "
        "публикува с отворен лиценз, а стратегията да предвиди публичен регистър на "
        "общинските информационни системи и договорите за тях. Това намалява зависимостта "
        "от един доставчик и позволява и други общини да ползват същите решения.",
        hour=19,
    ),
    DemoComment(
        "s3",
        "strategy",
        "academia",
        -14,
        "Подкрепяме предложението. Софийският университет може да включи студенти в "
        "поддръжката на отворените решения чрез стажове и дипломни работи, ако кодът и "
        "документацията са публични.",
        parent="s2",
    ),
    DemoComment(
        "s4",
        "strategy",
        "yordan",
        -13,
        "Много възрастни хора в Красна поляна нямат кой да им покаже как се ползва "
        "електронен подпис или как се плаща данък онлайн. Обучения в читалищата и в "
        "клубовете на пенсионера, в малки групи и с търпение, ще помогнат повече от "
        "видеоуроците.",
        section=4,
        show_name=False,
    ),
    DemoComment(
        "s5",
        "strategy",
        "business",
        -12,
        "Sofia Tech Park supports the connectivity goals. We suggest a measurable target for "
        "fibre and 5G coverage around business and university zones, and a single municipal "
        "contact point for small-cell permits, which today can take months.",
        language="en",
        section=3,
        hour=16,
    ),
    DemoComment(
        "s6",
        "strategy",
        "it-company",
        -11,
        "Препоръчвам редовни независими тестове за проникване на общинските системи и "
        "програма за отговорно разкриване на уязвимости, за да могат специалистите да "
        "съобщават за пропуски, без да се опасяват от правни последици.",
        section=5,
        show_name=False,
    ),
    DemoComment(
        "s7",
        "strategy",
        "academia",
        -10,
        "Предлагаме данните за градския транспорт и за качеството на въздуха да се публикуват "
        "с исторически архив, а не само текущите стойности. За изследванията са нужни поне "
        "няколко години назад.",
        section=2,
    ),
    DemoComment(
        "s8",
        "strategy",
        "supporter07",
        -10,
        "Нашата фирма предлага цялостни решения за дигитализация с 30% отстъпка до края на "
        "месеца! Пишете ни за оферта: https://oferta.example",
        hour=8,
        wait_hours=2,
        status=H,
        reason=ReasonCode.SPAM,
        note="Търговско съобщение, което не е по проекта на стратегия.",
        hidden_day=-9,
        flags=(
            DemoFlag("ngo", ReasonCode.SPAM, -10, resolved=True),
            DemoFlag("citizen", ReasonCode.SPAM, -9, resolved=True),
        ),
    ),
    DemoComment(
        "s9",
        "strategy",
        "ivan",
        -9,
        "Миналия месец чаках три часа на гише 4 в района, а служителката Петя Колева ми каза "
        "да ѝ звъня на личния телефон 0888 123 456. Трябва онлайн записване на час!",
        section=1,
        status=R,
        reason=ReasonCode.PERSONAL_DATA,
        note=(
            "Коментарът съдържа име и телефон на служител. Моля, изпратете го отново без "
            "личните данни: предложението за онлайн записване на час е ценно."
        ),
    ),
    DemoComment(
        "s10",
        "strategy",
        "gergana",
        -8,
        "Кога ще бъде ремонтиран тротоарът на бул. „Царица Йоанна“? Дупките са опасни.",
        status=R,
        reason=ReasonCode.OFF_TOPIC,
        note="Сигналите за ремонти се подават през платформата Call Sofia.",
    ),
    DemoComment(
        "s11",
        "strategy",
        "district",
        -7,
        "Досегашните стратегии останаха на хартия. Без бюджет по години и без отговорни "
        "звена и тази ще остане пожелание. Искам да видя конкретни суми и срокове за всяка "
        "мярка.",
        section=0,
        hour=12,
        flags=(
            DemoFlag(
                "ivan",
                ReasonCode.OFFENSIVE,
                -5,
                "Звучи обидно към служителите на общината.",
            ),
        ),
    ),
    DemoComment(
        "s12",
        "strategy",
        "gergana",
        -2,
        "Бих искала данните за ремонтите на улици и спирането на водата да се показват на "
        "карта в реално време, а не само като съобщения на сайта.",
        section=2,
        status=P,
    ),
    DemoComment(
        "s13",
        "strategy",
        "other",
        -1,
        "As a foreign resident I would welcome English versions of the most used e-services, "
        "at least for local taxes, parking and address registration. Many of my neighbours "
        "give up and queue at the counter instead.",
        language="en",
        hour=21,
        status=P,
    ),
    DemoComment(
        "s14",
        "strategy",
        "ivan",
        -1,
        "Съгласен съм. И плащането да става с карта направо от профила, без да се преписват "
        "партидни номера.",
        section=1,
        parent="s1",
        hour=9,
        status=P,
    ),
    # -- Open Data Policy: open, exceptional period ------------------------------------
    DemoComment(
        "o1",
        "open_data",
        "ngo",
        -5,
        "Предлагаме изрично да не се приема публикуване на таблици само като PDF или "
        "сканирани документи. Всеки набор да има машинночетим формат (CSV, JSON или GeoJSON) "
        "и описание на полетата.",
        section=2,
    ),
    DemoComment(
        "o2",
        "open_data",
        "business",
        -4,
        "Please include real-time parking occupancy and public transport positions among the "
        "high-value datasets, with a documented API and published rate limits. Start-ups in "
        "Sofia Tech Park would build services on them.",
        language="en",
        section=1,
        hour=11,
    ),
    DemoComment(
        "o3",
        "open_data",
        "academia",
        -3,
        "Подкрепям. Важно е интерфейсът да е стабилен и с версии, иначе приложенията спират "
        "да работят при всяка промяна.",
        section=1,
        parent="o2",
    ),
    DemoComment(
        "o4",
        "open_data",
        "citizen",
        -4,
        "Ще е полезно към всеки набор да има кратко обяснение на разбираем език какво "
        "съдържа, а не само техническо описание.",
        show_name=False,
        hour=20,
    ),
    DemoComment(
        "o5",
        "open_data",
        "other",
        -1,
        "Who answers if a dataset has errors? Please name a contact for each dataset and a "
        "deadline for corrections.",
        language="en",
        section=3,
        status=P,
    ),
)


# -- proposals ----------------------------------------------------------------------------
@dataclass(frozen=True)
class DemoAnswer:
    stage: Stage
    day: int
    answer_bg: str
    answer_en: str


@dataclass(frozen=True)
class DemoProposal:
    key: str
    author: str
    category: str
    day: int
    title: str
    body: str
    language: str = "bg"
    status: ModerationStatus = ModerationStatus.APPROVED
    reason: ReasonCode | None = None
    note: str | None = None
    wait_hours: int = 20
    # Supports: `over` more than the threshold, or else this share of it (always below it).
    over: int | None = None
    share: float = 0.0
    answers: tuple[DemoAnswer, ...] = ()
    flags: tuple[DemoFlag, ...] = ()


PROPOSALS = (
    DemoProposal(
        "wifi_parks",
        "citizen",
        "connectivity",
        -210,
        "Безплатен Wi-Fi в парковете и на най-натоварените спирки",
        "Предлагам общината да изгради безплатен безжичен интернет в големите паркове — "
        "Борисовата градина, Южния, Западния и Северния парк — и на най-натоварените спирки "
        "на градския транспорт. Така и хората без мобилен интернет ще могат да проверят "
        "разписанието, да си купят билет или да ползват електронна услуга.",
        over=21,
        answers=(
            DemoAnswer(
                Stage.ACCEPTED,
                -170,
                "Приема се. Предложението е включено в Плана за безплатен Wi-Fi в публичните "
                "пространства на София 2025–2027, който ще бъде обсъден публично.",
                "Accepted. The proposal is part of the Plan for free Wi-Fi in Sofia's public "
                "spaces 2025–2027, which will be put to public consultation.",
            ),
            DemoAnswer(
                Stage.IMPLEMENTED,
                -30,
                "Изпълнено. Безплатен Wi-Fi работи в четирите големи парка и на 40 спирки; "
                "картата на покритието е публикувана като отворени данни.",
                "Implemented. Free Wi-Fi now works in the four large parks and at 40 stops; the "
                "coverage map is published as open data.",
            ),
        ),
    ),
    DemoProposal(
        "tax_payments",
        "ivan",
        "e_services",
        -120,
        "Плащане на местните данъци с карта онлайн и напомняне преди срока",
        "За да платя данък сгради и такса за битови отпадъци, трябва да търся партидния номер "
        "и да ходя до каса. Предлагам в профила на всеки жител да се виждат задълженията му, "
        "да се плащат с карта с едно натискане и да идва напомняне по имейл преди падежа.",
        over=14,
        answers=(
            DemoAnswer(
                Stage.ACCEPTED,
                -70,
                "Приема се. Плащането с карта и напомнянията са включени в изискванията към "
                "новия портал за електронни услуги, които ще бъдат обсъдени публично.",
                "Accepted. Card payments and reminders are part of the requirements for the new "
                "e-services portal, which will be put to public consultation.",
            ),
        ),
    ),
    DemoProposal(
        "senior_skills",
        "yordan",
        "digital_skills",
        -80,
        "Безплатни курсове по дигитални умения за възрастни хора в читалищата",
        "Много пенсионери искат да ползват електронни услуги, но нямат кой да им покаже как. "
        "Предлагам във всеки район да има безплатни курсове в читалищата, в малки групи: как "
        "се ползва смартфон, електронна поща и видеоразговори, как се плаща онлайн и как да "
        "се пазим от измами.",
        over=8,
        answers=(
            DemoAnswer(
                Stage.UNDER_REVIEW,
                -40,
                "Предложението се разглежда от направление „Цифрова трансформация“ заедно с "
                "дирекция „Култура“. Проверяваме кои читалища имат зали и техника и ще "
                "отговорим окончателно до два месеца.",
                "The Digital Transformation unit is reviewing the proposal with the Culture "
                "directorate. We are checking which community centres have rooms and equipment "
                "and will give a final answer within two months.",
            ),
        ),
    ),
    DemoProposal(
        "smart_parking",
        "it-company",
        "smart_mobility",
        -60,
        "Сензори за свободните места в синята и зелената зона",
        "Шофьорите обикалят квартала, докато намерят място, и това увеличава задръстванията "
        "и замърсяването. Предлагам сензори за заетостта на местата в синята и зелената зона, "
        "а свободните места да се виждат в приложението за паркиране и като отворени данни.",
        over=2,
    ),
    DemoProposal(
        "signals_app",
        "district",
        "e_services",
        -100,
        "Ново мобилно приложение за сигнали за нередности",
        "Предлагам общината да създаде мобилно приложение, в което жителите подават сигнали "
        "за дупки, счупено осветление и неправилно паркиране със снимка и местоположение.",
        over=5,
        answers=(
            DemoAnswer(
                Stage.REJECTED,
                -60,
                "Не се приема. Столична община вече поддържа платформата Call Sofia, която "
                "приема сигнали със снимка и местоположение от сайт и мобилно приложение. "
                "Вместо ново приложение ще подобрим Call Sofia: ще добавим проследяване на "
                "сигнала на карта и известия за напредъка.",
                "Not accepted. Sofia Municipality already runs the Call Sofia platform, which "
                "takes reports with a photo and location from the web and a mobile app. Instead "
                "of a new app we will improve Call Sofia, adding a map to follow each report and "
                "progress notifications.",
            ),
        ),
    ),
    DemoProposal(
        "air_quality",
        "academia",
        "open_data",
        -45,
        "Данните за качеството на въздуха в реално време като отворени данни",
        "Общината има собствени станции за измерване на фини прахови частици, но данните се "
        "виждат само като графики на сайта. Предлагаме да се публикуват като отворени данни, "
        "с архив и документиран интерфейс, за да могат изследователи и граждани да ги "
        "анализират.",
        share=0.84,
    ),
    DemoProposal(
        "english_services",
        "other",
        "e_services",
        -30,
        "English versions of the most used municipal e-services",
        "Tens of thousands of foreign residents, students and investors live in Sofia. I "
        "propose that the most used e-services (local taxes, parking, address registration, "
        "waste collection) get an English interface and English instructions.",
        language="en",
        share=0.36,
        flags=(
            DemoFlag(
                "supporter12",
                ReasonCode.DUPLICATE,
                -6,
                "Similar to a comment on the Digital Transformation Strategy.",
            ),
        ),
    ),
    DemoProposal(
        "single_profile",
        "ngo",
        "e_services",
        -20,
        "Единен профил за всички общински електронни услуги",
        "Днес различните общински системи имат отделни регистрации. Предлагаме един профил с "
        "вход чрез електронна идентификация, в който жителят вижда всичките си заявления, "
        "плащания и известия.",
        share=0.12,
    ),
    DemoProposal(
        "accessible_sites",
        "gergana",
        "accessibility",
        -9,
        "Достъпни общински сайтове за хора със зрителни увреждания",
        "Баща ми е с увредено зрение и не може да ползва повечето общински сайтове с екранен "
        "четец. Предлагам всички сайтове на общината и районите да бъдат проверени и поправени "
        "според стандарта за достъпност и да има телефон за помощ.",
        share=0.06,
    ),
    DemoProposal(
        "zoning_archive",
        "business",
        "open_data",
        -2,
        "Digital archive of zoning plans, searchable by address",
        "Architects and residents still have to visit the archive to see an old zoning plan. "
        "Please scan the plans and publish them on a map where one can search by address.",
        language="en",
        status=P,
    ),
    DemoProposal(
        "library_card",
        "citizen",
        "digital_skills",
        -1,
        "Една електронна читателска карта за всички общински библиотеки",
        "Предлагам една електронна карта, с която да се заемат книги от всяка общинска "
        "библиотека и да се ползват електронните ресурси от вкъщи.",
        status=P,
    ),
    DemoProposal(
        "wifi_everywhere",
        "supporter03",
        "connectivity",
        -25,
        "Интернет навсякъде в парковете!",
        "Искам безплатен интернет във всички паркове.",
        status=R,
        reason=ReasonCode.DUPLICATE,
        note=(
            "Същото предложение вече е прието и изпълнено: „Безплатен Wi-Fi в парковете и на "
            "най-натоварените спирки“."
        ),
    ),
    DemoProposal(
        "parking_garage",
        "supporter05",
        "smart_mobility",
        -15,
        "Многоетажен паркинг до метростанцията в „Младост 1“",
        "Вечер в „Младост 1“ няма къде да се паркира. Предлагам многоетажен паркинг до "
        "метростанцията.",
        status=R,
        reason=ReasonCode.OFF_TOPIC,
        note=(
            "Предложението е за строителство, а не за цифрова услуга. Можете да го изпратите "
            "на район „Младост“ или чрез Call Sofia."
        ),
    ),
)

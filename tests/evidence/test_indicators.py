"""Every indicator computed on a small world whose values are worked out by hand below.

The world is built by the `world` fixture in conftest.py.

The period is the calendar year 2024 in Sofia (EET, UTC+2 in winter, EEST, UTC+3 in summer).
Stored moments are naive UTC, as in the application.

Participants (sector, district):
    A citizen, lozenets     B business, mladost     C ngo, mladost
    D academia, (none)      E citizen, lyulin (active only in 2023)
    F citizen, lyulin (only supports a proposal in 2024)
Staff S and moderator M act, but never contribute.

Consultations (first day – last day, duration = last − first):
    K1 normative act  2024-03-01 – 2024-04-05  35 d  published 2024-02-10  report 2024-04-25
       full dossier, bilingual, one complete section
    K2 strategy       2024-05-10 – 2024-05-30  20 d  reason given  published 2024-05-01
       closed early on 2024-05-20; draft act + motives only; no English title
    K3 plan           2024-12-20 – 2025-01-25  36 d  published 2024-12-06 22:30 UTC
       (= 2024-12-07 00:30 in Sofia: 13 days' notice, not 14); one section without an
       English heading
    K4 other          2023-12-01 – 2024-01-05  35 d  (opened in 2023, closed in 2024)
    K5 other          2024-07-01 – 2024-07-31  30 d  no recorded publication moment
    D1 draft          2024-06-01 – 2024-07-15  (never public: counts nowhere)

C(2024) = {K1, K2, K3, K5}: four consultations, one of each kind.
K(2024) = {K1 (closing day 04-05), K2 (05-20, early), K4 (01-05), K5 (07-31)}; K3 closes in 2025.
"""

from datetime import date, timedelta

import pytest

from app.evidence import compute as c
from app.evidence.definitions import INDICATORS

START, END = date(2024, 1, 1), date(2024, 12, 31)


def value(result):
    return (result.value, result.numerator, result.denominator)


def rows(result) -> dict:
    return {r.key: (r.value, r.numerator, r.denominator) for r in result.breakdown}


def test_every_defined_indicator_is_computed_here():
    tested = {
        "GLAS-C01", "GLAS-C02", "GLAS-C03", "GLAS-C04", "GLAS-C05",
        "GLAS-P01", "GLAS-P02", "GLAS-P03", "GLAS-P04", "GLAS-P05",
        "GLAS-R01", "GLAS-R02", "GLAS-I01", "GLAS-I02", "GLAS-I03", "GLAS-I04",
        "GLAS-M01", "GLAS-M02", "GLAS-O01", "GLAS-O02",
    }  # fmt: skip
    assert {i.id for i in INDICATORS} == tested


def test_consultation_process(world):
    # C01: C(2024) = K1, K2, K3, K5: one of each kind (K4 opened in 2023, D1 is a draft).
    held = c.consultations_held(START, END)
    assert value(held) == (4, 4, None)
    assert rows(held) == {
        "normative_act": (1, 1, None),
        "strategy": (1, 1, None),
        "plan": (1, 1, None),
        "other": (1, 1, None),
    }
    # C02: durations K1 35, K2 20, K3 36, K5 30 → three of four reach 30: 3/4 = 75 %.
    long_enough = c.lasting_30_days(START, END)
    assert value(long_enough) == (75.0, 3, 4)
    assert rows(long_enough)["strategy"] == (0.0, 0, 1)
    # C03: only K2 lasts 14–29 days, and its reason is published: 1/4 = 25 %.
    assert value(c.short_with_reason(START, END)) == (25.0, 1, 4)
    # C04 (N = 14): K1 announced 02-10 for 03-01 = 20 days ✓; K2 05-01 → 05-10 = 9 ✗;
    # K3 published 12-06 22:30 UTC = 12-07 in Sofia → 12-20 = 13 ✗; K5 never recorded ✗.
    notice = c.advance_notice(START, END)
    assert value(notice) == (25.0, 1, 4)
    assert rows(notice)["normative_act"] == (100.0, 1, 1)
    # C05: K1 has draft act + motives + impact assessment; K2 lacks the assessment: 1/4.
    assert value(c.complete_dossier(START, END)) == (25.0, 1, 4)


def test_advance_notice_follows_the_setting(app, world):
    # N = 13: K3 (13 days on Sofia's calendar) qualifies too: 2/4 = 50 %.
    app.config["EVIDENCE_ADVANCE_NOTICE_DAYS"] = 13
    assert value(c.advance_notice(START, END)) == (50.0, 2, 4)
    # N = 9: and K2 (9 days): 3/4 = 75 %.
    app.config["EVIDENCE_ADVANCE_NOTICE_DAYS"] = 9
    assert value(c.advance_notice(START, END)) == (75.0, 3, 4)


def test_participation(world):
    # Contributions in 2024 not rejected: comments by A, B, C, D (D's hidden one counts, and
    # so does A's pending one), proposals by A, B, C, D, a support by F. E was active only in
    # 2023. Participants: A, B, C, D, F = 5; citizens A and F.
    participants = c.participants(START, END)
    assert value(participants) == (5, 5, None)
    assert rows(participants) == {
        "citizen": (2, 2, None),
        "business": (1, 1, None),
        "academia": (1, 1, None),
        "ngo": (1, 1, None),
        "public_administration": (0, 0, None),
        "other": (0, 0, None),
    }
    # P02: 5 / 10,000 residents × 1,000 = 0.5. Lozenets 1/2,000 × 1,000 = 0.5; Mladost
    # (B, C) 2/3,000 × 1,000 = 0.667; Lyulin (F) 1/5,000 × 1,000 = 0.2; D has no district.
    per_thousand = c.participants_per_thousand(START, END)
    assert value(per_thousand) == (0.5, 5, 10_000)
    by_district = rows(per_thousand)
    assert by_district["lozenets"] == (0.5, 1, 2_000)
    assert by_district["mladost"][0] == pytest.approx(2 / 3)
    assert by_district["lyulin"] == (0.2, 1, 5_000)
    assert by_district[None] == (None, 1, None)
    assert by_district["sredets"] == (None, 0, None)  # no population configured for it
    # P03: published comments on C(2024): K1 has c1, c2, c3, c5 (4), K2 c6 (1), K3 c8 (1),
    # K5 none → 6 / 4 consultations = 1.5.
    per_consultation = c.comments_per_consultation(START, END)
    assert value(per_consultation) == (1.5, 6, 4)
    assert rows(per_consultation)["normative_act"] == (4.0, 4, 1)
    assert rows(per_consultation)["other"] == (0.0, 0, 1)
    # P04: published comments written in 2024: c1 (A), c2 (B), c3 (C), c5 (D), c6 (B), c8 (C)
    # = 6 by 4 authors → 1.5. Business: B wrote 2 → 2.0; citizen: A wrote 1 → 1.0.
    per_participant = c.comments_per_participant(START, END)
    assert value(per_participant) == (1.5, 6, 4)
    assert rows(per_participant)["business"] == (2.0, 2, 1)
    assert rows(per_participant)["citizen"] == (1.0, 1, 1)
    assert rows(per_participant)["other"] == (None, 0, 0)


def test_territorial_balance(world):
    # Declared districts: Lozenets 1 (A), Mladost 2 (B, C), Lyulin 1 (F): P = 4.
    # Residents: 2,000 / 3,000 / 5,000: R = 10,000.
    # D = ½ (|1/4 − 0.2| + |2/4 − 0.3| + |1/4 − 0.5|) = ½ (0.05 + 0.2 + 0.25) = 0.25
    balance = c.dissimilarity(START, END)
    assert balance.value == pytest.approx(0.25)
    assert (balance.numerator, balance.denominator) == (4, 10_000)
    mladost = next(r for r in balance.breakdown if r.key == "mladost")
    assert (mladost.value, mladost.reference) == (50.0, 30.0)


def test_responsiveness(world):
    # R01 on K(2024) = K1, K2, K4, K5: published comments c1 ✓ (Bulgarian reason),
    # c2 ✓ (English reason), c3 ✗ (response without reasons), c5 ✗ (no response),
    # c6 ✓, c9 ✗ (K4, no response) → 3/6 = 50 %.
    # By sector: citizen c1 ✓ c9 ✗ = 50 %; business c2 ✓ c6 ✓ = 100 %; NGO c3 ✗ = 0 %.
    reasoned = c.reasoned_responses(START, END)
    assert value(reasoned) == (50.0, 3, 6)
    assert rows(reasoned)["citizen"] == (50.0, 1, 2)
    assert rows(reasoned)["business"] == (100.0, 2, 2)
    assert rows(reasoned)["ngo"] == (0.0, 0, 1)
    assert rows(reasoned)["public_administration"] == (None, 0, 0)
    # R02: only K1 has its report: closing day 04-05 → report 04-25 (12:00 or 13:00 in
    # Sofia) = 20 days; one observation of the four consultations in K(2024).
    to_report = c.days_to_report(START, END)
    assert value(to_report) == (20, 1, 4)
    assert rows(to_report)["strategy"] == (None, 0, 1)


def test_proposals(world):
    # Proposals of 2024 (published): p1 A, p2 B, p3 A, p4 C, p5 D (p6 was rejected; p7 is
    # from 2023). Support threshold: 3.
    # I01: first answers after 10.0 (p1), 4.5 (p2), 2.0 (p3), 6.0 (p4) days; p5 unanswered.
    # Median of 2.0, 4.5, 6.0, 10.0 = (4.5 + 6.0) / 2 = 5.25 days.
    first_answer = c.days_to_first_answer(START, END)
    assert value(first_answer) == (5.25, 4, 5)
    assert rows(first_answer)["citizen"] == (6.0, 2, 2)  # median of 10.0 and 2.0
    assert rows(first_answer)["academia"] == (None, 0, 1)
    # I02: p1 (recorded moment) and p4 (4 supports ≥ 3) reached it: 2/5 = 40 %.
    threshold = c.reaching_threshold(START, END)
    assert value(threshold) == (40.0, 2, 5)
    assert rows(threshold)["ngo"] == (100.0, 1, 1)
    assert rows(threshold)["citizen"] == (50.0, 1, 2)
    # I03: decided: p1 implemented, p2 accepted, p3 not accepted (p4 under review is not a
    # decision): accepted 2 of 3 = 66.7 %.
    accepted = c.accepted_share(START, END)
    assert accepted.value == pytest.approx(200 / 3)
    assert (accepted.numerator, accepted.denominator) == (2, 3)
    assert rows(accepted)["ngo"] == (None, 0, 0)
    # I04: implemented p1 of accepted p1, p2: 1/2 = 50 %.
    traced = c.traced_to_implementation(START, END)
    assert value(traced) == (50.0, 1, 2)
    assert rows(traced)["business"] == (0.0, 0, 1)


def test_moderation(world):
    # First decisions logged in 2024: approve c1 (2 h), reject c4 spam (1 h), approve c5
    # (3 h), approve c6 (8 h), approve p1 (24 h), reject p6 duplicate (5 h) = 6 decisions.
    # M01: 2 rejections / 6 = 33.3 %; spam 1/6, duplicate 1/6. (The 2023 approval and the
    # hiding of c10 do not count.)
    rejected = c.rejection_rate(START, END)
    assert rejected.value == pytest.approx(100 / 3)
    assert (rejected.numerator, rejected.denominator) == (2, 6)
    assert rows(rejected)["spam"][1:] == (1, 6)
    assert rows(rejected)["duplicate"][0] == pytest.approx(100 / 6)
    assert rows(rejected)["offensive"] == (0.0, 0, 6)
    # M02: hours 1, 2, 3, 5, 8, 24 → median (3 + 5) / 2 = 4.0. Comments 1, 2, 3, 8 → 2.5;
    # proposals 5, 24 → 14.5.
    hours = c.hours_to_decision(START, END)
    assert value(hours) == (4.0, 6, None)
    assert rows(hours) == {"comment": (2.5, 4, None), "proposal": (14.5, 2, None)}


def test_openness(world):
    # O01: K1 ✓, K2 ✗ (no English title), K3 ✗ (a section without an English heading),
    # K5 ✓ (no sections) → 2/4 = 50 %.
    bilingual = c.bilingual_coverage(START, END)
    assert value(bilingual) == (50.0, 2, 4)
    assert rows(bilingual)["plan"] == (0.0, 0, 1)
    # O02: of K(2024) = K1, K2, K4, K5 only K1 has its report published: 1/4 = 25 %.
    assert value(c.open_results(START, END)) == (25.0, 1, 4)


def test_a_period_without_data_is_not_applicable(world):
    empty = date(2030, 1, 1), date(2030, 12, 31)
    for indicator, result in c.compute_all(*empty):
        if indicator.id == "GLAS-P02":
            assert value(result) == (0.0, 0, 10_000)  # the population is never 0
        elif indicator.is_ratio:
            assert result.value is None, indicator.id
        else:
            assert result.value == 0, indicator.id


def test_a_range_inside_the_year(world):
    # 2024-03-01 – 2024-03-31: C = K1 only; participants in March: A (c1, c4 rejected →
    # c1 counts), B (c2), C (c3), D (c5, c10) = 4.
    start, end = date(2024, 3, 1), date(2024, 3, 31)
    assert c.consultations_held(start, end).value == 1
    assert c.participants(start, end).value == 4
    # K(March) is empty: K1 closes on 04-05.
    assert c.open_results(start, end).value is None


def test_consultations_not_yet_open_are_not_held(make):
    from app.core.timeutil import local_today

    today = local_today()
    make.consultation(phase="scheduled")  # opens in 5 days
    make.consultation(phase="open")  # opened yesterday
    around = today - timedelta(days=30), today + timedelta(days=30)
    assert value(c.consultations_held(*around)) == (1, 1, None)

"""Residents of Sofia's 24 districts, the reference for the territorial balance (GLAS-P05).

The figures below are APPROXIMATE: rounded to the thousand, in line with the National
Statistical Institute's 2021 census for Stolichna municipality (1,274,290 residents in all).
They are a default, not a source to cite: a deployment sets `DISTRICT_POPULATIONS` in its
configuration (a mapping of the district keys below to residents) with the NSI's current
figures, and `CITY_POPULATION` to the city's total. The keys are those of
`app.auth.models.DISTRICTS`, which participants choose from.
"""

from flask import current_app, has_app_context

DISTRICT_POPULATIONS: dict[str, int] = {
    "sredets": 30_000,
    "krasno_selo": 80_000,
    "vazrazhdane": 40_000,
    "oborishte": 31_000,
    "serdika": 50_000,
    "poduyane": 75_000,
    "slatina": 68_000,
    "izgrev": 32_000,
    "lozenets": 52_000,
    "triaditsa": 62_000,
    "krasna_polyana": 55_000,
    "ilinden": 34_000,
    "nadezhda": 67_000,
    "iskar": 64_000,
    "mladost": 105_000,
    "studentski": 60_000,
    "vitosha": 62_000,
    "ovcha_kupel": 53_000,
    "lyulin": 110_000,
    "vrabnitsa": 47_000,
    "novi_iskar": 27_000,
    "kremikovtsi": 22_000,
    "pancharevo": 29_000,
    "bankya": 12_000,
}


def district_populations() -> dict[str, int]:
    """The populations in force: the `DISTRICT_POPULATIONS` setting, else the defaults above."""
    configured = current_app.config.get("DISTRICT_POPULATIONS") if has_app_context() else None
    return dict(configured or DISTRICT_POPULATIONS)

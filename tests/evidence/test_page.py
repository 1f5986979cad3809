"""The public page "Participation in numbers" and its charts."""

import re
import xml.etree.ElementTree as ET

from app.evidence.definitions import INDICATORS

SVG = "{http://www.w3.org/2000/svg}"


def test_the_page_shows_every_indicator_with_its_value_and_definition(client, world):
    page = client.get("/participation/?year=2024&lang=en")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count("<h1>") == 1
    for indicator in INDICATORS:
        assert f'id="{indicator.id}"' in html
        assert indicator.name_en in html
    # GLAS-C02: 3 of the 4 consultations held lasted 30 days or more.
    c02 = html[html.index('id="GLAS-C02"') : html.index('id="GLAS-C03"')]
    assert "75.0 %" in c02
    assert "3 / 4" in c02
    assert "Consultations in C(P) with a duration of 30 days or more." in c02
    assert "para. 4: at least 30 days for proposals" in c02
    # GLAS-R02 is a median of days.
    r02 = html[html.index('id="GLAS-R02"') : html.index('id="GLAS-I01"')]
    assert "20.0 days" in r02
    assert "median of 1 observation" in r02
    assert "How we count" in html


def test_the_page_speaks_bulgarian_by_default(client, world):
    html = client.get("/participation/?year=2024").get_data(as_text=True)
    assert "Проведени обществени консултации" in html
    assert "Делът на консултациите в C(P) с продължителност 30 или повече дни." in html


def test_a_year_without_data_shows_not_applicable(client, world):
    html = client.get("/participation/?year=2030&lang=en").get_data(as_text=True)
    c02 = html[html.index('id="GLAS-C02"') : html.index('id="GLAS-C03"')]
    assert "not applicable" in c02


def test_a_range_of_dates_overrides_the_year(client, world):
    html = client.get("/participation/?year=2030&start=2024-03-01&end=2024-03-31&lang=en").get_data(
        as_text=True
    )
    c01 = html[html.index('id="GLAS-C01"') : html.index('id="GLAS-C02"')]
    assert re.search(r"<strong>\s*1\s*</strong>", c01)
    assert 'value="2024-03-01"' in html


def test_a_reversed_range_is_explained_and_kept_as_typed(client, world):
    page = client.get("/participation/?start=2024-05-01&end=2024-04-01&lang=en")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "The start of the period must not be after its end." in html
    assert 'value="2024-05-01"' in html


def test_charts_are_svg_images_without_script_beside_a_table(client, world):
    html = client.get("/participation/?year=2024&lang=en").get_data(as_text=True)
    sources = re.findall(r'<img src="([^"]+\.svg[^"]*)" alt="([^"]+)"', html)
    assert sources, "the page shows charts"
    src, alt = next((s, a) for s, a in sources if "GLAS-P01" in s)
    assert "the same figures are in the table" in alt
    chart = client.get(src.replace("&amp;", "&"))
    assert chart.status_code == 200
    assert chart.mimetype == "image/svg+xml"
    assert "script-src" not in chart.headers["Content-Security-Policy"]
    root = ET.fromstring(chart.data)  # noqa: S314 (the application's own response)
    assert root.tag == f"{SVG}svg"
    assert root.find(f".//{SVG}script") is None
    assert "Participants" in chart.get_data(as_text=True)


def test_a_chart_needs_a_known_indicator_with_data(client, world):
    assert client.get("/participation/charts/GLAS-X99.svg?year=2024").status_code == 404
    assert client.get("/participation/charts/GLAS-P01.svg?year=2030").status_code == 404
    assert client.get("/participation/charts/GLAS-P01.svg?year=24").status_code == 400


def test_the_pack_links_are_for_staff_only(client, make, login, world):
    assert "pack.xlsx" not in client.get("/participation/?year=2024").get_data(as_text=True)
    login(make.staff())
    html = client.get("/participation/?year=2024").get_data(as_text=True)
    assert "/participation/pack.xlsx?year=2024" in html

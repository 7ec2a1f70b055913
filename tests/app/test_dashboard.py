"""The workforce profile dashboard: stored figures, filters in the URL, who sees which directorate."""

import csv
import io
import re

import pytest
from django.urls import reverse

from parity.app.measures.models import StoredResult
from parity.engine import registry
from parity.engine.statistics import proportion

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]


def test_overview_shows_the_stored_figures_and_a_sentence(login, figures):
    page = login("viewer").get(reverse("dashboards:overview")).content.decode()
    r = proportion("m", "2025-03-31", 950, 1000)
    assert "95.0%" in page and f"{100 * r.ci_low:.1f}% to {100 * r.ci_high:.1f}%" in page
    assert ("Ethnicity declaration rate, 31 March 2025: All staff: 95.0% (950 of 1,000; 95% interval "
            f"{100 * r.ci_low:.1f}% to {100 * r.ci_high:.1f}%); the year before (31 March 2024) 90.0%; the change "
            "is statistically significant.") in page  # dates in words, counts with separators (spec/pages.md)
    assert ">1,000<" in page  # the headcount beside the rate


def test_filters_live_in_the_url(login, figures):
    client = login("analyst")
    page = client.get(reverse("dashboards:overview") + "?snapshot=2025-03-31&directorate=Adults+and+Health")
    text = page.content.decode()
    assert page.status_code == 200 and "Showing Adults and Health, snapshot 31 March 2025" in text
    assert "95.0% (190 of 200" in text
    hidden = client.get(reverse("dashboards:overview") + "?directorate=Finance").content.decode()
    assert "Not shown: a count of 1 to 4 people" in hidden and "3 of 4" not in hidden


def test_a_directorate_lead_sees_only_their_directorate(login, figures):
    client = login("directorate_lead")  # Adults and Health
    assert client.get(reverse("dashboards:overview") + "?directorate=Adults+and+Health").status_code == 200
    for page in ("dashboards:overview", "dashboards:standards"):
        assert client.get(reverse(page) + "?directorate=Finance").status_code == 403
    choices = client.get(reverse("dashboards:overview")).content.decode()
    assert '<option value="Finance"' not in choices and '<option value="Adults and Health"' in choices


@pytest.mark.parametrize("role", ["admin", "analyst", "directorate_lead", "staff_network", "viewer"])
def test_every_role_reads_the_dashboard(login, figures, role):
    for page in ("dashboards:overview", "dashboards:standards"):
        assert login(role).get(reverse(page)).status_code == 200


def test_anonymous_visitors_sign_in_first(client, figures):
    response = client.get(reverse("dashboards:overview"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_no_figures_yet(login):
    assert "There are no figures yet" in login("viewer").get(reverse("dashboards:overview")).content.decode()


TOPICS = ("representation", "recruitment", "training", "casework", "pay", "retention")


@pytest.mark.parametrize("topic", TOPICS)
def test_topic_pages(login, figures, topic):
    assert login("viewer").get(reverse("dashboards:topic", args=[topic])).status_code == 200
    lead = login("directorate_lead")
    assert lead.get(reverse("dashboards:topic", args=[topic]) + "?directorate=Finance").status_code == 403


def test_an_unknown_topic_is_not_found(login, figures):
    assert login("viewer").get(reverse("dashboards:topic", args=["nothing"])).status_code == 404


def test_pay_gaps_read_as_percentages_and_pence(login, figures):
    for measure, value, shown in (("pay.mean_gap", 12.34, "12.3%"), ("pay.mean_pence_in_pound", 87.66, "87.7p")):
        StoredResult.objects.create(computed_set=figures, grouping="ons5", measure=measure, period="2025-03-31",
                                    breakdown="overall",
                                    group="All ethnic minorities", comparator="White British", value=value,
                                    denominator=400, comparator_denominator=600, status="ok")
    page = login("viewer").get(reverse("dashboards:topic", args=["pay"]) + "?snapshot=2025-03-31").content.decode()
    assert "12.3%" in page and "87.7p" in page


def test_the_grouping_filter_reads_that_groupings_results(login, figures):
    StoredResult.objects.create(computed_set=figures, grouping="ons19", measure="workforce.composition",
                                period="2025-03-31", breakdown="overall", group="Indian", numerator=50,
                                denominator=1000, value=0.05, status="ok")
    client = login("viewer")
    assert "Indian" not in client.get(reverse("dashboards:overview")).content.decode()
    page = client.get(reverse("dashboards:overview") + "?grouping=ons19").content.decode()
    assert "Indian" in page and "5.0%" in page
    assert '<option value="ons19" selected>' in page
    assert client.get(reverse("dashboards:overview") + "?grouping=nonsense").status_code == 200  # the default


def test_the_chart_draws_the_stored_values_and_leaves_hidden_ones_out(figures):
    from parity.app.dashboards import charts, services

    filters = services.Filters("2025-03-31", "")
    rows = services.measure_rows(figures, ["workforce.declaration_rate"], filters)["workforce.declaration_rate"]
    spec = charts.interval_chart("Declaration", rows)
    values = spec["data"]["values"]
    assert values[0]["group"] == "All staff" and values[0]["value"] == pytest.approx(95.0)
    assert values[0]["low"] == pytest.approx(100 * rows[0]["result"].ci_low)
    assert "95% interval" in spec["description"]
    hidden = services.measure_rows(figures, ["workforce.declaration_rate"], services.Filters("2025-03-31", "Finance"))
    assert charts.interval_chart("Declaration", hidden["workforce.declaration_rate"]) is None


def test_a_table_downloads_as_csv(login, figures):
    from parity.app.audit.models import AuditEvent

    url = reverse("dashboards:table_csv", args=["workforce.declaration_rate"])
    response = login("analyst").get(url + "?snapshot=2025-03-31&directorate=Finance")
    lines = response.content.decode().splitlines()
    assert response["Content-Type"] == "text/csv" and lines[0].startswith("measure,period,breakdown,group")
    assert lines[1].startswith("workforce.declaration_rate,2025-03-31,directorate=Finance,All staff,,,,,,,,suppressed,"
                               "a count of 1 to 4 people")
    assert AuditEvent.objects.filter(action="download", target="dashboard:workforce.declaration_rate").exists()
    assert login("directorate_lead").get(url + "?directorate=Finance").status_code == 403
    assert login("viewer").get(reverse("dashboards:table_csv", args=["nothing.here"])).status_code == 404


def test_the_recruitment_funnel_shows_each_step_with_its_relative_likelihood(login, figures):
    """Three steps stored as the engine computes them; the funnel reads counts, shares and
    likelihoods from them, and a hidden step says why."""
    from parity.engine.results import FIELDS
    from parity.engine.statistics import relative_likelihood

    steps = {  # measure -> {group: (passed, reached)}
        "recruitment.shortlisting": {"White": (300, 900), "Asian, Asian British or Asian Welsh": (40, 160)},
        "recruitment.interview": {"White": (270, 300), "Asian, Asian British or Asian Welsh": (30, 40)},
        "recruitment.appointment_from_interview": {"White": (90, 270), "Asian, Asian British or Asian Welsh": (3, 30)},
    }
    stored = []
    for measure, counts in steps.items():
        (wx, wn), (ax, an) = counts["White"], counts["Asian, Asian British or Asian Welsh"]
        stored += [proportion(measure, "2025-03-31", x, n, group=g) for g, (x, n) in counts.items()]
        stored.append(relative_likelihood(measure, "2025-03-31", ax, an, wx, wn,
                                          group="Asian, Asian British or Asian Welsh", comparator="White"))
    for r in stored:
        if r.measure == "recruitment.appointment_from_interview" and r.group != "White":
            r = r.hidden("a count of 1 to 4 people", ("numerator", "value", "ci_low", "ci_high", "p_value"))
        StoredResult.objects.create(computed_set=figures, grouping="ons5",
                                    **{f: getattr(r, f) for f in FIELDS if f != "rolled_up_from"})
    page = login("viewer").get(reverse("dashboards:topic", args=["recruitment"]) + "?snapshot=2025-03-31")
    text = page.content.decode()
    funnel = text[text.index('id="funnel"'):text.index("</table>", text.index('id="funnel"'))]
    asian = funnel[funnel.index("Asian, Asian British or Asian Welsh</th>"):]
    asian = asian[:asian.index("</tr>")]
    shortlisting = relative_likelihood("m", "p", 40, 160, 300, 900)
    assert ">160<" in asian and "40 (25.0%)" in asian and "30 (75.0%)" in asian
    assert f"likelihood {shortlisting.value:.2f} ({shortlisting.ci_low:.2f} to {shortlisting.ci_high:.2f})" in asian
    assert "Not shown: a count of 1 to 4 people" in asian
    assert "compared with White" in funnel


def test_the_standards_page_lays_out_every_wres_scwres_and_wdes_indicator(login, figures):
    from parity.engine import registry

    page = login("viewer").get(reverse("dashboards:standards")).content.decode()
    expected = [m for m in registry.MEASURES if m.split(".")[0] in ("wres", "scwres", "wdes")]
    assert len(expected) >= 21
    missing = [m for m in expected if f'id="{m}"' not in page]
    assert not missing


def test_a_grade_band_shows_each_of_its_grades_figures(login, figures):
    from parity.app.measures.models import MeasureSettings

    MeasureSettings.objects.update_or_create(pk=MeasureSettings.current().pk,
                                             defaults={"grade_bands": "Lower: Scale 1, Scale 2\nUpper: PO1"})
    for grade, (x, n) in {"Scale 1": (80, 100), "Scale 2": (45, 50), "PO1": (20, 25)}.items():
        r = proportion("workforce.declaration_rate", "2025-03-31", x, n, group="All staff", breakdown=f"grade={grade}")
        StoredResult.objects.create(computed_set=figures, grouping="ons5", measure=r.measure, period=r.period,
                                    breakdown=r.breakdown, group=r.group, numerator=x, denominator=n, value=r.value,
                                    ci_low=r.ci_low, ci_high=r.ci_high, status="ok")
    client = login("directorate_lead")
    page = client.get(reverse("dashboards:overview") + "?snapshot=2025-03-31&grade_band=Lower").content.decode()
    assert '<option value="Lower" selected>' in page
    assert "80.0% (80 of 100" in page and "90.0% (45 of 50" in page and "20 of 25" not in page
    assert "All staff in grade Scale 1: 80.0% (80 of 100" in page  # each figure names its grade
    every = client.get(reverse("dashboards:overview") + "?snapshot=2025-03-31&grade_band=Nonsense").content.decode()
    assert "95.0% (950 of 1,000" in every and "80 of 100" not in every  # an unknown band is every grade


def test_grade_bands_are_checked():
    from parity.engine.grades import parse_bands

    with pytest.raises(ValueError) as caught:
        parse_bands("A: Scale 1, Scale 2\nB: Scale 2\nno colon here\nA: PO1")
    message = str(caught.value)
    assert "line 2: grade 'Scale 2' is already in band 'A'" in message
    assert "line 3" in message and "line 4: band 'A' is named twice" in message


def test_the_overview_shows_the_composition_at_every_snapshot(login, figures):
    for period, x in (("2024-03-31", 90), ("2025-03-31", 110)):
        StoredResult.objects.create(computed_set=figures, grouping="ons5", measure="workforce.composition",
                                    period=period, breakdown="overall", group="Black, Black British, Black Welsh, "
                                    "Caribbean or African", numerator=x, denominator=1000, value=x / 1000, status="ok")
    page = login("viewer").get(reverse("dashboards:overview")).content.decode()
    trend = page[page.index('id="composition-trend"'):page.index('id="local-population"')]
    assert trend.index("31 March 2024") < trend.index("31 March 2025")
    assert "9.0% (90)" in trend and "11.0% (110)" in trend


def test_grades_read_from_the_highest_to_the_lowest_as_the_council_lists_them(login, figures):
    """spec/pages.md, "Order": the bands list grades in pay order, lowest first; a page shows the
    highest first, whatever their names' alphabetical order; a grade in no band comes last."""
    from parity.app.measures.models import MeasureSettings

    MeasureSettings.objects.update_or_create(pk=MeasureSettings.current().pk, defaults={
        "grade_bands": "Scales: Scale 2, Scale 10\nOfficers: SO1, PO1\nLeaders: Chief Officer"})
    for grade in ("Chief Officer", "PO1", "Scale 10", "Scale 2", "SO1", "Apprentice"):  # A to Z is not pay order
        StoredResult.objects.create(computed_set=figures, grouping="ons5", measure="wres.1", period="2025-03-31",
                                    breakdown=f"grade={grade}", group="White", numerator=50, denominator=100,
                                    value=0.5, status="ok")
    page = login("viewer").get(reverse("dashboards:topic", args=["representation"])).content.decode()
    table = page[page.index('data-vega-chart="chart-wres.1grade="'):]
    table = table[:table.index("</table>")]
    shown = re.findall(r'<th scope="row" class="govuk-table__header">Grade (.*?): White', table)
    assert shown == ["Chief Officer", "PO1", "SO1", "Scale 10", "Scale 2", "Apprentice"]


@pytest.mark.parametrize("band, low, high, words", [
    ("non-adverse", 0.9, 1.2, "Within 0.80 to 1.25"),
    ("adverse", 1.4, 2.1, "Outside 0.80 to 1.25: adverse"),  # the whole interval above 1
    ("adverse", 0.3, 0.7, "Outside 0.80 to 1.25: adverse"),  # the whole interval below 1
    ("adverse", 0.6, 3.2, "Outside 0.80 to 1.25, but it could be chance"),  # the interval holds 1
    ("adverse", None, None, "Outside 0.80 to 1.25, but it could be chance"),  # no interval: nothing supports it
    (None, None, None, ""),  # not a relative likelihood
])
def test_a_likelihood_is_called_adverse_only_where_its_interval_supports_it(band, low, high, words):
    """The glossary's rule ("band"): outside 0.80 to 1.25 and an interval that leaves out 1."""
    from parity.app.dashboards.templatetags.figures import band_words
    from parity.engine.results import Result

    assert band_words(Result(measure="wres.2", period="2025-03-31", band=band, ci_low=low, ci_high=high)) == words


def test_ethnic_groups_read_in_the_same_order_in_table_trend_chart_and_download(login, figures):
    """spec/pages.md, "Order": "All" first, parent groups alphabetically, "Other" and "Not stated"
    last, the same in chart, table and download, whatever order the figures were stored in."""
    from parity.app.dashboards import charts, services

    expected = ["Asian, Asian British or Asian Welsh", "Black, Black British, Black Welsh, Caribbean or African",
                "Mixed or Multiple ethnic groups", "White", "Other ethnic group", "Not stated"]
    for group in ("Not stated", "White", "Other ethnic group", "Mixed or Multiple ethnic groups",
                  "Black, Black British, Black Welsh, Caribbean or African", "Asian, Asian British or Asian Welsh"):
        for period in ("2024-03-31", "2025-03-31"):
            StoredResult.objects.create(computed_set=figures, grouping="ons5", measure="workforce.composition",
                                        period=period, breakdown="overall", group=group, numerator=100,
                                        denominator=1000, value=0.1, ci_low=0.08, ci_high=0.12, status="ok")
    page = login("viewer").get(reverse("dashboards:overview") + "?snapshot=2025-03-31").content.decode()
    table = page[page.index("Share of staff in each ethnic group at the snapshot"):]
    table = table[table.index("<tbody"):table.index("</tbody>")]
    assert re.findall(r'<th scope="row" class="govuk-table__header">(.*?)</th>', table) == expected
    trend = page[page.index('id="composition-trend"'):page.index('id="local-population"')]
    trend = re.sub(r"\s+", " ", trend[:trend.index("</thead>")])
    assert [h.strip() for h in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', trend)][1:] == expected
    rows = services.measure_rows(figures, ["workforce.composition"], services.Filters("2025-03-31", ""))
    assert [v["group"] for v in charts.interval_chart("Staff", rows["workforce.composition"])["data"]["values"]] \
        == expected
    csv_text = login("viewer").get(reverse("dashboards:table_csv", args=["workforce.composition"]),
                                   {"snapshot": "2025-03-31"}).content.decode()
    assert [row["group"] for row in csv.DictReader(io.StringIO(csv_text))] == expected


def test_applicants_are_called_applicants_and_a_likelihood_reads_to_two_decimals(login, figures):
    """Issue 13: "All staff" for applicants; a relative likelihood written 1.3 in the table and 1.30
    in its sentence. The table, its sentence and the chart say "All applicants" and "1.30"."""
    from parity.app.dashboards import charts, services

    StoredResult.objects.create(computed_set=figures, grouping="ons5", measure="recruitment.shortlisting",
                                period="2025-03-31", breakdown="overall", group="All staff", numerator=300,
                                denominator=1000, value=0.3, ci_low=0.27, ci_high=0.33, status="ok")
    StoredResult.objects.create(computed_set=figures, grouping="ons5", measure="wres.2", period="2025-03-31",
                                breakdown="overall", group="White", comparator="BME", numerator=130,
                                denominator=1000, value=1.3, ci_low=1.1, ci_high=1.52, status="ok")
    page = login("viewer").get(reverse("dashboards:topic", args=["recruitment"]),
                               {"snapshot": "2025-03-31"}).content.decode()
    table = page[page.index('id="recruitment.shortlisting"'):]
    table = table[:table.index("</details>")]
    assert '<th scope="row" class="govuk-table__header">All applicants</th>' in table
    assert "All applicants: 30.0% (300 of 1,000" in table and "All staff" not in table
    likelihood = page[page.index('id="wres.2"'):]
    likelihood = likelihood[:likelihood.index("</details>")]
    assert ">1.30<" in likelihood and "1.10 to 1.52" in likelihood and "1.30 times as likely" in likelihood
    rows = services.measure_rows(figures, ["recruitment.shortlisting"], services.Filters("2025-03-31", ""))
    chart = charts.interval_chart("Shortlisted", rows["recruitment.shortlisting"])
    assert [v["group"] for v in chart["data"]["values"]] == ["All applicants"]


def test_a_dashboard_page_opens_with_its_main_facts_in_words(login, figures):
    """spec/pages.md, "Main facts first": a significant change and a likelihood whose interval
    leaves out 1 are said first, in words, naming the measure; a likelihood that could be chance,
    and one of few people, are not; a page where nothing stands out says so."""
    from parity.app.measures.models import StoredChange

    def stored(group, comparator, x, n, value, low, high, status="ok"):
        StoredResult.objects.create(computed_set=figures, grouping="ons5", measure="workforce.retention",
                                    period="2025-03-31", breakdown="overall", group=group, comparator=comparator,
                                    numerator=x, denominator=n, value=value, ci_low=low, ci_high=high, status=status)
    stored("Black, Black British, Black Welsh, Caribbean or African", None, 70, 570, 0.1228, 0.098, 0.152)
    stored("White", None, 1110, 11770, 0.0943, 0.089, 0.1)
    stored("Black, Black British, Black Welsh, Caribbean or African", "White", 70, 570, 1.3, 1.04, 1.63)
    stored("Mixed or Multiple ethnic groups", "White", 50, 470, 1.13, 0.86, 1.48)  # could be chance
    stored("Other ethnic group", "White", 5, 5, 10.6, 8.1, 13.9, "low_power")  # few people
    StoredChange.objects.create(computed_set=figures, grouping="ons5", measure="workforce.retention",
                                period="2025-03-31", previous_period="2024-03-31", breakdown="overall",
                                group="White", value=0.0943, previous_value=0.081, difference=0.0133,
                                p_value=0.0001, significant=True)
    page = login("viewer").get(reverse("dashboards:topic", args=["retention"]), {"snapshot": "2025-03-31"})
    page = page.content.decode()
    facts = page[page.index('id="main-facts"'):page.index("</ul>", page.index('id="main-facts"'))]
    assert page.index('id="main-facts"') < page.index('name="snapshot"')  # before the filters and tables
    assert re.findall(r"<li>(.*?)</li>", facts) == [
        "Leaving rate by ethnic group: White: 9.4% (1,110 of 11,770); 8.1% the year before, a statistically "
        "significant change.",
        "Leaving rate by ethnic group: Black, Black British, Black Welsh, Caribbean or African were 1.30 times as "
        "likely as White (95% interval 1.04 to 1.63); the difference is statistically significant."]
    quiet = login("viewer").get(reverse("dashboards:topic", args=["training"]), {"snapshot": "2025-03-31"})
    assert "No figure on this page changed significantly since the year before" in quiet.content.decode()


def test_a_pay_gap_clear_of_nothing_is_a_main_fact_and_its_pence_reading_is_not(login, figures):
    """A pay gap whose interval leaves out 0 stands out; one that could be chance does not; the
    same gap in pence in the pound is never a second fact."""
    def stored(measure, group, value, low, high):
        StoredResult.objects.create(computed_set=figures, grouping="ons5", measure=measure, period="2025-03-31",
                                    breakdown="overall", group=group, comparator="White British", denominator=500,
                                    comparator_denominator=9000, value=value, ci_low=low, ci_high=high, status="ok")
    stored("pay.mean_gap", "Asian, Asian British or Asian Welsh", 8.2, 6.4, 9.9)
    stored("pay.mean_pence_in_pound", "Asian, Asian British or Asian Welsh", 91.8, 90.1, 93.6)
    stored("pay.mean_gap", "Mixed or Multiple ethnic groups", 1.5, -2.0, 5.0)  # could be chance
    page = login("viewer").get(reverse("dashboards:topic", args=["pay"]), {"snapshot": "2025-03-31"}).content.decode()
    facts = page[page.index('id="main-facts"'):page.index("</ul>", page.index('id="main-facts"'))]
    assert re.findall(r"<li>(.*?)</li>", facts) == [
        "Ethnicity pay gap: mean hourly pay: Asian, Asian British or Asian Welsh compared with White British: 8.2% "
        "(95% interval 6.4% to 9.9%); a gap beyond what chance could explain."]


def test_the_standards_page_opens_with_a_summary_that_leads_to_every_indicator(login, figures):
    StoredResult.objects.create(computed_set=figures, grouping="ons5", measure="wres.2", period="2025-03-31",
                                breakdown="overall", group="White", comparator="BME", numerator=300,
                                denominator=1000, value=1.3, ci_low=1.1, ci_high=1.52, status="ok")
    page = login("viewer").get(reverse("dashboards:standards"), {"snapshot": "2025-03-31"}).content.decode()
    summary = page[page.index('id="summary"'):]
    summary = summary[:summary.index('class="govuk-heading-m"', 10)]
    links = re.findall(r'<a class="govuk-link" href="#([^"]+)">', summary)
    indicators = [m.id for m in registry.select([]) if m.standard in ("NHS WRES", "Social Care WRES", "WDES")]
    assert links == indicators and len(links) > 20
    for anchor in links:
        assert f'id="{anchor}"' in page  # each leads to its section
    assert ("White were 1.30 times as likely as BME (95% interval 1.10 to 1.52); the difference is statistically "
            "significant.") in summary
    assert "No figure shown: too few people, or not computable" in summary
    assert page.index('id="summary"') < page.index('id="wres.1"')


def test_a_table_of_one_unit_gives_it_in_the_header_and_a_mixed_one_in_each_cell(login, figures):
    StoredResult.objects.create(computed_set=figures, grouping="ons5", measure="pay.mean_gap", period="2025-03-31",
                                breakdown="overall", group="Asian, Asian British or Asian Welsh",
                                comparator="White British", denominator=500, comparator_denominator=9000, value=8.2,
                                ci_low=6.4, ci_high=9.9, status="ok")
    page = login("viewer").get(reverse("dashboards:topic", args=["pay"]), {"snapshot": "2025-03-31"}).content.decode()
    table = page[page.index('id="pay.mean_gap"'):]
    table = table[table.index("<table"):table.index("</table>")]
    assert ">Per cent</th>" in table and "95% interval</a> (per cent)" in table
    assert ">8.2<" in table and ">6.4 to 9.9<" in table and "%<" not in table
    StoredResult.objects.create(computed_set=figures, grouping="ons5", measure="wres.2", period="2025-03-31",
                                breakdown="overall", group="White", numerator=130, denominator=1000, value=0.13,
                                ci_low=0.11, ci_high=0.15, status="ok")
    StoredResult.objects.create(computed_set=figures, grouping="ons5", measure="wres.2", period="2025-03-31",
                                breakdown="overall", group="White", comparator="BME", numerator=130,
                                denominator=1000, value=1.3, ci_low=1.1, ci_high=1.52, status="ok")
    page = login("viewer").get(reverse("dashboards:standards"), {"snapshot": "2025-03-31"}).content.decode()
    mixed = page[page.index('id="wres.2"'):]
    mixed = mixed[mixed.index("<table"):mixed.index("</table>")]
    assert ">Value</th>" in mixed and ">13.0%<" in mixed and ">1.30<" in mixed


def test_one_figure_given_by_two_standards_is_one_main_fact(login, figures):
    from parity.app.measures.models import StoredChange

    for measure, group in (("wres.4", "BME"), ("scwres.5", "Ethnic minorities")):
        StoredResult.objects.create(computed_set=figures, grouping="ons5", measure=measure, period="2025-03-31",
                                    breakdown="overall", group=group, numerator=405, denominator=2285,
                                    value=405 / 2285, ci_low=0.16, ci_high=0.19, status="ok")
        StoredChange.objects.create(computed_set=figures, grouping="ons5", measure=measure, period="2025-03-31",
                                    previous_period="2024-03-31", breakdown="overall", group=group,
                                    value=405 / 2285, previous_value=0.153, difference=0.024, p_value=0.001,
                                    significant=True)
    page = login("viewer").get(reverse("dashboards:standards"), {"snapshot": "2025-03-31"}).content.decode()
    facts = page[page.index('id="main-facts"'):page.index("</ul>", page.index('id="main-facts"'))]
    assert len(re.findall(r"<li>.*?17\.7% \(405 of 2,285\)", facts)) == 1

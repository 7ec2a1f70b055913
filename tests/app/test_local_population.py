"""The local population on file: imported by command (all or nothing, audited), used by the
dashboard's comparison and by Social Care WRES 9."""

import pytest
from django.urls import reverse

from parity.app.audit.models import AuditEvent
from parity.app.measures.models import LocalPopulation, MeasureSettings, StoredResult
from parity.app.measures.services import parameters_from
from parity.cli import main
from statsmodels.stats.proportion import proportion_confint

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]
CENSUS = ("ethnicity,people\n\"White: English, Welsh, Scottish, Northern Irish or British\",7000\n"
          "\"Asian, Asian British or Asian Welsh: Indian\",2000\nBlack African,1000\n")


@pytest.fixture
def census(tmp_path):
    path = tmp_path / "census.csv"
    path.write_text(CENSUS, encoding="utf-8")
    return path


def test_the_population_command_stores_the_counts_and_audits(census, capsys):
    assert main(["population", str(census), "--area", "Synthetic Borough", "--source", "synthetic",
                 "--no-recompute"]) == 0
    population = LocalPopulation.objects.get()
    assert population.counts() == {"white_british": 7000, "asian_indian": 2000, "black_african": 1000}
    assert "10,000 residents in 3 categories" in capsys.readouterr().out
    assert AuditEvent.objects.filter(action="import", target=f"local_population:{population.pk}").exists()
    assert parameters_from(MeasureSettings.current()).local_population_share == pytest.approx(0.3)
    MeasureSettings.objects.update(local_population_share=0.25)  # a share set by hand wins
    assert parameters_from(MeasureSettings.current()).local_population_share == 0.25


def test_a_bad_population_file_stores_nothing(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("ethnicity,people\nMartian,1\nIndian,-3\n", encoding="utf-8")
    assert main(["population", str(path), "--area", "A", "--source", "S", "--no-recompute"]) == 1
    err = capsys.readouterr().err
    assert "row 2, column 'ethnicity': value 'Martian'" in err and "row 3, column 'people': value '-3'" in err
    assert not LocalPopulation.objects.exists()


def test_the_overview_compares_staff_with_the_local_population(census, login, figures):
    main(["population", str(census), "--area", "Synthetic Borough", "--source", "synthetic", "--no-recompute"])
    for group, x in (("White", 800), ("Asian, Asian British or Asian Welsh", 100), ("Not stated", 50)):
        StoredResult.objects.create(computed_set=figures, grouping="ons5", measure="workforce.composition",
                                    period="2025-03-31", breakdown="overall", group=group, numerator=x,
                                    denominator=1000, value=x / 1000, status="ok")
    page = login("viewer").get(reverse("dashboards:overview") + "?snapshot=2025-03-31").content.decode()
    section = page[page.index('id="local-population"'):]
    asian = section[section.index("Asian, Asian British or Asian Welsh</th>"):]
    asian = asian[:asian.index("</tr>")]
    low, high = proportion_confint(100, 950, method="wilson")  # statsmodels, not the engine; 950 staff stated their ethnicity (the declaration rate's numerator)
    assert "100 of 950" in asian and f"{100 * 100 / 950:.1f}%" in asian
    assert f"{100 * low:.1f}% to {100 * high:.1f}%" in asian
    assert "20.0%" in asian and "under-represented" in asian  # 2,000 of 10,000 residents
    assert "Synthetic Borough" in section and "Not stated</th>" not in section
    assert (f"Asian, Asian British or Asian Welsh: {100 * 100 / 950:.1f}% of staff who stated their ethnicity "
            f"(100 of 950; 95% interval {100 * low:.1f}% to {100 * high:.1f}%) against 20.0% of residents: "
            "under-represented.") in section

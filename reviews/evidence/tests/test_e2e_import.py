"""In the browser: a statistician uploads an Open SDG CSV, watches the progress bar reach the
summary, finds the indicator through the data pages and sees its chart, sets the series'
desired direction, sees the computed category and overrides it with a reason that the
indicator page and the override's history then show.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from indicators.evidence.models import ProgressOverride, Series
from indicators.services import framework_load

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e, pytest.mark.usefixtures("media")]

UK_SAMPLE = Path(__file__).resolve().parents[3] / "indicators" / "evidence" / "tests" / "data" / "opensdg-uk-sample"


def test_statistician_imports_a_csv_then_overrides_the_category(page, login, review, statistician):
    framework_load()
    login(statistician)
    page.goto(f"/reviews/{review.pk}/data/import/")
    expect(page.get_by_role("heading", name="Import indicator data")).to_be_visible()
    expect(page.locator("#import-limit")).to_have_text("At most 50 MB per file and in all.")
    page.get_by_label("Files").set_input_files(str(UK_SAMPLE / "data" / "indicator_3-1-1.csv"))
    page.get_by_label("Import the good rows and report the bad ones").check()
    page.get_by_role("button", name="Import", exact=True).click()

    # The job page: the bar, its text, then the summary.
    expect(page.get_by_role("heading", name="Import of indicator data")).to_be_visible()
    progress = page.locator("progress#import-progress")
    expect(progress).to_be_visible()
    expect(page.locator(".import-status-value")).to_have_text("Done")
    expect(progress).to_have_attribute("value", "1")
    expect(page.locator("#import-progress-text")).to_have_text("1 of 1 file")
    imported = int(page.locator("#summary-imported").inner_text())
    assert imported > 100
    expect(page.locator("#summary-rejected")).to_have_text("0")
    expect(page.locator("#summary-indicators")).to_have_text("1")

    # The import is listed on the import page.
    page.get_by_role("link", name="Back to the import page").click()
    expect(page.locator("#recent-imports")).to_contain_text("indicator_3-1-1.csv")
    expect(page.locator("#recent-imports")).to_contain_text("Done")

    # Through the data pages to the indicator: its chart, not yet assessed.
    series = Series.objects.get(indicator_code="3.1.1", code="Maternal mortality rate")
    page.goto(f"/reviews/{review.pk}/data/import/{review.evidence_imports.get().pk}/")
    page.get_by_role("link", name="See the data pages").click()
    page.locator(f"a[href='/reviews/{review.pk}/data/goals/3/']").first.click()
    page.locator(f"a[href='/reviews/{review.pk}/data/indicators/3.1.1/']").first.click()
    chart = page.locator("figure.evidence-chart svg").first
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute("role", "img")
    assessment = page.locator(f"#series-{series.pk}")
    expect(assessment).to_contain_text("Not assessed: the series has no desired direction")

    page.locator(f"a[href='/reviews/{review.pk}/data/series/{series.pk}/edit/']").click()
    expect(page.get_by_role("heading", name="Series metadata and target")).to_be_visible()
    page.get_by_label("Desired direction").select_option("lower")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The series is saved.")).to_be_visible()

    page.get_by_role("link", name="Progress category and its override").click()
    expect(page.get_by_role("heading", name="Progress category")).to_be_visible()
    computed = page.locator("#since-2015 .computed").inner_text()
    assert computed
    chosen = "Regressing" if computed != "Regressing" else "On track"
    page.get_by_label("Assessment").select_option(label="Since 2015")
    page.get_by_label("Category").select_option(label=chosen)
    page.get_by_label("Reason").fill("The latest figures are provisional and revised upwards.")
    page.get_by_role("button", name="Record").click()

    expect(page.get_by_text("The override is recorded.")).to_be_visible()
    expect(page.locator("#since-2015 .shown")).to_have_text(re.compile(rf"^{chosen} \(overridden\)$"))
    history = page.locator("#override-history")
    expect(history).to_contain_text("The latest figures are provisional and revised upwards.")
    expect(history).to_contain_text(chosen)
    expect(history).to_contain_text(computed)
    override = ProgressOverride.objects.get()
    assert (override.series_id, override.created_by_id, override.baseline_year) == (series.pk, statistician.pk, 2015)

    # The indicator page shows the override with the computed category beside it.
    page.goto(f"/reviews/{review.pk}/data/indicators/3.1.1/")
    expect(assessment).to_contain_text(chosen)
    expect(assessment).to_contain_text(f"overridden; computed: {computed}")


def test_job_page_follows_the_import_without_reload(page, login, review, statistician):
    from reviews.evidence.models import ImportJob, ImportJobStatus

    job = ImportJob.objects.create(
        review=review,
        created_by=statistician,
        files=[{"name": "site.zip", "path": "evidence-imports/x/site.zip", "size": 10}],
        status=ImportJobStatus.RUNNING,
        files_done=3,
        files_total=17,
        current_file="data/indicator_3-1-1.csv",
    )
    login(statistician)
    page.goto(f"/reviews/{review.pk}/data/import/{job.pk}/")
    expect(page.locator("#import-progress-text")).to_have_text("3 of 17 files: data/indicator_3-1-1.csv")
    expect(page.locator("progress#import-progress")).to_have_attribute("max", "17")
    expect(page.get_by_role("link", name="Refresh")).to_be_visible()
    page.evaluate("window.stillTheSamePage = true")
    ImportJob.objects.filter(pk=job.pk).update(files_done=9, current_file="data/indicator_8-1-1.csv")
    expect(page.locator("#import-progress-text")).to_have_text("9 of 17 files: data/indicator_8-1-1.csv")
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.DONE,
        files_done=17,
        current_file="",
        summary={
            "files": 17,
            "files_rejected": 1,
            "observations_imported": 1234,
            "observations_total": 2000,
            "rows_rejected": 1,
            "indicators": 16,
            "national_indicators": ["8.3.1.1"],
            "errors": [{"file": "data/indicator_6-3-2.csv", "line": 145, "column": "Value", "reason": "conflict"}],
            "errors_total": 1,
        },
    )
    expect(page.locator(".import-status-value")).to_have_text("Done")
    expect(page.locator("#summary-imported")).to_have_text("1234")
    expect(page.locator("#import-errors")).to_contain_text("data/indicator_6-3-2.csv")
    expect(page.get_by_role("link", name="Refresh")).to_have_count(0)
    assert page.evaluate("window.stillTheSamePage === true")


AXE = Path(__file__).resolve().parents[3] / "vnr_portal" / "tests" / "assets" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]});
  return result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", ")}`);
}"""


def _violations(page, path):
    response = page.goto(path)
    assert response.status == 200, path
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(RUN_AXE)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_import_pages_have_no_axe_violations(page, login, live_server, review, statistician, language):
    from indicators.evidence.services.imports import ImportFile, evidence_import
    from indicators.evidence.services.series import series_metadata_update
    from reviews.evidence.models import ImportJob, ImportJobStatus

    framework_load()
    summary = evidence_import(
        country="AUR",
        files=[ImportFile(name="indicator_3-1-1.csv", data=b"Year,Value\n2015,10\n2016,x\n2017,8\n2018,7\n")],
        skip_invalid_rows=True,
    )
    series = Series.objects.get()
    series_metadata_update(series=series, polarity="lower")
    ProgressOverride.objects.create(
        series=series, baseline_year=2015, category="on_track", computed_category="regressing", reason="Why."
    )
    done = ImportJob.objects.create(
        review=review, created_by=statistician, status=ImportJobStatus.DONE, files_done=1, files_total=1
    )
    ImportJob.objects.filter(pk=done.pk).update(summary={**summary.as_dict(), "errors_total": 1})
    running = ImportJob.objects.create(
        review=review, created_by=statistician, status=ImportJobStatus.RUNNING, files_total=4, files_done=1
    )
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    login(statistician)
    base = f"/reviews/{review.pk}/data"
    paths = [
        f"{base}/import/",
        f"{base}/import/{done.pk}/",
        f"{base}/import/{running.pk}/",
        f"{base}/series/{series.pk}/edit/",
        f"{base}/series/{series.pk}/override/",
    ]
    assert {path: found for path in paths if (found := _violations(page, path))} == {}

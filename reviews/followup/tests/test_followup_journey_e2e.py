"""Issue 15's journey, in the browser: a coordinator starts a third VNR from the second
(the carry-over page), imports the previous VNR's commitments from a CSV file; the
re-invited focal point accepts the invitation and updates their ministry's commitment with
evidence (a series, a link and an uploaded document); the re-invited reviewer accepts it;
the generated chapter and the PDF annex show it; the side-by-side view shows the change
from the second VNR's chapter."""

import re
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from indicators.evidence.services.imports import ImportFile, evidence_import
from indicators.tests.factories import TargetFactory
from reviews.followup.models import Commitment, CommitmentDocument
from reviews.followup.services.chapter import chapter_generate
from reviews.followup.tests.carryover_helpers import fill_previous, rows_of
from reviews.models import Review
from reviews.publishing.assembly import assemble
from reviews.publishing.pdf import render_pdf

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

AXE = Path(__file__).resolve().parents[3] / "vnr_portal" / "tests" / "assets" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]});
  return result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", ")}`);
}"""
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
CSV = (
    "text,kind,goals/targets,ministries\n"
    "Cut premature deaths from non-communicable diseases by a third,commitment,3.4,MOH\n"
    "Free secondary school for every child,next step,4.1,MOE\n"
)


def _violations(page) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(RUN_AXE)


def _link_for(live_server, email: str) -> str:
    (message,) = [m for m in mail.outbox if email in m.to]
    return re.search(re.escape(live_server.url) + r"/invitations/\S+/", message.body).group(0)


def _accept_invitation(page, login, live_server, user):
    page.context.clear_cookies()
    login(user)
    page.goto(_link_for(live_server, user.email))
    page.get_by_role("button", name="Accept the invitation").click()
    expect(page.locator(".alert-success")).to_contain_text("Welcome to Third VNR of Aurelia")


def test_a_third_vnr_follows_up_the_seconds_commitments(
    page, login, live_server, settings, eager_tasks, media, tmp_path, coordinator, review, goals
):
    settings.SITE_URL = live_server.url
    people = fill_previous(review, goals, coordinator)
    TargetFactory(goal=goals[2], code="3.4")
    TargetFactory(goal=goals[3], code="4.1")
    evidence_import(
        country="AUR", files=[ImportFile(name="indicator_3-4-1.csv", data=b"Year,Value\n2019,21.5\n2025,18.2\n")]
    )
    chapter_generate(actor=coordinator, review=review)  # the second VNR's own chapter, before the third
    before = rows_of(review)

    # The coordinator starts the third VNR from the second and carries parts over.
    login(coordinator)
    page.goto(f"/reviews/{review.pk}/")
    page.get_by_role("link", name="Start the next VNR from this one").click()
    page.get_by_label("Title").fill("Third VNR of Aurelia")
    page.get_by_label("Year presented at the HLPF").fill("2031")
    page.get_by_label("English").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start from the previous review")
    for part in ("Ministries and divisions", "The role matrix", "The outline: sections and titles"):
        page.get_by_label(part).check()
    page.get_by_label("Members, invited again").check()
    page.get_by_role("button", name="Carry over the chosen parts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Carried over from the previous review")
    third = Review.objects.get(title="Third VNR of Aurelia")
    assert third.previous_review_id == review.pk

    # It imports the second VNR's commitments: first a file with an unknown code (nothing
    # added, the row and column named), then the corrected file.
    page.goto(f"/reviews/{third.pk}/followup/")
    page.get_by_role("link", name="Commitments register").click()
    page.get_by_role("link", name="Import commitments").click()
    upload = page.get_by_label("Or a CSV or Excel file")
    upload.set_input_files(
        files=[{"name": "commitments.csv", "mimeType": "text/csv", "buffer": CSV.replace("4.1", "4.99").encode()}]
    )
    page.get_by_role("button", name="Import").click()
    errors = page.get_by_role("table", name="What to correct, by row and column.")
    expect(errors).to_contain_text("Unknown goal or target codes: 4.99.")
    assert not Commitment.objects.filter(review=third).exists()
    page.get_by_label("Or a CSV or Excel file").set_input_files(
        files=[{"name": "commitments.csv", "mimeType": "text/csv", "buffer": CSV.encode()}]
    )
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".alert-success")).to_contain_text("2 commitments added.")
    health = Commitment.objects.get(review=third, text__startswith="Cut premature deaths")
    assert health.source_review_id == review.pk
    expect(page.locator(f"#commitment-{health.pk}")).to_contain_text("MOH")

    # The focal point of the Ministry of Health, invited again, accepts and updates the
    # commitment with a series, a link and a document.
    _accept_invitation(page, login, live_server, people["focal"])
    page.goto(f"/reviews/{third.pk}/followup/commitments/")
    page.get_by_role("link", name=health.text).click()
    page.get_by_label("Status").select_option("Done")
    page.get_by_label("Indicator series").select_option(index=0)
    page.get_by_label("Documents", exact=True).set_input_files(
        files=[{"name": "../NCD review <2030>.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_label("Links").fill("https://example.org/ncd-report")
    page.get_by_label("Narrative").fill("Premature deaths fell from 21.5 to 18.2 per cent.")
    page.get_by_role("button", name="Submit the update").click()
    expect(page.locator(".alert-success")).to_contain_text("a reviewer will accept it")
    document = CommitmentDocument.objects.get(commitment=health)
    assert document.name == "NCD review _2030_.pdf"
    expect(page.locator("#update-history .evidence-document")).to_contain_text("NCD review _2030_.pdf")
    assert _violations(page) == []  # the form with its file input and the history

    # The reviewer, invited again, accepts it; the register shows the status and the document.
    _accept_invitation(page, login, live_server, people["editor"])
    page.goto(f"/reviews/{third.pk}/followup/commitments/")
    page.get_by_role("link", name=health.text).click()
    with page.expect_download() as download:
        page.locator("#update-history .evidence-document a").click()
    assert download.value.suggested_filename == "NCD review _2030_.pdf"
    assert open(download.value.path(), "rb").read() == PDF
    page.get_by_label("Accept").check()
    page.get_by_role("button", name="Decide").click()
    expect(page.locator(".alert-success")).to_contain_text("The update is accepted")
    page.get_by_role("link", name="Back to the register").click()
    expect(page.locator(f"#commitment-{health.pk} .status")).to_contain_text("Done")
    expect(page.locator(f"#commitment-{health.pk} .documents")).to_contain_text("NCD review _2030_.pdf")
    assert _violations(page) == []

    # The coordinator generates the chapter: the commitments table shows the update.
    page.context.clear_cookies()
    login(coordinator)
    page.goto(f"/reviews/{third.pk}/followup/chapter/")
    expect(page.get_by_role("heading", level=1)).to_have_text("From the second to the third VNR")
    page.get_by_role("button", name="Generate the chapter").click()
    expect(page.locator("#messages")).to_contain_text("The chapter has been generated")
    row = page.locator("main table tr").filter(has_text="Cut premature deaths")
    expect(row).to_contain_text("Done")
    expect(row).to_contain_text("Premature deaths fell from 21.5 to 18.2 per cent.")
    expect(row).to_contain_text("NCD review _2030_.pdf")

    # The side-by-side view: the chapter beside the second VNR's, the change in view.
    page.goto(f"/reviews/{third.pk}/followup/side-by-side/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Side by side with the second VNR")
    page.get_by_label("Part of this review").select_option(label="From the second to the third VNR")
    page.get_by_role("button", name="Compare").click()
    expect(page.locator("#match-note")).to_contain_text("the same kind of chapter")
    inserted = page.locator(".section-diff ins")
    expect(inserted.filter(has_text="Done").first).to_be_visible()
    expect(inserted.filter(has_text="NCD").first).to_be_visible()
    page.screenshot(path="/tmp/followup-journey-side-by-side.png", full_page=True)

    # The PDF's annex, rendered by the report's assembly, shows it too.
    path = tmp_path / "third.pdf"
    path.write_bytes(render_pdf(assemble(Review.objects.get(pk=third.pk))).data)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    annex = " ".join(text[text.rindex("Follow-up of the previous VNR's commitments") :].split())
    assert "Cut premature deaths from non-communicable diseases" in annex
    assert "Done" in annex
    assert "NCD review _2030_.pdf" in annex
    assert rows_of(review) == before  # the second VNR is unchanged

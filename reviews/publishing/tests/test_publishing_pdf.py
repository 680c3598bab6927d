"""Rendering the report with WeasyPrint: contents' page numbers, watermark, fonts, the fetcher."""

import hashlib
import json
import re
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reviews.drafting.services.outline import section_add
from reviews.drafting.services.sections import section_save
from reviews.models import SectionKind
from reviews.publishing import fetcher as fetcher_module
from reviews.publishing.assembly import assemble
from reviews.publishing.fetcher import REPORT_BASE_URL, FetchRefused, ReportURLFetcher
from reviews.publishing.pdf import RenderError, render_pdf
from reviews.tests.factories import SectionFactory, SectionImageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

HOSTILE = json.loads(Path("/work/shared/data/security/hostile-inputs.json").read_text())
LONG_TEXT = "".join(f"<p>Paragraph {n} of the long chapter about progress and its measures.</p>" for n in range(70))


def _section(review, title, position, parent=None, kind=SectionKind.OTHER, content=""):
    return SectionFactory(
        review=review, title=title, position=position, parent=parent, kind=kind, content=content, version=1
    )


def _pdf_text(path, *args, page=None):
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(
        ["pdftotext", *args, *pages, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def _render_to(tmp_path, review, **kwargs):
    rendered = render_pdf(assemble(review, **kwargs))
    path = tmp_path / "report.pdf"
    path.write_bytes(rendered.data)
    return rendered, path


def test_render_pdf_contents_page_numbers_match_heading_pages(review, tmp_path):
    intro = _section(review, "Introduction", 0, content=LONG_TEXT)
    _section(review, "Later part", 0, parent=intro, content="<p>After the long text.</p>")
    _section(review, "Policy", 1, content="<p>Short.</p>")
    rendered, path = _render_to(tmp_path, review)
    toc = _pdf_text(path, "-layout", page=2)
    toc_pages = {
        title: int(re.search(rf"{number}\s+{title}\s*\.+\s*(\d+)", toc)[1])
        for number, title in (("1", "Introduction"), ("1.1", "Later part"), ("2", "Policy"))
    }
    heading_pages = {}
    for page in range(3, rendered.page_count + 1):
        text = _pdf_text(path, "-layout", page=page)
        for number, title in (("1", "Introduction"), ("1.1", "Later part"), ("2", "Policy")):
            if re.search(rf"^\s*{re.escape(number)} {title}\s*$", text, re.MULTILINE):
                heading_pages.setdefault(title, page)
    assert heading_pages == toc_pages
    assert toc_pages["Later part"] > toc_pages["Introduction"]


def test_render_pdf_page_footer_and_metadata(review, tmp_path):
    _section(review, "Introduction", 0, content="<p>Text.</p>")
    rendered, path = _render_to(tmp_path, review)
    assert re.search(rf"^\s*2\s*/\s*{rendered.page_count}\s*$", _pdf_text(path, "-layout", page=2), re.MULTILINE)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"^Title:\s+Second VNR of Aurelia$", info, re.MULTILINE)
    assert rendered.data.startswith(b"%PDF-")
    assert re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE)[1] == str(rendered.page_count)


def test_render_pdf_draft_watermark_only_on_drafts(review, tmp_path):
    _section(review, "Introduction", 0, content="<p>Text.</p>")
    _, draft_path = _render_to(tmp_path, review, final=False)
    draft_pages = ["".join(_pdf_text(draft_path, "-raw", page=page).split()) for page in (1, 2, 3)]
    _, final_path = _render_to(tmp_path, review, final=True)
    final_text = "".join(_pdf_text(final_path, "-raw").split())
    assert ["DRAFT" in text for text in draft_pages] == [True, True, True]
    assert ("DRAFT" in final_text, "Draft" in final_text) == (False, False)


@pytest.mark.parametrize(
    ("language", "text", "font"),
    [
        ("zh-Hans", "可持续发展目标的进展", "Noto-Sans-CJK-SC"),
        ("ar", "التنمية المستدامة", "Arabic"),
        ("bn", "টেকসই উন্নয়ন লক্ষ্য", "Noto-Sans-Bengali"),
        ("hi", "सतत विकास लक्ष्य", "Noto-Sans-Devanagari"),
    ],
)
def test_render_pdf_embeds_fonts_for_the_script(review, tmp_path, language, text, font):
    review.languages = [language]
    review.save(update_fields=["languages"])
    _section(review, "Chapter", 0, content=f'<p lang="{language}">{text}</p>')
    _, path = _render_to(tmp_path, review, final=True)
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    embedded = [line for line in fonts.splitlines()[2:] if font in line]
    assert embedded and all(" yes " in line for line in embedded)
    extracted = " ".join(_pdf_text(path, "-raw").split())
    words = text.split()
    if language == "ar":  # poppler writes right-to-left words in visual order
        assert all(word in extracted or word[::-1] in extracted for word in words)
    else:
        assert text.replace(" ", "") in extracted.replace(" ", "")


def test_render_pdf_hostile_content_never_reaches_outside(review, tmp_path, monkeypatch):
    hostile = "".join(HOSTILE["xss_html"] + HOSTILE["pdf_fetch"])
    # Stored as is (not sanitized), the worst case: assembly sanitizes it again.
    _section(review, "Hostile", 0, content=hostile)
    asked = []
    real_fetch = ReportURLFetcher.fetch

    def spy(self, url, headers=None):
        asked.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(ReportURLFetcher, "fetch", spy)
    result = assemble(review)
    rendered = render_pdf(result)
    assert rendered.page_count >= 3
    assert "<script" not in result.html.lower()
    assert [url for url in asked if not url.startswith(REPORT_BASE_URL)] == []
    assert b"/JavaScript" not in rendered.data and b"/JS " not in rendered.data


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.css",
        "https://example.org/logo.png",
        "http://169.254.169.254/latest/meta-data/",
        f"{REPORT_BASE_URL}static/../../../etc/passwd",
        f"{REPORT_BASE_URL}static/%2e%2e/%2e%2e/etc/passwd",
        f"{REPORT_BASE_URL}static/css/..%2f..%2fsettings.py",
        f"{REPORT_BASE_URL}media/../vnr_portal/settings.py",
        f"{REPORT_BASE_URL}media/editions/x.pdf",
        f"{REPORT_BASE_URL}etc/passwd",
        "https://report.vnr-portal.invalid.evil.org/static/css/report-print.css",
        "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'><image href='file:///etc/hostname'/></svg>",
        "data:image/png;base64," + "A" * (fetcher_module.MAX_DATA_URL * 2),
        "ftp://example.org/x",
    ],
)
def test_fetcher_refuses_outside_urls(url):
    fetcher = ReportURLFetcher(review_id=1)
    with pytest.raises(FetchRefused):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_serves_own_static_files():
    response = ReportURLFetcher().fetch(f"{REPORT_BASE_URL}static/css/report-print.css")
    assert response.read() == Path("static/css/report-print.css").read_bytes()


def test_fetcher_serves_only_this_reviews_section_images(review, other_review, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    folder = tmp_path / "sections" / "images"
    folder.mkdir(parents=True)
    (folder / "chart.png").write_bytes(b"\x89PNG fake")
    section = _section(review, "Introduction", 0)
    image = SectionImageFactory(
        section=section, image="sections/images/chart.png", content_type="image/png", alt_text="Chart"
    )
    url = f"{REPORT_BASE_URL}reviews/{review.pk}/sections/{section.pk}/images/{image.pk}/"
    assert ReportURLFetcher(review_id=review.pk).fetch(url).read() == b"\x89PNG fake"
    with pytest.raises(FetchRefused):
        ReportURLFetcher(review_id=other_review.pk).fetch(url)
    with pytest.raises(FetchRefused):
        ReportURLFetcher(review_id=review.pk).fetch(
            f"{REPORT_BASE_URL}reviews/{review.pk}/sections/{section.pk}/images/{image.pk + 1}/"
        )


def test_render_report_command_writes_a_valid_pdf(review, tmp_path):
    _section(review, "Introduction", 0, content="<p>Text.</p>")
    out = tmp_path / "out.pdf"
    stdout = StringIO()
    call_command("render_report", str(review.pk), "--out", str(out), "--final", stdout=stdout)
    data = out.read_bytes()
    info = subprocess.run(["pdfinfo", str(out)], check=True, capture_output=True, text=True).stdout
    pages = re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE)[1]
    assert stdout.getvalue().splitlines()[:3] == [
        f"pages: {pages}",
        f"size: {len(data)}",
        f"sha256: {hashlib.sha256(data).hexdigest()}",
    ]
    assert "DRAFT" not in "".join(_pdf_text(out, "-raw").split())


def test_render_report_command_unknown_review_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="No review with id 999999"):
        call_command("render_report", "999999", "--out", str(tmp_path / "x.pdf"))


def test_render_pdf_shows_section_images_and_reports_a_missing_one(review, settings, tmp_path):
    import base64

    settings.MEDIA_ROOT = str(tmp_path)
    folder = tmp_path / "sections" / "images"
    folder.mkdir(parents=True)
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
    (folder / "dot.png").write_bytes(png)
    section = _section(review, "Introduction", 0)
    image = SectionImageFactory(
        section=section, image="sections/images/dot.png", content_type="image/png", alt_text="Dot"
    )
    section.content = f'<p><img src="/reviews/{review.pk}/sections/{section.pk}/images/{image.pk}/" alt="Dot"></p>'
    section.save(update_fields=["content"])
    fetcher = ReportURLFetcher(review_id=review.pk)
    render_pdf(assemble(review), url_fetcher=fetcher)
    assert (fetcher.requested[-1].endswith(f"/images/{image.pk}/"), fetcher.refused) == (True, [])
    (folder / "dot.png").unlink()
    with pytest.raises(RenderError, match="An image in the report could not be read"):
        render_pdf(assemble(review))


# --- Layout sizes (issue 13) -------------------------------------------------------------

# A header cell as wide as 100,000 columns and a last-row cell 100,000 rows high: in a
# table of two columns and two rows (WeasyPrint would allocate gigabytes for them).
HUGE_SPANS = (
    '<table><tr><th colspan="100000">Goal</th><th>Value</th></tr>'
    '<tr><td rowspan="100000">Clinics</td><td colspan="100000">42</td></tr></table>'
)


def test_section_with_huge_table_spans_is_stored_clamped_and_renders(review, coordinator, tmp_path):
    section = section_add(actor=coordinator, review=review, title="Health")
    section_save(actor=coordinator, section=section, content=HUGE_SPANS, base_version=0)
    section.refresh_from_db()
    assert section.content == (
        "<table><tbody><tr><th>Goal</th><th>Value</th></tr><tr><td>Clinics</td><td>42</td></tr></tbody></table>"
    )
    rendered, path = _render_to(tmp_path, review)
    assert rendered.page_count == 3
    words = _pdf_text(path, page=3).split()
    assert [cell for cell in ("Goal", "Value", "Clinics", "42") if cell not in words] == []


def test_huge_spans_stored_before_the_clamp_are_clamped_when_the_report_is_assembled(review, tmp_path):
    _section(review, "Health", 0, content=HUGE_SPANS)  # as a row written before issue 13
    assembly = assemble(review)
    assert re.findall(r'(?:colspan|rowspan)="\d+"', assembly.html) == []
    assert render_pdf(assembly).page_count == 3

"""The "Open data" page of a review's portal and its downloads: open exactly when the
portal is, the licence in every file, only what the public pages show, hostile text
inert, a fixed number of queries whatever the amount of data."""

import csv
import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.services import framework_load
from reviews.evidence.tests.pages_data import large_data, small_data
from reviews.tests.factories import EditionFactory
from stakeholders.models import Contribution, Visibility
from stakeholders.tests.factories import (
    ContributionFactory,
    ContributorFactory,
    ModeratorResponseFactory,
)
from stakeholders.tests.helpers import HOSTILE

pytestmark = pytest.mark.django_db

DOWNLOADS = [
    ("portal-opendata-report", ("json",)),
    ("portal-opendata-report", ("csv",)),
    ("portal-opendata-outcomes", ("json",)),
    ("portal-opendata-outcomes", ("csv",)),
    ("portal-opendata-indicators", ("json",)),
    ("portal-opendata-indicators", ("csv",)),
    ("portal-opendata-opensdg", ()),
]
PAGES = [("portal-opendata", ()), *DOWNLOADS]
CC_BY = "Creative Commons Attribution 4.0 International (CC BY 4.0)"


def url(name, review, *args):
    return reverse(f"stakeholders:{name}", args=[review.pk, *args])


@pytest.fixture
def data(db, review):
    framework_load()
    return small_data(review.country.iso3)


def decide(contribution, decision="partly", reason="Added to the chapter."):
    Contribution.objects.filter(pk=contribution.pk).update(uptake=decision, uptake_reason=reason)


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def zip_files(response) -> dict[str, str]:
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


# --- Who may read it ---------------------------------------------------------------------


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_anyone_gets_the_open_data_of_a_published_portal(client, portal, data, name, args):
    response = client.get(url(name, portal.review, *args))
    assert response.status_code == 200
    if name != "portal-opendata":
        assert "attachment" in response["Content-Disposition"]
        assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_an_unpublished_portal_has_no_open_data_for_the_public(client, outsider, portal, data, name, args):
    portal.is_published = False
    portal.save()
    assert client.get(url(name, portal.review, *args)).status_code == 404
    client.force_login(outsider)
    assert client.get(url(name, portal.review, *args)).status_code == 404


def test_the_team_previews_the_open_data_of_its_unpublished_portal(client, focal_a, portal, data):
    portal.is_published = False
    portal.save()
    client.force_login(focal_a)
    assert client.get(url("portal-opendata", portal.review)).status_code == 200


def test_a_review_without_a_portal_and_an_unknown_format_answer_404(client, review, portal, data, other_review):
    assert client.get(url("portal-opendata", other_review)).status_code == 404
    assert client.get(url("portal-opendata-report", review, "xml")).status_code == 404
    assert client.get(url("portal-opendata-indicators", review, "exe")).status_code == 404
    assert client.get(url("portal-opendata-outcomes", review, "JSON")).status_code == 404
    assert client.get(reverse("stakeholders:portal-opendata", args=[999999])).status_code == 404


# --- The page ----------------------------------------------------------------------------


def test_the_page_lists_every_download_with_its_format_size_and_licence(client, portal, data, public_round):
    document = public_round.documents.get()
    decide(ContributionFactory(round=public_round, document=document))
    html = client.get(url("portal-opendata", portal.review)).content.decode()
    for name, args in DOWNLOADS:
        assert f'href="{url(name, portal.review, *args)}"' in html
    assert "1 contribution" in html and "10 observations" in html and "1 indicator" in html
    assert f'rel="license">{CC_BY}</a>' in html
    assert 'tabindex="0"' in html


def test_the_portal_links_the_open_data_page_in_its_navigation_and_footer(client, portal):
    html = client.get(reverse("stakeholders:portal-home", args=[portal.review.pk])).content.decode()
    assert html.count(f'href="{url("portal-opendata", portal.review)}"') == 2
    assert f'rel="license">{CC_BY}</a>' in html.split('<footer class="site-footer">')[1]


def test_the_publishing_page_links_the_open_data_page(client, coordinator, portal):
    client.force_login(coordinator)
    html = client.get(reverse("reviews:editions", args=[portal.review.pk])).content.decode()
    assert f'href="{url("portal-opendata", portal.review)}"' in html


# --- What the files hold -----------------------------------------------------------------


def test_the_report_details_list_the_public_final_editions(client, portal):
    review = portal.review
    review.languages = ["en", "fr"]
    review.save()
    finished = timezone.now()
    public = EditionFactory(
        review=review,
        is_final=True,
        is_public=True,
        status="done",
        file="editions/a.pdf",
        size=1234,
        language="en",
        finished_at=finished,
    )
    EditionFactory(review=review, is_final=True, is_public=False, status="done", file="editions/b.pdf", language="fr")
    EditionFactory(review=review, is_final=False, is_public=True, status="done", file="editions/c.pdf", language="fr")

    document = json.loads(client.get(url("portal-opendata-report", review, "json")).content)

    assert document["licence"] == {"name": CC_BY, "url": "https://creativecommons.org/licenses/by/4.0/"}
    assert document["source"].endswith(url("portal-opendata", review)) and document["generated"]
    meta = document["data"]
    assert (meta["title"], meta["country"], meta["country_code"], meta["year"]) == (
        review.title,
        "Aurelia",
        "AUR",
        review.hlpf_year,
    )
    assert [language["code"] for language in meta["languages"]] == ["en", "fr"]
    assert meta["published"] == timezone.localtime(finished).date().isoformat()
    assert [(e["language"], e["format"], e["size"]) for e in meta["editions"]] == [("en", "pdf", 1234)]
    assert meta["editions"][0]["url"].endswith(reverse("reviews:edition-download", args=[review.pk, public.pk]))
    rows = csv_rows(client.get(url("portal-opendata-report", review, "csv")))
    assert rows[0][-2:] == ["Licence", "Licence URL"]
    assert rows[1][0] == review.title and rows[1][6:8] == ["en", "pdf"] and rows[1][-2] == CC_BY
    assert len(rows) == 2


def test_you_said_we_did_holds_only_what_the_public_pages_show(client, portal, public_round, invited_round, editor):
    document = public_round.documents.get()
    author = ContributorFactory(username="writer", email="writer@example.org", first_name="Wanda")
    shown = ContributionFactory(
        round=public_round,
        document=document,
        paragraph=2,
        author=author,
        body="Count  rural clinics.",
        organisation_name="Secret Org",
    )
    decide(shown, "partly", "Rural clinics added.")
    ModeratorResponseFactory(contribution=shown, author=editor, body="Thank you, we will look.")
    hidden = ContributionFactory(round=public_round, document=document, author=author, body="HIDDEN text")
    decide(hidden)
    Contribution.objects.filter(pk=hidden.pk).update(visibility=Visibility.HIDDEN)
    ContributionFactory(round=public_round, document=document, author=author, body="UNDECIDED text")
    decide(ContributionFactory(round=invited_round, author=author, body="INVITED text"))

    json_response = client.get(url("portal-opendata-outcomes", portal.review, "json"))
    csv_response = client.get(url("portal-opendata-outcomes", portal.review, "csv"))

    records = json.loads(json_response.content)["data"]
    assert records == [
        {
            "round": public_round.title,
            "round_id": public_round.pk,
            "contribution_id": shown.pk,
            "kind": "Comment",
            "about": document.title,
            "paragraph": 2,
            "said": "Count rural clinics.",
            "public_answers": ["Thank you, we will look."],
            "decision": "partly",
            "decision_label": "Partly taken in",
            "explanation": "Rural clinics added.",
            "went_to": "",
            "revision": None,
        }
    ]
    rows = csv_rows(csv_response)
    assert len(rows) == 2 and rows[1][6:8] == ["Count rural clinics.", "Thank you, we will look."]
    for content in (json_response.content.decode(), csv_response.content.decode()):
        for secret in ("writer", "Wanda", "Secret Org", "HIDDEN", "UNDECIDED", "INVITED", "@example"):
            assert secret not in content


def test_the_indicator_data_as_json_csv_and_open_sdg_zip(client, portal, data):
    review = portal.review
    records = json.loads(client.get(url("portal-opendata-indicators", review, "json")).content)["data"]
    assert len(records) == 10
    assert {record["indicator"] for record in records} == {"1.2.1"}
    assert all(isinstance(record["value"], float) for record in records)
    rows = csv_rows(client.get(url("portal-opendata-indicators", review, "csv")))
    assert rows[0][:2] == ["Indicator", "Year"] and rows[0][-3:] == ["Value", "Licence", "Licence URL"]
    assert len(rows) == 11 and all(row[-2] == CC_BY for row in rows[1:])
    files = zip_files(client.get(url("portal-opendata-opensdg", review)))
    assert set(files) == {"data/indicator_1-2-1.csv", "meta/1-2-1.md", "README.txt"}
    assert f"Licence: {CC_BY}" in files["README.txt"]
    assert f'licence_name: "{CC_BY}"' in files["meta/1-2-1.md"]


def test_a_custom_licence_is_in_every_file(client, portal, data, public_round):
    portal.licence, portal.licence_name, portal.licence_url = "custom", "Aurelia Open Licence", "https://gov.example/ol"
    portal.save()
    decide(ContributionFactory(round=public_round, document=public_round.documents.get()))
    review = portal.review
    for name, args in DOWNLOADS:
        response = client.get(url(name, review, *args))
        assert response["Link"] == '<https://gov.example/ol>; rel="license"'
        if args == ("json",):
            assert json.loads(response.content)["licence"] == {
                "name": "Aurelia Open Licence",
                "url": "https://gov.example/ol",
            }
        elif args == ("csv",):
            rows = csv_rows(response)
            assert len(rows) > 1 and all(
                row[-2:] == ["Aurelia Open Licence", "https://gov.example/ol"] for row in rows[1:]
            )
        else:
            files = zip_files(response)
            assert "Licence: Aurelia Open Licence <https://gov.example/ol>" in files["README.txt"]
            assert all(
                'licence_url: "https://gov.example/ol"' in text for n, text in files.items() if n.startswith("meta/")
            )


def test_hostile_text_stays_inert_in_csv_and_valid_in_json(client, portal, public_round):
    document = public_round.documents.get()
    texts = [text for text in HOSTILE["csv_formula"] + HOSTILE["xss_html"] + HOSTILE["text_edges"] if text.strip()]
    texts = [text.replace("\x00", "") for text in texts]
    for text in texts:
        contribution = ContributionFactory(round=public_round, document=document, body=text)
        decide(contribution, "accepted", reason=text)

    records = json.loads(client.get(url("portal-opendata-outcomes", portal.review, "json")).content)["data"]
    rows = csv_rows(client.get(url("portal-opendata-outcomes", portal.review, "csv")))

    assert len(records) == len(rows) - 1 == len(texts)
    assert sorted(record["explanation"] for record in records) == sorted(texts)
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


# --- Queries -----------------------------------------------------------------------------

# The review with its country and portal; then the page: editions, contributions counted,
# indicators counted, observations counted; "you said, we did": rows, public answers;
# indicators: series, observations; the zip: series, observations, framework titles.
QUERIES = {
    "portal-opendata": 5,
    "portal-opendata-report": 2,
    "portal-opendata-outcomes": 3,
    "portal-opendata-indicators": 3,
    "portal-opendata-opensdg": 4,
}


def _fill(review, round_, count):
    document = round_.documents.get()
    author = ContributorFactory()
    Contribution.objects.bulk_create(
        Contribution(
            round=round_, document=document, author=author, body=f"Point {n}", uptake="accepted", uptake_reason="Yes"
        )
        for n in range(count)
    )


@pytest.mark.parametrize("big", [False, True], ids=["10 rows", "1,000 contributions, 10,000 observations"])
def test_the_page_and_each_download_take_a_fixed_number_of_queries(
    client, portal, public_round, big, django_assert_num_queries
):
    framework_load()
    review = portal.review
    (large_data if big else small_data)(review.country.iso3)
    _fill(review, public_round, 1000 if big else 10)
    EditionFactory(review=review, is_final=True, is_public=True, status="done", file="editions/a.pdf", language="en")
    for name, args in PAGES:
        with django_assert_num_queries(QUERIES[name]):
            assert client.get(url(name, review, *args)).status_code == 200


def test_a_licence_address_cannot_break_the_link_header(client, portal):
    portal.licence, portal.licence_name, portal.licence_url = "custom", "L", 'https://gov.example/a>b"c'
    portal.save()
    response = client.get(url("portal-opendata-report", portal.review, "csv"))
    assert response["Link"] == '<https://gov.example/a%3Eb%22c>; rel="license"'

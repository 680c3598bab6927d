"""Documents as evidence of a commitment's follow-up: a focal point uploads them with an
update (type by content, size limit, safe name, private storage), whoever may see the
commitment downloads them, they are never changed nor deleted, and the register, the
chapter's table and the annex show their names."""

import json
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews.core.models import AuditEntry
from reviews.followup.annexes import commitments_annex, commitments_chapter_part
from reviews.followup.models import CommitmentDocument, CommitmentUpdate
from reviews.followup.services.commitments import (
    commitment_create,
    commitment_update_decide,
    commitment_update_submit,
)
from reviews.publishing.assembly import assemble

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

HOSTILE = json.loads(Path("/work/shared/data/security/hostile-inputs.json").read_text(encoding="utf-8"))
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def url(name, review, **kwargs):
    return reverse(f"reviews:{name}", kwargs={"pk": review.pk, **kwargs})


def pdf(name="Health sector review 2024.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def health(review, coordinator, ministry_a, goals):
    return commitment_create(
        actor=coordinator,
        review=review,
        text="Cut premature deaths from non-communicable diseases",
        kind="commitment",
        goals=[goals[2]],
        ministries=[ministry_a],
    )


def _post_update(client, review, commitment, files, **fields):
    data = {"status": "done", "narrative": "Done in 2025.", "links": "", **fields}
    if files is not None:
        data["documents"] = files
    return client.post(url("followup-commitment", review, commitment_pk=commitment.pk), data)


def _stored(media) -> list[str]:
    folder = media / "followup" / "commitment-documents"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


# --- Upload ---------------------------------------------------------------------------


def test_focal_point_uploads_documents_with_an_update(client, review, focal_a, health, media):
    client.force_login(focal_a)
    page = client.get(url("followup-commitment", review, commitment_pk=health.pk)).content.decode()
    assert 'enctype="multipart/form-data"' in page
    response = _post_update(client, review, health, [pdf(), pdf("Budget 2025.pdf")])
    assert response.status_code == 302
    update = CommitmentUpdate.objects.get(commitment=health)
    names = [document.name for document in update.evidence_documents.order_by("pk")]
    assert names == ["Health sector review 2024.pdf", "Budget 2025.pdf"]
    for document in update.evidence_documents.all():
        assert re.fullmatch(rf"followup/commitment-documents/commitment-{health.pk}(_\w+)?\.pdf", document.file.name)
        assert (document.content_type, document.size, document.uploaded_by) == ("application/pdf", len(PDF), focal_a)
    assert len(_stored(media)) == 2
    entry = AuditEntry.objects.get(action="followup.update_submitted")
    assert sorted(entry.data["documents"]) == sorted(update.evidence_documents.values_list("pk", flat=True))
    page = client.get(url("followup-commitment", review, commitment_pk=health.pk)).content.decode()
    assert "Health sector review 2024.pdf" in page and "Budget 2025.pdf" in page


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.pdf", b"<html><script>alert(1)</script></html>", "this file is none of these"),
        ("cut.pdf", b"%PDF-1.4\n1 0 obj", "incomplete or damaged"),
        ("empty.pdf", b"", "file is empty"),
        ("big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024) + b"\n%%EOF\n", "at most 10 MB"),
    ],
)
def test_a_file_that_is_no_document_is_refused_at_the_field(
    client, review, focal_a, health, media, name, data, message
):
    client.force_login(focal_a)
    response = _post_update(client, review, health, [SimpleUploadedFile(name, data)])
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert 'id="id_documents"' in page
    assert (CommitmentUpdate.objects.count(), CommitmentDocument.objects.count(), _stored(media)) == (0, 0, [])


def test_at_most_five_documents_an_update(client, review, focal_a, health, media):
    client.force_login(focal_a)
    response = _post_update(client, review, health, [pdf(f"part {n}.pdf") for n in range(6)])
    assert response.status_code == 400
    assert "At most 5 documents an update." in response.content.decode()
    assert (CommitmentUpdate.objects.count(), _stored(media)) == (0, [])


@pytest.mark.parametrize("name", HOSTILE["filenames"])
def test_hostile_file_names_are_saved_safely_and_shown_inert(client, review, focal_a, reviewer, health, media, name):
    name = "n" * 300 + ".pdf" if name.startswith("LONGNAME:") else name
    client.force_login(focal_a)
    response = _post_update(client, review, health, [pdf(name)])
    assert response.status_code == 302
    document = CommitmentDocument.objects.get()
    assert re.fullmatch(rf"followup/commitment-documents/commitment-{health.pk}(_\w+)?\.pdf", document.file.name)
    assert _stored(media) == [Path(document.file.name).name]
    # The name shown: no path, no control character, the extension of what it is.
    assert "/" not in document.name and "\\" not in document.name and "\x00" not in document.name
    assert document.name.endswith(".pdf") and len(document.name) <= 120
    assert not document.name.startswith(".")
    client.force_login(reviewer)
    download = client.get(url("followup-commitment-document", review, commitment_pk=health.pk, document_pk=document.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert "/" not in download["Content-Disposition"].split("filename", 1)[1]


def test_an_update_cites_earlier_documents_again_and_nothing_is_removed(
    client, review, focal_a, reviewer, health, media
):
    client.force_login(focal_a)
    _post_update(client, review, health, [pdf()], status="in_progress")
    first = CommitmentUpdate.objects.get()
    document = first.evidence_documents.get()
    commitment_update_decide(actor=reviewer, update=first, accept=False, note="Add the budget.")
    page = client.get(url("followup-commitment", review, commitment_pk=health.pk)).content.decode()
    # The form offers the earlier document, checked as the latest update cited it.
    assert re.search(rf'name="keep_documents" value="{document.pk}"[^>]*checked', page)
    response = _post_update(client, review, health, [pdf("Budget 2025.pdf")], keep_documents=[document.pk])
    assert response.status_code == 302
    second = CommitmentUpdate.objects.exclude(pk=first.pk).get()
    assert sorted(second.evidence_documents.values_list("name", flat=True)) == [
        "Budget 2025.pdf",
        "Health sector review 2024.pdf",
    ]
    assert list(first.evidence_documents.all()) == [document]
    assert CommitmentDocument.objects.count() == 2 and len(_stored(media)) == 2


def test_documents_of_another_commitment_cannot_be_cited(review, coordinator, focal_a, health, ministry_a, media):
    other = commitment_create(
        actor=coordinator, review=review, text="Another one", kind="commitment", ministries=[ministry_a]
    )
    update = commitment_update_submit(actor=focal_a, commitment=other, status="done", documents=[pdf()])
    with pytest.raises(ValidationError) as error:
        commitment_update_submit(
            actor=focal_a, commitment=health, status="done", keep_documents=list(update.evidence_documents.all())
        )
    assert error.value.message_dict == {"keep_documents": ["Choose documents of this commitment."]}


def test_a_focal_point_of_another_ministry_uploads_nothing(client, review, focal_b, health, media):
    client.force_login(focal_b)
    response = _post_update(client, review, health, [pdf()])
    assert response.status_code == 403
    assert (CommitmentDocument.objects.count(), _stored(media)) == (0, [])


# --- Download -------------------------------------------------------------------------


@pytest.fixture
def document(review, focal_a, health, media):
    update = commitment_update_submit(actor=focal_a, commitment=health, status="done", documents=[pdf()])
    return update.evidence_documents.get()


@pytest.mark.parametrize("role", ["focal_a", "focal_b", "reviewer", "editor", "coordinator"])
def test_every_member_who_sees_the_commitment_downloads(client, review, health, document, role, request):
    client.force_login(request.getfixturevalue(role))
    response = client.get(url("followup-commitment-document", review, commitment_pk=health.pk, document_pk=document.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Health sector review 2024.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_outsiders_download_nothing(client, review, health, document, other_member, outsider):
    target = url("followup-commitment-document", review, commitment_pk=health.pk, document_pk=document.pk)
    assert client.get(target).status_code == 302  # to the login page
    for user in (other_member, outsider):
        client.force_login(user)
        assert client.get(target).status_code == 403


def test_a_document_is_found_only_under_its_own_commitment(
    client, review, coordinator, health, document, ministry_a, other_review, media
):
    other = commitment_create(actor=coordinator, review=review, text="Other", kind="commitment")
    client.force_login(coordinator)
    for target in (
        url("followup-commitment-document", review, commitment_pk=other.pk, document_pk=document.pk),
        url("followup-commitment-document", review, commitment_pk=health.pk, document_pk=document.pk + 100),
    ):
        assert client.get(target).status_code == 404


def test_a_missing_file_is_a_404_not_a_500(client, review, coordinator, health, document):
    document.file.storage.delete(document.file.name)
    client.force_login(coordinator)
    target = url("followup-commitment-document", review, commitment_pk=health.pk, document_pk=document.pk)
    assert client.get(target).status_code == 404


# --- Where the names are shown ----------------------------------------------------------


def test_register_chapter_annex_and_export_show_the_accepted_updates_documents(
    client, review, focal_a, reviewer, health, media
):
    update = commitment_update_submit(
        actor=focal_a, commitment=health, status="done", documents=[pdf('Sector "review" <2024>.pdf')]
    )
    client.force_login(reviewer)
    register = client.get(url("followup-commitments", review)).content.decode()
    assert "Sector" not in register  # not accepted yet
    commitment_update_decide(actor=reviewer, update=update, accept=True)
    document = update.evidence_documents.get()
    assert document.name == "Sector _review_ _2024_.pdf"
    register = client.get(url("followup-commitments", review)).content.decode()
    link = url("followup-commitment-document", review, commitment_pk=health.pk, document_pk=document.pk)
    assert f'<a href="{link}" download><bdi>Sector _review_ _2024_.pdf</bdi></a>' in register
    assert "Sector _review_ _2024_.pdf" in commitments_chapter_part(review)
    annex = dict(commitments_annex(review))["Follow-up of the previous VNR's commitments"]
    assert 'Documents: <span class="evidence-document">Sector _review_ _2024_.pdf</span>' in annex
    assert (
        "Sector _review_ _2024_.pdf"
        in {c.title: c.html for c in assemble(review).chapters}["Follow-up of the previous VNR's commitments"]
    )
    export = client.get(url("followup-commitments-export", review)).content.decode()
    assert "Sector _review_ _2024_.pdf" in export

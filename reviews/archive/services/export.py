"""Write a whole review into one zip: manifest.json, data/*.json and files/…."""

import hashlib
import json
import posixpath
import secrets
import zipfile
from typing import IO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from reviews.core.audit import audit_record
from reviews.core.models import Review

from ..graph import EXTERNAL_KEYS, REVIEW_LABEL, file_fields, m2m_fields, owned_models, owner_paths, rows_of
from ..links import links_to_places
from ..registry import personal_fields

FORMAT_VERSION = 1
REDACTED = "[redacted]"


def portal_version() -> dict[str, str]:
    """The newest migration of each of our apps (read from the code): what the data's shape depends on."""
    leaves = MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes()
    return {app: name for app, name in sorted(leaves) if app in ("indicators", "reviews", "stakeholders", "vnr_portal")}


def review_key(review: Review) -> list:
    return [review.country.iso3, review.hlpf_year]


def plain_value(field: models.Field, obj: models.Model):
    value = field.value_from_object(obj)
    if value is None or isinstance(field, models.JSONField) or isinstance(value, bool | int | float | str):
        return value
    return field.value_to_string(obj)


class _Exporter:
    def __init__(self, review: Review, *, without_personal_data: bool):
        self.review = review
        self.without = without_personal_data
        self.personal = personal_fields()
        self.index: dict[str, dict[int, int]] = {}
        self.users: dict[int, object] = {}
        self.files: dict[str, bytes] = {}
        self.reviews: dict[int, Review] = {review.pk: review}
        self.private_strings: set[str] = set()
        self.external: dict[str, dict[int, list]] = {}

    # How a row points at another one, without ids.
    def ref(self, field: models.Field, pk):
        if pk is None:
            return None
        target = field.related_model._meta.label
        if target == settings.AUTH_USER_MODEL:
            self.users.setdefault(pk, None)
            return {"user": pk}  # replaced by the username once every person is known
        if target == REVIEW_LABEL:
            if pk == self.review.pk:
                return {"row": 0}
            return {"review": review_key(self.other_review(pk))}
        if target in self.index and pk in self.index[target]:
            return {"row": self.index[target][pk]}
        if target in owner_paths():
            return self.cross_review_ref(field.related_model, pk)
        if target in EXTERNAL_KEYS:
            if target not in self.external:
                rows = field.related_model._base_manager.values_list("pk", *EXTERNAL_KEYS[target])
                self.external[target] = {row[0]: list(row[1:]) for row in rows}
            return {"key": self.external[target][pk]}
        if target == "indicators.DataSnapshot":
            return {"snapshot": self.snapshot(pk)}
        raise ValueError(f"{field.model._meta.label}.{field.name}: no key for {target}")

    def other_review(self, pk) -> Review:
        if pk not in self.reviews:
            self.reviews[pk] = Review.objects.select_related("country").get(pk=pk)
        return self.reviews[pk]

    def cross_review_ref(self, model, pk) -> dict:
        """A row of another review: that review's key and the row's place among its rows."""
        path = owner_paths()[model._meta.label]
        review_pk = model._base_manager.filter(pk=pk).values_list(path if path != "pk" else "pk", flat=True).get()
        other = self.other_review(review_pk)
        place = model._base_manager.filter(**{path: other.pk, "pk__lt": pk}).count()
        return {"review": review_key(other), "row": place}

    def snapshot(self, pk) -> dict:
        from indicators.models import DataSnapshot

        snapshot = DataSnapshot.objects.get(pk=pk)
        versions = sorted(
            [s.country, s.indicator_code, s.code, s.unit, s.unit_multiplier, v.number]
            for v in snapshot.versions.select_related("series")
            for s in [v.series]
        )
        return {
            "country": snapshot.country,
            "label": snapshot.label,
            "taken_at": snapshot.taken_at.isoformat(),
            "versions": versions,
        }

    def run(self) -> tuple[dict, dict[str, list]]:
        models_ = owned_models()
        querysets = {m._meta.label: list(rows_of(m, self.review)) for m in models_}
        for label, rows in querysets.items():
            self.index[label] = {row.pk: place for place, row in enumerate(rows)}
        data: dict[str, list] = {}
        m2m_fields_of = {}
        for model in models_:
            label = model._meta.label
            personal = self.personal.get(label, set())
            files = {f.name for f in file_fields(model)}
            m2m = {f.name: f for f in m2m_fields(model)}
            m2m_fields_of[label] = m2m
            m2m_values = m2m_targets(querysets[label], m2m)
            rows = []
            for place, obj in enumerate(querysets[label]):
                row = {}
                for field in model._meta.concrete_fields:
                    if field.primary_key:
                        continue
                    if field.is_relation:
                        row[field.name] = self.ref(field, getattr(obj, field.attname))
                    elif field.name in files:
                        row[field.name] = self.file(label, place, field, obj)
                    else:
                        row[field.name] = plain_value(field, obj)
                        if isinstance(row[field.name], str) and "/images/" in row[field.name]:
                            row[field.name] = links_to_places(row[field.name], self.review.pk, self.index)
                        if field.name in personal or isinstance(field, models.EmailField):
                            if isinstance(row[field.name], str) and len(row[field.name]) >= 5:
                                self.private_strings.add(row[field.name])
                            if self.without:
                                row[field.name] = self.redact(field, row[field.name], place)
                for name, field in m2m.items():
                    refs = [self.ref(field, pk) for pk in m2m_values[name].get(obj.pk, [])]
                    row[name] = refs
                rows.append(row)
            data[label] = rows
        people = self.people()
        for model in models_:
            label = model._meta.label
            fks = [f.name for f in model._meta.concrete_fields if f.is_relation]
            many = list(m2m_fields_of[label])
            for row in data[label]:
                for name in fks:
                    row[name] = self.user_refs(row[name], people)
                for name in many:
                    refs = [self.user_refs(ref, people) for ref in row[name]]
                    row[name] = sorted(refs, key=lambda ref: json.dumps(ref, sort_keys=True))
        if self.without:
            data = scrub(data, self.private_strings)
        return people, data

    def redact(self, field, value, place):
        if isinstance(field, models.EmailField) and value:
            return f"person-{place}@redacted.invalid"
        return "" if isinstance(value, str) else None

    def user_refs(self, value, people):
        if isinstance(value, dict) and "user" in value:
            return {"user": people["by_pk"][value["user"]]}
        return value

    def people(self) -> dict:
        users = get_user_model()._base_manager.filter(pk__in=self.users).order_by("username")
        by_pk, rows = {}, []
        # Pseudonyms no account here or elsewhere has: a restore never lends a review to someone.
        batch = secrets.token_hex(4)
        for place, user in enumerate(users):
            full_name = f"{user.first_name} {user.last_name}" if user.first_name and user.last_name else ""
            self.private_strings.update(
                filter(None, [user.email, user.username if "@" in user.username else "", full_name])
            )
            if self.without:
                username = f"anonymous-{batch}-{place + 1}"
                row = {"username": username, "email": "", "first_name": "", "last_name": ""}
            else:
                username = user.username
                row = {
                    "username": user.username,
                    "email": user.email,
                    "first_name": user.first_name,
                    "last_name": user.last_name,
                }
            by_pk[user.pk] = username
            rows.append(row)
        return {"by_pk": by_pk, "rows": rows}

    def file(self, label, place, field, obj):
        value = getattr(obj, field.attname)
        name = value.name if value else ""
        if not name:
            return None
        try:
            with field.storage.open(name, "rb") as handle:
                content = handle.read()
        except OSError:
            return {"name": name, "missing": True}
        member = f"files/{label}/{place}/{field.name}/{posixpath.basename(name)}"
        self.files[member] = content
        return {"name": name, "file": member, "sha256": hashlib.sha256(content).hexdigest()}


def m2m_targets(rows, fields: dict) -> dict[str, dict[int, list]]:
    """{field name: {row pk: [target pks]}} of every many-to-many field, one query per field."""
    pks = [row.pk for row in rows]
    found: dict[str, dict[int, list]] = {}
    for name, field in fields.items():
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        pairs = through._base_manager.filter(**{f"{source}__in": pks}).order_by("pk")
        found[name] = {}
        for source_pk, target_pk in pairs.values_list(f"{source}_id", f"{target}_id"):
            found[name].setdefault(source_pk, []).append(target_pk)
    return found


def scrub(value, private_strings: set[str]):
    """Every string with one of `private_strings` (e-mail addresses) in it, with `[redacted]` instead."""
    if isinstance(value, str):
        for secret in private_strings:
            if secret in value:
                value = value.replace(secret, REDACTED)
        return value
    if isinstance(value, dict):
        return {key: scrub(item, private_strings) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub(item, private_strings) for item in value]
    return value


def review_export(*, actor, review: Review, out: str | IO[bytes], without_personal_data: bool = False) -> dict:
    """Write `review` with every row and file that belongs to it into the zip `out`; return the manifest.

    Rows point at each other by their place in their model's list (oldest first), people by
    username, the SDG framework and the country by their codes: no id is in the file.
    """
    review = Review.objects.select_related("country").get(pk=review.pk)
    exporter = _Exporter(review, without_personal_data=without_personal_data)
    people, data = exporter.run()
    members: dict[str, bytes] = {"data/people.json": canonical_json(people["rows"])}
    for label, rows in data.items():
        members[f"data/{label}.json"] = canonical_json(rows)
    members.update(exporter.files)
    personal = sorted(
        f"{label}.{name}"
        for label, names in personal_fields().items()
        if label in data or label == settings.AUTH_USER_MODEL
        for name in names
    )
    manifest = {
        "format_version": FORMAT_VERSION,
        "portal_version": portal_version(),
        "created_at": timezone.now().isoformat(),
        "review": {
            "title": review.title,
            "country": review.country.name,
            "iso3": review.country.iso3,
            "hlpf_year": review.hlpf_year,
        },
        "counts": {label: len(rows) for label, rows in data.items()} | {"people": len(people["rows"])},
        "personal_data": {"included": not without_personal_data, "fields": [] if without_personal_data else personal},
        "files": {name: hashlib.sha256(content).hexdigest() for name, content in sorted(members.items())},
    }
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", canonical_json(manifest))
        for name, content in sorted(members.items()):
            archive.writestr(name, content)
    audit_record(
        review=review,
        actor=actor,
        action="archive.exported",
        summary=f"Exported the review{' without personal data' if without_personal_data else ''}",
        data={"counts": manifest["counts"], "personal_data": not without_personal_data},
    )
    return manifest


def canonical_json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1).encode()

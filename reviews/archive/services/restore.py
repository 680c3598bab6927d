"""Read a review back from its zip: every check first, then one transaction."""

import hashlib
import json
import stat
import zipfile
from typing import IO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, models, transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reviews.core.audit import audit_record
from reviews.core.models import Country, Review

from ..graph import EXTERNAL_KEYS, REVIEW_LABEL, m2m_fields, owned_models, owner_paths
from ..links import MARK, places_to_links
from .export import FORMAT_VERSION

MAX_MEMBERS = 20_000


def max_unpacked_bytes() -> int:
    """The most an archive may unpack to (it is read into memory): 1 GiB unless settings say otherwise."""
    return getattr(settings, "ARCHIVE_MAX_UNPACKED_BYTES", 1024**3)


def _refuse(message: str, **params):
    raise ValidationError(message % params if params else message)


def _safe_name(name: str) -> bool:
    if not name or name.startswith(("/", "\\")) or "\\" in name or ":" in name.split("/")[0]:
        return False
    return not any(part in ("", ".", "..") for part in name.rstrip("/").split("/"))


def read_archive(source: str | IO[bytes]) -> tuple[dict, dict[str, bytes]]:
    """The manifest and every member of the zip, after checking them all; ValidationError if not."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError):
        _refuse(_("This file is not a zip archive."))
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            _refuse(_("The archive holds more than %(count)s files."), count=MAX_MEMBERS)
        limit = max_unpacked_bytes()
        if sum(info.file_size for info in infos) > limit:
            _refuse(_("Unpacked, the archive would exceed %(limit)s bytes."), limit=limit)
        members: dict[str, bytes] = {}
        total = 0
        for info in infos:
            if not _safe_name(info.filename):
                _refuse(_("The archive holds a path outside its folder: %(name)s."), name=info.filename)
            if stat.S_ISLNK(info.external_attr >> 16):
                _refuse(_("The archive holds a symbolic link: %(name)s."), name=info.filename)
            if info.is_dir():
                continue
            try:
                with archive.open(info) as handle:
                    # Read no more than the header declares, whatever the compressed stream holds.
                    content = handle.read(info.file_size + 1)
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
                _refuse(_("The archive's file %(name)s cannot be read."), name=info.filename)
            total += len(content)
            if len(content) > info.file_size or total > limit:
                _refuse(_("Unpacked, the archive would exceed %(limit)s bytes."), limit=limit)
            members[info.filename] = content
    if "manifest.json" not in members:
        _refuse(_("The archive has no manifest.json: it is not a review's export."))
    try:
        manifest = json.loads(members.pop("manifest.json"))
        version = int(manifest["format_version"])
        listed = dict(manifest["files"])
        review = manifest["review"]
        dict(manifest["counts"])
        str(review["iso3"]), str(review["country"]), int(review["hlpf_year"]), str(review["title"])
    except (ValueError, KeyError, TypeError):
        _refuse(_("The archive's manifest.json is not readable."))
    if version > FORMAT_VERSION:
        _refuse(
            _("The archive was made by a newer portal (format %(version)s); this one reads up to format %(known)s."),
            version=version,
            known=FORMAT_VERSION,
        )
    for name in sorted(set(listed) | set(members)):
        if name not in members:
            _refuse(_("The file %(name)s listed in the manifest is missing from the archive."), name=name)
        if name not in listed:
            _refuse(_("The file %(name)s is not listed in the manifest."), name=name)
        if hashlib.sha256(members[name]).hexdigest() != listed[name]:
            _refuse(_("The file %(name)s was altered: its checksum does not match the manifest."), name=name)
    return manifest, members


class _Restorer:
    def __init__(self, manifest: dict, members: dict[str, bytes]):
        self.manifest = manifest
        self.members = members
        self.pks: dict[str, list[int]] = {}
        self.keys: dict[str, dict[tuple, int]] = {}
        self.people: dict[str, int] = {}
        self.warnings: list[str] = []
        self.saved_files: list[tuple] = []
        self.linked: list[tuple] = []
        self.emptied: dict[tuple, int] = {}
        self.left_out: dict[str, int] = {}

    def load(self, name: str):
        try:
            return json.loads(self.members[name])
        except (KeyError, ValueError):
            _refuse(_("The archive's %(name)s is missing or not readable."), name=name)

    def data(self) -> dict[str, list]:
        counts = self.manifest["counts"]
        known = {model._meta.label for model in owned_models()}
        data = {}
        for name in self.members:
            if name.startswith("data/") and name not in ("data/people.json",):
                label = name.removeprefix("data/").removesuffix(".json")
                if label not in known:
                    _refuse(_("The archive holds rows of %(label)s, which this portal does not know."), label=label)
        for label in known | set(counts) - {"people"}:
            rows = self.load(f"data/{label}.json") if f"data/{label}.json" in self.members else []
            if not isinstance(rows, list) or counts.get(label, 0) != len(rows):
                _refuse(
                    _("The manifest counts %(count)s rows of %(label)s but the archive holds %(found)s."),
                    count=counts.get(label, 0),
                    label=label,
                    found=len(rows) if isinstance(rows, list) else 0,
                )
            data[label] = rows
        people = self.load("data/people.json")
        if counts.get("people") != len(people):
            _refuse(
                _("The manifest counts %(count)s people but the archive holds %(found)s."),
                count=counts.get("people"),
                found=len(people),
            )
        if len(data.get(REVIEW_LABEL, [])) != 1:
            _refuse(_("The archive must hold exactly one review."))
        return data, people

    def restore_people(self, people: list[dict]) -> None:
        User = get_user_model()
        existing = dict(
            User._base_manager.filter(username__in=[p["username"] for p in people]).values_list("username", "pk")
        )
        for person in people:
            username = person["username"]
            if username not in existing:
                # Someone this server does not know: an account that cannot sign in until an
                # administrator activates it and the person sets a password.
                user = User(
                    username=username,
                    email=person.get("email") or "",
                    first_name=person.get("first_name") or "",
                    last_name=person.get("last_name") or "",
                    is_active=False,
                )
                user.set_unusable_password()
                user.full_clean(exclude=["password"])
                user.save()
                existing[username] = user.pk
            self.people[username] = existing[username]

    def external(self, model, key: list) -> int:
        label = model._meta.label
        if label not in self.keys:
            names = EXTERNAL_KEYS[label]
            self.keys[label] = {
                tuple(values[:-1]): values[-1] for values in model._base_manager.values_list(*names, "pk")
            }
        try:
            return self.keys[label][tuple(key)]
        except KeyError:
            _refuse(
                _("%(model)s %(key)s is not in this database: load it first."),
                model=model._meta.verbose_name,
                key=" ".join(map(str, key)),
            )

    def other_review(self, key) -> Review | None:
        return Review.objects.filter(country__iso3=key[0], hlpf_year=key[1]).first()

    def resolve(self, field: models.Field, value):
        """The pk `value` points at; None when that row is not here (yet, or at all)."""
        if value is None:
            return None
        model = field.related_model
        label = model._meta.label
        if "user" in value:
            return self.people[value["user"]]
        if "key" in value:
            if label == "reviews.Country":
                return self.country().pk
            return self.external(model, value["key"])
        if "snapshot" in value:
            return self.snapshot(value["snapshot"])
        if "review" in value:
            other = self.other_review(value["review"])
            if other is None:
                return None
            if label == REVIEW_LABEL:
                return other.pk
            rows = model._base_manager.filter(**{owner_paths()[label]: other.pk}).order_by("pk")
            return rows.values_list("pk", flat=True)[value["row"] : value["row"] + 1].first()
        place = value["row"]
        if not isinstance(place, int) or not 0 <= place < self.counts.get(label, 0):
            _refuse(
                _("A row points at row %(place)s of %(label)s, which the archive does not hold."),
                place=place,
                label=label,
            )
        pks = self.pks.get(label, [])
        return pks[place] if place < len(pks) else None

    def snapshot(self, value: dict) -> int | None:
        from indicators.models import DataSnapshot, SeriesVersion, SnapshotVersion

        taken_at = parse_datetime(value["taken_at"])
        found = DataSnapshot.objects.filter(country=value["country"], label=value["label"], taken_at=taken_at).first()
        if found:
            return found.pk
        version_pks = []
        for country, indicator_code, code, unit, multiplier, number in value["versions"]:
            pk = (
                SeriesVersion.objects.filter(
                    series__country=country,
                    series__indicator_code=indicator_code,
                    series__code=code,
                    series__unit=unit,
                    series__unit_multiplier=multiplier,
                    number=number,
                )
                .values_list("pk", flat=True)
                .first()
            )
            if pk is None:
                self.warnings.append(
                    _("The data the review used is not in this database (series %(code)s): it is left unset.")
                    % {"code": f"{indicator_code} {code}"}
                )
                return None
            version_pks.append(pk)
        snapshot = DataSnapshot.objects.create(country=value["country"], label=value["label"], taken_at=taken_at)
        DataSnapshot.objects.filter(pk=snapshot.pk).update(taken_at=taken_at)
        SnapshotVersion.objects.bulk_create(SnapshotVersion(snapshot=snapshot, version_id=pk) for pk in version_pks)
        return snapshot.pk

    def restore_file(self, field, value):
        if value is None:
            return ""
        if not isinstance(value.get("name"), str) or not _safe_name(value["name"]):
            _refuse(
                _("A file of the archive would be stored outside the media folder: %(name)s."), name=value.get("name")
            )
        if value.get("missing"):
            return value["name"]
        content = self.members[value["file"]]
        name = field.storage.save(value["name"], ContentFile(content))
        self.saved_files.append((field.storage, name))
        return name

    def build(self, model, place: int, row: dict):
        """The unsaved row and its keys that must wait; None when a row it needs is missing."""
        label = model._meta.label
        obj, later, files = model(), {}, []
        for field in model._meta.concrete_fields:
            if field.primary_key or field.name not in row:
                continue
            value = row[field.name]
            if isinstance(field, models.FileField):
                files.append((field, value))
            elif field.is_relation:
                pk = self.resolve(field, value)
                if value is not None and pk is None:
                    own_row = "row" in value and "review" not in value
                    if (
                        field.null
                        and own_row
                        and (field.related_model is model or field.related_model._meta.label not in self.pks)
                    ):
                        later[field.attname] = (field, value)  # a row of this review not restored yet
                    elif field.null:
                        if field.related_model._meta.label != "indicators.DataSnapshot":
                            self.emptied[(label, field.name)] = self.emptied.get((label, field.name), 0) + 1
                    else:
                        self.left_out[label] = self.left_out.get(label, 0) + 1
                        return None, {}
                setattr(obj, field.attname, pk)
            else:
                if isinstance(value, str) and MARK in value:
                    self.linked.append((model, place, field))
                try:
                    setattr(obj, field.attname, field.to_python(value))
                except ValidationError as error:
                    _refuse(
                        _("The archive's data cannot be restored: %(model)s row %(place)s, %(field)s: %(error)s"),
                        model=label,
                        place=place,
                        field=field.name,
                        error=" ".join(error.messages),
                    )
        for field, value in files:
            setattr(obj, field.attname, self.restore_file(field, value))
        return obj, later

    def restore(self, data: dict[str, list]) -> Review:
        self.counts = {label: len(rows) for label, rows in data.items()}
        deferred, links = [], []
        for model in owned_models():
            label = model._meta.label
            self.pks[label] = []
            for place, row in enumerate(data.get(label, [])):
                obj, later = self.build(model, place, row)
                if obj is None:
                    self.pks[label].append(None)
                    continue
                # As loaddata does: no save() of the model, signals told it is raw, values kept as they are.
                obj.save_base(raw=True, force_insert=True)
                self.pks[label].append(obj.pk)
                if later:
                    deferred.append((model, obj.pk, later))
                for field in m2m_fields(model):
                    links.append((field, obj.pk, row.get(field.name, [])))
        # Every row exists now: the links between them, then the keys that had to wait.
        for field, pk, refs in links:
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            targets = [self.resolve(field, ref) for ref in refs]
            through._base_manager.bulk_create(
                through(**{f"{source}_id": pk, f"{target}_id": target_pk}) for target_pk in targets if target_pk
            )
        for model, pk, later in deferred:
            values = {attname: self.resolve(field, value) for attname, (field, value) in later.items()}
            model._base_manager.filter(pk=pk).update(**values)
        for (label, name), count in sorted(self.emptied.items()):
            self.warnings.append(
                ngettext(
                    "%(count)s row of %(model)s: %(field)s points at a review not in this database; left empty.",
                    "%(count)s rows of %(model)s: %(field)s points at a review not in this database; left empty.",
                    count,
                )
                % {"count": count, "model": label, "field": name}
            )
        for label, count in sorted(self.left_out.items()):
            self.warnings.append(
                ngettext(
                    "%(count)s row of %(model)s is left out: it points at a review not in this database.",
                    "%(count)s rows of %(model)s are left out: they point at a review not in this database.",
                    count,
                )
                % {"count": count, "model": label}
            )
        review_pk = self.pks[REVIEW_LABEL][0]
        for model, place, field in self.linked:
            pk = self.pks[model._meta.label][place]
            if pk is not None:
                text = places_to_links(data[model._meta.label][place][field.name], review_pk, self.pks)
                model._base_manager.filter(pk=pk).update(**{field.attname: text})
        return Review.objects.get(pk=self.pks[REVIEW_LABEL][0])

    def country(self) -> Country:
        review = self.manifest["review"]
        country = Country.objects.filter(iso3=review["iso3"]).first()
        if country is None:
            if Country.objects.filter(name=review["country"]).exists():
                _refuse(
                    _("A country named %(name)s exists here with another ISO code than %(iso3)s."),
                    name=review["country"],
                    iso3=review["iso3"],
                )
            country = Country(name=review["country"], iso3=review["iso3"])
            country.full_clean()
            country.save()
            self.warnings.append(_("The country %(name)s was created.") % {"name": country.name})
        return country


def review_restore(*, actor, source: str | IO[bytes]) -> tuple[Review, list[str]]:
    """Restore the review in the zip `source` beside the reviews here, with new ids.

    Every check runs before anything is written; the rows are written in one transaction and
    the files saved are removed again if it fails. Returns the review and warnings.
    """
    manifest, members = read_archive(source)
    restorer = _Restorer(manifest, members)
    data, people = restorer.data()
    key = manifest["review"]
    if Review.objects.filter(country__iso3=key["iso3"], hlpf_year=key["hlpf_year"]).exists():
        _refuse(
            _("A review of %(country)s for %(year)s already exists here; restore it into another database."),
            country=key["country"],
            year=key["hlpf_year"],
        )
    try:
        with transaction.atomic():
            restorer.restore_people(people)
            review = restorer.restore(data)
            audit_record(
                review=review,
                actor=actor,
                action="archive.restored",
                summary=f"Restored from an export made on {manifest.get('created_at', '?')}",
                data={"counts": manifest["counts"], "warnings": [str(w) for w in restorer.warnings]},
            )
    except Exception as error:
        for storage, name in restorer.saved_files:
            storage.delete(name)
        if isinstance(error, ValidationError):
            raise
        if isinstance(error, DatabaseError | ValueError | TypeError | KeyError | IndexError | AttributeError):
            # Rows that do not fit together or values of the wrong kind: said, not a traceback.
            raise ValidationError(
                _("The archive's data cannot be restored: %(error)s") % {"error": str(error)[:300]}
            ) from error
        raise
    return review, restorer.warnings

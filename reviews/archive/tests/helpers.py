"""Shared by the archive's tests: lose a review as if by mistake, and rewrite a zip."""

import hashlib
import io
import json
import zipfile

from django.apps import apps

from reviews.archive.graph import owned_models, rows_of
from reviews.archive.services.export import review_export


def export_bytes(review, **options) -> bytes:
    out = io.BytesIO()
    review_export(actor=None, review=review, out=out, **options)
    return out.getvalue()


def members_of(archive: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        return {name: zipped.read(name) for name in zipped.namelist()}


def rezip(members: dict[str, bytes], *, sign: bool = True) -> bytes:
    """A zip of `members`; with `sign`, the manifest's checksums made to match them again."""
    members = dict(members)
    if sign:
        manifest = json.loads(members["manifest.json"])
        manifest["files"] = {
            name: hashlib.sha256(content).hexdigest() for name, content in members.items() if name != "manifest.json"
        }
        members["manifest.json"] = json.dumps(manifest).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        for name, content in members.items():
            zipped.writestr(name, content)
    return out.getvalue()


def forget(review):
    """Remove every row of `review` as if it were lost; rows of other reviews stop pointing at them."""
    gone = {model._meta.label: set(rows_of(model, review).values_list("pk", flat=True)) for model in owned_models()}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            pks = gone.get(field.related_model._meta.label) if field.is_relation else None
            if not pks:
                continue
            pointing = model._base_manager.filter(**{f"{field.attname}__in": pks})
            if model._meta.label in gone:
                pointing = pointing.exclude(pk__in=gone[model._meta.label])
            if field.null:
                pointing.update(**{field.attname: None})
            else:
                pointing._raw_delete("default")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            for name in (field.m2m_field_name(), field.m2m_reverse_field_name()):
                target = through._meta.get_field(name).related_model._meta.label
                if gone.get(target):
                    through._base_manager.filter(**{f"{name}_id__in": gone[target]})._raw_delete("default")
    for model in reversed(owned_models()):
        model._base_manager.filter(pk__in=gone[model._meta.label])._raw_delete("default")

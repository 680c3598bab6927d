"""The form two exports of the same review are compared in: no id, no file name, no export time."""

import io
import json
import zipfile


def canonical_form(archive: bytes) -> dict:
    """{"review": …, "people": […], "app.Model": [rows]} of the zip `archive`.

    Rows already point at each other by their place, not by ids; files count by their
    SHA-256 (a restore beside another copy may rename them); the audit log's own entries of
    exports and restores are left out (and the people only they name), so that restoring
    what was exported compares equal.
    """
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        manifest = json.loads(zipped.read("manifest.json"))
        form = {"review": manifest["review"], "personal_data": manifest["personal_data"]}
        for name in sorted(zipped.namelist()):
            if name.startswith("data/"):
                form[name.removeprefix("data/").removesuffix(".json")] = _files_by_hash(json.loads(zipped.read(name)))
    form["reviews.AuditEntry"] = [
        row for row in form.get("reviews.AuditEntry", []) if not str(row.get("action", "")).startswith("archive.")
    ]
    # People that only those entries named (who exported, who restored) are left out with them.
    named = set(_usernames({key: value for key, value in form.items() if key != "people"}))
    form["people"] = [person for person in form.get("people", []) if person["username"] in named]
    return form


def _usernames(value):
    if isinstance(value, dict):
        if set(value) == {"user"}:
            yield value["user"]
        for item in value.values():
            yield from _usernames(item)
    elif isinstance(value, list):
        for item in value:
            yield from _usernames(item)


def _files_by_hash(value):
    if isinstance(value, dict):
        if "sha256" in value and "file" in value:
            return {"sha256": value["sha256"]}
        return {key: _files_by_hash(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_files_by_hash(item) for item in value]
    return value

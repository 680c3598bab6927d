"""The editor bundle in static/js/editor/ is the one frontend/editor builds.

The bundle is committed so that running the portal needs no npm, which leaves one way to go
wrong: a change to the editor's sources without a rebuild (or a hand edit of the bundle).
`make editor` builds the bundle and then runs `write`, which records the SHA-256 of every
source of the build (build.mjs, package.json, package-lock.json, everything under src/) and
of every file the build writes in static/js/editor/editor.sha256, one `sha256sum` line each
(so `sha256sum -c static/js/editor/editor.sha256` works too). `check` (make bundle-check, in
`make test`) recomputes them and fails, naming the files, when anything differs.

Python's standard library only: it runs before (and without) the virtualenv.

    python3 tools/editor_checksum.py write|check
"""

import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "frontend" / "editor"
BUNDLE = ROOT / "static" / "js" / "editor"
RECORD = BUNDLE / "editor.sha256"
SOURCE_FILES = ("build.mjs", "package.json", "package-lock.json")
BUNDLE_FILES = ("editor.js", "editor.css", "editor.LICENSES.txt")


def tracked_files() -> list[Path]:
    """Sources and outputs of the build, in a fixed order; a missing one is an error."""
    sources = [SOURCES / name for name in SOURCE_FILES]
    sources += sorted(
        (path for path in (SOURCES / "src").rglob("*") if path.is_file()),
        key=lambda path: path.relative_to(ROOT).as_posix(),
    )
    return sources + [BUNDLE / name for name in BUNDLE_FILES]


def digests() -> dict[str, str]:
    return {
        path.relative_to(ROOT).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest() for path in tracked_files()
    }


def write() -> None:
    RECORD.write_text("".join(f"{digest}  {name}\n" for name, digest in digests().items()), encoding="utf-8")
    print(f"Recorded the editor's sources and bundle in {RECORD.relative_to(ROOT)}.")


def recorded() -> dict[str, str]:
    if not RECORD.exists():
        return {}
    lines = RECORD.read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split("  ", 1) for line in lines if line.strip())}


def check() -> int:
    expected, actual = recorded(), digests()
    changed = sorted(name for name in expected.keys() | actual.keys() if expected.get(name) != actual.get(name))
    if not changed:
        return 0
    sources = [name for name in changed if name.startswith("frontend/")]
    if not expected:
        print(f"{RECORD.relative_to(ROOT)} is missing: run make editor and commit static/js/editor", file=sys.stderr)
    elif sources:
        print("frontend/editor changed: run make editor and commit static/js/editor", file=sys.stderr)
    else:
        print(
            "static/js/editor is not what frontend/editor last built (edited by hand?): "
            "run make editor and commit static/js/editor",
            file=sys.stderr,
        )
    for name in changed:
        print(f"    differs from the record: {name}", file=sys.stderr)
    return 1


def main(argv: list[str]) -> int:
    if argv == ["write"]:
        write()
        return 0
    if argv == ["check"]:
        return check()
    print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

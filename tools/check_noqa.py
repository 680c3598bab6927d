"""Every `# noqa` names its rules and says why, e.g. `# noqa: F401  (registers the signals)`.

ruff checks that a noqa names rules it really silences (RUF100, PGH004); this adds the
reason the project asks for beside it. Part of `make lint`; Python's standard library only.

    python3 tools/check_noqa.py [folder]
"""

import re
import sys
import tokenize
from pathlib import Path

# Folders never checked, as in pyproject.toml's ruff exclusions (plus any virtualenv).
SKIPPED = {".git", "node_modules", "migrations", "var", "static", "frontend", "__pycache__"}
NOQA = re.compile(r"#\s*(?i:noqa)\b(?::?\s*(?:[A-Z]+[0-9]+[,\s]*)*)(?P<reason>.*)")


def python_files(folder: Path):
    for path in sorted(folder.iterdir()):
        if path.is_dir():
            if path.name not in SKIPPED and not (path / "pyvenv.cfg").exists():
                yield from python_files(path)
        elif path.suffix == ".py":
            yield path


def unexplained(path: Path):
    """(line, comment) of each noqa comment without a reason; only real comments count."""
    with path.open("rb") as file:
        for token in tokenize.tokenize(file.readline):
            if token.type == tokenize.COMMENT:
                match = NOQA.search(token.string)
                if match and not re.search(r"\w", match["reason"]):
                    yield token.start[0], token.string


def main(argv: list[str]) -> int:
    root = Path(argv[0] if argv else ".")
    found = [(path, line, comment) for path in python_files(root) for line, comment in unexplained(path)]
    for path, line, comment in found:
        print(f"{path}:{line}: a noqa needs its reason beside it: {comment}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

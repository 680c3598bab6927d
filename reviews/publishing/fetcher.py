"""The only way WeasyPrint reads anything while rendering a report.

It serves the project's own static files (under STATIC_ROOT or the static dirs), the
images of the review's sections (under MEDIA_ROOT/sections/images/) and the review's own
cover picture (MEDIA_ROOT/reviews/covers/, only the one file its row names), by path on disk,
from URLs relative to REPORT_BASE_URL. Everything else — file:, http(s): to anywhere,
`..` in a path, big or vector data: URLs — is refused before anything is opened.
"""

from __future__ import annotations

import mimetypes
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative URLs in the report ("/static/…", "/reviews/1/sections/2/images/3/") resolve
# against this origin, which never reaches the network: the fetcher maps it to disk.
REPORT_HOST = "report.vnr-portal.invalid"
REPORT_BASE_URL = f"https://{REPORT_HOST}/"

MAX_DATA_URL = 256 * 1024
DATA_URL_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
COVERS_FOLDER = "reviews/covers/"
COVER_SUFFIXES = {".png", ".jpg", ".jpeg"}
SECTION_IMAGE_URL = re.compile(r"^/reviews/(\d+)/sections/(\d+)/images/(\d+)/?$")


class FetchRefused(ValueError):
    """A URL the report may not read."""


def _static_roots() -> list[Path]:
    roots = [Path(settings.STATIC_ROOT)] if getattr(settings, "STATIC_ROOT", None) else []
    for entry in getattr(settings, "STATICFILES_DIRS", []):
        roots.append(Path(entry[1] if isinstance(entry, (tuple, list)) else entry))
    return [root.resolve() for root in roots]


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def _clean_relative(path: str) -> str:
    """A relative path without `..`, backslashes, empty or dot segments; refused otherwise."""
    if "\\" in path or "\x00" in path:
        raise FetchRefused(path)
    parts = path.split("/")
    if any(part in ("..", ".") for part in parts):
        raise FetchRefused(path)
    normal = posixpath.normpath(path)
    if normal.startswith(("/", "..")) or normal == ".":
        raise FetchRefused(path)
    return normal


class ReportURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher bound to one review. `requested` records every URL asked."""

    def __init__(self, *, review_id: int | None = None, **kwargs):
        super().__init__(allowed_protocols=("https", "data"), allow_redirects=False, **kwargs)
        self.review_id = review_id
        self.requested: list[str] = []
        self.refused: list[str] = []
        # The review's own images that could not be read (deleted, missing file).
        self.broken_images: list[str] = []

    def fetch(self, url, headers=None):
        self.requested.append(url)
        try:
            path = self.resolve(url)
        except FetchRefused:
            self.refused.append(url)
            raise
        if isinstance(path, URLFetcherResponse):
            return path
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

    def resolve(self, url: str):
        """The file on disk `url` stands for (or a response for a small data: URL)."""
        if not isinstance(url, str):
            raise FetchRefused(repr(url))
        if url.lower().startswith("data:"):
            return self._data(url)
        parts = urlsplit(url)
        if parts.scheme != "https" or parts.netloc != REPORT_HOST or parts.query:
            raise FetchRefused(url)
        raw_path = parts.path
        path = unquote(raw_path)
        if ".." in raw_path or ".." in path:
            raise FetchRefused(url)
        static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        media_prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
        if path.startswith(static_prefix):
            return self._static(_clean_relative(path[len(static_prefix) :]), url)
        if path.startswith(media_prefix):
            relative = _clean_relative(path[len(media_prefix) :])
            return self._media(relative, url)
        match = SECTION_IMAGE_URL.match(path)
        if match:
            return self._section_image(int(match[1]), int(match[2]), int(match[3]), url)
        raise FetchRefused(url)

    def _static(self, relative: str, url: str) -> Path:
        for root in _static_roots():
            candidate = (root / relative).resolve()
            if _inside(candidate, root) and candidate.is_file():
                if candidate.suffix.lower() == ".svg":
                    raise FetchRefused(url)  # vector images may reach outside
                return candidate
        raise FetchRefused(url)

    def _images_root(self) -> Path:
        return (Path(settings.MEDIA_ROOT) / "sections" / "images").resolve()

    def _media(self, relative: str, url: str) -> Path:
        from reviews.drafting.models import SectionImage

        if relative.startswith(COVERS_FOLDER) and self.review_id is not None:
            return self._cover(relative, url)
        if not relative.startswith("sections/images/") or self.review_id is None:
            raise FetchRefused(url)
        if not SectionImage.objects.filter(section__review_id=self.review_id, image=relative).exists():
            raise FetchRefused(url)
        return self._image_file(relative, url)

    def _section_image(self, review_id: int, section_id: int, image_id: int, url: str) -> Path:
        from reviews.drafting.models import SectionImage

        if self.review_id is None or review_id != self.review_id:
            raise FetchRefused(url)
        image = (
            SectionImage.objects.filter(pk=image_id, section_id=section_id, section__review_id=review_id)
            .only("image")
            .first()
        )
        if image is None or not image.image:
            self.broken_images.append(url)
            raise FetchRefused(url)
        try:
            return self._image_file(_clean_relative(image.image.name), url)
        except FetchRefused:
            self.broken_images.append(url)
            raise

    def _cover(self, relative: str, url: str) -> Path:
        """The review's current cover picture, and no other file (not another review's)."""
        from reviews.core.models import Review

        if not Review.objects.filter(pk=self.review_id, cover_image=relative).exists():
            raise FetchRefused(url)
        root = (Path(settings.MEDIA_ROOT) / COVERS_FOLDER).resolve()
        candidate = (Path(settings.MEDIA_ROOT) / relative).resolve()
        if not _inside(candidate, root) or candidate.suffix.lower() not in COVER_SUFFIXES:
            raise FetchRefused(url)
        if not candidate.is_file():
            self.broken_images.append(url)
            raise FetchRefused(url)
        return candidate

    def _image_file(self, relative: str, url: str) -> Path:
        root = self._images_root()
        candidate = (Path(settings.MEDIA_ROOT) / relative).resolve()
        if not _inside(candidate, root) or not candidate.is_file() or candidate.suffix.lower() == ".svg":
            raise FetchRefused(url)
        return candidate

    def _data(self, url: str) -> URLFetcherResponse:
        if len(url) > MAX_DATA_URL * 4 // 3 + 100:
            raise FetchRefused(url[:40])
        header = url[5:].split(",", 1)[0].lower()
        mime = header.split(";")[0].strip()
        if mime not in DATA_URL_TYPES:
            raise FetchRefused(url[:40])
        import base64

        payload = url.split(",", 1)[1] if "," in url else ""
        try:
            body = base64.b64decode(payload, validate=False) if ";base64" in header else unquote(payload).encode()
        except ValueError as error:
            raise FetchRefused(url[:40]) from error
        if len(body) > MAX_DATA_URL:
            raise FetchRefused(url[:40])
        return URLFetcherResponse(url, body, {"Content-Type": mime})

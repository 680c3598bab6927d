"""Screenshots of the main pages of every demo role, at 1280 px and at 390 px (a phone).

`make screenshots` seeds the demo database (seed_demo), then runs this script, which starts
the development server on a free port, signs in as each demo account through the login page
and saves PNGs into docs/screenshots/ as `<role>-<page>-<width>.png`
(coordinator-dashboard-1280.png). The Republic of Aurelia's accounts read the portal in
English; two Meridian Islands accounts show Chinese and Arabic. Chromium is Debian's
(/usr/bin/chromium); nothing is downloaded.

    DEBUG=1 .venv/bin/python tools/screenshots.py [--base-url http://127.0.0.1:8000] [--only coordinator]
"""

from __future__ import annotations

import argparse
import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "vnr-demo-2026"  # seed_demo's DEMO_PASSWORD, printed in the README
WIDTHS = {1280: 900, 390: 844}
# A tall page is cut at this height (in CSS pixels) to keep the files small.
MAX_HEIGHT = 2600


def demo_pages() -> list[tuple[str, str | None, list[tuple[str, str]]]]:
    """(role, username or None for a visitor, [(page name, path)]) for every demo role."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vnr_portal.settings")
    import django

    django.setup()
    from django.urls import reverse

    from reviews.models import Membership, Section
    from stakeholders.models import ConsultationRound

    def review_of(username: str):
        membership = (
            Membership.objects.select_related("review").filter(user__username=username).order_by("-review__pk").first()
        )
        if membership is None:
            raise SystemExit(f"No demo account {username}: run `make screenshots` (it seeds the demo) first.")
        return membership.review

    aurelia = review_of("aurelia-coordinator")
    meridia = review_of("meridia-coordinator")
    section = Section.objects.filter(review=aurelia).order_by("pk").first()
    round_ = ConsultationRound.objects.filter(review=aurelia).order_by("pk").first()

    def url(name: str, review=aurelia, **kwargs) -> str:
        return reverse(name, kwargs={"pk": review.pk, **kwargs})

    pages = [
        ("visitor", None, [("landing", "/"), ("portal", url("stakeholders:portal-home"))]),
        (
            "coordinator",
            "aurelia-coordinator",
            [
                ("tasks", reverse("reviews:my-tasks")),
                ("dashboard", url("reviews:review-detail")),
                ("members", url("reviews:members")),
                ("reports", url("reviews:report-tracker")),
                ("matrix", url("reviews:matrix")),
                ("engagement", url("stakeholders:engagement")),
            ],
        ),
        (
            "editor",
            "aurelia-editor",
            [("tasks", reverse("reviews:my-tasks")), ("outline", url("reviews:outline"))]
            + ([("section", url("reviews:section-detail", section_pk=section.pk))] if section else []),
        ),
        ("focal-point", "aurelia-focal-point", [("tasks", reverse("reviews:my-tasks"))]),
        (
            "statistician",
            "aurelia-statistician",
            [("data", url("reviews:evidence")), ("inventory", url("reviews:evidence-inventory"))],
        ),
        ("reviewer", "aurelia-reviewer", [("tasks", reverse("reviews:my-tasks"))]),
        ("council-member", "aurelia-council-member", [("vote", url("reviews:vote"))]),
        (
            "moderator",
            "aurelia-moderator",
            [("moderation", url("stakeholders:moderation"))]
            + ([("round", url("stakeholders:round-detail", round_pk=round_.pk))] if round_ else []),
        ),
        ("citizen", "aurelia-citizen", [("portal", url("stakeholders:portal-home"))]),
        # Meridian Islands: one account reads the portal in Chinese, one in Arabic.
        (
            "statistician-zh",
            "meridia-statistician",
            [("tasks", reverse("reviews:my-tasks")), ("data", url("reviews:evidence", review=meridia))],
        ),
        (
            "council-member-ar",
            "meridia-council-member",
            [
                ("tasks", reverse("reviews:my-tasks")),
                ("dashboard", url("reviews:review-detail", review=meridia)),
                ("vote", url("reviews:vote", review=meridia)),
            ],
        ),
    ]
    return pages


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server() -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "DEBUG": "1"}
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base_url + "/accounts/login/", timeout=2)
            return server, base_url
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("The development server did not start.")


def save_png(png: bytes, path: Path) -> int:
    """Save a screenshot with at most 256 colours: a third of the size, text still sharp."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    return path.stat().st_size


def shoot(base_url: str, only: str | None) -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    total = 0
    roles = demo_pages()  # before Playwright starts its event loop: Django's ORM refuses to run inside one
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for role, username, pages in roles:
            if only and role != only:
                continue
            for width, height in WIDTHS.items():
                context = browser.new_context(base_url=base_url, viewport={"width": width, "height": height})
                page = context.new_page()
                if username:
                    page.goto("/accounts/login/")
                    page.locator("#id_username").fill(username)
                    page.locator("#id_password").fill(PASSWORD)
                    page.locator("main form button[type=submit]").click()
                    page.wait_for_load_state()
                for name, path in pages:
                    page.goto(path)
                    page.wait_for_load_state("networkidle")
                    full = page.evaluate("document.documentElement.scrollHeight")
                    clip = {"x": 0, "y": 0, "width": width, "height": min(full, MAX_HEIGHT)}
                    target = OUT / f"{role}-{name}-{width}.png"
                    total += save_png(page.screenshot(full_page=True, clip=clip), target)
                    print(f"{target.relative_to(ROOT)}  {path}")
                menu = page.locator("#nav-menu > summary")
                if width < 1280 and menu.count():
                    # The phone's menu, open: what the Menu button shows.
                    menu.click()
                    target = OUT / f"{role}-menu-{width}.png"
                    total += save_png(page.screenshot(), target)
                    print(f"{target.relative_to(ROOT)}  (menu open)")
                context.close()
        browser.close()
    print(f"{total / 1_000_000:.1f} MB in {OUT.relative_to(ROOT)}/")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="a running portal on the demo database (default: start one)")
    parser.add_argument("--only", help="one role, e.g. coordinator")
    args = parser.parse_args()
    if not os.path.exists(CHROMIUM):
        raise SystemExit(f"Screenshots need Debian's Chromium at {CHROMIUM} (apt-get install chromium).")
    if args.base_url:
        shoot(args.base_url, args.only)
        return
    server, base_url = start_server()
    try:
        shoot(base_url, args.only)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()

"""Links inside a review's text that carry ids: written with places in the file, ids again on restore.

A section's text shows its pictures at `/reviews/<review>/sections/<section>/images/<image>/`
(the only links with ids that `reviews.core.sanitize` lets into an `<img src>`). In the
archive they read `/reviews/@review/sections/@<place>/images/@<place>/`, the places of that
section and that picture among the review's rows, so a restored text shows its pictures.
"""

import re

SECTION_IMAGE = re.compile(r"/reviews/(\d+)/sections/(\d+)/images/(\d+)/")
PLACED_IMAGE = re.compile(r"/reviews/@review/sections/@(\d+)/images/@(\d+)/")
MARK = "/reviews/@review/"


def links_to_places(text: str, review_pk: int, index: dict[str, dict[int, int]]) -> str:
    """`text` with the review's own picture links naming places instead of ids."""

    def place(match):
        review, section, image = (int(group) for group in match.groups())
        sections, images = index.get("reviews.Section", {}), index.get("reviews.SectionImage", {})
        if review != review_pk or section not in sections or image not in images:
            return match.group(0)
        return f"/reviews/@review/sections/@{sections[section]}/images/@{images[image]}/"

    return SECTION_IMAGE.sub(place, text)


def places_to_links(text: str, review_pk: int, pks: dict[str, list]) -> str:
    """`text` with the places of `links_to_places` turned into the restored rows' ids."""

    def link(match):
        section, image = (int(group) for group in match.groups())
        sections, images = pks.get("reviews.Section", []), pks.get("reviews.SectionImage", [])
        if section >= len(sections) or image >= len(images) or None in (sections[section], images[image]):
            return match.group(0)
        return f"/reviews/{review_pk}/sections/{sections[section]}/images/{images[image]}/"

    return PLACED_IMAGE.sub(link, text)

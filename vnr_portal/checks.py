"""The project's own system checks (registered by VnrPortalConfig.ready())."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.files, deploy=True)
def media_outside_code_folder(app_configs=None, **kwargs):
    """`check --deploy`: uploads and rendered reports must not live in the code folder, where an
    upgrade (a new checkout, a new image) would lose them or a backup of the code miss them."""
    media = Path(settings.MEDIA_ROOT).resolve()
    code = Path(settings.BASE_DIR).resolve()
    if media == code or media.is_relative_to(code):
        return [
            Warning(
                f"MEDIA_ROOT ({media}) is inside the code folder ({code}).",
                hint="Set VAR_DIR (or MEDIA_ROOT) to a folder outside it, e.g. /var/lib/vnr, "
                "on a volume that is backed up (docs/production.md).",
                id="vnr_portal.W001",
            )
        ]
    return []

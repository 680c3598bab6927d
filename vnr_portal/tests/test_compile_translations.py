import gettext
import os

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

pytestmark = [pytest.mark.unit]

PO_FRENCH = r"""
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: fr\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\n"

msgid "Ministry"
msgstr "Ministère"

msgid "%(count)s goal"
msgid_plural "%(count)s goals"
msgstr[0] "%(count)s objectif"
msgstr[1] "%(count)s objectifs"

msgctxt "report section"
msgid "Draft"
msgstr "Projet"

#, fuzzy
msgid "Council"
msgstr "Conseil (à vérifier)"

msgid "Reviewer"
msgstr ""
"""


@pytest.fixture
def locale_dir(tmp_path):
    messages = tmp_path / "fr" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.po").write_text(PO_FRENCH, encoding="utf-8")
    with override_settings(LOCALE_PATHS=[tmp_path]):
        yield tmp_path


def _catalogue(locale_dir):
    with open(locale_dir / "fr" / "LC_MESSAGES" / "django.mo", "rb") as mo:
        return gettext.GNUTranslations(mo)


def test_compile_translations_writes_mo_that_gettext_reads(locale_dir):
    call_command("compile_translations", verbosity=0)

    catalogue = _catalogue(locale_dir)
    assert catalogue.gettext("Ministry") == "Ministère"
    assert catalogue.ngettext("%(count)s goal", "%(count)s goals", 1) == "%(count)s objectif"
    assert catalogue.ngettext("%(count)s goal", "%(count)s goals", 3) == "%(count)s objectifs"
    assert catalogue.pgettext("report section", "Draft") == "Projet"


def test_compile_translations_leaves_out_fuzzy_and_empty_entries(locale_dir):
    call_command("compile_translations", verbosity=0)

    catalogue = _catalogue(locale_dir)
    assert (catalogue.gettext("Council"), catalogue.gettext("Reviewer")) == ("Council", "Reviewer")


def test_compile_translations_keeps_up_to_date_mo(locale_dir):
    call_command("compile_translations", verbosity=0)
    mo_path = locale_dir / "fr" / "LC_MESSAGES" / "django.mo"
    mo_path.write_bytes(b"stale but newer")
    os.utime(mo_path, (4_000_000_000, 4_000_000_000))

    call_command("compile_translations", verbosity=0)

    assert mo_path.read_bytes() == b"stale but newer"


def test_compile_translations_recompiles_when_po_is_newer(locale_dir):
    mo_path = locale_dir / "fr" / "LC_MESSAGES" / "django.mo"
    mo_path.write_bytes(b"stale")
    os.utime(mo_path, (1_000_000_000, 1_000_000_000))

    call_command("compile_translations", verbosity=0)

    assert _catalogue(locale_dir).gettext("Ministry") == "Ministère"


def test_compile_translations_force_recompiles_up_to_date_mo(locale_dir):
    mo_path = locale_dir / "fr" / "LC_MESSAGES" / "django.mo"
    mo_path.write_bytes(b"stale but newer")
    os.utime(mo_path, (4_000_000_000, 4_000_000_000))

    call_command("compile_translations", force=True, verbosity=0)

    assert _catalogue(locale_dir).gettext("Ministry") == "Ministère"


def test_compile_translations_names_the_broken_po(locale_dir):
    broken = locale_dir / "fr" / "LC_MESSAGES" / "broken.po"
    broken.write_text('msgid "Ministry"\nthis is not gettext\n', encoding="utf-8")

    with pytest.raises(CommandError) as error:
        call_command("compile_translations", verbosity=0)

    assert str(error.value).startswith(f"{broken}:")

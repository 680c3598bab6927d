"""The picture check every upload of a picture goes through (vnr_portal.common.images)."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import ImageFile

from vnr_portal.common.images import GIF, JPEG, PNG, WEBP, Picture, picture_check, picture_open
from vnr_portal.tests import hostile_files as hostile

pytestmark = [pytest.mark.unit]

ALL = (PNG, JPEG, GIF, WEBP)
BROKEN = (
    "The file could not be read as a picture: it may be damaged or cut short. Save it again and upload it once more."
)
NOT_A_PICTURE = "This file is not a picture in a format accepted here."


@pytest.fixture
def no_decoding(monkeypatch):
    """Decoding a picture fails the test: what is refused must be refused before."""

    def load(self):
        raise AssertionError("a picture was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


@pytest.mark.parametrize("kind", ALL)
def test_picture_check_accepts_sound_pictures_with_their_size(kind):
    assert picture_check(hostile.picture(kind, size=(40, 30)), formats=ALL) == Picture(kind, 40, 30)


def test_picture_check_takes_an_uploaded_file_and_rewinds_it():
    upload = io.BytesIO(hostile.picture("PNG"))
    upload.size = len(upload.getvalue())
    upload.read(3)
    assert (picture_check(upload).content_type, upload.tell()) == ("image/png", 0)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            hostile.PIXEL_BOMBS["png-30000x30000"],
            "The picture has too many pixels (30,000 × 30,000): at most 12,000 pixels a side and 25 megapixels "
            "in all. Make it smaller and upload it again.",
        ),
        (
            hostile.PIXEL_BOMBS["png-1bit-bomb-11000x11000"],
            "The picture has too many pixels (11,000 × 11,000): at most 12,000 pixels a side and 25 megapixels "
            "in all. Make it smaller and upload it again.",
        ),
        (
            hostile.PIXEL_BOMBS["jpeg-12001x10-too-wide"],
            "The picture has too many pixels (12,001 × 10): at most 12,000 pixels a side and 25 megapixels "
            "in all. Make it smaller and upload it again.",
        ),
    ],
    ids=["png-declared", "png-complete-bomb", "jpeg-too-wide"],
)
def test_picture_check_says_the_size_and_the_limits(make, message):
    with pytest.raises(ValidationError) as error:
        picture_check(make(), formats=ALL)
    assert (error.value.code, error.value.messages) == ("pixels", [message])


@pytest.mark.parametrize("name", [*hostile.PIXEL_BOMBS, *hostile.GIF_BOMBS])
def test_picture_check_refuses_pixel_bombs_before_decoding(no_decoding, name):
    bombs = {**hostile.PIXEL_BOMBS, **hostile.GIF_BOMBS}
    with pytest.raises(ValidationError) as error:
        picture_check(bombs[name](), formats=ALL)
    assert error.value.code == "pixels"


def test_picture_check_limits_can_be_tighter():
    with pytest.raises(ValidationError) as error:
        picture_check(hostile.picture("PNG", size=(40, 30)), max_side=39)
    assert error.value.messages == [
        "The picture has too many pixels (40 × 30): at most 39 pixels a side and 25 megapixels in all. "
        "Make it smaller and upload it again."
    ]


@pytest.mark.parametrize("truncated_images_allowed", [False, True], ids=["pillow-strict", "weasyprint-lenient"])
@pytest.mark.parametrize("name", hostile.BROKEN_PICTURES)
def test_picture_check_refuses_broken_pictures(monkeypatch, name, truncated_images_allowed):
    # WeasyPrint switches Pillow to filling cut-off pictures in silently, for the whole process.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", truncated_images_allowed)
    with pytest.raises(ValidationError) as error:
        picture_check(hostile.BROKEN_PICTURES[name](), formats=ALL)
    assert (error.value.code, error.value.messages) == (
        "broken",
        [BROKEN],
    )


@pytest.mark.parametrize(
    "data",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"%PDF-1.7\n%%EOF",
        b"",
        b"BM" + b"\x00" * 60,
    ],
    ids=["svg", "pdf", "empty", "bmp"],
)
def test_picture_check_refuses_what_is_not_a_picture_by_content(data):
    with pytest.raises(ValidationError) as error:
        picture_check(data, formats=ALL)
    assert (error.value.code, error.value.messages) == ("type", [NOT_A_PICTURE])


def test_picture_check_refuses_formats_the_caller_does_not_accept_in_its_words():
    with pytest.raises(ValidationError) as error:
        picture_check(hostile.picture("GIF"), formats=(PNG, JPEG), messages={"type": "PNG or JPEG only."})
    assert error.value.messages == ["PNG or JPEG only."]


def test_picture_check_refuses_a_file_over_the_limit_unread():
    class Upload(io.BytesIO):
        size = 6 * 1024 * 1024

        def read(self, *args):
            raise AssertionError("read")

    with pytest.raises(ValidationError) as error:
        picture_check(Upload(), max_bytes=5 * 1024 * 1024)
    assert (error.value.code, error.value.messages) == ("size", ["The picture is too large (6.0 MB): at most 5 MB."])


def test_picture_open_hands_the_decoded_picture_to_re_encode():
    with picture_open(hostile.picture("JPEG", size=(400, 300)), draft_size=(100, 100)) as image:
        assert (image.format, image.size, image.mode) == ("JPEG", (200, 150), "RGB")


def test_picture_open_reports_a_failure_while_re_encoding_as_unreadable():
    with pytest.raises(ValidationError) as error:
        with picture_open(hostile.picture("PNG")):
            raise OSError("encoder error")
    assert error.value.code == "broken"


def test_picture_check_refuses_a_gif_frame_beyond_its_screen_without_knowing_its_size():
    with pytest.raises(ValidationError) as error:
        picture_check(hostile.GIF_BOMBS["gif-frame-15000x15000-on-a-small-screen"](), formats=ALL)
    assert (error.value.code, error.value.messages) == (
        "pixels",
        [
            "The picture has too many pixels: at most 12,000 pixels a side and 25 megapixels in all. "
            "Make it smaller and upload it again."
        ],
    )

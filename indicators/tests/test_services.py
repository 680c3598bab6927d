from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.db.models import QuerySet

from indicators.models import Goal, Indicator, Target
from indicators.services import FrameworkError, framework_load

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

REAL_COUNTS = {
    "goals": {"created": 17, "updated": 0, "unchanged": 0},
    "targets": {"created": 169, "updated": 0, "unchanged": 0},
    "indicators": {"created": 251, "updated": 0, "unchanged": 0},
}
UNCHANGED = {
    "goals": {"created": 0, "updated": 0, "unchanged": 17},
    "targets": {"created": 0, "updated": 0, "unchanged": 169},
    "indicators": {"created": 0, "updated": 0, "unchanged": 251},
}


def small_framework():
    """Two goals, three targets and four indicators, in the shape of the real file."""
    return {
        "goals": [
            {
                "code": "1",
                "title": {"en": "End poverty", "zh-Hans": "消除贫穷"},
                "short": {"en": "No poverty", "zh-Hans": "无贫穷"},
            },
            {"code": "2", "title": {"en": "End hunger"}, "short": {"en": "Zero hunger"}},
        ],
        "targets": [
            {"code": "1.1", "goal": "1", "title": {"en": "Eradicate extreme poverty"}},
            {"code": "1.a", "goal": "1", "title": {"en": "Mobilize resources"}},
            {"code": "2.1", "goal": "2", "title": {"en": "End hunger by 2030"}},
        ],
        "indicators": [
            {
                "code": "1.1.1",
                "target": "1.1",
                "unsd_code": "C010101",
                "title": {"en": "Extreme poverty rate"},
                "repeated_as": ["2.1.1"],
            },
            {"code": "1.1.2", "target": "1.1", "unsd_code": "C010102", "title": {"en": "Second indicator"}},
            {"code": "1.a.1", "target": "1.a", "unsd_code": "C010a01", "title": {"en": "Resources"}},
            {
                "code": "2.1.1",
                "target": "2.1",
                "unsd_code": "C010101",
                "title": {"en": "Extreme poverty rate"},
                "repeated_as": ["1.1.1"],
            },
        ],
    }


def snapshot():
    return (
        list(Goal.objects.values_list("pk", "number", "title", "short_title")),
        list(Target.objects.values_list("pk", "code", "goal_id", "position", "title")),
        list(Indicator.objects.values_list("pk", "code", "target_id", "position", "title", "unsd_code", "repeated_as")),
    )


# --- Loading the real file -----------------------------------------------------------


def test_framework_load_creates_17_goals_169_targets_251_indicators_from_the_real_file():
    counts = framework_load()

    assert counts == REAL_COUNTS
    assert (Goal.objects.count(), Target.objects.count(), Indicator.objects.count()) == (17, 169, 251)


def test_framework_load_twice_changes_nothing(framework):
    before = snapshot()

    counts = framework_load()

    assert counts == UNCHANGED
    assert snapshot() == before


def test_framework_load_keeps_the_natural_order_in_position():
    framework_load()

    assert list(Target.objects.filter(goal__number=8).values_list("code", flat=True)) == [
        "8.1", "8.2", "8.3", "8.4", "8.5", "8.6", "8.7", "8.8", "8.9", "8.10", "8.a", "8.b",
    ]  # fmt: skip
    assert list(Indicator.objects.filter(target__code__in=["8.9", "8.10", "8.a"]).values_list("code", flat=True)) == [
        "8.9.1", "8.9.2", "8.10.1", "8.10.2", "8.a.1",
    ]  # fmt: skip
    assert list(Target.objects.values_list("code", flat=True)[6:8]) == ["1.b", "2.1"]


def test_framework_load_orders_by_code_whatever_the_order_of_the_file(framework, framework_file, real_framework):
    shuffled = real_framework
    for level in ("goals", "targets", "indicators"):
        shuffled[level].reverse()
    in_order = snapshot()
    Indicator.objects.update(position=0)
    Target.objects.update(position=0)

    framework_load(path=framework_file(shuffled))

    assert snapshot() == in_order


def test_framework_load_stores_every_language_repeats_and_unsd_codes():
    framework_load()

    goal = Goal.objects.get(number=1)
    indicator = Indicator.objects.get(code="1.5.1")
    assert (sorted(goal.title), sorted(goal.short_title)) == (["ar", "en", "es", "fr", "ru", "zh-Hans"],) * 2
    assert goal.short_title["zh-Hans"] == "无贫穷"
    assert (indicator.target.code, indicator.unsd_code, indicator.repeated_as) == (
        "1.5",
        "C200303",
        ["11.5.1", "13.1.1"],
    )
    assert Indicator.objects.get(code="2.2.4").title == {
        "en": "Prevalence of minimum dietary diversity, by population group (children aged 6 to 23.9 months "
        "and non-pregnant women aged 15 to 49 years)"
    }


def test_framework_load_updates_changed_titles_in_place(framework, framework_file, real_framework):
    ids = dict(Target.objects.values_list("code", "pk"))
    changed = real_framework
    changed["targets"][0]["title"]["en"] = "Eradicate extreme poverty (revised)"
    changed["goals"][2]["short"]["zh-Hans"] = "健康"
    changed["indicators"][0]["title"]["de"] = "Anteil der Bevölkerung unter der internationalen Armutsgrenze"

    counts = framework_load(path=framework_file(changed))

    assert counts == {
        "goals": {"created": 0, "updated": 1, "unchanged": 16},
        "targets": {"created": 0, "updated": 1, "unchanged": 168},
        "indicators": {"created": 0, "updated": 1, "unchanged": 250},
    }
    assert Target.objects.get(code="1.1").title["en"] == "Eradicate extreme poverty (revised)"
    assert Goal.objects.get(number=3).short_title["zh-Hans"] == "健康"
    assert (
        Indicator.objects.get(code="1.1.1").title["de"]
        == "Anteil der Bevölkerung unter der internationalen Armutsgrenze"
    )
    assert dict(Target.objects.values_list("code", "pk")) == ids
    assert (Goal.objects.count(), Target.objects.count(), Indicator.objects.count()) == (17, 169, 251)


def test_framework_load_adds_new_codes_after_their_neighbours(framework_file):
    framework_load(path=framework_file(small_framework()))
    grown = small_framework()
    grown["targets"].append({"code": "1.2", "goal": "1", "title": {"en": "Halve poverty"}})
    grown["indicators"].append(
        {"code": "1.2.1", "target": "1.2", "unsd_code": "C010201", "title": {"en": "Poverty rate"}}
    )

    counts = framework_load(path=framework_file(grown))

    assert counts["targets"] == {"created": 1, "updated": 2, "unchanged": 1}  # 1.a and 2.1 move one place down
    assert list(Target.objects.values_list("code", "position")) == [("1.1", 1), ("1.2", 2), ("1.a", 3), ("2.1", 4)]
    assert list(Indicator.objects.values_list("code", flat=True)) == ["1.1.1", "1.1.2", "1.2.1", "1.a.1", "2.1.1"]


def test_framework_load_keeps_rows_that_left_the_file(framework_file):
    framework_load(path=framework_file(small_framework()))
    smaller = small_framework()
    smaller["indicators"] = [entry for entry in smaller["indicators"] if entry["code"] != "1.1.2"]

    framework_load(path=framework_file(smaller))

    assert Indicator.objects.filter(code="1.1.2").exists() is True


def test_framework_load_runs_a_handful_of_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        framework_load()


def test_framework_load_again_only_reads(framework, django_assert_num_queries):
    # 3 SELECTs and the SAVEPOINT/RELEASE pairs of the two atomic blocks.
    with django_assert_num_queries(7):
        framework_load()


def test_framework_load_stores_hostile_titles_as_text(framework_file):
    hostile = small_framework()
    hostile["goals"][0]["title"]["en"] = "<script>alert(1)</script>"
    hostile["targets"][0]["title"]["en"] = "\u202eevil\u202c {{7*7}} {% debug %}"
    hostile["indicators"][0]["title"]["ar"] = "Robert'); DROP TABLE reviews;--"
    hostile["indicators"][1]["title"]["en"] = "x" * 100_000

    framework_load(path=framework_file(hostile))

    assert Goal.objects.get(number=1).title["en"] == "<script>alert(1)</script>"
    assert Target.objects.get(code="1.1").title["en"] == "\u202eevil\u202c {{7*7}} {% debug %}"
    assert Indicator.objects.get(code="1.1.1").title["ar"] == "Robert'); DROP TABLE reviews;--"
    assert len(Indicator.objects.get(code="1.1.2").title["en"]) == 100_000


# --- Malformed files -------------------------------------------------------------------


def _broken(change):
    data = small_framework()
    change(data)
    return data


MALFORMED = [
    ("not-json", '{"goals": [', ["The framework file {path} is not valid JSON: Expecting value at line 1, column 12."]),
    (
        "not-object",
        "[1, 2]",
        ['The framework file must hold a JSON object with the lists "goals", "targets" and "indicators".'],
    ),
    (
        "missing-lists",
        {"goals": []},
        [
            'The framework file: "goals" must be a non-empty list.',
            'The framework file: "targets" must be a non-empty list.',
            'The framework file: "indicators" must be a non-empty list.',
        ],
    ),
    (
        "no-english-title",
        _broken(lambda d: d["targets"][1].update(title={"en": " ", "fr": "Mobiliser"})),
        ['target 1.a: "title" has no English ("en") text.'],
    ),
    (
        "bad-code",
        _broken(lambda d: d["indicators"][2].update(code="1.a.x")),
        ['indicator no. 3: the code "1.a.x" is not an indicator code such as "1.a.1".'],
    ),
    (
        "duplicate-code",
        _broken(lambda d: d["targets"].append({"code": "1.1", "goal": "1", "title": {"en": "Again"}})),
        ["target 1.1: the code appears more than once."],
    ),
    (
        "parent-disagrees-with-code",
        _broken(lambda d: d["targets"][2].update(goal="1")),
        ['target 2.1: "goal" is "1" but the code says "2".'],
    ),
    (
        "unknown-parent",
        _broken(lambda d: d["goals"].pop()),
        ['target 2.1: its goal "2" is not in the file.'],
    ),
    (
        "unknown-repeat",
        _broken(lambda d: d["indicators"][0].update(repeated_as=["2.1.1", "9.9.9"])),
        ['indicator 1.1.1: "repeated_as" names 9.9.9, which are not other indicators of the file.'],
    ),
    (
        "nul-character",
        _broken(lambda d: d["goals"][1]["short"].update(en="a\x00b")),
        ['goal 2: "short" contains a NUL character.'],
    ),
    (
        "lone-surrogate-in-title",
        _broken(lambda d: d["goals"][1]["title"].update(en="\ud800")),
        ['goal 2: "title" contains characters that are not valid Unicode.'],
    ),
    (
        "not-a-language-code",
        _broken(lambda d: d["goals"][0]["title"].update({"<script>": "x"})),
        ['goal 1: "title" has a key that is not a language code such as "en" or "zh-Hans".'],
    ),
    (
        "unsd-code-too-long",
        _broken(lambda d: d["indicators"][1].update(unsd_code="C" * 21)),
        ["indicator 1.1.2: Ensure this value has at most 20 characters (it has 21)."],
    ),
    (
        "codes-of-the-wrong-type",
        _broken(lambda d: (d["indicators"][1].update(code=112), d["indicators"].append(["1.1.3"]))),
        [
            'indicator no. 2: the code 112 is not an indicator code such as "1.a.1".',
            "indicator no. 5: must be a JSON object.",
        ],
    ),
    (
        "repeated-as-not-a-list",
        _broken(lambda d: d["indicators"][1].update(repeated_as="2.1.1")),
        ['indicator 1.1.2: "repeated_as" must be a list of indicator codes.'],
    ),
]


@pytest.mark.parametrize(("content", "messages"), [case[1:] for case in MALFORMED], ids=[case[0] for case in MALFORMED])
def test_framework_load_rejects_a_malformed_file_saying_where(framework_file, content, messages):
    path = framework_file(content)

    with pytest.raises(FrameworkError) as error:
        framework_load(path=path)

    assert error.value.messages == [message.format(path=path) for message in messages]
    assert (Goal.objects.count(), Target.objects.count(), Indicator.objects.count()) == (0, 0, 0)


def test_framework_load_rejects_a_missing_file(tmp_path):
    with pytest.raises(FrameworkError) as error:
        framework_load(path=tmp_path / "missing.json")

    assert error.value.messages == [f"The framework file {tmp_path / 'missing.json'} does not exist."]


def test_framework_load_rejects_a_file_that_is_not_text(tmp_path):
    path = tmp_path / "framework.json"
    path.write_bytes(b"\xff\xfe\x00binary")

    with pytest.raises(FrameworkError) as error:
        framework_load(path=path)

    assert error.value.messages == [f"The framework file {path} is not UTF-8 text."]


def test_framework_load_lists_at_most_20_problems(framework_file):
    data = small_framework()
    data["targets"] = [{"code": f"1.{n}", "goal": "9", "title": {"en": "x"}} for n in range(1, 31)]

    with pytest.raises(FrameworkError) as error:
        framework_load(path=framework_file(data))

    assert len(error.value.messages) == 21
    # 30 targets of a missing goal, and indicators 1.a.1 and 2.1.1 whose targets are gone.
    assert error.value.messages[-1] == "… and 12 more problems."


def test_framework_load_of_a_bad_file_leaves_the_loaded_framework_alone(framework, framework_file):
    before = snapshot()
    broken = small_framework()
    broken["indicators"][0]["title"] = "not an object"

    with pytest.raises(FrameworkError):
        framework_load(path=framework_file(broken))

    assert snapshot() == before


def test_framework_load_reports_a_concurrent_load(framework_file, monkeypatch):
    original = QuerySet.bulk_create

    def bulk_create_colliding(self, objs, *args, **kwargs):
        if self.model is Target:
            raise IntegrityError("duplicate key value violates unique constraint")
        return original(self, objs, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "bulk_create", bulk_create_colliding)

    with pytest.raises(FrameworkError) as error:
        framework_load(path=framework_file(small_framework()))

    assert error.value.messages == ["Another load of the framework ran at the same time; run this one again."]
    assert Goal.objects.count() == 0


# --- The management command ------------------------------------------------------------


def test_load_sdg_framework_command_prints_the_counts(framework_file):
    out = StringIO()

    call_command("load_sdg_framework", path=str(framework_file(small_framework())), stdout=out, no_color=True)

    assert out.getvalue().splitlines() == [
        "Goals: 2 created, 0 updated, 0 unchanged.",
        "Targets: 3 created, 0 updated, 0 unchanged.",
        "Indicators: 4 created, 0 updated, 0 unchanged.",
        "The SDG framework is loaded.",
    ]


def test_load_sdg_framework_command_loads_the_kept_copy_by_default():
    out = StringIO()

    call_command("load_sdg_framework", stdout=out, no_color=True)

    assert out.getvalue().splitlines()[:3] == [
        "Goals: 17 created, 0 updated, 0 unchanged.",
        "Targets: 169 created, 0 updated, 0 unchanged.",
        "Indicators: 251 created, 0 updated, 0 unchanged.",
    ]


def test_load_sdg_framework_command_explains_a_malformed_file(framework_file):
    path = framework_file(_broken(lambda d: d["targets"][0].update(goal="7")))

    with pytest.raises(CommandError) as error:
        call_command("load_sdg_framework", "--path", str(path))

    assert str(error.value) == (
        'The framework was not loaded; nothing was changed.\ntarget 1.1: "goal" is "7" but the code says "1".'
    )

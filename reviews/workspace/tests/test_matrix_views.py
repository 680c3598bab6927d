import cssselect2
import pytest
import tinyhtml5
from django.urls import reverse

from reviews.models import GoalAssignment
from reviews.tests.factories import MinistryFactory
from reviews.workspace.services.matrix import matrix_apply

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

MATRIX_PAGES = ["reviews:matrix", "reviews:matrix-edit", "reviews:matrix-import", "reviews:matrix-csv"]
COORDINATOR_PAGES = ["reviews:matrix-edit", "reviews:matrix-import"]
HOSTILE_NAMES = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><script>alert(1)</script>',
    "</textarea><script>alert(1)</script>",
    "{{7*7}} {% debug %} ${7*7} #{7*7}",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "\u202eevil\u202c",
    "Robert'); DROP TABLE reviews;--",
]


def url(name, review):
    return reverse(name, args=[review.pk])


def parse(response):
    return cssselect2.ElementWrapper.from_html_root(tinyhtml5.parse(response.content.decode()))


def text(element) -> str:
    return " ".join("".join(element.etree_element.itertext()).split())


def texts(page, selector) -> list[str]:
    return [text(element) for element in page.query_all(selector)]


def form_data(page) -> dict:
    """What a browser would post from the editor as rendered: every select and hidden input."""
    data = {}
    for select in page.query_all("#matrix-form select"):
        chosen = [option.etree_element.get("value") for option in select.query_all("option[selected]")]
        data[select.etree_element.get("name")] = chosen[0] if chosen else ""
    for hidden in page.query_all("#matrix-form input[type=hidden]"):
        data[hidden.etree_element.get("name")] = hidden.etree_element.get("value", "")
    return data


def state(review) -> dict:
    rows = GoalAssignment.objects.filter(review=review).values_list("ministry__name", "goal__number", "role")
    return {(name, number): role for name, number, role in rows}


def editor_page(client, review):
    return parse(client.get(url("reviews:matrix-edit", review)))


# --- Permission ladder -----------------------------------------------------------------


@pytest.mark.parametrize("name", MATRIX_PAGES)
def test_matrix_pages_redirect_anonymous_to_login(client, review, name):
    response = client.get(url(name, review))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["outsider", "other_member"])
@pytest.mark.parametrize("name", MATRIX_PAGES)
def test_matrix_pages_refused_outside_the_review(request, client, review, who, name):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url(name, review))
    assert response.status_code == 403
    assert "You do not have the role in this review that this page needs." in response.content.decode()


@pytest.mark.parametrize("name", COORDINATOR_PAGES)
def test_matrix_edit_pages_refused_to_a_focal_point(client, review, focal_a, name):
    client.force_login(focal_a)
    assert client.get(url(name, review)).status_code == 403
    assert client.post(url(name, review), {}).status_code == 403


def test_matrix_page_shows_roles_to_a_member_without_edit_links(client, review, focal_a, ministry_b, health_leads_3):
    client.force_login(focal_a)
    page = parse(client.get(url("reviews:matrix", review)))
    health = [
        row for row in page.query_all("tbody tr") if text(next(row.query_all("th"))) == "Ministry of Health (MOH)"
    ]
    cells = list(health[0].query_all("td"))
    assert (texts(cells[2], "[aria-hidden=true]"), texts(cells[2], ".visually-hidden")) == (["L"], ["Lead"])
    assert [text(cell) for index, cell in enumerate(cells) if index != 2] == [""] * 16
    assert texts(page, "a.btn") == ["Download as CSV"]


@pytest.mark.parametrize("who", ["coordinator", "superuser"])
def test_matrix_page_offers_editing_to_a_coordinator(request, client, review, goals, who):
    client.force_login(request.getfixturevalue(who))
    page = parse(client.get(url("reviews:matrix", review)))
    assert texts(page, "a.btn") == ["Edit the matrix", "Import from a CSV file", "Download as CSV"]


def test_matrix_page_flags_goals_without_a_lead(client, coordinator, review, goals, ministry_a):
    matrix_apply(
        actor=coordinator,
        review=review,
        cells={(ministry_a.pk, number): "lead" for number in range(1, 18) if number not in (3, 7)},
    )
    client.force_login(coordinator)
    page = parse(client.get(url("reviews:matrix", review)))
    assert texts(page, "#goals-without-lead strong") == ["Goals without a lead:"]
    assert text(next(page.query_all("#goals-without-lead"))).startswith("Goals without a lead: 3, 7 ")
    assert [th.etree_element.get("id") for th in page.query_all("th.goal-missing-lead")] == ["goal-3", "goal-7"]


def test_matrix_page_headers_name_the_goals(client, coordinator, review, goals, ministry_a):
    client.force_login(coordinator)
    page = parse(client.get(url("reviews:matrix", review)))
    headers = list(page.query_all("thead th.matrix-goal"))
    assert [th.etree_element.get("abbr") for th in headers][:3] == ["Goal 1", "Goal 2", "Goal 3"]
    assert text(headers[2]) == "3 Goal 3 no lead"
    assert texts(page, "caption") == ["Roles of the ministries per goal: L lead, C co-lead, A associate."]


def test_matrix_page_counts_roles_per_goal(client, coordinator, review, ministry_a, ministry_b, health_leads_3):
    division = MinistryFactory(review=review, name="Division of Primary Care", acronym="", parent=ministry_a)
    matrix_apply(actor=coordinator, review=review, cells={(division.pk, 3): "associate", (ministry_b.pk, 5): "co_lead"})
    client.force_login(coordinator)
    page = parse(client.get(url("reviews:matrix", review)))
    footer = {
        text(next(row.query_all("th"))): [text(td) for td in row.query_all("td")] for row in page.query_all("tfoot tr")
    }
    assert footer["Leads"][2:5] == ["1", "0", "0"]
    assert footer["Co-leads"][2:5] == ["0", "0", "1"]
    assert footer["Associates"][2:5] == ["2", "0", "0"]
    assert texts(page, "tr.division th") == ["Division: Division of Primary Care"]


# --- Editor ----------------------------------------------------------------------------


def test_matrix_edit_shows_a_labelled_select_per_cell(client, coordinator, review, ministry_a, health_leads_3):
    client.force_login(coordinator)
    page = editor_page(client, review)
    selects = list(page.query_all("#matrix-form select"))
    assert len(selects) == 2 * 17
    select_id = f"id_cell_{ministry_a.pk}_3"
    assert texts(page, f'label[for="{select_id}"]') == ["Ministry of Health — Goal 3"]
    assert [o.etree_element.get("value") for o in page.query_all(f"#{select_id} option[selected]")] == ["lead"]
    assert texts(page, f"#{select_id} option") == ["No role", "Lead", "Co-lead", "Associate"]
    assert texts(page, "#matrix-form button[type=submit]") == ["Save the matrix"]


def test_matrix_edit_saves_and_warns_about_goals_without_a_lead(
    client, coordinator, review, ministry_a, ministry_b, health_leads_3
):
    client.force_login(coordinator)
    data = form_data(editor_page(client, review))
    data[f"cell_{ministry_b.pk}_4"] = "lead"
    data[f"cell_{ministry_a.pk}_4"] = "associate"
    response = client.post(url("reviews:matrix-edit", review), data, follow=True)
    assert response.redirect_chain == [(url("reviews:matrix-edit", review), 302)]
    assert state(review) == {
        ("Ministry of Health", 3): "lead",
        ("Ministry of Education", 3): "associate",
        ("Ministry of Education", 4): "lead",
        ("Ministry of Health", 4): "associate",
    }
    assert texts(parse(response), "#messages .alert") == [
        "Role matrix saved: 2 changes.",
        "Each goal needs one lead. Goals still without a lead: 1, 2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17.",
    ]


def test_matrix_edit_refuses_two_leads_at_the_goal_column_keeping_typed_values(
    client, coordinator, review, ministry_a, ministry_b, health_leads_3
):
    client.force_login(coordinator)
    data = form_data(editor_page(client, review))
    data[f"cell_{ministry_b.pk}_3"] = "lead"
    data[f"cell_{ministry_a.pk}_5"] = "associate"
    response = client.post(url("reviews:matrix-edit", review), data)
    assert response.status_code == 200
    page = parse(response)
    message = (
        "Goal 3 can have only one lead, but it is given to Ministry of Education, Ministry of Health. "
        "Keep one and make the others co-leads."
    )
    assert texts(page, "#goal-3-errors") == ["Two leads: keep one."]
    assert texts(page, "#matrix-errors li") == [message]
    typed = form_data(page)
    assert (typed[f"cell_{ministry_b.pk}_3"], typed[f"cell_{ministry_a.pk}_5"]) == ("lead", "associate")
    invalid = [s.etree_element.get("name") for s in page.query_all('#matrix-form select[aria-invalid="true"]')]
    assert sorted(invalid) == sorted([f"cell_{ministry_a.pk}_3", f"cell_{ministry_b.pk}_3"])
    assert state(review) == {("Ministry of Health", 3): "lead", ("Ministry of Education", 3): "associate"}


def test_matrix_edit_refuses_a_ministry_of_another_review(
    client, coordinator, review, ministry_a, other_review, health_leads_3
):
    foreign = MinistryFactory(review=other_review, name="Ministry of Borealis")
    client.force_login(coordinator)
    data = form_data(editor_page(client, review))
    data[f"cell_{ministry_a.pk}_5"] = "lead"
    data[f"cell_{foreign.pk}_3"] = "lead"
    response = client.post(url("reviews:matrix-edit", review), data)
    assert response.status_code == 200
    assert texts(parse(response), "#matrix-errors li") == [
        f"Ministry #{foreign.pk} is not part of this review (it may have been removed meanwhile)."
    ]
    assert state(review) == {("Ministry of Health", 3): "lead", ("Ministry of Education", 3): "associate"}
    assert GoalAssignment.objects.filter(ministry=foreign).count() == 0


def test_matrix_edit_saves_though_an_untouched_ministry_was_removed_meanwhile(
    client, coordinator, review, ministry_a, ministry_b, health_leads_3
):
    client.force_login(coordinator)
    data = form_data(editor_page(client, review))
    ministry_b.delete()  # by another coordinator, after this page was opened
    data[f"cell_{ministry_a.pk}_5"] = "lead"
    assert client.post(url("reviews:matrix-edit", review), data).status_code == 302
    assert state(review) == {("Ministry of Health", 3): "lead", ("Ministry of Health", 5): "lead"}


def test_matrix_edit_refuses_an_unknown_goal(client, coordinator, review, ministry_a, health_leads_3):
    client.force_login(coordinator)
    data = form_data(editor_page(client, review))
    data[f"cell_{ministry_a.pk}_18"] = "lead"
    response = client.post(url("reviews:matrix-edit", review), data)
    assert texts(parse(response), "#matrix-errors li") == ["There is no goal 18: goals are numbered 1 to 17."]


@pytest.mark.parametrize("value", ["boss", "<script>alert(1)</script>", "' OR '1'='1", "LEAD"])
def test_matrix_edit_refuses_a_value_that_is_not_a_role_at_its_cell(
    client, coordinator, review, ministry_a, health_leads_3, value
):
    client.force_login(coordinator)
    data = form_data(editor_page(client, review))
    data[f"cell_{ministry_a.pk}_4"] = value
    response = client.post(url("reviews:matrix-edit", review), data)
    page = parse(response)
    assert texts(page, f"#id_cell_{ministry_a.pk}_4_error") == [
        f"Select a valid choice. {value} is not one of the available choices."
    ]
    assert list(page.query_all("table script")) == []
    assert state(review) == {("Ministry of Health", 3): "lead", ("Ministry of Education", 3): "associate"}


def test_matrix_edit_keeps_a_cell_someone_else_changed_meanwhile(
    client, coordinator, review, ministry_a, ministry_b, health_leads_3
):
    client.force_login(coordinator)
    data = form_data(editor_page(client, review))
    matrix_apply(actor=coordinator, review=review, cells={(ministry_b.pk, 4): "lead"})  # in another tab
    data[f"cell_{ministry_a.pk}_5"] = "lead"
    client.post(url("reviews:matrix-edit", review), data)
    assert state(review) == {
        ("Ministry of Health", 3): "lead",
        ("Ministry of Education", 3): "associate",
        ("Ministry of Education", 4): "lead",
        ("Ministry of Health", 5): "lead",
    }


def test_matrix_edit_shows_forty_ministries_on_one_page_and_saves_them(client, coordinator, review, goals):
    ministries = [MinistryFactory(review=review, name=f"Ministry {n:02d}", acronym="") for n in range(40)]
    matrix_apply(actor=coordinator, review=review, cells={(ministries[0].pk, 1): "lead"})
    client.force_login(coordinator)
    data = form_data(editor_page(client, review))
    assert len(data) == 2 * 40 * 17 + 1  # selects, their initial values and the CSRF token
    data[f"cell_{ministries[39].pk}_2"] = "lead"
    data[f"cell_{ministries[19].pk}_3"] = "associate"
    assert client.post(url("reviews:matrix-edit", review), data).status_code == 302
    assert state(review) == {("Ministry 00", 1): "lead", ("Ministry 39", 2): "lead", ("Ministry 19", 3): "associate"}


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_matrix_pages_show_hostile_ministry_names_as_text(client, coordinator, review, goals, name):
    hostile = MinistryFactory(review=review, name=name, acronym="")
    matrix_apply(actor=coordinator, review=review, cells={(hostile.pk, 1): "lead"})
    client.force_login(coordinator)
    for page_name in ["reviews:matrix", "reviews:matrix-edit"]:
        page = parse(client.get(url(page_name, review)))
        assert texts(page, "tbody th") == [" ".join(name.split())]
        assert list(page.query_all("main script, main img, main svg, main iframe")) == []
    page = editor_page(client, review)
    assert texts(page, f'label[for="id_cell_{hostile.pk}_1"]') == [" ".join(f"{name} — Goal 1".split())]


# --- Query budgets ---------------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 12, 30], ids=["2-ministries", "12-ministries", "30-ministries-2-pages"])
@pytest.mark.parametrize(("name", "queries"), [("reviews:matrix", 7), ("reviews:matrix-edit", 7)])
def test_matrix_page_query_budget(client, coordinator, review, goals, count, name, queries, django_assert_num_queries):
    ministries = [MinistryFactory(review=review) for _ in range(count)]
    MinistryFactory(review=review, parent=ministries[0])
    matrix_apply(
        actor=coordinator,
        review=review,
        cells={
            (ministry.pk, goal.number): "lead" if index == 0 else "associate"
            for index, ministry in enumerate(ministries)
            for goal in goals
        },
    )
    client.force_login(coordinator)
    with django_assert_num_queries(queries):
        response = client.get(url(name, review))
    assert response.status_code == 200


def test_matrix_saved_in_place_says_so_beside_the_save_button(
    client, coordinator, review, ministry_a, ministry_b, health_leads_3
):
    # With htmx the form is swapped in place: the outcome is shown where the person is
    # (beside the button they pressed), not in the messages at the top of the page.
    client.force_login(coordinator)
    data = form_data(editor_page(client, review))
    data[f"cell_{ministry_b.pk}_4"] = "lead"
    response = client.post(url("reviews:matrix-edit", review), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = parse(response)
    assert texts(page, "#matrix-form #matrix-save-status[role=status] .alert") == [
        "Role matrix saved: 1 change.",
        "Each goal needs one lead. Goals still without a lead: 1, 2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17.",
    ]
    assert texts(page, "#messages .alert") == []
    assert form_data(page)[f"cell_{ministry_b.pk}_4"] == "lead"
    assert state(review)[("Ministry of Education", 4)] == "lead"


def test_matrix_not_saved_says_so_beside_the_save_button(
    client, coordinator, review, ministry_a, ministry_b, health_leads_3
):
    client.force_login(coordinator)
    data = form_data(editor_page(client, review))
    data[f"cell_{ministry_b.pk}_3"] = "lead"
    page = parse(client.post(url("reviews:matrix-edit", review), data, HTTP_HX_REQUEST="true"))
    assert texts(page, "#matrix-save-status .alert") == ["The matrix was not saved. See what to correct"]
    assert page.query_all('#matrix-save-status a[href="#matrix-errors"]')


def test_matrix_table_scrolls_in_its_box_with_sticky_headers(client, coordinator, review, ministry_a):
    client.force_login(coordinator)
    page = editor_page(client, review)
    assert page.query_all('#matrix-form .matrix-scroll[role=region][tabindex="0"] table.matrix-table')
    assert page.query_all('link[rel=stylesheet][href$="css/content.css"]')


# The tbody loop the matrix templates had: `matrix_body_html` must give what it gave.
TEMPLATE_BODY = """{% load i18n %}{% spaceless %}
  {% for ministry, cells in rows %}
  <tr{% if ministry.depth %} class="division"{% endif %}>
    <th scope="row">{% if ministry.depth %}<span class="visually-hidden">{% translate "Division:" %} </span>{% endif %}<bdi>{{ ministry.name }}{% if ministry.acronym %} <span class="text-body-secondary">({{ ministry.acronym }})</span>{% endif %}</bdi></th>
    {{ cells }}
  </tr>
  {% endfor %}
{% endspaceless %}"""  # noqa: E501 (the template's line as it was)


@pytest.mark.parametrize("bound", [False, True], ids=["shown", "refused-post"])
def test_matrix_body_is_what_the_template_loop_made(coordinator, review, goals, bound):
    from django.core.exceptions import ValidationError
    from django.template import engines
    from django.utils import translation
    from django.utils.safestring import mark_safe

    from reviews.workspace.forms.matrix import MatrixForm, matrix_body_html
    from reviews.workspace.selectors.matrix import matrix_get

    parent = MinistryFactory(review=review, name=HOSTILE_NAMES[0], acronym="<b>&")
    MinistryFactory(review=review, name=HOSTILE_NAMES[2], acronym="", parent=parent)
    for name in HOSTILE_NAMES[3:]:
        MinistryFactory(review=review, name=name, acronym="A'B")
    matrix = matrix_get(review)
    first, second = matrix.ministries[0].pk, matrix.ministries[1].pk
    matrix_apply(actor=coordinator, review=review, cells={(first, 1): "lead", (second, 2): "associate"})
    matrix = matrix_get(review)
    data = {f"cell_{first}_1": "lead", f"cell_{second}_1": "lead", f"cell_{second}_2": '"><b>', "initial-x": "'"}
    form = MatrixForm(data if bound else None, matrix=matrix)
    if bound:
        assert not form.is_valid()
        form.add_service_error(ValidationError({"goal_1": "Two leads"}))
    template = engines["django"].from_string(TEMPLATE_BODY)
    for language in ["en", "fr", "ar"]:
        with translation.override(language):
            rows = form.rows()
            joined = [(ministry, mark_safe("".join(cells))) for ministry, cells in rows]
            assert matrix_body_html(rows) == template.render({"rows": joined})
            assert form.body_html() == template.render({"rows": joined})


# The head the matrix templates included (_matrix_head.html): `matrix_head_html` writes the same.
TEMPLATE_HEAD = (
    "{% load i18n %}{# The goal columns of the matrix table; `columns` are services.matrix.MatrixColumn. #}\n"
    "<thead>\n"
    "  <tr>\n"
    '    <th scope="col">{% translate "Ministry" %}</th>\n'
    "    {% for column in columns %}\n"
    '    <th scope="col" id="goal-{{ column.goal.number }}" class="text-center matrix-goal{% if not column.has_lead %} goal-missing-lead{% endif %}"\n'  # noqa: E501 (the template's line as it was)
    '        abbr="{% blocktranslate with number=column.goal.number %}Goal {{ number }}{% endblocktranslate %}">\n'
    '      <span class="d-block">{{ column.goal.number }}</span>\n'
    '      <span class="d-block small fw-normal"{% if column.goal.title_is_fallback %} lang="en"{% endif %}>{{ column.goal.short_title_localized }}</span>\n'  # noqa: E501 (the template's line as it was)
    '      {% if not column.has_lead %}<span class="badge text-bg-danger">{% translate "no lead" %}</span>{% endif %}\n'
    "      {% if column.errors %}\n"
    '      <div id="goal-{{ column.goal.number }}-errors" class="text-danger small fw-normal">\n'
    '        {% for error in column.errors %}<p class="mb-0">{{ error }}</p>{% endfor %}\n'
    "      </div>\n"
    "      {% endif %}\n"
    "    </th>\n"
    "    {% endfor %}\n"
    "  </tr>\n"
    "</thead>\n"
)


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_matrix_head_is_what_the_template_made(coordinator, review, goals, ministry_a, language):
    from django.core.exceptions import ValidationError
    from django.template import engines
    from django.utils import translation

    from reviews.workspace.forms.matrix import MatrixForm, matrix_head_html
    from reviews.workspace.selectors.matrix import matrix_get

    matrix_apply(actor=coordinator, review=review, cells={(ministry_a.pk, goals[0].number): "lead"})
    matrix = matrix_get(review)
    form = MatrixForm({}, matrix=matrix)
    form.add_service_error(ValidationError({f"goal_{goals[1].number}": "Two leads <b>"}))
    template = engines["django"].from_string(TEMPLATE_HEAD)
    with translation.override(language):
        for columns in (matrix.columns, form.columns()):
            assert {column.has_lead for column in columns} == {True, False}
            assert matrix_head_html(columns) == template.render({"columns": columns})
        assert form.head_html() == template.render({"columns": form.columns()})
        assert "Two leads" in str(form.head_html()) or language != "en"


def test_matrix_editor_body_cached_follows_every_change_of_what_it_shows(coordinator, review, goals, ministry_a):
    from django.utils import translation

    from reviews.workspace.forms.matrix import MatrixForm, matrix_body_html
    from reviews.workspace.selectors.matrix import matrix_get

    def cached_and_fresh():
        form = MatrixForm(None, matrix=matrix_get(review))
        return form.body_html(), matrix_body_html(form.rows())

    other = MinistryFactory(review=review, name="Ministry of Water", acronym="MOW")
    writes = [
        lambda: matrix_apply(actor=coordinator, review=review, cells={(ministry_a.pk, 1): "lead"}),
        lambda: matrix_apply(actor=coordinator, review=review, cells={(ministry_a.pk, 1): "co_lead"}),
        lambda: type(other).objects.filter(pk=other.pk).update(name="Ministry of Water and Sanitation"),
        lambda: type(other).objects.filter(pk=other.pk).update(acronym="MWS"),
        lambda: type(other).objects.filter(pk=other.pk).update(parent=ministry_a),
        lambda: MinistryFactory(review=review, name="Ministry of Energy"),
        lambda: type(other).objects.filter(pk=other.pk).delete(),
    ]
    seen = set()
    for write in writes:
        cached, fresh = cached_and_fresh()
        assert cached == fresh
        seen.add(cached)
        write()
    cached, fresh = cached_and_fresh()
    assert cached == fresh and cached not in seen
    with translation.override("fr"):
        assert cached_and_fresh()[0] == cached_and_fresh()[1] != cached

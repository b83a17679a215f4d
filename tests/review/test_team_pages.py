"""The team pages for managers and for everyone else, over real HTTP against the local tenant: "My team" in the
navigation by role, the page for someone no one reports to, contacts among reports, ways to reach each person,
and the chart."""

from html import unescape

import pytest

from interests_portal.local_tenant.models import DirectoryObject

MY_TEAM = ">My team</a>"
DIRECT_REPORTS = "GET /me/directReports"


def calls(tenant) -> dict:
    return tenant.counters()["requests"]["by_operation"]


def text(answer) -> str:
    return unescape(answer.text)


@pytest.fixture
def priya(portal):
    return portal.sign_in("priya.raman", "/team/")


@pytest.fixture
def lars(portal):
    return portal.sign_in("lars.nygaard", "/interests/")


# --- "My team" in the navigation ---------------------------------------------------------------------------


def test_the_navigation_offers_my_team_to_managers_only(portal, priya, lars):
    assert MY_TEAM in priya.get(f"{portal.url}/", timeout=10).text
    assert MY_TEAM not in lars.get(f"{portal.url}/", timeout=10).text


def test_whether_someone_manages_is_asked_once_at_sign_in_not_on_each_page(portal):
    portal.tenant.control(reset_counters=True)
    lars = portal.sign_in("lars.nygaard", "/interests/")
    assert calls(portal.tenant).get(DIRECT_REPORTS) == 1
    portal.tenant.control(reset_counters=True)
    for _ in range(2):
        lars.get(f"{portal.url}/", timeout=10)
    assert DIRECT_REPORTS not in calls(portal.tenant)


def test_when_graph_cannot_say_at_sign_in_the_link_is_shown(portal, settings):
    settings.GRAPH_MAX_RETRIES = 0
    portal.tenant.control(fail_next=1, status=503, retry_after=0, match="^GET /me/directReports")
    lars = portal.sign_in("lars.nygaard", "/interests/")
    page = lars.get(f"{portal.url}/", timeout=10)
    assert page.status_code == 200
    assert MY_TEAM in page.text


def test_the_team_page_keeps_the_answer_fresh_for_the_navigation(portal, lars):
    zoe = DirectoryObject.objects.get(upn_key="zoe.angstrom@kestrel.example")
    zoe.manager = portal.tenant.user("lars.nygaard")
    zoe.save()
    assert MY_TEAM not in lars.get(f"{portal.url}/", timeout=10).text  # remembered from the sign-in
    page = lars.get(f"{portal.url}/team/", timeout=10)
    assert "Zoë Ångström" in page.text
    assert MY_TEAM in page.text
    portal.tenant.control(reset_counters=True)
    assert MY_TEAM in lars.get(f"{portal.url}/", timeout=10).text
    assert DIRECT_REPORTS not in calls(portal.tenant)


# --- Someone no one reports to ----------------------------------------------------------------------------


def test_someone_no_one_reports_to_gets_an_explanation_without_filters_chart_or_export(portal, lars):
    page = lars.get(f"{portal.url}/team/", timeout=10)
    assert page.status_code == 200
    body = text(page)
    assert "No one reports to you in Microsoft 365." in body
    assert "ask your IT team" in body
    assert 'href="/interests/"' in body.split('class="empty-state no-team"', 1)[1]
    for absent in ('id="team-filters"', "team-export", "export.csv", "Download these", 'class="team-chart"',
                   'name="view"'):  # fmt: skip
        assert absent not in body, absent


def test_the_explanation_is_what_an_htmx_request_gets_too(portal, lars):
    fragment = lars.get(f"{portal.url}/team/?view=matrix", headers=portal.htmx(lars, "/team/"), timeout=10)
    assert fragment.text.lstrip().startswith('<div id="team-results"')
    assert "No one reports to you in Microsoft 365." in text(fragment)
    assert "export.csv" not in fragment.text


# --- Organisational contacts among reports ---------------------------------------------------------------


def test_contacts_among_reports_are_named_with_a_note_and_their_email(portal, priya):
    body = text(priya.get(f"{portal.url}/team/", timeout=10))
    note = body.split('class="contacts-note"', 1)[1].split("</div>", 1)[0]
    assert ("1 of your reports is a contact (for example a contractor) without a Microsoft 365 profile, so they "
            "have no interests to show:") in " ".join(note.split())  # fmt: skip
    assert "Rafael Costa (contractor)" in note
    assert 'href="mailto:rafael.costa@kestrel.example"' in note
    assert "teams.microsoft.com" not in note  # a contact has no Teams account to chat with
    assert 'id="person-' + str(DirectoryObject.objects.get(display_name="Rafael Costa (contractor)").pk) not in body


def test_someone_whose_only_reports_are_contacts_is_told_so(portal):
    manager = DirectoryObject.objects.create(user_principal_name="mia.berg@kestrel.example", display_name="Mia Berg")
    for name in ("Kai Contractor", "Lin Supplier"):
        DirectoryObject.objects.create(kind=DirectoryObject.Kind.ORG_CONTACT, display_name=name, manager=manager,
                                       mail=f"{name.split()[0].lower()}@partner.example")  # fmt: skip
    mia = portal.sign_in("mia.berg", "/team/")
    page = mia.get(f"{portal.url}/team/", timeout=10)
    body = " ".join(text(page).split())
    assert MY_TEAM in page.text  # contacts report to her: the page has something to say
    assert "No one who reports to you has a Microsoft 365 profile." in body
    assert "2 of your reports are contacts (for example contractors)" in body
    assert "Kai Contractor" in body
    assert "Lin Supplier" in body
    assert 'id="team-filters"' not in body
    assert "export.csv" not in body


# --- Ways to reach each person ------------------------------------------------------------------------------


def test_each_person_on_the_team_page_has_a_teams_chat_and_an_email_link(portal, priya):
    body = text(priya.get(f"{portal.url}/team/", timeout=10))
    ada = portal.tenant.user("ada.okafor")
    card = body.split(f'id="person-{ada.pk}"', 1)[1].split("</li>", 1)[0]
    assert 'href="https://teams.microsoft.com/l/chat/0/0?users=ada.okafor%40kestrel.example"' in card
    assert 'href="mailto:ada.okafor@kestrel.example"' in card
    assert body.count('class="contact-links"') == body.count('class="person"') + 1  # and the contact's


def test_the_other_views_name_people_with_a_link_to_their_page_and_ways_to_reach_them(portal, priya):
    ada = portal.tenant.user("ada.okafor")
    page = f'href="/team/people/{ada.pk}/"'
    matrix = text(priya.get(f"{portal.url}/team/?view=matrix", timeout=10)).split('class="matrix"', 1)[1]
    matrix = matrix.split("<thead>", 1)[1].split("</thead>")[0]
    assert page in matrix  # the column is too narrow for the links themselves: her page has them
    grouped = text(priya.get(f"{portal.url}/team/?view=interests", timeout=10))
    contacts = grouped.split('class="group-contacts"', 1)[1].split("</details>", 1)[0]
    assert "Contact the " in contacts
    assert page in grouped
    assert 'href="mailto:' in contacts
    matches = text(priya.get(f"{portal.url}/team/?view=matches", timeout=10))
    first = matches.split('class="match"', 1)[1].split("</details>", 1)[0]
    assert first.count('class="contact-links"') == 3  # the mentor's and the two learners' (Łukasz, Zoë)
    assert "teams.microsoft.com/l/chat" in first


def test_the_team_person_page_has_the_same_links(portal, priya):
    ada = portal.tenant.user("ada.okafor")
    body = text(priya.get(f"{portal.url}/team/people/{ada.pk}/", timeout=10))
    links = body.split('class="person-contact"', 1)[1].split("</p>", 1)[0]
    assert "https://teams.microsoft.com/l/chat/0/0?users=ada.okafor%40kestrel.example" in links
    assert "mailto:ada.okafor@kestrel.example" in links
    assert "Chat in Teams" in links


# --- The chart ----------------------------------------------------------------------------------------------


def test_the_team_page_draws_the_chart_with_words_and_a_table(portal, priya):
    body = text(priya.get(f"{portal.url}/team/", timeout=10))
    chart = body.split('class="team-chart"', 1)[1].split("</section>", 1)[0]
    assert '<svg class="tag-chart"' in chart
    assert 'role="img" aria-labelledby="chart-title" aria-describedby="chart-desc"' in chart
    desc = chart.split('<desc id="chart-desc">', 1)[1].split("</desc>", 1)[0]
    assert "Kubernetes: 1 can mentor, 1 can be asked about it, 1 wants to learn, 1 wants to improve." in desc
    table = chart.split("<table>", 1)[1].split("</table>", 1)[0]
    assert '<th scope="row">Kubernetes</th><td>3</td><td>1</td><td>1</td><td>1</td><td>1</td>' in table
    assert "style=" not in chart  # the CSP refuses inline styles


def test_the_chart_follows_the_filters(portal, priya):
    everything = text(priya.get(f"{portal.url}/team/", timeout=10))
    learning = text(priya.get(f"{portal.url}/team/?tag=wantsToLearn", headers=portal.htmx(priya, "/team/"),
                              timeout=10))  # fmt: skip
    assert "among what the filters keep" in learning
    # Only Łukasz's "kubernetes" wants learning: Ada's (she can mentor it) is filtered out, and so is her count.
    kubernetes = learning.split('<th scope="row">kubernetes</th>', 1)[1].split("</tr>", 1)[0]
    assert kubernetes == "<td>1</td><td>0</td><td>0</td><td>1</td><td>0</td>"
    assert everything.count('<tr><th scope="row">') > learning.count('<tr><th scope="row">')


def test_the_chart_keeps_coordinates_decimal_in_german(portal, priya):
    body = priya.get(f"{portal.url}/team/", headers={"Accept-Language": "de"}, timeout=10).text
    svg = body.split('<svg class="tag-chart"', 1)[1].split("</svg>", 1)[0]
    assert '%"' in svg
    for attribute in svg.split('x="')[1:]:
        assert "," not in attribute.split('"', 1)[0]

"""The local tenant's control endpoint changes its fault plan: only tools on this machine may, not a web page.

Any page open in a browser here could otherwise POST a form or text/plain body to http://127.0.0.1:8000/_tenant/control
(no CORS preflight is needed for those). A change must be JSON, which needs a preflight this endpoint never grants,
and must not come from another site.
"""

import json

import pytest
from django.test import Client

from interests_portal.local_tenant.control import control

URL = "/_tenant/control"
CHANGE = {"fail_next": 7}


@pytest.fixture(autouse=True)
def fresh_plan(db):
    control.reset()
    yield
    control.reset()


def fail_next() -> int:
    return control.snapshot()["plan"]["fail_next"]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (json.dumps(CHANGE), "text/plain"),
        ("fail_next=7", "application/x-www-form-urlencoded"),
        (
            '--b\r\nContent-Disposition: form-data; name="fail_next"\r\n\r\n7\r\n--b--\r\n',
            "multipart/form-data; boundary=b",
        ),
        (json.dumps(CHANGE), ""),
    ],
)
def test_a_body_that_is_not_json_is_refused(body, content_type):
    answer = Client().generic("POST", URL, body, content_type=content_type)
    assert answer.status_code == 415
    assert fail_next() == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},  # another port on localhost: the same site, another origin
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://testserver"},  # Fetch Metadata decides when present
        {"Origin": "https://evil.example"},
        {"Origin": "http://testserver:8001"},
        {"Origin": "null"},  # a sandboxed frame or a file:// page
    ],
)
def test_a_json_change_from_another_site_is_refused(headers):
    answer = Client().post(URL, CHANGE, content_type="application/json", headers=headers)
    assert answer.status_code == 403
    assert fail_next() == 0


@pytest.mark.parametrize(
    "headers",
    [
        {},  # tools: tests, the benchmark and fault-soak commands, curl
        {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"},
        {"Sec-Fetch-Site": "none"},  # typed by the user, e.g. from the browser's console on a blank page
        {"Origin": "http://testserver"},
    ],
)
def test_a_json_change_from_this_origin_or_a_tool_changes_the_plan(headers):
    answer = Client().post(URL, CHANGE, content_type="application/json; charset=utf-8", headers=headers)
    assert answer.status_code == 200
    assert answer.json()["plan"]["fail_next"] == 7
    assert fail_next() == 7


def test_reading_the_plan_needs_nothing_more(db):
    assert Client().get(URL, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 200


def test_the_tools_over_real_http_still_change_the_plan(tenant):
    assert tenant.control(fail_next=3)["plan"]["fail_next"] == 3

"""Fault soak: a person using My interests through the portal's HTTP interface, exactly as htmx sends it, while the
local tenant answers a seeded fraction of Graph operations with 429 or 503 (docs/fault-soak.md).

The person reads every form value from the HTML the portal returned (the add form's `key`, the edit form's `seen`,
the tag buttons' values, the audience select), presses again when an answer fails, and keeps a model of what the
portal told them Graph stores. The figures say whether anything went wrong that a person would mind: server
errors, typed text lost, interests added twice, and what the person was told against what Graph holds.
"""

import json
import logging
import random
import time
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

import requests
from bs4 import BeautifulSoup, Tag

from ..local_tenant.models import DirectoryObject, Interest
from .harness import LocalServer, signed_in
from .self_service import bench_person
from .stack import Stack, free_port, production_stack

FAULT_STATUSES = [429, 503]
# Short, so that a run of 300 actions takes about a minute while every throttled request still waits for it.
RETRY_AFTER_SECONDS = 0.05
PRESSES_AGAIN = 3  # a person tries a failed action this many more times, then gives up on it
TIMEOUT_SECONDS = 30
KINDS = ("add", "edit", "audience", "tag", "delete")
# Typed text with what HTML and forms must carry through unharmed: markup characters, quotes, accents.
DESCRIPTIONS = (
    "Pairing & code reviews on Tuesdays",
    "Reading group: <Designing Data-Intensive Applications>",
    "Café chats about “distributed” systems",
    "Learning Åsa's 'incident review' format",
    "Mentoring new joiners — on-call basics",
    "Slides, notes & links in the team wiki",
)
# Some names carry an apostrophe: the portal quotes names into an OData $filter when it looks for a lost create.
NAME_SUFFIXES = ("", "", " — O'Brien's notes", " & <pairing>", " “café” club")
MUST_BE_ZERO = (
    ("server_errors", "500 responses"),
    ("inputs_lost", "inputs lost"),
    ("duplicate_creates", "duplicate creates"),
    ("mismatches", "final-state mismatches"),
    ("contradicted", "answers a later list contradicted"),
    ("not_shown", "successes not showing the change"),
)


# --- HTML as a browser reads it ---------------------------------------------------------------------------------


class Page(BeautifulSoup):
    """An HTML answer (a page or an htmx fragment), as `parse_html` reads it."""

    def by_id(self, element_id: str) -> Tag | None:
        """The element with this id, as `document.getElementById` finds it."""
        return self.find(id=element_id)


def parse_html(text: str) -> Page:
    """`text` parsed by BeautifulSoup on Python's own html.parser (nothing compiled). Every attribute value stays one
    string, as `getAttribute` gives it (`class` too: CSS selectors still match each class)."""
    page = Page(text, "html.parser", multi_valued_attributes=None)
    # A person reads `<br>` as a line break (the portal renders descriptions with linebreaksbr); get_text() drops it.
    for br in page.find_all("br"):
        br.replace_with("\n")
    return page


FormData = list[tuple[str, str]]


def form_values(form: Tag, submitter: Tag | None = None) -> FormData:
    """What a browser sends for `form` (htmx sends the same), with the pressed button's name and value."""
    values: FormData = []
    for control in form.select("input[name], textarea[name], select[name]"):
        name = str(control["name"])
        if not name or control.has_attr("disabled"):
            continue
        if control.name == "input":
            kind = str(control.get("type", "text")).lower()
            if kind in ("checkbox", "radio"):
                if control.has_attr("checked"):
                    values.append((name, str(control.get("value", "on"))))
            elif kind not in ("submit", "button", "image", "reset", "file"):
                values.append((name, str(control.get("value", ""))))
        elif control.name == "textarea":
            # Browsers drop one newline right after <textarea> (Django's widget writes one there); html.parser keeps it.
            values.append((name, control.get_text().removeprefix("\n")))
        else:
            chosen = control.select("option[selected]") or control.select("option")[:1]
            values.extend((name, str(option.get("value", option.get_text()))) for option in chosen)
    if submitter is not None and submitter.get("name"):
        values.append((str(submitter["name"]), str(submitter.get("value", ""))))
    return values


def typed(values: FormData, name: str, *new: str) -> FormData:
    """`values` with field `name` set to `new`, in the field's place, as typing into it (or ticking boxes) does."""
    place = next((index for index, (key, _) in enumerate(values) if key == name), len(values))
    kept = [(key, value) for key, value in values if key != name]
    place = min(place, len(kept))
    return kept[:place] + [(name, value) for value in new] + kept[place:]


def field_value(values: FormData, name: str) -> str:
    return next((value for key, value in values if key == name), "")


# --- What the portal shows and what Graph stores ----------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """One interest as far as the soak compares it: what a row shows, or what the local tenant stores."""

    name: str
    description: str
    audience: str
    tags: frozenset[str]

    def differences(self, other: "Shown") -> list[str]:
        return [
            f"{label} {mine!r} != {theirs!r}"
            for label, mine, theirs in (
                ("name", self.name, other.name),
                ("description", self.description, other.description),
                ("audience", self.audience, other.audience),
                ("tags", sorted(self.tags), sorted(other.tags)),
            )
            if mine != theirs
        ]


def row_id(element: Tag) -> str:
    return str(element.get("id", "")).removeprefix("interest-")


def is_row(element: Tag) -> bool:
    """A row as the list shows it (not its edit form)."""
    return element.name == "li" and element.select_one("h3.interest-name") is not None


def row_shown(row: Tag) -> Shown:
    name = row.select_one("h3.interest-name")
    description = row.select_one("p.interest-description")
    audience = row.select_one('select[name="allowed_audiences"] option[selected]')
    pressed = row.select('button[name="set"][aria-pressed="true"]')
    return Shown(
        name=name.get_text() if name else "",
        description=description.get_text() if description else "",
        audience=str(audience.get("value", "")) if audience else "",
        tags=frozenset(str(button["value"]).split(":")[0] for button in pressed),
    )


def stored_interests(person: DirectoryObject) -> dict[str, Shown]:
    return {
        str(interest.pk): Shown(
            name=interest.display_name,
            description=interest.description or "",
            audience=interest.allowed_audiences,
            tags=frozenset(interest.collaboration_tags or []),
        )
        for interest in Interest.objects.filter(profile__owner=person)
    }


# --- Figures ----------------------------------------------------------------------------------------------------


@dataclass
class Figures:
    asked: Counter[str] = field(default_factory=Counter)
    succeeded: Counter[str] = field(default_factory=Counter)
    given_up: Counter[str] = field(default_factory=Counter)
    server_errors: int = 0
    inputs_lost: int = 0
    duplicate_creates: int = 0
    mismatches: int = 0
    contradicted: int = 0
    not_shown: int = 0
    failures_seen: Counter[str] = field(default_factory=Counter)  # by action, status and what the person read
    conflicts: int = 0
    repeated_adds: int = 0  # answered "already added": the add form's key kept a press again from adding twice
    connection_failures: int = 0
    requests_sent: int = 0
    notes: list[str] = field(default_factory=list)
    graph_requests: int = 0
    batch_items: int = 0
    faults: dict[str, int] = field(default_factory=dict)
    wall_seconds: float = 0.0

    def note(self, text: str) -> None:
        self.notes.append(text)


@dataclass
class Answer:
    """One press and what came back: the response, or None when the connection failed."""

    response: requests.Response | None
    html: Page

    @property
    def status(self) -> int:
        return self.response.status_code if self.response is not None else 0

    @property
    def retarget(self) -> str:
        return self.response.headers.get("HX-Retarget", "") if self.response is not None else ""

    @property
    def ok(self) -> bool:
        return self.response is not None and 200 <= self.status < 300 and "HX-Redirect" not in self.response.headers

    def alert(self) -> str:
        if self.response is None:
            return "(the portal could not be reached)"
        box = self.html.select_one("div.alert")
        if box is None:
            return f"(no alert; {len(self.response.content)} bytes)"
        message = box.select_one("span") or box  # the alert's words, not its Dismiss button
        text = " ".join(message.get_text().split())
        return text if len(text) <= 110 else text[:109] + "…"

    def announced(self) -> str:
        raw = self.response.headers.get("HX-Trigger-After-Settle", "") if self.response is not None else ""
        try:
            return str(json.loads(raw)["status"]["message"]) if raw else ""
        except (ValueError, KeyError, TypeError):
            return ""


# --- The person ---------------------------------------------------------------------------------------------------


class Person:
    """One signed-in person with the My interests page open in a browser with htmx."""

    def __init__(
        self, server: LocalServer | Stack, browser: requests.Session, owner: DirectoryObject, rng: random.Random
    ) -> None:
        self.server = server
        self.browser = browser
        self.owner = owner
        self.rng = rng
        self.figures = Figures()
        self.csrf_token = ""
        self.create_form: Tag | None = None
        self.rows: dict[str, Tag] = {}  # what the page shows, by interest id, in page order
        self.told: dict[str, Shown] = {}  # what the portal's answers said Graph stores
        self.numbers: dict[str, int] = {}  # the add that created each interest (for unique new names)
        self.added = 0
        self.renames = 0
        self.action = 0

    # The page and htmx.

    def open_page(self) -> None:
        page = self.browser.get(f"{self.server.url}/interests/", timeout=TIMEOUT_SECONDS)
        page.raise_for_status()
        html = parse_html(page.text)
        # htmx sends the token that <body hx-headers> carries with every request.
        self.csrf_token = json.loads(str(html.body["hx-headers"]))["X-CSRFToken"] if html.body else ""
        self.create_form = html.by_id("create-form")
        self._take_list(html.by_id("interest-list"), expected_new=set(), expected_gone=set())

    def press(self, kind: str, method: str, path: str, target: str, data: FormData | None = None) -> Answer:
        headers = {
            "HX-Request": "true",
            "HX-Current-URL": f"{self.server.url}/interests/",
            "HX-Target": target,
            "X-CSRFToken": self.csrf_token,
            "Referer": f"{self.server.url}/interests/",  # as a browser sends it; over https Django's CSRF needs it
        }
        self.figures.requests_sent += 1
        try:
            response = self.browser.request(method, f"{self.server.url}{path}", data=data, headers=headers,
                                            timeout=TIMEOUT_SECONDS, allow_redirects=False)  # fmt: skip
        except requests.RequestException as error:
            self.figures.connection_failures += 1
            self.figures.note(f"action {self.action} ({kind}): {method} {path}: {error.__class__.__name__}")
            return Answer(None, parse_html(""))
        if response.status_code == 500:
            self.figures.server_errors += 1
            self.figures.note(f"action {self.action} ({kind}): {method} {path} answered 500")
        return Answer(response, parse_html(response.text))

    def failed(self, kind: str, answer: Answer) -> None:
        """A failure answer the person saw. Whatever it carries out of band (the row as Graph holds it, the row
        taken away) is what the person is now told."""
        self.figures.failures_seen[f"{kind:<9}{answer.status or '-':>4}  {answer.alert()}"] += 1
        self._take_out_of_band(answer.html)

    def usable_rows(self) -> list[str]:
        return [interest_id for interest_id, row in self.rows.items() if is_row(row)]

    def _take_out_of_band(self, html: Page) -> None:
        for element in html.select("[hx-swap-oob]"):
            if element.name == "li" and element["hx-swap-oob"] == "delete":
                self.rows.pop(row_id(element), None)
                self.told.pop(row_id(element), None)
            elif element.name == "li" and is_row(element):
                self.rows[row_id(element)] = element
                self.told[row_id(element)] = row_shown(element)
            elif element.get("id") == "create-form":
                self.create_form = element

    def _take_list(self, interest_list: Tag | None, *, expected_new: set[str], expected_gone: set[str]) -> None:
        """The list as Graph holds it now. Every interest that the answer did not just add or delete must read as
        earlier answers said: if not, an earlier answer told the person something Graph did not store."""
        if interest_list is None:
            return
        rows = {row_id(li): li for li in interest_list.select("li.interest")}
        shown = {interest_id: row_shown(li) for interest_id, li in rows.items() if is_row(li)}
        if interest_list.select_one(".couldnt-load"):
            # "Couldn't load your (other) interests": the page shows only what it could confirm (the interest just
            # added, if any). What earlier answers told stays the person's belief, checked by the next full list.
            self.rows = rows
            self.told.update(shown)
            return
        for interest_id in (set(shown) | set(self.told)) - expected_new - expected_gone:
            before, now = self.told.get(interest_id), shown.get(interest_id)
            if before != now:
                self.figures.contradicted += 1
                self.figures.note(f"action {self.action}: the list shows {interest_id} as {now}, earlier {before}")
        self.rows, self.told = rows, shown

    # Actions.

    def act(self, number: int) -> None:
        self.action = number
        usable = self.usable_rows()
        if not usable:
            kind = "add"
        else:  # keep the list between a handful and about fifteen interests
            weights = {"add": 3, "edit": 2, "audience": 2, "tag": 3, "delete": 1 if len(usable) < 12 else 4}
            kind = self.rng.choices(list(weights), weights=list(weights.values()))[0]
        self.figures.asked[kind] += 1
        done = self._add() if kind == "add" else getattr(self, f"_{kind}")(self.rng.choice(usable))
        (self.figures.succeeded if done else self.figures.given_up)[kind] += 1

    def _add(self) -> bool:
        assert self.create_form is not None
        self.added += 1
        name = f"Soak {self.added}{self.rng.choice(NAME_SUFFIXES)}"
        description = f"{self.rng.choice(DESCRIPTIONS)} (#{self.added})"
        audience = self.rng.choice(["me", "contacts", "organization", "everyone"])
        tags = sorted(self.rng.sample(["askMeAbout", "ableToMentor", "wantsToLearn", "wantsToImprove"],
                                      self.rng.randint(0, 2)))  # fmt: skip
        values = form_values(self.create_form)
        for field_name, new in (("display_name", [name]), ("description", [description]),
                                ("allowed_audiences", [audience]), ("collaboration_tags", tags)):  # fmt: skip
            values = typed(values, field_name, *new)
        path = str(self.create_form["hx-post"])
        done = False
        for _ in range(1 + PRESSES_AGAIN):
            answer = self.press("add", "POST", path, "interest-list", values)
            if answer.ok and (answer.html.by_id("interest-list") or answer.retarget == "#interest-rows"):
                self._added(answer, name, description)
                done = True
                break
            self.failed("add", answer)
            values = self._form_kept("add", answer, values, (name, description), form_id="create-form")
            if not values:
                break
        if not done:
            self._check_kept("add", name, description, values, stored=self._stored_named(name) > 0)
        copies = self._stored_named(name)
        if copies > 1:
            self.figures.duplicate_creates += copies - 1
            self.figures.note(f"action {self.action}: “{name}” is stored {copies} times")
        return done

    def _added(self, answer: Answer, name: str, description: str) -> None:
        if "already added" in answer.announced():
            self.figures.repeated_adds += 1
        interest_list = answer.html.by_id("interest-list")
        if interest_list is not None:
            # Only the interest just added may be new to the person; anything else new was added behind their back.
            rows = interest_list.select("li.interest")
            new = {row_id(li) for li in rows if is_row(li) and row_shown(li).name == name} - set(self.told)
            self._take_list(interest_list, expected_new=new, expected_gone=set())
        else:  # the list could not be read again: the row comes alone, to go at the end
            for li in answer.html.select("li.interest"):
                if is_row(li) and not li.has_attr("hx-swap-oob"):
                    self.rows[row_id(li)] = li
                    self.told[row_id(li)] = row_shown(li)
        self._take_out_of_band(answer.html)
        found = [interest_id for interest_id, shown in self.told.items() if shown.name == name]
        if not found or self.told[found[-1]].description != description:
            self.figures.not_shown += 1
            self.figures.note(f"action {self.action}: added “{name}”, but the answer does not show it as typed")
            if self._stored_named(name) == 0:
                self.figures.inputs_lost += 1
        else:
            self.numbers[found[-1]] = self.added

    def _edit(self, interest_id: str) -> bool:
        for _ in range(1 + PRESSES_AGAIN):
            opener = self.rows[interest_id].select_one("div.row-actions form[hx-get]")
            assert opener is not None
            answer = self.press("edit", "GET", str(opener["hx-get"]), f"interest-{interest_id}")
            li = answer.html.by_id(f"interest-{interest_id}") if answer.ok else None
            if li is not None and li.find("form") is not None and not is_row(li):
                self.rows[interest_id] = li
                break
            self.failed("edit", answer)
            if interest_id not in self.rows:
                return False  # gone: nothing left to edit
        else:
            return False
        form = self.rows[interest_id].find("form")
        assert form is not None
        values = form_values(form)
        name, description = field_value(values, "display_name"), field_value(values, "description")
        change = self.rng.choice(["name", "description", "both"])
        self.renames += 1
        if change in ("name", "both"):
            name = f"Soak {self.numbers.get(interest_id, 0)} · edit {self.renames}"
            values = typed(values, "display_name", name)
        if change in ("description", "both"):
            description = f"{self.rng.choice(DESCRIPTIONS)} (edit {self.renames})"
            values = typed(values, "description", description)
        save_path = str(form["hx-post"])
        conflicts_left = 1
        presses_left = 1 + PRESSES_AGAIN
        while presses_left:
            presses_left -= 1
            answer = self.press("edit", "POST", save_path, f"interest-{interest_id}", values)
            li = answer.html.by_id(f"interest-{interest_id}") if answer.ok else None
            if li is not None and is_row(li):
                self.rows[interest_id] = li
                self.told[interest_id] = row_shown(li)
                if (self.told[interest_id].name, self.told[interest_id].description) != (name, description):
                    self.figures.not_shown += 1
                    self.figures.note(f"action {self.action}: saved {interest_id}, but its row does not show it")
                    if not self._stored_as(interest_id, name, description):
                        self.figures.inputs_lost += 1
                return True
            self.failed("edit", answer)
            if interest_id not in self.rows:
                return False  # deleted elsewhere: the row was taken away
            values = self._form_kept("edit", answer, values, (name, description), form_id=f"interest-{interest_id}")
            if not values:
                break
            if answer.status == 409:
                self.figures.conflicts += 1
                if not conflicts_left:
                    break
                conflicts_left -= 1
                presses_left += 1  # saving over a change made elsewhere is a decision, not a retry
        self._check_kept("edit", name, description, values, stored=self._stored_as(interest_id, name, description))
        self._cancel_edit(interest_id)
        return False

    def _cancel_edit(self, interest_id: str) -> None:
        """Having given up, the person cancels the edit, to get the row (and its controls) back."""
        cancel = self.rows[interest_id].select_one('form a[hx-target="closest li"]')
        if cancel is None:
            return
        for _ in range(1 + PRESSES_AGAIN):
            answer = self.press("cancel", "GET", str(cancel["hx-get"]), f"interest-{interest_id}")
            li = answer.html.by_id(f"interest-{interest_id}") if answer.ok else None
            if li is not None and is_row(li):
                self.rows[interest_id] = li
                self.told[interest_id] = row_shown(li)
                return
            self.failed("cancel", answer)

    def _audience(self, interest_id: str) -> bool:
        choices = self.rows[interest_id].select('select[name="allowed_audiences"] option')
        options = [str(option["value"]) for option in choices]
        audience = self.rng.choice([value for value in options if value != self.told[interest_id].audience])

        def press() -> Answer:
            # Re-read from the page each time: a failed change resets the select (portal.js), so the person
            # chooses again.
            form = self.rows[interest_id].select_one("form.audience-form")
            assert form is not None
            data = typed(form_values(form), "allowed_audiences", audience)
            return self.press("audience", "POST", str(form["hx-post"]), f"interest-{interest_id}", data)

        return self._inline("audience", interest_id, press, lambda shown: shown.audience == audience)

    def _tag(self, interest_id: str) -> bool:
        tags = [str(button["value"]).split(":")[0] for button in self.rows[interest_id].select('button[name="set"]')]
        tag = self.rng.choice(tags)
        on = tag not in self.told[interest_id].tags

        def press() -> Answer:
            # The button as the page shows it now (the row may have been replaced by a failure's answer).
            button = self.rows[interest_id].find("button", id=f"tag-{tag}-{interest_id}")
            form = self.rows[interest_id].select_one("form.tag-toggles")
            assert button is not None
            assert form is not None
            data = form_values(form, submitter=button)
            return self.press("tag", "POST", str(button["hx-post"]), f"interest-{interest_id}", data)

        return self._inline("tag", interest_id, press, lambda shown: (tag in shown.tags) == on)

    def _inline(self, kind: str, interest_id: str, press: Callable[[], Answer], shows: Callable[[Shown], bool]) -> bool:
        for _ in range(1 + PRESSES_AGAIN):
            answer = press()
            li = answer.html.by_id(f"interest-{interest_id}") if answer.ok else None
            if li is not None and is_row(li):
                self.rows[interest_id] = li
                self.told[interest_id] = row_shown(li)
                if not shows(self.told[interest_id]):
                    self.figures.not_shown += 1
                    self.figures.note(f"action {self.action} ({kind}): {interest_id} does not show the change")
                return True
            self.failed(kind, answer)
            if interest_id not in self.rows:
                return False
        return False

    def _delete(self, interest_id: str) -> bool:
        for _ in range(1 + PRESSES_AGAIN):
            form = self.rows[interest_id].select_one('form[hx-target="#interest-list"]')
            assert form is not None
            # The person confirms hx-confirm's question; the form holds no named field.
            answer = self.press("delete", "POST", str(form["hx-post"]), "interest-list", form_values(form))
            if answer.ok and answer.html.by_id("interest-list") is not None:
                self._take_list(answer.html.by_id("interest-list"), expected_new=set(), expected_gone={interest_id})
                self._take_out_of_band(answer.html)
            elif answer.ok and answer.retarget == f"#interest-{interest_id}":  # the list could not be read again
                self.rows.pop(interest_id, None)
                self.told.pop(interest_id, None)
                self._take_out_of_band(answer.html)
            else:
                self.failed("delete", answer)
                if interest_id in self.rows:
                    continue
                # The failure's answer took the row away: Graph says it is gone, as the person wanted.
                self.figures.note(f"action {self.action}: a failed delete of {interest_id} took its row away")
                return True
            if interest_id in self.told:
                self.figures.not_shown += 1
                self.figures.note(f"action {self.action}: deleted {interest_id}, but the list still shows it")
            return True
        return False

    # Checks against the form and Graph.

    def _form_kept(
        self, kind: str, answer: Answer, values: FormData, text: tuple[str, str], *, form_id: str
    ) -> FormData:
        """The form as it is on the page after a failure answer, to press again. An answer sent to the alert region
        leaves it as it was; a 409 or 422 replaces it, and must bring back what was typed."""
        if answer.response is None or answer.retarget == "#alerts":
            return values
        if answer.status in (409, 422):
            container = answer.html.by_id(form_id)  # the add form itself, or the row holding the edit form
            form = container if container is None or container.name == "form" else container.find("form")
            if container is not None and form is not None:
                returned = form_values(form)
                if (field_value(returned, "display_name"), field_value(returned, "description")) == text:
                    if form is container:
                        self.create_form = form
                    else:
                        self.rows[form_id.removeprefix("interest-")] = container
                    return returned
        # Anything else would be swapped over the form: what was typed is gone from the page.
        self.figures.note(f"action {self.action} ({kind}): a {answer.status} answer did not keep the form")
        return []

    def _check_kept(self, kind: str, name: str, description: str, values: FormData, *, stored: bool) -> None:
        """Given up: what was typed must be stored in Graph after all, or still be on the page to try later."""
        on_page = (field_value(values, "display_name"), field_value(values, "description")) == (name, description)
        if not stored and not on_page:
            self.figures.inputs_lost += 1
            self.figures.note(f"action {self.action} ({kind}): “{name}” is neither stored nor on the page")

    def _stored_named(self, name: str) -> int:
        return Interest.objects.filter(profile__owner=self.owner, display_name=name).count()

    def _stored_as(self, interest_id: str, name: str, description: str) -> bool:
        return Interest.objects.filter(pk=interest_id, display_name=name, description=description).exists()

    def compare_with_graph(self) -> None:
        """What the person was last told, against what the local tenant stores."""
        stored = stored_interests(self.owner)
        for interest_id in sorted(set(stored) | set(self.told)):
            told, held = self.told.get(interest_id), stored.get(interest_id)
            if told is None or held is None:
                self.figures.mismatches += 1
                where = "stored but never shown" if told is None else "shown but not stored"
                self.figures.note(f"final state: {interest_id} ({(told or held).name}) is {where}")  # type: ignore[union-attr]
            elif told != held:
                self.figures.mismatches += 1
                self.figures.note(f"final state: {interest_id}: {'; '.join(told.differences(held))}")
        names = Counter(shown.name for shown in stored.values())
        for name, copies in names.items():
            if copies > 1 and name.startswith("Soak "):
                self.figures.note(f"final state: “{name}” is stored {copies} times")


# --- The run ------------------------------------------------------------------------------------------------------


class _OnlyServerErrors(logging.Filter):
    """Django logs every 4xx and 5xx answer; under injected faults only a 500 is news."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        return status is None or (status >= 500 and status not in (502, 503, 504))


def run(
    write: Callable[[str], None],
    *,
    actions: int,
    seed: int,
    fault_rate: float,
    latency_ms: int,
    production: bool = False,
) -> Figures:
    owner = bench_person("soak", 0)  # a person of their own, recreated empty: the demo people stay as they are
    quiet = _OnlyServerErrors()
    logging.getLogger("django.request").addFilter(quiet)
    try:
        figures = _soak(
            owner, actions=actions, seed=seed, fault_rate=fault_rate, latency_ms=latency_ms, production=production
        )
    finally:
        logging.getLogger("django.request").removeFilter(quiet)
    report(write, figures, actions=actions, seed=seed, fault_rate=fault_rate, latency_ms=latency_ms)
    return figures


def _server(production: bool) -> AbstractContextManager[LocalServer | Stack]:
    """This process's own server, or the production configuration (gunicorn on PostgreSQL and Redis, the local
    tenant in a process of its own) on free ports."""
    if not production:
        return LocalServer()
    return production_stack(portal_ports=[free_port()], tenant_port=free_port(), seed=False)


def _signed_in(server: LocalServer | Stack, owner: DirectoryObject) -> requests.Session:
    if isinstance(server, LocalServer):
        return signed_in(server, str(owner.pk))
    browser = server.browser()
    server.sign_in(browser, str(owner.pk), start=server.url)
    return browser


def _soak(
    owner: DirectoryObject, *, actions: int, seed: int, fault_rate: float, latency_ms: int, production: bool
) -> Figures:
    with _server(production) as server:
        server.control(reset=True)
        browser = _signed_in(server, owner)
        try:
            person = Person(server, browser, owner, random.Random(seed))  # noqa: S311  (a script, not security)
            person.open_page()
            server.control(reset_counters=True, fail_rate=fault_rate, seed=seed, statuses=FAULT_STATUSES,
                           retry_after=RETRY_AFTER_SECONDS, latency_ms=latency_ms)  # fmt: skip
            started = time.monotonic()
            for number in range(1, actions + 1):
                person.act(number)
            figures = person.figures
            figures.wall_seconds = time.monotonic() - started
            counted = server.control(fail_rate=0, latency_ms=0)
            figures.graph_requests = counted["requests"]["total"]
            figures.batch_items = counted["batch_items"]["total"]
            figures.faults = counted["faults"]["by_status"]
            person.compare_with_graph()
        finally:
            server.control(reset=True)  # the plan lives in the process: leave no faults armed behind
            browser.close()
    return figures


def report(
    write: Callable[[str], None], figures: Figures, *, actions: int, seed: int, fault_rate: float, latency_ms: int
) -> None:
    write(f"Fault soak: {actions} scripted user actions through the portal's HTTP interface (htmx), seed {seed}")
    write(f"  {fault_rate:.0%} of Graph operations answer 429 or 503 (Retry-After {RETRY_AFTER_SECONDS:g} s, seed "
          f"{seed}); added latency {latency_ms} ms")  # fmt: skip
    write("")
    write(f"  {'action':<22}{'asked':>8}{'succeeded':>11}{'given up':>10}")
    for kind in KINDS:
        write(f"  {kind:<22}{figures.asked[kind]:>8}{figures.succeeded[kind]:>11}{figures.given_up[kind]:>10}")
    total_asked, total_done = figures.asked.total(), figures.succeeded.total()
    write(f"  {'all':<22}{total_asked:>8}{total_done:>11}{figures.given_up.total():>10}")
    write("")
    write("Must be 0")
    for attribute, label in MUST_BE_ZERO:
        write(f"  {label:<40}{getattr(figures, attribute):>8}")
    write("")
    write("What the person saw")
    write(f"  {'user-visible failures':<40}{figures.failures_seen.total():>8}")
    write(f"  {'edit conflicts (409)':<40}{figures.conflicts:>8}")
    write(f"  {'adds answered “already added”':<40}{figures.repeated_adds:>8}")
    write(f"  {'connections that failed':<40}{figures.connection_failures:>8}")
    write(f"  {'actions given up':<40}{figures.given_up.total():>8}")
    write(f"  {'requests the person sent':<40}{figures.requests_sent:>8}")
    write("")
    write("Graph, as the local tenant counted it")
    write(f"  {'Graph requests':<40}{figures.graph_requests:>8}")
    write(f"  {'$batch items':<40}{figures.batch_items:>8}")
    by_status = ", ".join(f"{status}: {count}" for status, count in sorted(figures.faults.items()))
    write(f"  {'faults injected':<40}{sum(figures.faults.values()):>8}  ({by_status or 'none'})")
    write(f"  {'wall time (s)':<40}{figures.wall_seconds:>8.1f}")
    if figures.failures_seen:
        write("")
        write("User-visible failures: action, status, what the alert said")
        for text, count in figures.failures_seen.most_common():
            write(f"  {count:>5}  {text}")
    if figures.notes:
        write("")
        write("Details")
        for text in figures.notes[:40]:
            write(f"  {text}")
        if len(figures.notes) > 40:
            write(f"  … and {len(figures.notes) - 40} more")

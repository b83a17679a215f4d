from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

import pytest
from django.test import Client

SignIn = Callable[..., Client]


@pytest.fixture
def sign_in(portal, settings) -> SignIn:
    """Signs a Django test client in as a person does it: the portal's sign-in view, the local tenant's account
    picker (served by the live server, which MSAL also talks to), back through the callback. The client then
    talks to the portal in-process, so a test sees every header and cookie as the portal set it."""
    # The redirect URI is the live server's (the local tenant accepts loopback ones only); the client calls it.
    settings.ENTRA_REDIRECT_URI = f"{portal.url}/auth/callback"

    def sign_in(key: str, client: Client | None = None, next_path: str = "/interests/", query: str = "") -> Client:
        """`query` (raw) replaces `?next=<next_path>`; the person must then come back to `next_path`."""
        client = client or Client()
        start = client.get(f"/auth/sign-in?{query or urlencode({'next': next_path})}")
        assert start.status_code == 302, start.content
        picked = portal.tenant.pick_account(start["Location"], key)
        assert picked.status_code == 302, picked.text
        callback = urlsplit(picked.headers["Location"])
        back = client.get(f"{callback.path}?{callback.query}")
        assert back.status_code == 302, back.content
        assert back["Location"] == next_path
        return client

    return sign_in

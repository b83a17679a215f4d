"""A requests transport that answers from a script: crafted Graph responses, no network."""

import json
from typing import Any

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from interests_portal.graph.client import GraphClient


class ScriptedAdapter(BaseAdapter):
    def __init__(self, answers: list[Any]) -> None:
        super().__init__()
        self.answers = list(answers)
        self.sent: list[requests.PreparedRequest] = []
        self.timeouts: list[Any] = []

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        self.sent.append(request)
        self.timeouts.append(timeout)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        status, headers, body = answer
        response = requests.Response()
        response.status_code = status
        response.headers = CaseInsensitiveDict({"request-id": f"req-{len(self.sent)}", **headers})
        if isinstance(body, bytes | str):
            response._content = body.encode() if isinstance(body, str) else body
        else:
            response._content = b"" if body is None else json.dumps(body).encode()
        response.request = request
        response.url = request.url
        return response

    def close(self) -> None:
        pass


def error(code: str, message: str) -> dict:
    return {
        "error": {"code": code, "message": message, "innerError": {"request-id": "x", "date": "2026-01-01T00:00:00"}}
    }


def scripted_client(*answers: Any) -> tuple[GraphClient, ScriptedAdapter, list[float]]:
    adapter = ScriptedAdapter(list(answers))
    session = requests.Session()
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    sleeps: list[float] = []
    client = GraphClient(lambda: "token-123", base_url="https://graph.test/beta", session=session, sleep=sleeps.append)
    return client, adapter, sleeps

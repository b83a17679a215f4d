"""The JavaScript the portal serves from static/vendor/ is exactly the version package.json pins."""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_vendored_idiomorph_is_the_pinned_release():
    installed = ROOT / "node_modules" / "idiomorph"
    assert installed.exists(), "run `make test` (it runs `npm ci`), then `make vendor` after changing package.json"
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"]["idiomorph"]
    assert json.loads((installed / "package.json").read_text())["version"] == pinned
    for name, source in (("idiomorph-ext.min.js", "dist/idiomorph-ext.min.js"), ("LICENSE", "LICENSE")):
        assert (ROOT / "static" / "vendor" / "idiomorph" / name).read_bytes() == (installed / source).read_bytes()

"""Interest names as the index groups them: "K8s", "kubernetes" and "Kubernetes!" are variants people type of
names that should meet. Folding (portal/text.py) takes case and accents away; this also drops punctuation."""

import re

from ..portal.text import folded

# Anything that is not a letter or a digit separates words; "C#", "C++" and "F#" keep their marks, as the names
# would otherwise all become "c" and "f" (the one place punctuation is the name).
_KEPT = {"c#": "c sharp", "c++": "c plus plus", "f#": "f sharp", ".net": "dotnet"}
_SEPARATORS = re.compile(r"[^\w]+|_")


def normalised_name(name: str) -> str:
    """The key variants of one interest name share: folded, punctuation made spaces, words single-spaced."""
    text = folded(name)
    for written, spelt in _KEPT.items():
        text = re.sub(rf"(?<!\w){re.escape(written)}(?!\w)", f" {spelt} ", text)
    return " ".join(_SEPARATORS.split(text)).strip()

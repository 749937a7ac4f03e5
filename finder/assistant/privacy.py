"""What a person should not have written here: a codice fiscale, a phone number, an e-mail, an IBAN.
Only flagged, so the page can say so; the message is never stored or logged."""
from __future__ import annotations

import re

_OMOCODE = "[0-9LMNPQRSTUV]"
PATTERNS = {
    "codice_fiscale": re.compile(rf"\b[A-Z]{{6}}{_OMOCODE}{{2}}[A-Z]{_OMOCODE}{{2}}[A-Z]{_OMOCODE}{{3}}[A-Z]\b",
                                 re.IGNORECASE),
    "email": re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),
    "iban": re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}\b", re.IGNORECASE),
    "phone": re.compile(r"(?<![\w+])(?:\+|00)?\d(?:[ ./-]?\d){8,12}(?!\w)"),
}


def overshare(text: str) -> tuple[str, ...]:
    """The kinds of personal data the text seems to hold, in a fixed order."""
    found = []
    for kind, pattern in PATTERNS.items():
        if kind == "iban":
            if any(_looks_like_iban(match.group(0)) for match in pattern.finditer(text)):
                found.append(kind)
        elif pattern.search(text):
            found.append(kind)
    return tuple(found)


def _looks_like_iban(candidate: str) -> bool:
    compact = candidate.replace(" ", "")
    return 15 <= len(compact) <= 34 and sum(ch.isdigit() for ch in compact) >= 10

"""The assistant's answer: the contract's fields (`to_json`) and what the web chat shows besides."""
from __future__ import annotations

from dataclasses import dataclass, field

MAX_MESSAGE_LENGTH = 1000


@dataclass(frozen=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True)
class FollowUp:
    slot: str  # comune, audience or category
    question: str
    options: tuple  # of Option

    def to_json(self) -> dict:
        return {"slot": self.slot, "question": self.question,
                "options": [{"id": option.id, "label": option.label} for option in self.options]}


@dataclass
class Answer:
    services: list = field(default_factory=list)  # service ids, best first
    access_point: str | None = None  # the door for the first service
    comune: str | None = None
    audience: str | None = None
    category: str | None = None
    emergency: str | None = None
    follow_up: FollowUp | None = None
    state: dict = field(default_factory=dict)  # give it back with the next message
    understood: str | None = None  # "Ho capito: persone anziane, Sabaudia, aiuto a casa"
    overshare: tuple = ()  # codice_fiscale, phone, email, iban: personal data better not written here
    refused: bool = False  # the message was longer than MAX_MESSAGE_LENGTH characters
    need: str | None = None  # the general need the model read (catalog/needs.yaml), for the statistics
    need_probability: float = 0.0  # how sure the model is of it
    lang: str = "it"  # the language to answer in: the one the person wrote in, when it is sure


    def to_json(self) -> dict:
        """The contract's fields, as a JSON-ready dict."""
        return {"services": list(self.services), "access_point": self.access_point, "comune": self.comune,
                "audience": self.audience, "category": self.category, "emergency": self.emergency,
                "follow_up": self.follow_up.to_json() if self.follow_up else None, "state": dict(self.state),
                "need": self.need, "lang": self.lang}

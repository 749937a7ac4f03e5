"""The chat: people write in their own words; the assistant answers with services, a door and at most a
question. The conversation travels with the browser in a signed form field, never in a server store, and
what people write arrives in POST bodies only, so no access log ever holds it."""
from __future__ import annotations

from flask import Blueprint, current_app, request
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from ..assistant import ask
from ..assistant.answer import MAX_MESSAGE_LENGTH
from ..counting import count
from ..i18n import current_language, in_kiosk, localized_route
from ..web import catalog, render, search_index

blueprint = Blueprint("chat", __name__)
MAX_TURNS_KEPT = 8  # older turns drop off the page so the signed field stays small
QUICK_EXIT_URL = "https://www.google.com/search?q=meteo"


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="finder-chat")


def load_conversation(signed: str) -> dict:
    """The conversation the browser sent back: {"state": {...}, "turns": [...]}; empty if tampered with."""
    if not signed:
        return {"state": {}, "turns": []}
    try:
        conversation = _signer().loads(signed)
    except BadSignature:
        return {"state": {}, "turns": []}
    if not isinstance(conversation, dict):
        return {"state": {}, "turns": []}
    return {"state": conversation.get("state") or {}, "turns": list(conversation.get("turns") or [])}


def sign(conversation: dict) -> str:
    return _signer().dumps(conversation)


@localized_route(blueprint, "/chat", methods=["GET", "POST"])
def chat():
    conversation = load_conversation(request.form.get("conversation", ""))
    if request.method == "GET":
        return render("chat.html", turns=[], conversation=sign(conversation), new_turn=None)
    said, words_to_read, state = _what_was_said(conversation["state"])
    if not said:
        return render("chat.html", turns=conversation["turns"], conversation=sign(conversation),
                      new_turn=None, empty=True)
    answer = ask(catalog(), search_index(), words_to_read, state=state, lang=current_language(), translate=_)
    _count(answer)
    turn = {"said": said[:MAX_MESSAGE_LENGTH] if not answer.refused else "", "answer": _answer_record(answer)}
    turns = (conversation["turns"] + [turn])[-MAX_TURNS_KEPT:]
    signed = sign({"state": answer.state, "turns": turns})
    return render("chat.html", turns=turns, conversation=signed, new_turn=turn, violence=_violence_in(turns))


def _count(answer) -> None:
    """One for every answer (a message refused as too long is not an answer, unless it was an emergency)."""
    if answer.refused and not answer.emergency:
        return
    outcome = "emergency" if answer.emergency else "services" if answer.services else "nothing"
    count("chat", outcome, comune=answer.comune, audience=answer.audience, category=answer.category,
          need=getattr(answer, "need", None))


def _violence_in(turns: list) -> bool:
    emergencies = catalog().emergencies
    return any(is_violence(emergencies[turn["answer"]["emergency"]]) for turn in turns
               if turn["answer"].get("emergency") in emergencies)


def _what_was_said(state: dict) -> tuple[str, str, dict]:
    """(what the page shows as said, what the assistant reads, the state it reads it with).

    A quick reply (`slot:id`) shows its label but is given to the assistant as the slot itself, so a
    label's own words can never be read as something else."""
    reply = request.form.get("reply", "")
    if reply and ":" in reply:
        slot, _, value = reply.partition(":")
        label = _label(slot, value)
        if label:
            return label, "", {**state, slot: value}
    message = request.form.get("message", "").strip()
    return message, message, state


def _label(slot: str, item_id: str) -> str | None:
    """The quick reply's words, as the person would have written them."""
    current = catalog()
    if slot == "comune" and item_id in current.comuni:
        return current.comuni[item_id].name
    items = {"audience": current.audiences, "category": current.categories}.get(slot, {})
    return items[item_id].name.get(current_language()) if item_id in items else None


def _answer_record(answer) -> dict:
    """What the page needs to draw an answer again later: ids and the assistant's own texts."""
    record = answer.to_json()
    record.pop("state", None)
    record.update(understood=answer.understood, overshare=list(answer.overshare), refused=answer.refused)
    return record


@blueprint.after_request
def never_cache(response):
    """A shared or borrowed phone must not bring the conversation back from its cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.app_context_processor
def chat_helpers():
    """In the kiosk the quick exit returns to the attract screen, clearing everything."""
    neutral = current_app.config.get("FINDER_QUICK_EXIT_URL", QUICK_EXIT_URL)
    kiosk_reset = current_app.jinja_env.globals.get("kiosk_reset_url")
    target = kiosk_reset() if in_kiosk() and kiosk_reset else neutral
    return {"quick_exit_target": target, "max_message_length": MAX_MESSAGE_LENGTH}


def is_violence(emergency) -> bool:
    """Violence emergencies get the quick-exit button: the one answered by 1522, whatever its id."""
    return any(number.phone.replace(" ", "") == "1522" for number in emergency.numbers) \
        or "violen" in emergency.id

"""The chat: people write in their own words; the assistant answers with services, a door and at most a
question. The conversation travels with the browser in a signed form field, never in a server store, and
what people write arrives in POST bodies only, so no access log ever holds it."""
from __future__ import annotations

from flask import Blueprint, current_app, g, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from itsdangerous import BadSignature, URLSafeSerializer

from ..assistant import ask
from ..assistant.answer import MAX_MESSAGE_LENGTH
from ..assistant.answering import EMERGENCY_READ_LIMIT
from ..counting import count
from ..i18n import current_language, in_kiosk, localized_route
from ..views import catalog, is_partial, render, search_index
from .kiosk import kiosk_reset_url

blueprint = Blueprint("chat", __name__)
MAX_TURNS_KEPT = 8  # older turns drop off the page so the signed field stays small
MAX_COOKIE_BYTES = 3800  # browsers keep at most 4096 bytes a cookie, its name included
CONVERSATION_COOKIE = "finder_chat"


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
    turns = conversation.get("turns")
    return {"state": _slots_as_ids(conversation.get("state")),
            "turns": [turn for turn in turns if _well_formed(turn)] if isinstance(turns, list) else []}


CONTRACT_SLOTS = ("comune", "audience", "category")


def _slots_as_ids(state) -> dict:
    """The state as the assistant's contract has it: its three slots hold ids (text) or nothing. A slot holding
    anything else (a state signed by another version, or a leaked key) is dropped; other keys are the
    assistant's own and pass as they are."""
    if not isinstance(state, dict):
        return {}
    return {key: value for key, value in state.items()
            if key not in CONTRACT_SLOTS or value is None or isinstance(value, str)}


TEXT_FIELDS = ("access_point", "comune", "audience", "category", "emergency", "understood")


def _well_formed(turn) -> bool:
    """A turn as `sign` wrote it. One from an older version of the site (or a leaked key) is dropped,
    never drawn: the page must not break on a state it did not make."""
    if not isinstance(turn, dict) or not isinstance(turn.get("said"), str) or not isinstance(turn.get("answer"), dict):
        return False
    answer = turn["answer"]
    return all(isinstance(answer.get(name), (str, type(None))) for name in TEXT_FIELDS) \
        and _strings(answer.get("services", [])) and _strings(answer.get("overshare", [])) \
        and _well_formed_follow_up(answer.get("follow_up"))


def _well_formed_follow_up(follow_up) -> bool:
    if follow_up is None:
        return True
    return isinstance(follow_up, dict) and isinstance(follow_up.get("slot"), str) \
        and isinstance(follow_up.get("question"), str) and isinstance(follow_up.get("options"), list) \
        and all(isinstance(option, dict) and _strings([option.get("id"), option.get("label")])
                for option in follow_up["options"])


def _strings(values) -> bool:
    return isinstance(values, list) and all(isinstance(value, str) for value in values)


def sign(conversation: dict) -> str:
    return _signer().dumps(conversation)


@localized_route(blueprint, "/chat", methods=["GET", "POST"])
def chat():
    """GET starts afresh. A POST from htmx gets the new turn; a plain form post is answered with a
    redirect to the conversation page (post, redirect, get), so Back never offers to send it again."""
    if request.method == "GET":
        response = make_response(render("chat.html", turns=[], conversation=sign(load_conversation("")),
                                         new_turn=None, quick_exit=True))
        if CONVERSATION_COOKIE in request.cookies:
            response.delete_cookie(CONVERSATION_COOKIE)
        return response
    conversation = load_conversation(request.form.get("conversation", ""))
    said, words_to_read, state = _what_was_said(conversation["state"])
    if not said:
        if is_partial() or in_kiosk():
            return render("chat.html", turns=conversation["turns"], conversation=sign(conversation),
                          new_turn=None, empty=True, quick_exit=True)
        return _to_conversation_page(conversation, url_for("chat.conversation", empty=1))
    answer = ask(catalog(), search_index(), words_to_read, state=state, lang=current_language(), translate=_)
    if answer.lang != current_language():  # the answer comes in the language the person wrote in
        g.lang = answer.lang
        refresh()
        answer = ask(catalog(), search_index(), words_to_read, state=state, lang=answer.lang, translate=_)
    _count(answer)
    turn = {"said": said[:MAX_MESSAGE_LENGTH] if not answer.refused else "", "answer": _answer_record(answer)}
    turns = (conversation["turns"] + [turn])[-MAX_TURNS_KEPT:]
    if is_partial() or in_kiosk():  # a kiosk keeps nothing, not even a cookie: the page carries it all
        return render("chat.html", turns=turns, conversation=sign({"state": answer.state, "turns": turns}),
                      new_turn=turn, quick_exit=True)
    kept = _fitting_a_cookie({"state": answer.state, "turns": turns})
    return _to_conversation_page(kept, url_for("chat.conversation", _anchor=f"risposta-{len(kept['turns'])}"))


@localized_route(blueprint, "/chat/conversazione")
def conversation():
    """The conversation so far, read from the cookie the last plain post set: its address carries no text."""
    kept = load_conversation(request.cookies.get(CONVERSATION_COOKIE, ""))
    if not kept["turns"] and not request.args.get("empty"):
        return redirect(url_for("chat.chat"), 303)
    return render("chat.html", turns=kept["turns"], conversation=sign(kept), new_turn=None,
                  empty=bool(request.args.get("empty")), quick_exit=True)


@localized_route(blueprint, "/esci", kiosk=False)
def leave():
    """The quick exit: forget the conversation, then leave for a neutral page."""
    response = redirect(current_app.config["FINDER_QUICK_EXIT_URL"], 303)
    response.delete_cookie(CONVERSATION_COOKIE)
    return response


def _to_conversation_page(conversation: dict, location: str):
    response = redirect(location, 303)
    response.set_cookie(CONVERSATION_COOKIE, sign(conversation), httponly=True, samesite="Strict",
                        secure=request.is_secure)  # no max-age: the browser drops it when it closes
    return response


def _fitting_a_cookie(conversation: dict) -> dict:
    """The conversation without its oldest turns if it would not fit in one cookie."""
    turns = conversation["turns"]
    while len(turns) > 1 and len(sign({**conversation, "turns": turns})) > MAX_COOKIE_BYTES:
        turns = turns[1:]
    return {**conversation, "turns": turns}


def _count(answer) -> None:
    """One for every answer (a message refused as too long is not an answer, unless it was an emergency)."""
    if answer.refused and not answer.emergency:
        return
    outcome = "emergency" if answer.emergency else "services" if answer.services else "nothing"
    count("chat", outcome, comune=answer.comune, audience=answer.audience, category=answer.category,
          need=answer.need)


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
    return message, readable_part(message), state


def readable_part(message: str) -> str:
    """What the assistant may read of a message: a message over the limit is refused, but its start is
    still read for danger; the rest is never analysed, so a long post costs no more than a short one."""
    if len(message) <= MAX_MESSAGE_LENGTH:
        return message
    return message[:EMERGENCY_READ_LIMIT + 1]  # still longer than the limit: the assistant refuses it


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


@blueprint.app_context_processor
def chat_helpers():
    return {"max_message_length": MAX_MESSAGE_LENGTH}


@blueprint.app_template_global()
def quick_exit_url() -> str:
    """The quick exit forgets the conversation and leaves; in the kiosk it returns to the attract screen,
    clearing everything."""
    return kiosk_reset_url() if in_kiosk() else url_for("chat.leave")


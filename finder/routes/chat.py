"""The chat: people write in their own words; the assistant answers with services, a door and at most a
question. The conversation travels with the browser in a signed form field, never in a server store, and
what people write arrives in POST bodies only, so no access log ever holds it."""
from __future__ import annotations

from flask import Blueprint, current_app, make_response, redirect, request, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from ..assistant import ask
from ..assistant.answer import MAX_MESSAGE_LENGTH
from ..i18n import current_language, in_kiosk, localized_route
from ..web import catalog, is_partial, render, search_index

blueprint = Blueprint("chat", __name__)
MAX_TURNS_KEPT = 8  # older turns drop off the page so the signed field stays small
MAX_COOKIE_BYTES = 3800  # browsers keep at most 4096 bytes a cookie, its name included
CONVERSATION_COOKIE = "finder_chat"
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
        if is_partial():
            return render("chat.html", turns=conversation["turns"], conversation=sign(conversation),
                          new_turn=None, empty=True, quick_exit=True)
        return _to_conversation_page(conversation, url_for("chat.conversation", empty=1))
    answer = ask(catalog(), search_index(), words_to_read, state=state, lang=current_language(), translate=_)
    turn = {"said": said[:MAX_MESSAGE_LENGTH] if not answer.refused else "", "answer": _answer_record(answer)}
    turns = (conversation["turns"] + [turn])[-MAX_TURNS_KEPT:]
    if is_partial():
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
    target = current_app.config.get("FINDER_QUICK_EXIT_URL", QUICK_EXIT_URL)
    response = redirect(target, 303)
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
    return {"max_message_length": MAX_MESSAGE_LENGTH}


@blueprint.app_template_global()
def quick_exit_url() -> str:
    """The quick exit forgets the conversation and leaves; in the kiosk it returns to the attract screen,
    clearing everything."""
    kiosk_reset = current_app.jinja_env.globals.get("kiosk_reset_url")
    return kiosk_reset() if in_kiosk() and kiosk_reset else url_for("chat.leave")


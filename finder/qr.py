"""QR codes to take a page to the phone: drawn on the server as SVG, no external service."""
from __future__ import annotations

from functools import lru_cache

import segno
from flask import current_app, request
from markupsafe import Markup


def public_url(path: str) -> str:
    """The absolute address citizens reach `path` at (`FINDER_PUBLIC_URL`, else this request's host)."""
    base = current_app.config.get("FINDER_PUBLIC_URL") or request.host_url
    return base.rstrip("/") + "/" + path.lstrip("/")


MAX_QR_URL_LENGTH = 600  # longer codes are too dense for a phone to read, and cost up to 100 ms each to draw
QR_MASK = 2  # a fixed mask: every reader reads it, and it spares choosing the best of eight (~80% of the time)


def qr_svg(url: str, label: str) -> Markup:
    """The code as inline SVG; empty (and the page shows none) when the address is too long for a phone."""
    if len(url) > MAX_QR_URL_LENGTH:
        return Markup("")
    return _qr_markup(url, label)


@lru_cache(maxsize=512)
def _qr_markup(url: str, label: str) -> Markup:
    try:
        code = segno.make(url, error="m", micro=False, mask=QR_MASK)
    except segno.DataOverflowError:
        return Markup("")
    svg = code.svg_inline(scale=4, border=2, dark="#000", light="#fff", omitsize=True)
    return Markup('<span role="img" aria-label="%s" class="qr-image" data-qr-payload="%s">') % (label, url) \
        + Markup(svg) + Markup("</span>")

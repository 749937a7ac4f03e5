"""QR codes to take a page to the phone: drawn on the server as SVG, no external service."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

import segno
from flask import current_app, request
from flask_babel import gettext as _
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


@dataclass(frozen=True)
class ShareLinks:
    """Links that open the person's own WhatsApp or SMS app with the address already written: they choose
    whom to send it to; the server sends nothing and never sees a number."""
    whatsapp: str
    sms: str

    def whatsapp_qr(self) -> Markup:
        """For a kiosk or a desk screen: scanned with the person's phone, it opens their WhatsApp."""
        return qr_svg(self.whatsapp, _("Codice QR per aprire WhatsApp sul telefono"))


def share_links(url: str) -> ShareLinks:
    message = quote(_("Servizi sociali: %(url)s", url=url), safe="")
    return ShareLinks(whatsapp="https://wa.me/?text=" + message, sms="sms:?&body=" + message)

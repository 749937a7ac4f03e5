"""For editors: whether the content loaded, and what is wrong with it."""
from flask import Blueprint

from ..i18n import localized_route
from ..views import content, render

blueprint = Blueprint("editors", __name__)


@localized_route(blueprint, "/stato", kiosk=False)
def status():
    holder = content()
    return render("status.html", holder=holder, loaded=holder.current())

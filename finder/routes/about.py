"""Pages about the site itself: the district, and the accessibility statement the law asks for."""
from datetime import date

from flask import Blueprint

from ..i18n import localized_route
from ..views import render

blueprint = Blueprint("about", __name__)
STATEMENT_DATE = "2026-11-24"  # when the accessibility of the site was last assessed


@localized_route(blueprint, "/informazioni")
def district():
    return render("about.html")


@localized_route(blueprint, "/accessibilita", kiosk=False)
def accessibility():
    return render("accessibility.html", assessed=date.fromisoformat(STATEMENT_DATE))


@localized_route(blueprint, "/dati-aperti", kiosk=False)
def open_data():
    return render("open_data.html")

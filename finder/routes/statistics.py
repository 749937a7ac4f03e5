"""`/statistiche`: the anonymous counts of needs, for Ufficio di Piano staff only (Flask-Login, accounts
made with `finder users add`). Every chart comes with its data table and a CSV; counts under five are
shown as "< 5" everywhere."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import format_date, gettext as _, lazy_gettext as _l
from flask_login import LoginManager, UserMixin, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired, Length

from ..counting import stats_store
from ..i18n import current_language, localized_route
from ..stats import UNKNOWN, reports
from ..stats.users import check_login, user_exists
from ..views import catalog, render

blueprint = Blueprint("statistics", __name__)
login_manager = LoginManager()
login_manager.login_view = "statistics.login"
login_manager.login_message = None  # nothing flashed: an anonymous visit leaves no session behind
blueprint.record_once(lambda state: login_manager.init_app(state.app))

TITLES = {
    "mesi": _l("Richieste per mese"),
    "comuni": _l("Richieste per comune"),
    "destinatari": _l("Richieste per destinatari"),
    "categorie": _l("Richieste per tipo di aiuto"),
    "bisogni": _l("Richieste per bisogno (letto dall'assistente)"),
    "non-soddisfatti": _l("Bisogni senza servizio, per comune e tipo di aiuto"),
    "canali": _l("Canali: dove e come"),
    "emergenze": _l("Emergenze mostrate, per mese e comune"),
}
COLUMNS = {"month": _l("Mese"), "comune": _l("Comune"), "audience": _l("Destinatari"),
           "category": _l("Tipo di aiuto"), "need": _l("Bisogno"), "channel": _l("Dove"), "path": _l("Come")}
PLACES = {"phone": _l("sito (telefono o computer)"), "kiosk": _l("chiosco"), "desk": _l("sportello")}
WAYS = {"guided": _l("domande guidate"), "chat": _l("chat"), "search": _l("ricerca senza risultati"),
        "sheet": _l("foglio dello sportello")}


class StaffUser(UserMixin):
    def __init__(self, name: str):
        self.id = name


@login_manager.user_loader
def load_user(name: str):
    return StaffUser(name) if user_exists(stats_store(), name) else None


class LoginForm(FlaskForm):
    name = StringField(_l("Nome utente"), validators=[InputRequired(), Length(max=64)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=200)],
                             render_kw={"autocomplete": "current-password"})


@localized_route(blueprint, "/statistiche/accesso", kiosk=False, methods=["GET", "POST"])
def login():
    form, problem = LoginForm(), None
    if form.validate_on_submit():
        outcome = check_login(stats_store(), form.name.data.strip(), form.password.data)
        if outcome == "ok":
            login_user(StaffUser(form.name.data.strip()))
            return redirect(url_for("statistics.report", slug="mesi"))
        problem = _("Account bloccato per troppi tentativi: riprova fra 15 minuti.") if outcome == "locked" \
            else _("Nome utente o password non corretti.")
    elif request.method == "POST":
        problem = _("Il modulo è scaduto o incompleto: riprova.")
    status = 400 if problem else 200
    return render("statistics/login.html", form=form, problem=problem), status


@localized_route(blueprint, "/statistiche/esci", kiosk=False, methods=["POST"])
def logout():
    logout_user()  # a POST: finder/protection.py has checked its token
    return redirect(url_for("statistics.login"))


@localized_route(blueprint, "/statistiche", kiosk=False)
@login_required
def home():
    return redirect(url_for("statistics.report", slug="mesi"))


def _chosen(slug: str):
    found = reports.REPORTS.get(slug)
    if found is None:
        abort(404)
    return found


def _period() -> tuple[date | None, date | None]:
    """`?da=YYYY-MM-DD&a=YYYY-MM-DD`, both optional; anything else is a 400."""
    try:
        first, last = (date.fromisoformat(request.args[key]) if request.args.get(key) else None
                       for key in ("da", "a"))
    except ValueError:
        abort(400)
    return first, last


def label(column: str, value: str) -> str:
    """A person's word for an id: the catalogue's names, else the id itself."""
    current = catalog()
    if value == UNKNOWN:
        return _("non indicato")
    if column == "month":
        return format_date(date.fromisoformat(f"{value}-01"), "MMM yyyy")
    if column == "comune" and value in current.comuni:
        return current.comuni[value].name
    tables = {"audience": current.audiences, "category": current.categories}
    if value in tables.get(column, {}):
        return tables[column][value].name.get(current_language())
    return str({"channel": PLACES, "path": WAYS}.get(column, {}).get(value, value))


@localized_route(blueprint, "/statistiche/<slug>", kiosk=False)
@login_required
def report(slug):
    chosen, (first, last) = _chosen(slug), _period()
    rows = reports.report_rows(stats_store(), chosen, first, last)
    period = {"da": first.isoformat() if first else None, "a": last.isoformat() if last else None}
    return render("statistics/report.html", report=chosen, title=TITLES[slug], titles=TITLES,
                  columns=[COLUMNS[column] for column in chosen.by], period=period,
                  rows=reports.table_rows(rows, label, chosen.by))


@localized_route(blueprint, "/statistiche/stampa", kiosk=False)
@login_required
def printable():
    first, last = _period()
    return printable_page(first, last)


def printable_page(first: date | None, last: date | None) -> str:
    """Every report as a table on one page to print: the page here and `finder stats export --format html`."""
    sections = [{"title": TITLES[slug], "columns": [COLUMNS[column] for column in chosen.by],
                 "rows": reports.table_rows(reports.report_rows(stats_store(), chosen, first, last), label, chosen.by)}
                for slug, chosen in reports.REPORTS.items()]
    district = ", ".join(str(district.name.get(current_language())) for district in catalog().districts.values())
    return render_template("statistics/print.html", sections=sections, district=district, first=first, last=last)


@localized_route(blueprint, "/statistiche/<slug>/grafico.svg", kiosk=False)
@login_required
def chart(slug):
    chosen, (first, last) = _chosen(slug), _period()
    rows = reports.report_rows(stats_store(), chosen, first, last)
    response = Response(reports.chart_svg(rows, str(TITLES[slug]), label, chosen.by), mimetype="image/svg+xml")
    # an SVG shown through <img> runs no script; its own <style> needs this, and only this, to apply
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@localized_route(blueprint, "/statistiche/<slug>/dati.csv", kiosk=False)
@login_required
def csv_file(slug):
    chosen, (first, last) = _chosen(slug), _period()
    rows = reports.report_rows(stats_store(), chosen, first, last)
    return Response(reports.csv_text(rows, chosen.by), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="finder-{slug}.csv"'})

"""The guided questions: every step is a GET URL holding the answers so far, as ids."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, request, url_for
from flask_babel import gettext as _

from ..catalog import guided
from ..catalog.eligibility import UNLIKELY
from ..counting import count
from ..i18n import in_kiosk, localized_route
from ..qr import public_url, qr_svg
from ..views import catalog, render
from .arguments import LISTED_COMUNI, read_age_and_isee

blueprint = Blueprint("guide", __name__)
MANY_COMUNI = 12  # above this the comune step is a search box with the list below it


@dataclass
class Answers:
    """What the person answered so far, read from the URL; unknown ids are dropped with a note."""
    audience: str | None = None
    comune: str | None = None
    category: str | None = None
    age: int | None = None
    isee: float | None = None
    isee_unknown: bool = False
    comune_known: bool = False  # the comune came with the first link (from a comune's page): 2 questions
    problems: list = field(default_factory=list)

    def params(self, **changes) -> dict:
        values = {"audience": self.audience, "comune": self.comune, "category": self.category,
                  "age": self.age, "isee": guided.ISEE_UNKNOWN if self.isee_unknown else self.isee,
                  "known": "comune" if self.comune_known else None}
        values.update(changes)
        return {key: _plain(value) for key, value in values.items() if value not in (None, "")}


def _plain(value):
    return int(value) if isinstance(value, float) and value.is_integer() else value


def read_answers(args) -> Answers:
    answers, current = Answers(), catalog()
    audience = args.get("audience", "").strip()
    if audience in current.audiences:
        answers.audience = audience
    elif audience:
        answers.problems.append("audience")
    comune = args.get("comune", "").strip()
    if comune in current.comuni and comune in {c.id for c in guided.comuni_for(current, answers.audience)}:
        answers.comune = comune
    elif comune:
        answers.problems.append("comune")
    category = args.get("category", "").strip()
    offered = guided.categories_for(current, answers.audience, answers.comune) \
        if answers.audience and answers.comune else []
    if category in {c.id for c in offered}:
        answers.category = category
    elif category:
        answers.problems.append("category")
    answers.comune_known = bool(answers.comune) and args.get("known") == "comune"
    _read_refiners(args, answers)
    return answers


def _read_refiners(args, answers: Answers) -> None:
    said = read_age_and_isee(args)
    answers.age, answers.isee, answers.isee_unknown = said.age, said.isee, said.isee_unknown
    answers.problems += said.problems


@localized_route(blueprint, "/guida")
def start():
    answers = read_answers(request.args)
    current = catalog()
    comuni = guided.comuni_for(current, answers.audience)
    context = dict(answers=answers, total_steps=2 if answers.comune_known else 3, comuni=comuni,
                   quick_exit=current.touches_violence(audience=answers.audience))
    comune_first = current.several_districts  # on a region's site the comune says which district answers
    if answers.audience is None and not (comune_first and answers.comune is None):
        return render("guide/audience.html", step=2 if comune_first else 1,
                      audiences=guided.audiences_for(current, answers.comune), **context)
    if answers.comune is None:
        return _comune_step(answers, context, step=1 if comune_first else 2)
    if answers.category is None:
        categories = guided.categories_for(current, answers.audience, answers.comune)
        fallback = [] if categories else guided.fallback_doors(current, answers.comune)
        return render("guide/category.html", step=context["total_steps"], categories=categories,
                      fallback=fallback, **context)
    return _results(answers, context)


def _comune_step(answers: Answers, context: dict, step: int):
    comuni = context["comuni"]
    typed = request.args.get("comune_q", "").strip()[:100]
    matches = guided.find_comune(catalog(), typed, comuni) if typed else []
    many = (len(comuni) > MANY_COMUNI and not in_kiosk()) or len(comuni) > LISTED_COMUNI  # kiosk: buttons if it can
    listed = matches or (comuni if len(comuni) <= LISTED_COMUNI else [])
    return render("guide/comune.html", step=step, typed=typed, matches=matches, listed=listed, many=many, **context)


def _results(answers: Answers, context: dict):
    current = catalog()
    matches = guided.results(current, answers.audience, answers.comune, answers.category, answers.age, answers.isee,
                             answers.isee_unknown)
    context["quick_exit"] = context["quick_exit"] or current.touches_violence(services=[m.service for m in matches])
    within_reach = [match for match in matches if match.eligibility != UNLIKELY]  # else an unmet need
    count("guided", "services" if within_reach else "nothing", comune=answers.comune, audience=answers.audience,
          category=answers.category)
    result_path = url_for("guide.start", mode=None, **answers.params())  # a phone gets the ordinary page
    return render("guide/results.html", matches=matches,
                  refiners=guided.refiners(current, answers.audience, answers.comune, answers.category),
                  fallback=[] if matches else guided.fallback_doors(current, answers.comune),
                  audience=current.audiences[answers.audience], comune=current.comuni[answers.comune],
                  category=current.categories[answers.category],
                  qr=qr_svg(public_url(result_path), _("Codice QR di questa pagina")),
                  sheet_url=url_for("guide.sheet", **answers.params()), **context)


@localized_route(blueprint, "/guida/foglio")
def sheet():
    """The result as one printable A4 sheet, with a QR code back to the result page."""
    answers = read_answers(request.args)
    if not (answers.audience and answers.comune and answers.category):
        return start()
    current = catalog()
    matches = guided.results(current, answers.audience, answers.comune, answers.category, answers.age, answers.isee,
                             answers.isee_unknown)
    result_url = public_url(url_for("guide.start", mode=None, **answers.params()))
    return render("sheet.html", matches=matches, comune=current.comuni[answers.comune],
                  fallback=[] if matches else guided.fallback_doors(current, answers.comune),
                  qr=qr_svg(result_url, _("Codice QR di questa pagina")), page_url=result_url,
                  back_url=url_for("guide.start", **answers.params()))

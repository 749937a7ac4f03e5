"""Turn catalogue files into model objects, reporting every problem with its file, line and field."""
from __future__ import annotations

from datetime import date

from rapidfuzz import process

from .fields import Item
from .messages import _
from .model import (AccessPoint, Audience, Category, Comune, District, Emergency, EmergencyNumber,
                    REVIEW_AFTER, Service)
from .fieldspec import FIELDS_BY_SECTION, FORMS, KINDS, SECTIONS, STATUSES, allowed_and_required
from .source import Problem, Source, read_source
from .taxonomy import needs_taxonomy


FIELDS = {section: allowed_and_required(section) for section in FIELDS_BY_SECTION}
FIELDS["numbers"] = ({"name", "phone"}, {"name", "phone"})


class Parsed:
    """Everything read from one file, before the files are put together."""

    def __init__(self, source: Source):
        self.source = source
        self.district: District | None = None
        self.items = {section: [] for section in SECTIONS[1:]}  # section -> [(object, path)]


def parse_file(file: str, text: str | None = None, today: date | None = None) -> Parsed:
    source = read_source(file, text)
    parsed = Parsed(source)
    if source.data is None:
        return parsed
    if not isinstance(source.data, dict):
        source.problem((), _("the file should be a map that starts with `format: 1`"))
        return parsed
    _check_top(source)
    district_id = _read_district(parsed)
    for section in SECTIONS[1:]:
        _read_section(parsed, section, district_id or "?", today or date.today())
    return parsed


def _check_top(source: Source) -> None:
    data = source.data
    for key in data:
        if key not in SECTIONS and key not in ("format", "extra"):
            source.problem((key,), _("unknown section; the sections are format, {sections}").format(
                sections=", ".join(SECTIONS)))
    if "format" not in data:
        source.problem((), _("`format: 1` is missing at the top of the file"))
    elif data["format"] != 1:
        source.problem(("format",), _("this site reads format 1, the file says `{value}`").format(value=data["format"]))
    for section in SECTIONS:
        if section != "emergencies" and section not in data:
            source.problem((), _("the section `{section}:` is missing").format(section=section))


def _read_district(parsed: Parsed) -> str | None:
    item = Item(parsed.source, ("district",), parsed.source.data.get("district"), *FIELDS["district"])
    if not item.ok:
        return None
    district_id, name = item.identifier("id"), item.text("name")
    form, lead = item.enum("form", FORMS), item.identifier("lead_comune")
    if district_id and name and form and lead:
        parsed.district = District(
            id=district_id, name=name, form=form, lead_comune=lead, office=item.identifier("office"),
            website=item.string("website"), email=item.string("email"), phone=item.string("phone"),
            description=item.text("description"), demo=item.boolean("demo"), file=parsed.source.file)
    return district_id


def _read_section(parsed: Parsed, section: str, district: str, today: date) -> None:
    values = parsed.source.data.get(section)
    if values is None:
        return
    if not isinstance(values, list):
        parsed.source.problem((section,), _("should be a list of items, each starting with `- id:`"))
        return
    reader = READERS[section]
    for index, value in enumerate(values):
        item = Item(parsed.source, (section, index), value, *FIELDS[section])
        if not item.ok:
            continue
        built = reader(item, district, today)
        if built is not None:
            parsed.items[section].append((built, item.path))


def _comune(item: Item, district: str, today: date):
    values = dict(id=item.identifier("id"), name=item.string("name"),
                  access_point=item.identifier("access_point"))
    istat = item.string("istat")
    if istat is not None and not (istat.isdigit() and len(istat) == 6):
        item.problem("istat", _('`{value}` is not a six-digit ISTAT code: write it in quotes, like "059011"').format(
            value=istat))
    if None in values.values():
        return None
    return Comune(**values, district=district, istat=istat, aliases=item.strings("aliases"),
                  patron_day=item.month_day("patron_day"))


def _access_point(item: Item, district: str, today: date):
    values = dict(id=item.identifier("id"), name=item.text("name"), kind=item.enum("kind", KINDS),
                  comune=item.identifier("comune"), address=item.string("address"))
    phone, email = item.string("phone"), item.string("email")
    if item.ok and not (phone or email):
        item.problem(None, _("give at least a `phone` or an `email`, so people can reach this door"))
    if None in values.values():
        return None
    return AccessPoint(
        **values, district=district, geo=item.geo("geo"), phone=phone, email=email,
        website=item.string("website"), hours=item.hours("hours"), closed=item.dates("closed"),
        appointment=item.text("appointment"), accessibility=item.text("accessibility"),
        languages=item.strings("languages"), alert=item.text("alert"), move=item.move("move"))


def _audience(item: Item, district: str, today: date):
    values = dict(id=item.identifier("id"), name=item.text("name"))
    if None in values.values():
        return None
    return Audience(**values, district=district, description=item.text("description"),
                    keywords=item.keywords("keywords"), age=item.age("age"))


def _category(item: Item, district: str, today: date):
    values = dict(id=item.identifier("id"), name=item.text("name"))
    if None in values.values():
        return None
    return Category(**values, district=district, description=item.text("description"),
                    keywords=item.keywords("keywords"))


def _service(item: Item, district: str, today: date):
    values = dict(id=item.identifier("id"), name=item.text("name"), summary=item.text("summary"),
                  reviewed=item.a_date("reviewed"))
    audiences, categories = item.id_list("audiences"), item.id_list("categories")
    for key, ids in (("audiences", audiences), ("categories", categories)):
        if item.has(key) and not ids:
            item.problem(key, _("needs at least one id"))
    if values["reviewed"] and today - values["reviewed"] > REVIEW_AFTER:  # the site shows it "da verificare"
        editor = _(" by {editor}").format(editor=item.string("reviewed_by")) if item.has("reviewed_by") else ""
        item.problem("reviewed", _("last checked on {day}{editor}, more than 12 months ago: check the service "
                                   "and update the date").format(day=values["reviewed"], editor=editor), "warning")
    comuni = _service_comuni(item)
    if None in values.values() or not audiences or not categories:
        return None
    return Service(
        **values, audiences=audiences, categories=categories, district=district, comuni=comuni,
        access_points=item.id_list("access_points"), description=item.text("description"),
        eligibility=item.text("eligibility"), age=item.age("age"), isee_max=item.number("isee_max"),
        cost=item.text("cost"), documents=item.texts("documents"), how_to_apply=item.text("how_to_apply"),
        keywords=item.keywords("keywords"), nomenclatore=item.string("nomenclatore"),
        legal_basis=item.string("legal_basis"), needs=_needs(item), status=item.enum("status", STATUSES, "active"),
        alert=item.text("alert"), reviewed_by=item.string("reviewed_by"))


def _needs(item: Item) -> tuple:
    """The editor's own link to the assistant's needs: ids of finder/catalog/needs.yaml."""
    known = needs_taxonomy()
    found = []
    for index, need_id in enumerate(item.list_of("needs")):
        if need_id in known:
            found.append(need_id)
        else:
            hint = _closest_need(str(need_id), known)
            item.source.problem(item.at("needs") + (index,), _("`{need}` is not one of the assistant's needs{hint}").format(
                need=need_id, hint=hint))
    return tuple(found)


def _closest_need(need_id: str, known) -> str:
    match = process.extractOne(need_id, list(known), score_cutoff=70)
    if match:
        return _(" (did you mean `{key}`?)").format(key=match[0])
    return _(" (the list: finder/catalog/needs.yaml)")


def _service_comuni(item: Item):
    value = item.data.get("comuni")
    if value is None or value == "all":
        return None
    if isinstance(value, str):
        item.problem("comuni", _("should be `all` or a list of comune ids, found `{value}`").format(value=value))
        return None
    return item.id_list("comuni")


def _emergency(item: Item, district: str, today: date):
    numbers = []
    for index, value in enumerate(item.list_of("numbers")):
        number = Item(item.source, item.at("numbers") + (index,), value, *FIELDS["numbers"])
        name, phone = number.text("name"), number.string("phone")
        if name and phone:
            numbers.append(EmergencyNumber(name, phone))
    triggers = item.strings("triggers")
    if item.has("triggers") and not triggers:
        item.problem("triggers", _("needs at least one word or phrase"))
    values = dict(id=item.identifier("id"), message=item.text("message"))
    if None in values.values() or not triggers or not numbers:
        return None
    return Emergency(**values, triggers=triggers, numbers=tuple(numbers), district=district,
                     services=item.id_list("services"))


READERS = {"comuni": _comune, "access_points": _access_point, "audiences": _audience,
           "categories": _category, "services": _service, "emergencies": _emergency}


def problems_of(parsed_files: list) -> list[Problem]:
    return [problem for parsed in parsed_files for problem in parsed.source.problems]

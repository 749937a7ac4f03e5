"""What the Ufficio di Piano reads: totals grouped one way, small counts suppressed, as rows, CSV and an
SVG chart. Every output goes through `suppressed()`, so no group under five people can be singled out."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

import pygal
from pygal.style import Style

SMALL_COUNT = 5
SUPPRESSED = "< 5"
CHART_STYLE = Style(background="white", plot_background="white", foreground="#1b1b1b",
                    foreground_strong="#1b1b1b", foreground_subtle="#555", colors=("#1f4e79",),
                    font_family="sans-serif", label_font_size=13, major_label_font_size=13, title_font_size=16)


@dataclass(frozen=True)
class Report:
    slug: str
    by: tuple  # columns of the counter tables, or "month"
    outcome: str | None = None  # "nothing": the unmet needs
    emergency: bool = False  # the emergency counts, kept apart


REPORTS = {report.slug: report for report in (
    Report("mesi", ("month",)),
    Report("comuni", ("comune",)),
    Report("destinatari", ("audience",)),
    Report("categorie", ("category",)),
    Report("bisogni", ("need",)),
    Report("non-soddisfatti", ("comune", "category"), outcome="nothing"),
    Report("canali", ("channel", "path")),
    Report("emergenze", ("month", "comune"), emergency=True),
)}


def suppressed(number: int) -> str:
    return SUPPRESSED if number < SMALL_COUNT else str(number)


def report_rows(store, report: Report, first: date | None = None, last: date | None = None) -> list[tuple]:
    """[(group values…, count)] with the true counts: only `table_rows`, `csv_text` and `chart_svg` show them."""
    where = {"outcome": report.outcome} if report.outcome else {}
    return store.totals(report.by, first=first, last=last, emergency=report.emergency, **where)


def table_rows(rows: list[tuple], label=lambda column, value: value, by: tuple = ()) -> list[tuple]:
    """Rows as people read them: labels for ids, counts under five as "< 5"."""
    return [tuple(label(column, value) for column, value in zip(by, row[:-1])) + (suppressed(row[-1]),)
            for row in rows]


def csv_text(rows: list[tuple], by: tuple) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*by, "count"])
    writer.writerows(table_rows(rows, by=by))
    return out.getvalue()


def chart_svg(rows: list[tuple], title: str, label=lambda column, value: value, by: tuple = ()) -> bytes:
    """A bar chart of the counts; suppressed counts draw no bar (their "< 5" is in the table below)."""
    over_time = by == ("month",)
    chart = (pygal.Bar if over_time else pygal.HorizontalBar)(
        style=CHART_STYLE, title=title, show_legend=False, js=[], width=800,
        height=max(300, 40 * len(rows) + 120), print_values=False, truncate_label=40)
    rows = rows if over_time else rows[::-1]  # horizontal bars are drawn bottom up: the largest on top
    labels = [" · ".join(str(label(column, value)) for column, value in zip(by, row[:-1])) for row in rows]
    chart.x_labels = labels
    chart.add(title, [{"value": row[-1] if row[-1] >= SMALL_COUNT else None, "label": suppressed(row[-1])}
                      for row in rows])
    return chart.render()

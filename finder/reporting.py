"""`finder check`'s reports: lines for people, GitHub annotations in a pull request, and JSON. Their words
are the editors' (finder/catalog/messages.py: Italian unless `--lang en`); the JSON keys stay English."""
from __future__ import annotations

import json

from .catalog.messages import _, current_language
from .catalog.quality import translation_coverage

GITHUB_LEVELS = {"error": "error", "warning": "warning", "care": "notice"}


def text_report(files, problems, catalog, care_items) -> str:
    lines = [str(problem) for problem in problems]
    errors = sum(problem.severity == "error" for problem in problems)
    warnings = len(problems) - errors
    if catalog is None:
        return "\n".join(lines + [_("{errors} errors, {warnings} warnings: the catalogue cannot be published until "
                                    "the errors are fixed").format(errors=errors, warnings=warnings)])
    lines.append(_("{files}: {services} services, {access_points} access points, {comuni} comuni: {errors} errors, "
                   "{warnings} warnings").format(files=", ".join(files), services=len(catalog.services),
                                                 access_points=len(catalog.access_points),
                                                 comuni=len(catalog.comuni), errors=errors, warnings=warnings))
    lines += [_("translations: {language} {share}%").format(language=language, share=f"{share:.0f}")
              for language, share in translation_coverage(catalog).items()]
    if care_items:
        lines.append(_("needs care, most urgent first ({count}):").format(count=len(care_items)))
        lines += [str(item.problem) for item in care_items]
    return "\n".join(lines)


def checker_failed(file: str, error: Exception) -> str:
    """A bug in the checker still gives the editor an answer in the usual form, never a traceback."""
    return _("{file}:1: (file): could not be checked ({error}); please report this to the site's "
             "maintainers").format(file=file, error=error.__class__.__name__)


def _escape(text: str, property_value: bool = False) -> str:
    """GitHub's workflow-command escaping (`%`, newlines; `:` and `,` inside properties)."""
    text = str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def github_annotations(files, problems, catalog, care_items) -> str:
    """One `::error file=…,line=…,title=…::message` line per problem; care items become notices, except
    where a warning already marks the same line."""
    warned = {(problem.file, problem.line) for problem in problems}
    shown = list(problems) + [item.problem for item in care_items
                              if (item.problem.file, item.problem.line) not in warned]
    return "\n".join(f"::{GITHUB_LEVELS[problem.severity]} file={_escape(problem.file, True)},"
                     f"line={problem.line},title={_escape(problem.field, True)}::{_escape(problem.message)}"
                     for problem in shown)


def _problem_json(problem) -> dict:
    return {"file": problem.file, "line": problem.line, "field": problem.field, "message": problem.message,
            "severity": problem.severity}


def json_report(files, problems, catalog, care_items) -> str:
    errors = sum(problem.severity == "error" for problem in problems)
    report = {
        "files": list(files),
        "language": current_language(),  # of the messages
        "ok": errors == 0,
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [_problem_json(problem) for problem in problems],
        "care": [{"kind": item.kind, "editor": item.editor, **_problem_json(item.problem)} for item in care_items],
    }
    if catalog is not None:
        report["counts"] = {"services": len(catalog.services), "access_points": len(catalog.access_points),
                            "comuni": len(catalog.comuni)}
        report["translations"] = {language: round(share, 1) for language, share in translation_coverage(catalog).items()}
    return json.dumps(report, indent=2, ensure_ascii=False)

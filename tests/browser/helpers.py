"""What the browser tests share besides their fixtures: axe-core, read as a list of lines."""
from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page, context=None) -> list[str]:
    """axe-core (WCAG 2.1 A and AA) on the page as it is now: one readable line per rule and target."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    lines = []
    for violation in Axe().run(page, context=context, options=options).response["violations"]:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:8]:
            summary = node.get("failureSummary", "").replace("\n", " ")
            lines.append(f"    {', '.join(map(str, node['target']))}  {summary[:240]}")
    return lines

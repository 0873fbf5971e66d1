"""Reports of a check run: text for people (grouped by check, colour optional), JSON, and SARIF 2.1.0 for CI.

All three are byte-stable: the same results give the same bytes (results are sorted, no timestamps).
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import click

from termgraph import __version__
from termgraph.checks.model import CheckResult, Severity
from termgraph.checks.runner import Report
from termgraph.errors import Origin

COLOURS: dict[Severity, str] = {"error": "red", "warning": "yellow", "info": "cyan"}
SARIF_LEVELS: dict[Severity, str] = {"error": "error", "warning": "warning", "info": "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def summary(report: Report) -> str:
    """One line: totals by severity, then the count of each check that found something."""
    n = len(report.results)
    if not n:
        return (f"no findings: {len(report.checks)} checks over {report.concepts} concepts, "
                f"{report.triples} triples")
    per = ", ".join(f"{cid} {count}" for cid, count in report.per_check().items())
    return (f"{n} finding{'s' if n != 1 else ''} ({report.count('error')} errors, {report.count('warning')} "
            f"warnings, {report.count('info')} info) in {report.concepts} concepts, {report.triples} triples: {per}")


def to_text(report: Report, colour: bool = False) -> str:
    """Results grouped by check: a heading with severity, title, count and rule link, then one line each."""
    def style(text: str, **kw: object) -> str:
        return click.style(text, **kw) if colour else text  # type: ignore[arg-type]

    lines: list[str] = []
    show_file = len(report.sources) > 1
    by_check: dict[str, list[CheckResult]] = {}
    for r in report.results:
        by_check.setdefault(r.check_id, []).append(r)
    for check in report.checks:
        results = by_check.get(check.id)
        if not results:
            continue
        lines.append(f"{style(check.id, bold=True)} {style(check.severity, fg=COLOURS[check.severity])} "
                     f"{check.title} ({len(results)})  {check.rule_url}")
        for r in results:
            where = _where(r.origin, show_file)
            name = f"“{r.label}” " if r.label else ""
            lines.append(f"  {where}{name}<{r.concept}>: {r.message}")
        lines.append("")
    if report.statistics:
        lines.append(statistics_line(report))
    lines.append(style(summary(report), bold=True))
    return "\n".join(lines) + "\n"


def statistics_line(report: Report) -> str:
    """qSKOS's statistics in one line: `statistics: concepts 21, schemes 1, ...`."""
    parts = []
    for key, value in report.statistics.items():
        shown = ",".join(map(str, value)) if isinstance(value, list) else value
        parts.append(f"{key.replace('_', ' ')} {shown or '-'}")
    return "statistics: " + ", ".join(parts)


def _where(origin: Origin | None, show_file: bool) -> str:
    if origin is None or not (origin.line or show_file):
        return ""
    return f"{origin}: "


def to_json(report: Report) -> str:
    data = {
        "sources": list(report.sources),
        "concepts": report.concepts,
        "triples": report.triples,
        "summary": {"error": report.count("error"), "warning": report.count("warning"),
                    "info": report.count("info"), "per_check": report.per_check()},
        "statistics": report.statistics,
        "checks": [{"id": c.id, "family": c.family, "severity": c.severity, "title": c.title, "rule": c.rule_url}
                   for c in report.checks],
        "results": [r.to_dict() for r in report.results],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _rule_name(title: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in title.replace("-", " ").split() if word.isalnum())


def _uri(path: Path) -> str:
    return path.as_uri() if path.is_absolute() else quote(path.as_posix())


def _fingerprint(r: CheckResult) -> str:
    return hashlib.sha256("\x1f".join((r.check_id, r.concept, r.value or "")).encode()).hexdigest()[:32]


def to_sarif(report: Report) -> str:
    """A SARIF 2.1.0 log with one run: every check that ran as a rule, every finding as a result."""
    index = {c.id: i for i, c in enumerate(report.checks)}
    rules = [{
        "id": c.id,
        "name": _rule_name(c.title),
        "shortDescription": {"text": c.title},
        "fullDescription": {"text": c.finds},
        "help": {"text": c.why},
        "helpUri": c.rule_url,
        "defaultConfiguration": {"level": SARIF_LEVELS[c.severity]},
        "properties": {"tags": [c.family]},
    } for c in report.checks]
    results = []
    for r in report.results:
        location: dict[str, object] = {
            "logicalLocations": [{"fullyQualifiedName": r.concept, "kind": "resource",
                                  **({"name": r.label} if r.label else {})}]}
        if r.origin is not None:
            physical: dict[str, object] = {"artifactLocation": {"uri": _uri(r.origin.path)}}
            if r.origin.line:
                physical["region"] = {"startLine": r.origin.line}
            location = {"physicalLocation": physical, **location}
        name = f"“{r.label}” " if r.label else ""
        result: dict[str, object] = {
            "ruleId": r.check_id,
            "ruleIndex": index[r.check_id],
            "level": SARIF_LEVELS[r.severity],
            "message": {"text": f"{name}<{r.concept}>: {r.message}"},
            "locations": [location],
            "partialFingerprints": {"termgraphFinding/v1": _fingerprint(r)},
        }
        if r.value is not None:
            result["properties"] = {"value": r.value, **({"path": r.path} if r.path else {})}
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "termgraph", "version": __version__,
                                "informationUri": "https://termgraph.org/", "rules": rules}},
            "results": results,
            "properties": {"statistics": report.statistics},
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


FORMATS: dict[str, Callable[[Report], str]] = {"text": to_text, "json": to_json, "sarif": to_sarif}

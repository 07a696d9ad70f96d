"""One self-contained HTML page of a report: leaderboards, per-arena tables, plots inlined, links to GIFs.

The page needs no server and no network: the plots are inlined as base64 PNGs and the style sits in the
page. Recorded GIFs of sample matches are linked by relative path, so the page and its ``recordings``
folder can be moved together.
"""

from __future__ import annotations

import base64
import html
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = ["write_html"]

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 70em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
th { background: #f2f2f2; } td.name { text-align: left; font-weight: 600; }
img { max-width: 100%; } .muted { color: #777; }
"""
_COLUMNS = (
    ("rank", "rank"),
    ("agent", "agent"),
    ("rating", "rating"),
    ("ci", "95% CI"),
    ("elo", "Elo"),
    ("openskill", "OpenSkill (mu-3sigma)"),
    ("games", "games"),
    ("wins", "wins"),
    ("draws", "draws"),
    ("losses", "losses"),
)


def _table(rows: Sequence[Mapping[str, Any]], table_id: str) -> str:
    head = "".join(f"<th>{html.escape(title)}</th>" for _, title in _COLUMNS)
    body = []
    for row in rows:
        cells = []
        for key, _ in _COLUMNS:
            if key == "ci":
                cells.append(f"<td>{row['ci_low']:.0f} – {row['ci_high']:.0f}</td>")
            elif key == "agent":
                cells.append(f'<td class="name">{html.escape(str(row[key]))}</td>')
            else:
                cells.append(f"<td>{html.escape(str(row[key]))}</td>")
        body.append(f'<tr class="row">{"".join(cells)}</tr>')
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _payoff_table(payoff: Mapping[str, Any]) -> str:
    names = payoff["agents"]
    head = "<th>row vs column</th>" + "".join(f"<th>{html.escape(n)}</th>" for n in names) + "<th>Nash</th>"
    rows = []
    for name, values in zip(names, payoff["matrix"], strict=True):
        cells = "".join("<td>–</td>" if v is None else f"<td>{v:.2f}</td>" for v in values)
        rows.append(f'<tr><td class="name">{html.escape(name)}</td>{cells}<td>{payoff["nash"][name]:.2f}</td></tr>')
    support = ", ".join(html.escape(n) for n in payoff["support"]) or "–"
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table><p>Nash support: {support}</p>"


def _image(path: Path, alt: str) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<p><img alt="{html.escape(alt)}" src="data:image/png;base64,{data}"></p>'


def write_html(
    report: Mapping[str, Any],
    path: str | Path,
    plots: Mapping[str, Path] | None = None,
    recordings: Sequence[tuple[str, Path]] = (),
) -> Path:
    """Write the page for ``report`` to ``path``; ``plots`` from :func:`~.report.write_plots` are inlined,
    ``recordings`` ((caption, GIF path)) are linked relative to the page."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    title = html.escape(report.get("name") or "tournament")
    parts = [
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{title}</h1>",
        f"<p>{report['played']} of {report['planned']} planned matches played"
        + (f", {report['failures']} failed attempts" if report.get("failures") else "")
        + ".</p>",
        "<h2>Leaderboard</h2>",
        _table(report["leaderboard"], "leaderboard"),
    ]
    for name, alt in (("ratings", "ratings with bootstrap intervals"), ("payoff", "payoff heatmap")):
        if plots and name in plots:
            parts.append(_image(Path(plots[name]), alt))
    parts += ["<h2>Payoff matrix (all arenas)</h2>", _payoff_table(report["payoff"])]
    for number, (arena, part) in enumerate(report["arenas"].items()):
        parts += [
            f"<h2>{html.escape(arena)}</h2>",
            f"<p class='muted'>{part['played']} matches</p>",
            _table(part["leaderboard"], f"arena-{number}"),
            _payoff_table(part),
        ]
    if recordings:
        parts.append("<h2>Sample matches</h2><ul>")
        for caption, gif in recordings:
            link = html.escape(Path(os.path.relpath(gif, path.parent)).as_posix())
            parts.append(f'<li><a href="{link}">{html.escape(caption)}</a></li>')
        parts.append("</ul>")
    parts.append("</body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")
    return path

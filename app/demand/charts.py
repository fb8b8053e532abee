"""Small server-rendered SVG charts (no front-end build): a line per series over weeks."""

from collections.abc import Callable
from datetime import date
from html import escape

from markupsafe import Markup

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 140, 20, 40
COLOURS = ("#1f6feb", "#d4760a", "#1a7f37", "#8250df", "#cf222e", "#57606a")


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 172_800:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86_400:.1f} d"


def count(value: float) -> str:
    return f"{value:,.0f}"


def weekly_lines(
    title: str,
    weeks: list[date],
    series: dict[str, list[float | None]],
    chart_id: str,
    label: Callable[[float], str] = duration,
    dashed: frozenset[str] = frozenset(),
) -> Markup:
    """Lines per week (durations unless `label` says otherwise); gaps where a week has no
    value; `dashed` series (a forecast) drawn dashed. Text for screen readers says the same
    as the picture (the table beside it gives every number)."""
    values = [v for points in series.values() for v in points if v is not None]
    if not weeks or not values:
        return Markup('<p class="empty">No contacts in these weeks.</p>')
    top = max(values) * 1.1 or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i: int) -> float:
        return LEFT + (plot_w * i / max(len(weeks) - 1, 1))

    def y(v: float) -> float:
        return TOP + plot_h - plot_h * v / top

    parts = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-t" class="chart">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" '
        'stroke="#8c959f"/>',
    ]
    for step in range(5):
        value = top * step / 4
        parts.append(
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11">'
            f"{escape(label(value))}</text>"
            f'<line x1="{LEFT}" y1="{y(value):.1f}" x2="{LEFT + plot_w}" y2="{y(value):.1f}" '
            'stroke="#d0d7de" stroke-dasharray="2 3"/>'
        )
    every = max(1, len(weeks) // 8)
    for i, week in enumerate(weeks):
        if i % every == 0:
            parts.append(
                f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
                f'font-size="11">{week:%d %b}</text>'
            )
    for n, (name, points) in enumerate(series.items()):
        colour = COLOURS[n % len(COLOURS)]
        path, pen = [], "M"
        for i, point in enumerate(points):
            if point is None:
                pen = "M"
                continue
            path.append(f"{pen}{x(i):.1f},{y(point):.1f}")
            pen = "L"
        dash = ' stroke-dasharray="6 4"' if name in dashed else ""
        parts.append(
            f'<path d="{" ".join(path)}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'
        )
        legend_x, legend_y = WIDTH - RIGHT + 12, TOP + 16 * n
        parts.append(
            f'<rect x="{legend_x}" y="{legend_y}" width="12" height="4" fill="{colour}"/>'
            f'<text x="{legend_x + 18}" y="{legend_y + 6}" font-size="12">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))

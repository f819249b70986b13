"""A generic horizontal stacked bar chart as inline SVG (no scripts, no external resources)."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#1e6b3a", "#e0a400", "#b3261e", "#5a6b7b", "#2f5597", "#8a4fa3")


def bar_chart_svg(
    rows: list[tuple[str, list[int]]], *, series: list[str], width: int = 480, bar: int = 18
) -> SafeString:
    """rows = [(label, [count per series])]; every label and number escaped."""
    label_w, gap = 160, 8
    height = len(rows) * (bar + gap) + 30
    total_max = max([sum(v) for _, v in rows] or [1]) or 1
    scale = (width - label_w - 10) / total_max
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(", ".join(series))}">'
    ]
    for i, (label, values) in enumerate(rows):
        y = i * (bar + gap)
        parts.append(f'<text x="0" y="{y + bar - 5}" font-size="9">{escape(label)}</text>')
        x = float(label_w)
        for j, value in enumerate(values):
            w = value * scale
            if w > 0:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" '
                    f'fill="{PALETTE[j % len(PALETTE)]}">'
                    f"<title>{escape(series[j])}: {value}</title></rect>"
                )
            x += w
    y = len(rows) * (bar + gap) + 12
    x = 0
    for j, name in enumerate(series):
        parts.append(
            f'<rect x="{x}" y="{y - 8}" width="8" height="8" fill="{PALETTE[j % len(PALETTE)]}"/>'
        )
        parts.append(f'<text x="{x + 11}" y="{y}" font-size="8">{escape(name)}</text>')
        x += 12 + 6 * len(name) + 10
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every interpolated value is escaped above

"""Small inline-SVG charts for the PDF report: no scripts, no URLs, fixed sizes."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#1e4b8f", "#3e8e41", "#d4a20b", "#c0392b", "#7f8c8d", "#8e44ad", "#16a085")


def bar_chart(
    rows: list[tuple[str, int]], *, title: str, width: int = 440, bar_height: int = 16
) -> SafeString:
    """A horizontal bar chart of (label, value) rows as inline SVG, with a text alternative."""
    rows = [(str(label), int(value)) for label, value in rows]
    label_width, gap, top = 150, 6, 4
    height = top + len(rows) * (bar_height + gap) + 2
    biggest = max((value for _label, value in rows), default=0) or 1
    plot = width - label_width - 40
    summary = ", ".join(f"{label}: {value}" for label, value in rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{escape(title)}: {escape(summary)}</title>",
    ]
    for index, (label, value) in enumerate(rows):
        y = top + index * (bar_height + gap)
        length = round(plot * value / biggest) if value else 0
        colour = PALETTE[index % len(PALETTE)]
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height - 4}" text-anchor="end" '
            f'font-size="9">{escape(label)}</text>'
        )
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar_height}" '
            f'fill="{colour}"/>'
        )
        parts.append(
            f'<text x="{label_width + length + 4}" y="{y + bar_height - 4}" '
            f'font-size="9">{value}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)

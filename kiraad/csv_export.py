"""CSV downloads: every export writes through `csv_response`, so each gets the same protection.

Spreadsheet programs run a cell that starts with =, +, -, @, a tab or a carriage return as a
formula (CSV injection: `=HYPERLINK(...)` in a measure title becomes a live link in the
secretariat's spreadsheet). Such a cell gets a leading single quote, which the programs show as
text; the value stays readable.
"""

import csv
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """`value`, with a text that a spreadsheet would run as a formula made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_response(
    *,
    filename: str,
    header: Sequence[object],
    rows: Iterable[Sequence[object]],
    delimiter: str = ",",
    byte_order_mark: bool = False,
) -> HttpResponse:
    """An attachment `filename` with `header` and `rows`, every cell through `csv_cell`.

    `byte_order_mark` makes spreadsheet programs read UTF-8 (æøå) right; `delimiter=";"` is what
    they expect where the decimal separator is a comma, as in Norway.
    """
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if byte_order_mark:
        response.write("\ufeff")
    writer = csv.writer(response, delimiter=delimiter)
    writer.writerow([csv_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return response

"""The one CSV writer: a cell a spreadsheet would run as a formula is made plain text."""

import csv
import io

import pytest

from kiraad.csv_export import csv_cell, csv_response


@pytest.mark.parametrize(
    "value", ['=HYPERLINK("http://x")', "+47 22", "-1+1", "@SUM(A1)", "\tX", "\r=1"]
)
def test_a_cell_that_starts_a_formula_gets_a_quote(value):
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Helse Sør-Øst", "1.2", "", 42, -3, None])
def test_other_cells_are_left_alone(value):
    assert csv_cell(value) == value


def test_the_response_neutralises_header_and_rows():
    response = csv_response(
        filename="x.csv",
        header=["=h"],
        rows=[["=1+1"], ["ok"]],
        delimiter=";",
        byte_order_mark=True,
    )
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")) == [
        ["'=h"],
        ["'=1+1"],
        ["ok"],
    ]

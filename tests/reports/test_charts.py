from kiraad.reports.charts import bar_chart_svg


def test_chart_escapes_and_draws_bars():
    svg = bar_chart_svg([("Plan <x>", [2, 1, 0])], series=["I rute", "Risiko", "Forsinket"])
    assert svg.startswith("<svg")
    assert "Plan &lt;x&gt;" in svg
    assert svg.count("<rect") == 2 + 3

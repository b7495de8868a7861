"""Charts as inline SVG for the dashboard and the reports (`cxm.charts.svg`)."""

from cxm.charts.svg import Point, Series, bar_chart, line_chart, quadrant_chart, sparkline

__all__ = ["Point", "Series", "bar_chart", "line_chart", "quadrant_chart", "sparkline"]

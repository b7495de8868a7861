"""What the dashboard shows, computed apart from the web layer: views, overview, trends,
drill-down lists and exports."""

"""The web server: survey pages, the widget, the admin pages and the REST API."""

"""Importers of other tools' export formats, each turning its file into canonical rows."""

"""The columnar analytics copy of the system of record (DuckDB), kept up to date by revision."""

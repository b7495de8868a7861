"""The monthly report: its data (`monthly`), and its renderings (XLSX, HTML, PDF)."""

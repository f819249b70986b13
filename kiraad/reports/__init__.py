"""HOD status reports: built from history as of a date, rendered to PDF in the worker."""

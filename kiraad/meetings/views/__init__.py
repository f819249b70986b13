"""Meeting pages (pages.py) and calendars (calendar.py)."""

"""Models of the guidance app (see DESIGN.md)."""

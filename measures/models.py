"""Models of the measures app (see DESIGN.md)."""

"""Models of the network app (see DESIGN.md)."""

"""Pages of the network app, by concern: parse → access → service or selector → render."""

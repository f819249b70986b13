"""Pages of the network app, one module per concern: parse → access → service or selector →
render. The URLs are in `network/urls.py` (/network/) and `network/public_urls.py` (/register/).

- `escalations`  the escalation list, raising and editing, and the secretariat's triage actions
- `register`     the internal register of AI systems (CSV and JSON exports, statistics) and the
                 public register (no login, public fields only)
"""

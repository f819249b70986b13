"""Pages of the guidance app, one module per concern: parse → access → service or selector →
render. The URLs are in `guidance/urls.py` (/guidance/) and `guidance/kb_urls.py` (/kb/).

- `intake`          the public question form (/guidance/ask/), rate-limited, with a honeypot
- `tracking`        the requester's tracking page by token, and «send me my link again»
- `requests`        the queue and a request's page
- `actions`         every step on a request (triage, assign, draft, sign off, send, close, …):
                    the `ACTIONS` table of `RequestAction`s and the one view that serves them
- `knowledge_base`  the public knowledge base (/kb/) and the secretariat's article editing
- `meetings`        guidance meetings with a community
- `gaps`            gaps in the guidance, and the themes page
"""

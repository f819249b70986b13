"""Input parsing for the guidance pages, one module per concern. Forms validate shape; services
decide the rules. Import from the concrete module.

- `public`          the requester's forms: the question, resending the links, a follow-up
- `handling`        triage, areas, assignment, due dates, notes, drafts, answer, closing
- `knowledge_base`  articles: writing, publishing, unpublishing
- `meetings`        guidance meetings with a community
- `gaps`            guidance that is needed but missing
"""

"""Every write of the guidance app, one module per concern. Import from the concrete module.

Each write records who made it and why (simple-history). The reads live in `guidance.selectors`.

- `intake`          a question from the public form: reference, request, receipt e-mail
- `tracking`        the requester's private links (hashes only), resending them, follow-ups
- `assignment`      triage, regulatory areas, assigning agencies and their object permissions,
                    due dates, moving work off a dissolved agency. The routing rule (which
                    agencies the areas point to on the request's date) is the read
                    `guidance.selectors.routing_propose`
- `answers`         notes, drafts, the joint answer, sign-offs, DMP's confirmation, sending and
                    closing (what still blocks sending: `guidance.selectors.send_blockers`)
- `knowledge_base`  articles: sanitised Markdown, publishing and unpublishing
- `meetings`        guidance meetings with a community, offering one from a request
- `gaps`            guidance that is needed but missing, for the responsible agency
- `retention`       anonymising a requester's data, and the nightly retention job
- `email`           e-mails to the requester, enqueued after commit and sent by `guidance.tasks`
"""

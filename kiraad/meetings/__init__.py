"""Council meetings: agendas, attendance, outcomes, minutes (and their lock), documents,
follow-up actions and calendar feeds. The models keep the `kiraad` app label and tables."""

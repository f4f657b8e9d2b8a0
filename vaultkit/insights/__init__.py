"""What the dashboard and the commands show about people: each person's facts (follow-ups, milestones,
news, balance; SPEC §4.1–§4.3, §4.7), clippings worth sharing (§4.5), the brief, and all sections
together (sections). Pure functions of the index, the config and today."""

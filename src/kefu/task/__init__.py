"""Tasks: units of work for an agent or a team, with a due time."""

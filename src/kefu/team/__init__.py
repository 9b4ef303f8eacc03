"""Team: agents, groups, roles, logins."""

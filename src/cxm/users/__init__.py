"""Staff accounts (admins, agents, viewers) and API keys."""

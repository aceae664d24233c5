"""Building blocks every domain shares: database, Redis, identities, errors, authorization policy."""

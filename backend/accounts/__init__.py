"""Accounts and tenancy: merchants, users, sessions and API keys."""

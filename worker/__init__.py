"""The arq worker: thin tasks that call backend services."""

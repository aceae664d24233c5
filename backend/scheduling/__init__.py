"""Periodic jobs that catch up on runs missed while no worker was running."""

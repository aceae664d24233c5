"""Inbound deliveries (ASNs): announced by merchants, counted and put away by the warehouse."""

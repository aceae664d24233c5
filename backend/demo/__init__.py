"""The demo: data and logins (`seed.py`, `packline seed-demo`) and a simulated shop feeding live orders (`feed.py`,
`packline demo-feed`), both through the domains' own services."""

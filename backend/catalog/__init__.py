"""The catalog: warehouses and their bin locations, and the merchants' products."""

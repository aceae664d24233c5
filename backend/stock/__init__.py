"""Stock: quantities per product and warehouse and per bin, and the immutable ledger that explains them."""

"""Packline: the realtime backend a fulfillment center and its merchants share."""

import os

# Piccolo finds its engine through this module path; the tests point it at their own configuration.
os.environ.setdefault("PICCOLO_CONF", "backend.piccolo_conf")

"""Domain events: the outbox every write path records into, its relay and the live event stream."""

"""Every place Packline reaches into Strawberry's, graphql-core's or Litestar's internals, and nothing else.

Each module overrides one upstream behaviour for a measured reason, names it (module, class or function, and
the version it was written against) and the test that fails when the assumption breaks:

- `executor`   completes plain GraphQL fields inline (graphql-core's `Executor.execute_fields`, through
               Strawberry's executor class); `fields` holds the field metadata it reads, free of library imports;
- `http`       Strawberry's Litestar controller: chained dependencies, the response made on the event loop,
               GraphQL-over-HTTP status codes for what Strawberry refuses, the websocket handler;
- `masking`    Strawberry's `MaskErrors` without its per-result runtime-protocol check;
- `websocket`  Strawberry's graphql-transport-ws handler, so live events can be sent pre-rendered;
- `channels`   Litestar's Redis pub/sub channels backend, subscribing one call at a time;
- `schema`     graphql-core's schema behind a Strawberry schema, and the resolve info behind `Info`;
- `selfcheck`  verifies at start-up that every internal assumed here (and Piccolo's, in `backend/core/db.py`)
               is still there, and refuses to start otherwise (`backend/core/internals.py` does the checking).

Nothing is imported here, so that `selfcheck` can run (and say what is missing) before any module that
subclasses an upstream class is imported: import from the modules themselves. pyproject.toml bounds these
libraries to the versions tested; docs/architecture.md, "Library internals", has the overview.
"""

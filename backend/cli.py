"""`packline`: the command line of the product (migrate, users and demo data, API and worker, schema)."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import click

from backend.settings import get_settings

ROOT = Path(__file__).resolve().parent.parent


def _run(coro):  # noqa: ANN001, ANN202
    return asyncio.run(coro)


async def _with_pool(coro_factory):  # noqa: ANN001, ANN202
    from backend.core.db import close_pool, open_pool
    from backend.core.redis import close_redis

    await open_pool()
    try:
        return await coro_factory()
    finally:
        await close_pool()
        await close_redis()


@click.group()
def main() -> None:
    """Packline: the realtime backend a fulfillment center and its merchants share."""


@main.command()
def migrate() -> None:
    """Create the database if needed and apply every pending migration."""
    from backend.migrations import migrate as run

    _run(run())
    click.echo(f"Database {get_settings().database.name} is up to date.")


@main.command("create-operator")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--name", default="Operator")
def create_operator(email: str, password: str, name: str) -> None:
    """Create an operator admin (does nothing when the e-mail exists)."""
    from backend.accounts.services import ensure_operator
    from backend.core.errors import DomainError

    try:
        user, created = _run(_with_pool(lambda: ensure_operator(email, password, name=name)))
    except DomainError as error:
        raise click.ClickException(f"{error.field or 'input'}: {error.message}") from None
    click.echo(f"{'Created' if created else 'Exists already:'} operator admin {user.email}")


@main.command("seed-demo")
def seed_demo() -> None:
    """Demo data and logins (idempotent)."""
    from backend.demo.seed import seed

    logins = _run(_with_pool(seed))
    click.echo("Demo logins:")
    for role, email, password, merchant in logins:
        click.echo(f"  {role:<15} {email:<32} {password:<16} {merchant or ''}")


@main.command("demo-feed")
@click.option("--interval", type=click.FloatRange(min=0.05), default=None,
              help="Average seconds between orders; each gap varies by a third either way.  [default: 3]")
@click.option("--rate", type=click.FloatRange(min=0.1, max=1200), default=None,
              help="Orders per minute instead of --interval.")
@click.option("--once", type=click.IntRange(min=1), default=None, metavar="N",
              help="Place N orders back to back, then exit (for tests and scripts).")
@click.option("--seed", type=int, default=None, help="Random seed, for a reproducible sequence of orders.")
@click.option("--floor/--no-floor", default=True, show_default=True,
              help="Whether a simulated picker, packer and carrier work the orders off.")
def demo_feed(interval: float | None, rate: float | None, once: int | None, seed: int | None, floor: bool) -> None:
    """Place realistic orders for the demo merchants at a steady pace (started by `make run`)."""
    from backend.core.logging import configure_logging
    from backend.demo.feed import DemoDataMissing, FeedGaveUp, run_feed

    if interval is not None and rate is not None:
        raise click.UsageError("Give either --interval or --rate, not both")
    configure_logging(production=get_settings().app.is_production)
    try:
        _run(run_feed(interval=60 / rate if rate else interval or 3.0, once=once, seed=seed, floor=floor))
    except (DemoDataMissing, FeedGaveUp) as problem:
        raise click.ClickException(str(problem)) from None


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=None, help="Defaults to PORT (8000).")
@click.option("--workers", type=int, default=1, show_default=True)
def serve(host: str, port: int | None, workers: int) -> None:
    """Run the API (GraphQL, websockets, health, metrics, the dashboard)."""
    import uvicorn

    settings = get_settings()
    uvicorn.run(
        "backend.app:create_app",
        factory=True,
        host=host,
        port=port or settings.app.port,
        workers=workers,
        proxy_headers=True,
        forwarded_allow_ips=settings.app.forwarded_allow_ips,
        log_config=None,
        access_log=False,
        ws_max_size=1 << 20,
        # Live events are small and each would be compressed separately for every subscriber: compression
        # would cost more CPU than the bandwidth it saves.
        ws_per_message_deflate=False,
    )


@main.command()
@click.option("--check", is_flag=True, help="Exit 0 when a worker reported healthy recently, 1 otherwise.")
def worker(check: bool) -> None:
    """Run the background worker (outbox relay, scheduled jobs, queued tasks)."""
    from arq import run_worker
    from arq.worker import check_health

    from worker.settings import WorkerSettings

    if check:
        sys.exit(check_health(WorkerSettings))
    run_worker(WorkerSettings)


@main.command("check-internals")
def check_internals() -> None:
    """Check that the library internals Packline overrides are there (the API and the worker check at start)."""
    from backend.api.engine.selfcheck import check_internals as check
    from backend.core.internals import InternalsChanged

    try:
        libraries = check()
    except InternalsChanged as error:
        raise click.ClickException(str(error)) from None
    for line in libraries:
        click.echo(line)
    click.echo("Every library internal Packline relies on is there.")


@main.command("export-schema")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=ROOT / "schema.graphql", show_default=True)
@click.option("--check", is_flag=True, help="Fail when the file differs from the code's schema.")
def export_schema(output: Path, check: bool) -> None:
    """Write the GraphQL schema (SDL) the code defines."""
    from backend.api.schema import schema_sdl

    sdl = schema_sdl()
    if check:
        if not output.exists() or output.read_text() != sdl:
            raise click.ClickException(f"{output} is out of date: run `packline export-schema`")
        click.echo(f"{output} matches the code.")
        return
    output.write_text(sdl)
    click.echo(f"Wrote {output}")


if __name__ == "__main__":
    os.environ.setdefault("PICCOLO_CONF", "backend.piccolo_conf")
    main()

"""`ogi serve`: browse the catalog in Datasette, read-only, on 127.0.0.1 by default."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import click

from archive import ArchiveError
from scheduler.options import archive_option


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (0.0.0.0 exposes it).")
@click.option("-p", "--port", default=8001, show_default=True, help="Port; 0 picks a free one (printed).")
@archive_option
def serve_command(host: str, port: int, archive_dir: Path) -> None:
    """Serve the catalog with Datasette, read-only: tables, facets, canned queries, search, series and charts.

    Prints the URL it listens on, then serves until Ctrl-C.
    """
    import uvicorn

    from scheduler.datasette import make_datasette

    try:
        datasette = make_datasette(archive_dir)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port} ({exc}); try another --port, or --port 0") from exc
    bound_port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"ogi serve: http://{shown}:{bound_port}/ (read-only catalog {archive_dir}; Ctrl-C to stop)")
    sys.stdout.flush()
    config = uvicorn.Config(datasette.app(), log_level="warning", lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])


COMMANDS = [serve_command]

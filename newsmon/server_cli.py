"""`newsmon server start|status|stop`: newsmon's own local Prefect server (newsmon/server.py)."""

from __future__ import annotations

import typer

from newsmon import server
from newsmon.cli_common import ConfigOption, fail, settings_or_exit

server_app = typer.Typer(help="newsmon's local Prefect server, shared by run and serve.")


@server_app.command("start")
def start(config: ConfigOption = None) -> None:
    """Start the local Prefect server in the background (run and serve start it if needed)."""
    settings = settings_or_exit(config)
    try:
        api = server.standing(settings, typer.echo)
    except server.ServerError as exc:
        fail(str(exc), 1)
    typer.echo(f"running: {api.removesuffix('/api')}")


@server_app.callback(invoke_without_command=True)
def server_group(ctx: typer.Context, config: ConfigOption = None) -> None:
    """newsmon's local Prefect server: without a subcommand, its status."""
    if ctx.invoked_subcommand is None:
        status(config)


@server_app.command("status")
def status(config: ConfigOption = None) -> None:
    """Say whether the local Prefect server is running, and where its UI is."""
    settings = settings_or_exit(config)
    url = f"http://{server.HOST}:{settings.config.server.port}"
    if server.healthy(f"{url}/api"):
        typer.echo(f"running: {url} (state in {server.server_home(settings)})")
    else:
        typer.echo(f"not running (port {settings.config.server.port}); `newsmon run` starts it")


@server_app.command("stop")
def stop(config: ConfigOption = None) -> None:
    """Stop the local Prefect server (the next run or serve starts it again)."""
    settings = settings_or_exit(config)
    typer.echo("stopped" if server.stop_standing(settings) else "it was not running")

"""`kefu hotline`: what the operator needs to connect the shop's PBX (docs/pbx.md)."""

from __future__ import annotations

import typer

from kefu.config import get_settings

hotline_app = typer.Typer(help="The hotline desk (热线) and its PBX.", no_args_is_help=True)


@hotline_app.command("pbx-token")
def pbx_token() -> None:
    """Print the token the PBX sends with its call events (KEFU_PBX_TOKEN, else the one
    generated in the data folder on first use)."""
    typer.echo(get_settings().pbx_key)

"""The speed baseline: a one-command Typer app that prints a fixed JSON line.

`cx define AHT --json` is measured against this (same interpreter, same Typer),
so the ratio says what cx itself costs on top of the framework floor.
"""

import typer

app = typer.Typer()


@app.command()
def define(query: str, json_output: bool = typer.Option(False, "--json")) -> None:
    typer.echo('{"query": "AHT", "found": true}')


if __name__ == "__main__":
    app()

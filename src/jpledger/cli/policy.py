"""`jpledger policy`: show the active JP conversion policy, check a policy file, put a new one in use."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from jpledger.cli.common import note, open_for_read, open_for_write, print_json

app = typer.Typer(no_args_is_help=True)

FileArg = Annotated[Path, typer.Argument(help="A policy YAML file.", show_default=False)]


class PolicyFormat(str, Enum):
    yaml = "yaml"
    json = "json"


@app.command("show")
def show(ctx: typer.Context,
         fmt: Annotated[PolicyFormat, typer.Option("--format", "-f", help="yaml or json.")] = PolicyFormat.yaml
         ) -> None:
    """Print the policy new entries are credited under (a file `policy check` accepts).

    Example: jpledger policy show > my-policy.yaml
    """
    from jpledger.core.policy import dump_policy, policy_as_dict
    from jpledger.store.ledger import active_policy

    ledger = open_for_read(ctx)
    with ledger.read() as conn:
        version, policy, _ = active_policy(conn)
    if fmt is PolicyFormat.json:
        print_json(policy_as_dict(policy) | {"version": version})
    else:
        typer.echo(f"# policy version {version} of this ledger")
        typer.echo(dump_policy(policy), nl=False)


@app.command("check")
def check(ctx: typer.Context, file: FileArg) -> None:
    """Check a policy file without using it; every problem names its key and line.

    Example: jpledger policy check examples/policy-60-minutes.yaml
    """
    from jpledger.core.policy import load_policy_file

    policy, _ = load_policy_file(file)
    note(ctx, f"{file}: ok, {policy.name}: {len(policy.kinds)} kinds, {policy.minutes_per_jp} minutes per JP")


@app.command("use")
def use(ctx: typer.Context, file: FileArg) -> None:
    """Store a new policy version and credit new entries under it; past credits are kept as they were.

    Example: jpledger policy use examples/policy-60-minutes.yaml
    """
    from jpledger.store.db import trail
    from jpledger.store.ledger import store_policy
    from jpledger.core.policy import load_policy_file

    policy, text = load_policy_file(file)
    ledger = open_for_write(ctx)
    with ledger.write() as conn:
        version = store_policy(conn, policy.name, text)
        trail(conn, "policy use", {"version": version, "name": policy.name, "file": str(file)})
    note(ctx, f"policy version {version} in use: {policy.name}; entries already recorded keep their credit")

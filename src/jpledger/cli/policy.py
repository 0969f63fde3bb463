"""`jpledger policy`: show the active JP conversion policy, check a policy file, put a new one in use."""


from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from jpledger.cli.common import created_note, runtime, say
from jpledger.cli.render import print_json
from jpledger.i18n import _

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
    from jpledger.app.policy import current
    from jpledger.core.policy import dump_policy, policy_as_dict

    version, policy = current(runtime(ctx))
    if fmt is PolicyFormat.json:
        print_json(policy_as_dict(policy) | {"version": version})
    else:
        typer.echo("# " + _("policy version {version} of this ledger").format(version=version))
        typer.echo(dump_policy(policy, _("JP conversion policy: {name}")), nl=False)


@app.command("check")
def check(ctx: typer.Context, file: FileArg) -> None:
    """Check a policy file without using it; every problem names its key and line.

    Example: jpledger policy check examples/policy-60-minutes.yaml
    """
    from jpledger.app.policy import check_file

    policy = check_file(file)
    say(ctx, "POLICY_OK", file=file, name=policy.name, kinds=len(policy.kinds), minutes=policy.minutes_per_jp)


@app.command("use")
def use(ctx: typer.Context, file: FileArg) -> None:
    """Store a new policy version and credit new entries under it; past credits are kept as they were.

    Example: jpledger policy use examples/policy-60-minutes.yaml
    """
    from jpledger.app.policy import use as store

    rt = runtime(ctx)
    version, policy = store(rt, file)
    created_note(ctx, rt)
    say(ctx, "POLICY_IN_USE", version=version, name=policy.name)

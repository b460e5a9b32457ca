"""bcss-sim: the command line. Thin: one command = one library call; errors are one line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from simulator import __version__
from simulator.config import DEFAULT_DATA_DIR, DEFAULT_SEED, DEFAULT_SIZE, Settings
from simulator.errors import SimulatorError


class Group(click.Group):
    """Turns every SimulatorError into one line on stderr and exit status 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except SimulatorError as exc:
            click.echo(f"bcss-sim: {exc}", err=True)
            sys.exit(2)


data_option = click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
                           default=DEFAULT_DATA_DIR, show_default=True, help="Data directory (worlds, sandboxes, journals).")


def _progress_bar(label: str):
    bar = {"bar": None}

    def progress(done: int, total: int) -> None:
        if bar["bar"] is None:
            bar["bar"] = click.progressbar(length=total, label=label, file=sys.stderr)
            bar["bar"].__enter__()
        bar["bar"].update(done - bar["bar"].pos)
        if done >= total:
            bar["bar"].__exit__(None, None, None)

    return progress


@click.group(cls=Group)
@click.version_option(__version__, prog_name="bcss-sim")
def main():
    """A local, faithful, stateful simulator of the BCSS/KSZ network as a CPAS uses it."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True, type=int)
@data_option
@click.option("--organizations", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Organisations file (YAML); default: the demo CPAS shipped with the simulator.")
@click.option("--workers", type=int, default=None, help="Server processes (default: 2 per core, 2..8).")
@click.option("--size", type=int, default=DEFAULT_SIZE, show_default=True, help="People in the world built on first start.")
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True, help="Seed of the world built on first start.")
@click.option("--personas", "personas", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Persona files/folders of your own for the world built on first start (repeatable).")
@click.option("--max-sandboxes", type=int, default=Settings.max_sandboxes, show_default=True)
@click.option("--sandbox-idle", type=int, default=Settings.sandbox_idle_seconds, show_default=True,
              help="Seconds after which an unused sandbox is deleted (0 = never).")
@click.option("--journal-keep", type=int, default=Settings.journal_keep, show_default=True,
              help="Newest journal entries kept per sandbox.")
def serve(host, port, data_dir, organizations, workers, size, seed, personas, max_sandboxes, sandbox_idle,
          journal_keep):
    """Serve every BCSS endpoint (building the default world on first start)."""
    from simulator.access.organizations import Organisations
    from simulator.server import check_port, prepare
    from simulator.server import serve as run

    settings = Settings(data_dir=data_dir, organizations=organizations, size=size, seed=seed,
                        personas=tuple(personas), max_sandboxes=max_sandboxes, sandbox_idle_seconds=sandbox_idle,
                        journal_keep=journal_keep)
    organisations = Organisations.load(organizations)  # a bad file fails before any work
    check_port(host, port)
    summary = prepare(settings, progress=_progress_bar(f"Building a world of {size} people"))
    if summary:
        click.echo(f"bcss-sim: built {summary['people']} people in {summary['seconds']:.1f} s", err=True)
    run(settings, host, port, workers, organisations)


@main.group()
def population():
    """Generate synthetic populations."""


@population.command("generate")
@click.option("--size", type=int, default=DEFAULT_SIZE, show_default=True)
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="SQLite file to write.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.option("--personas", "personas", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="A persona file or folder of your own (repeatable), merged with the built-in ones.")
def generate(size, seed, out, force, personas):
    """Generate a seeded world of SIZE people into OUT."""
    from simulator.population.generator import generate as run

    if size < 1:
        raise SimulatorError("--size must be at least 1")
    if out.exists() and not force:
        raise SimulatorError(f"{out} exists; use --force to overwrite it")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.unlink(missing_ok=True)
    summary = run(size, seed, tmp, progress=_progress_bar(f"Generating {size} people"), personas=personas)
    tmp.replace(out)
    click.echo(json.dumps(summary, indent=2, default=str))


@main.command()
@click.argument("ssin")
@data_option
@click.option("--sandbox", default="default", show_default=True)
def person(ssin, data_dir, sandbox):
    """Show one person (everything the world knows) as JSON."""
    from simulator.jsonable import jsonable
    from simulator.sandbox import Sandboxes
    from simulator.world.dossier import dossier

    sandboxes = Sandboxes(Settings(data_dir=data_dir))
    box = sandboxes.get(sandbox)
    found = dossier(box.world, ssin, at=box.now().date())
    click.echo(json.dumps(jsonable(found), indent=2, ensure_ascii=False))


url_option = click.option("--url", default="http://127.0.0.1:8080", show_default=True, envvar="BCSS_SIM_URL",
                          help="Base URL of a running simulator.")


def _admin(url: str):
    from simulator.admin.client import AdminClient

    return AdminClient(url)


def _print(value) -> None:
    click.echo(json.dumps(value, indent=2, ensure_ascii=False))


@main.group()
def sandbox():
    """Create, list, reset and delete sandboxes of a running simulator."""


@sandbox.command("create")
@click.argument("name")
@click.option("--seed", type=int, default=None, help="Seed of the sandbox's world (default: the server's).")
@click.option("--size", type=int, default=None, help="People in the sandbox's world (default: the server's).")
@url_option
def sandbox_create(name, seed, size, url):
    """Create sandbox NAME (a copy of the base world, or a world of its own seed/size)."""
    _print(_admin(url).create_sandbox(name, seed=seed, size=size))


@sandbox.command("list")
@url_option
def sandbox_list(url):
    """List the sandboxes."""
    _print(_admin(url).list_sandboxes())


@sandbox.command("reset")
@click.argument("name")
@url_option
def sandbox_reset(name, url):
    """Put sandbox NAME back to its base world (clock included; the journal is kept)."""
    _print(_admin(url).reset_sandbox(name))


@sandbox.command("delete")
@click.argument("name")
@url_option
def sandbox_delete(name, url):
    """Delete sandbox NAME."""
    _print(_admin(url).delete_sandbox(name))


@main.group()
def clock():
    """Read and move a sandbox's clock."""


@clock.command("show")
@click.option("--sandbox", "name", default="default", show_default=True)
@url_option
def clock_show(name, url):
    """The sandbox's now, and whether it is frozen."""
    _print(_admin(url).clock(name))


@clock.command("set")
@click.argument("now")
@click.option("--frozen", is_flag=True, help="Stop the clock at NOW (default: it runs on from NOW).")
@click.option("--sandbox", "name", default="default", show_default=True)
@url_option
def clock_set(now, frozen, name, url):
    """Set the sandbox's clock to NOW (ISO date or date-time)."""
    _print(_admin(url).set_clock(name, now, frozen=frozen))


@clock.command("advance")
@click.argument("duration")
@click.option("--sandbox", "name", default="default", show_default=True)
@url_option
def clock_advance(duration, name, url):
    """Move the sandbox's clock by DURATION (ISO-8601: P30D, P1M, PT2H)."""
    _print(_admin(url).advance_clock(name, duration))


@main.group()
def scenario():
    """Check and load scenario files (stories played over a sandbox's time)."""


@scenario.command("validate")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def scenario_validate(file):
    """Check FILE; errors name the file and line."""
    from simulator.scenario.file import load

    story = load(file)
    click.echo(f"{file}: scenario {story.name} is valid ({len(story.personas)} personas, {len(story.timeline)} "
               f"events, {len(story.stubs)} stubs, {len(story.outages)} outages)")


@scenario.command("list")
def scenario_list():
    """The ready stories shipped with the simulator."""
    from simulator.scenario import stories
    from simulator.scenario.file import load

    for name, path in stories.ready().items():
        click.echo(f"{name}: {load(path).description.strip().splitlines()[0] if load(path).description else ''}")


@scenario.command("load")
@click.argument("file")
@click.option("--sandbox", "name", default="default", show_default=True)
@url_option
def scenario_load(file, name, url):
    """Load FILE (or a ready story by name) into a sandbox of a running simulator."""
    from simulator.scenario.file import load

    path = Path(file)
    text = path.read_text(encoding="utf-8") if path.is_file() else file
    if path.is_file():
        load(path)  # check locally first: the errors then name the file and line
    _print(_admin(url).load_scenario(name, text))


@main.group()
def conformance():
    """Judge a CPAS client: run a test plan against it and write the reports."""


@conformance.command("plans")
def conformance_plans():
    """List the ready test plans."""
    from simulator.conformance import plan

    for name in plan.names():
        ready = plan.find(name)
        click.echo(f"{name}: {len(ready.cases)} cases — {ready.title}")


@conformance.command("run")
@click.option("--plan", "plan_name", required=True, help="A ready plan's name, or a plan file.")
@click.option("--client-cmd", help="Command template run per action, e.g. 'myclient {action} --ssin {ssin} "
                                   "--endpoint {endpoint}'; the last line it prints is the JSON outcome.")
@click.option("--client-url", help="The client's test hook: the bench POSTs each action there as JSON.")
@click.option("--manual", is_flag=True, help="A person performs each action and types done / skip / JSON.")
@click.option("--reference-client", is_flag=True, help="Run the built-in reference client (a demo, a baseline).")
@click.option("--flaw", "flaws", multiple=True, help="With --reference-client: break it on purpose (repeatable).")
@click.option("--url", default=None, envvar="BCSS_SIM_URL",
              help="A running simulator; without it one is started over --data for the run.")
@data_option
@click.option("--junit", type=click.Path(dir_okay=False, path_type=Path), help="Write JUnit XML here.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), help="Write the JSON report here.")
@click.option("--html", type=click.Path(dir_okay=False, path_type=Path), help="Write the HTML report here.")
@click.option("--expected-failures", type=click.Path(dir_okay=False, path_type=Path),
              help="Cases known to fail ('CASE-ID reason' per line): reported, not counted against the verdict.")
@click.option("--keep-sandbox", is_flag=True, help="Leave the run's sandbox for inspection.")
def conformance_run(plan_name, client_cmd, client_url, manual, reference_client, flaws, url, data_dir, junit,
                    json_out, html, expected_failures, keep_sandbox):
    """Play a plan against the client; exit status 1 when a case fails (2 on a usage error)."""
    from simulator.conformance import bench

    chosen = [o for o, v in (("--client-cmd", client_cmd), ("--client-url", client_url), ("--manual", manual),
                             ("--reference-client", reference_client)) if v]
    if len(chosen) != 1:
        raise SimulatorError("give exactly one of --client-cmd, --client-url, --manual or --reference-client"
                             + (f" (got {', '.join(chosen)})" if chosen else ""))
    if flaws and not reference_client:
        raise SimulatorError("--flaw breaks the reference client: use it with --reference-client")
    result = bench.run_plan(plan_name, client_cmd=client_cmd, client_url=client_url, manual=manual,
                            reference_flaws=flaws if reference_client else None, url=url, data_dir=data_dir,
                            junit=junit, json_out=json_out, html=html, expected_failures=expected_failures,
                            keep_sandbox=keep_sandbox, progress=lambda c: click.echo(bench.case_line(c), err=True))
    click.echo(bench.verdict_line(result))
    sys.exit(1 if result.unexpected_failures else 0)


@conformance.command("reference-client")
@click.argument("action")
@click.option("--endpoint", required=True, help="The sandbox's base URL (the BCSS host for the client).")
@click.option("--params", "params_json", default="{}", show_default=True, help="The action's parameters as JSON.")
@click.option("--flaw", "flaws", multiple=True, help="Break the client on purpose (repeatable).")
def conformance_reference_client(action, endpoint, params_json, flaws):
    """Perform one action as the reference client; print the outcome as JSON."""
    from simulator.conformance.reference_client import FLAWS, ReferenceClient

    unknown = sorted(set(flaws) - set(FLAWS))
    if unknown:
        raise SimulatorError(f"unknown flaw {', '.join(unknown)} (known: {', '.join(FLAWS)})")
    try:
        params = json.loads(params_json)
    except ValueError:
        raise SimulatorError(f"--params is not JSON: {params_json!r}") from None
    click.echo(json.dumps(ReferenceClient(endpoint.rstrip("/"), flaws=frozenset(flaws)).perform(action, params)))


if __name__ == "__main__":
    main()

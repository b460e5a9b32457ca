"""Organisations that may call the simulator (fixtures/organizations.yaml or --organizations FILE).

Each entry is one customer of the network: a CPAS with its CBE (KBO/BCE) number, NIS code, sector
and institution (17/1 for every CPAS), SSDN user, optional HTTP Basic credentials, and optionally
the services and legal contexts it may use. Integrations belong to the organisation that registered them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from simulator.errors import SimulatorError
from simulator.resources import fixture
from simulator.world import ssin as numbers

REQUIRED = ("cbe", "name", "nis", "sector", "institution", "ssdn_user_id", "ssdn_email")


@dataclass(frozen=True)
class Organisation:
    cbe: str
    name: str
    nis: int
    sector: int
    institution: int
    ssdn_user_id: str
    ssdn_email: str
    username: str | None = None
    password: str | None = None
    services: tuple[str, ...] = ()  # empty = every service
    legal_contexts: tuple[str, ...] = ()  # empty = every legal context the service accepts
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def may_use(self, service: str) -> bool:
        return not self.services or service in self.services

    def as_dict(self) -> dict:
        return {
            "cbe": self.cbe, "name": self.name, "nis": self.nis, "sector": self.sector,
            "institution": self.institution, "ssdn_user_id": self.ssdn_user_id,
            "ssdn_email": self.ssdn_email, "username": self.username,
            "services": list(self.services), "legal_contexts": list(self.legal_contexts),
        }


class Organisations:
    """The registry of known callers, with the lookups the wire needs."""

    def __init__(self, organisations: list[Organisation], source: str = "<memory>"):
        self.source = source
        self.all = list(organisations)
        self.by_cbe = {o.cbe: o for o in self.all}
        self.by_username = {o.username: o for o in self.all if o.username}
        self.by_ssdn_user = {o.ssdn_user_id: o for o in self.all}
        if len(self.by_cbe) != len(self.all):
            raise SimulatorError(f"{source}: two organisations share a CBE number")

    @classmethod
    def load(cls, path: Path | str | None = None) -> "Organisations":
        path = Path(path) if path else fixture("organizations.yaml")
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise SimulatorError(f"cannot read organisations file {path}: {exc.strerror}") from None
        except yaml.YAMLError as exc:
            raise SimulatorError(f"{path}: not valid YAML ({exc.__class__.__name__})") from None
        entries = raw.get("organizations") if isinstance(raw, dict) else raw
        if not isinstance(entries, list) or not entries:
            raise SimulatorError(f"{path}: expected a list 'organizations:' with at least one entry")
        return cls([_parse(entry, i, path) for i, entry in enumerate(entries, 1)], str(path))

    def by_sector(self, sector: int | None, institution: int | None) -> list[Organisation]:
        return [o for o in self.all if o.sector == sector and o.institution == institution]


def _parse(entry: object, index: int, path: Path) -> Organisation:
    where = f"{path}: organisation #{index}"
    if not isinstance(entry, dict):
        raise SimulatorError(f"{where} is not a mapping")
    missing = [k for k in REQUIRED if entry.get(k) in (None, "")]
    if missing:
        raise SimulatorError(f"{where} lacks {', '.join(missing)}")
    cbe = numbers.normalize(str(entry["cbe"])).zfill(10)
    if not numbers.kbo_is_valid(cbe):
        raise SimulatorError(f"{where}: cbe {entry['cbe']} is not a valid KBO/BCE number")
    user = str(entry["ssdn_user_id"])
    if len(user) != 11 or not user.isdigit():
        raise SimulatorError(f"{where}: ssdn_user_id must be 11 digits (an SSIN or program id)")
    known = set(REQUIRED) | {"username", "password", "services", "legal_contexts"}
    try:
        return Organisation(
            cbe=cbe,
            name=str(entry["name"]),
            nis=int(entry["nis"]),
            sector=int(entry["sector"]),
            institution=int(entry["institution"]),
            ssdn_user_id=user,
            ssdn_email=str(entry["ssdn_email"]),
            username=str(entry["username"]) if entry.get("username") else None,
            password=str(entry["password"]) if entry.get("password") is not None else None,
            services=tuple(entry.get("services") or ()),
            legal_contexts=tuple(entry.get("legal_contexts") or ()),
            extra={k: v for k, v in entry.items() if k not in known},
        )
    except (TypeError, ValueError) as exc:
        raise SimulatorError(f"{where}: {exc}") from None

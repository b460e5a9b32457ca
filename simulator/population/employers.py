"""The world's employers: KBO and ONSS numbers, names, joint committees, where they sit.

A pool of about one employer per 30 people, drawn once per world; their sizes follow a long tail
(a few large employers, many small ones) and workers mostly find an employer in their own region.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.population.builder import Builder
from simulator.population.reference import Weighted
from simulator.world import ssin as numbers

PEOPLE_PER_EMPLOYER = 30  # [E]
MIN_EMPLOYERS = 40
SAME_REGION = 0.8  # [E] workers employed in their region of residence
JOINT_COMMITTEES = {  # [E] share of jobs by joint committee (domain-facts §4.3 lists the frequent ones)
    "200": 22, "330": 10, "322": 8, "124": 7, "302": 7, "100": 6, "140": 6, "311": 5, "118": 4, "201": 4,
    "322.01": 4, "202": 3, "319": 3, "329": 3, "318": 2, "337": 2, "144": 1, "145": 1,
}
MANUAL_SHARE = {  # [E] share of manual workers (DmfA worker code 015, else 495 white-collar)
    "100": 1.0, "118": 0.8, "124": 0.9, "140": 0.8, "144": 1.0, "145": 1.0, "200": 0.0, "201": 0.1, "202": 0.0,
    "302": 0.7, "311": 0.1, "318": 0.3, "319": 0.2, "322": 0.6, "322.01": 1.0, "329": 0.1, "330": 0.2, "337": 0.1,
}
SECTOR_WORDS = {  # a word of the company name per joint committee and language
    "124": {"fr": "Construction", "nl": "Bouw", "de": "Bau"},
    "140": {"fr": "Transports", "nl": "Transport", "de": "Transporte"},
    "302": {"fr": "Brasserie", "nl": "Brasserie", "de": "Brasserie"},
    "118": {"fr": "Boulangerie", "nl": "Bakkerij", "de": "Bäckerei"},
    "322": {"fr": "Intérim", "nl": "Interim", "de": "Interim"},
    "322.01": {"fr": "Titres-Services", "nl": "Dienstencheques", "de": "Dienstleistungen"},
    "330": {"fr": "Clinique", "nl": "Zorgcentrum", "de": "Klinik"},
    "201": {"fr": "Magasin", "nl": "Winkel", "de": "Geschäft"},
    "311": {"fr": "Supermarché", "nl": "Supermarkt", "de": "Supermarkt"},
}
LEGAL_FORMS = {"fr": ("SA", "SRL", "SC"), "nl": ("NV", "BV", "CV"), "de": ("AG", "GmbH", "Gen")}


def onss_number(serial: int) -> str:
    """An ONSS/RSZ registration number: 7-digit serial + 2 check digits (format NNNNNNNCC).

    The check digits make the 9-digit number 96 modulo 97; both bounds of the ONSS glossary's range
    of definitive numbers, 100006 and 199999934, follow that rule (derived, not documented)."""
    base = serial * 100
    return f"{base + 96 - base % 97:09d}"


def onss_is_valid(number: str) -> bool:
    return len(number) == 9 and number.isdigit() and int(number) % 97 == 96 and 100006 <= int(number) <= 199999934


@dataclass(frozen=True, slots=True)
class EmployerRecord:
    kbo: str
    onss: str
    name: str
    joint_committee: str
    nis: int
    region: str  # BRU | VLG | WAL

    @property
    def manual_share(self) -> float:
        return MANUAL_SHARE[self.joint_committee]


class Employers:
    def __init__(self, b: Builder, people: int) -> None:
        self.b = b
        rng = b.rng
        count = max(MIN_EMPLOYERS, people // PEOPLE_PER_EMPLOYER)
        committees = Weighted(JOINT_COMMITTEES.items())
        kbos: set[str] = set()
        serials: set[int] = set()
        self.all: list[EmployerRecord] = []
        by_region: dict[str, list[tuple[EmployerRecord, float]]] = {"BRU": [], "VLG": [], "WAL": []}
        by_committee: dict[str, list[tuple[EmployerRecord, float]]] = {}
        while len(self.all) < count:
            kbo = numbers.make_kbo(rng.randrange(2_000_000, 9_999_999))
            serial = rng.randrange(1_000_000, 2_000_000)
            if kbo in kbos or serial in serials:
                continue
            kbos.add(kbo)
            serials.add(serial)
            m = b.ref.residence.pick(rng)
            lang = "fr" if m.language == "fr-nl" and rng.random() < 0.8 else m.language.split("-")[-1]
            jc = committees.pick(rng)
            word = SECTOR_WORDS.get(jc, {}).get(lang)
            owner = b.last_name(lang if lang in ("fr", "nl", "de") else "fr")
            name = " ".join(x for x in (word, owner, rng.choice(LEGAL_FORMS[lang])) if x)
            employer = EmployerRecord(kbo, onss_number(serial), name, jc, m.nis, m.region)
            size = 1.0 / (1.0 - rng.random()) ** 1.2  # long tail of employer sizes
            self.all.append(employer)
            by_region[m.region].append((employer, size))
            by_committee.setdefault(jc, []).append((employer, size))
        self.everywhere = Weighted((e, 1.0) for e in self.all)
        self.in_region = {r: Weighted(pairs) for r, pairs in by_region.items() if pairs}
        self.in_committee = {jc: Weighted(pairs) for jc, pairs in by_committee.items()}
        self.by_kbo = {e.kbo: e for e in self.all}
        self.extra: list[EmployerRecord] = []  # the personas' employers, outside the random draws
        self.fixed: list[EmployerRecord] | None = None  # while a persona is built: its file's employers only

    def rows(self) -> list[tuple]:
        return [(e.kbo, e.onss, e.name, e.joint_committee, "000", e.nis) for e in self.all + self.extra]

    def pick(self, region: str | None) -> EmployerRecord:
        if self.fixed:
            return self.b.rng.choice(self.fixed)
        region = "WAL" if region == "DG" else region
        if region in self.in_region and self.b.chance(SAME_REGION):
            return self.in_region[region].pick(self.b.rng)
        return self.everywhere.pick(self.b.rng)

    def in_sector(self, jc: str) -> EmployerRecord:
        """An employer of one joint committee (flexi-jobs are horeca, 302); any when there is none."""
        if self.fixed:
            return self.b.rng.choice(self.fixed)
        picker = self.in_committee.get(jc)
        return picker.pick(self.b.rng) if picker else self.everywhere.pick(self.b.rng)

    def add(self, record: EmployerRecord) -> bool:
        """A persona's employer; False when it is already in the pool."""
        if record.kbo in self.by_kbo:
            return False
        self.by_kbo[record.kbo] = record
        self.extra.append(record)
        return True

"""The National Register information types (IT groups) a RetrieveTIGroups reply carries.

Each builder turns the world's data about one person into the ``rn25Schema`` elements of one group,
in the structure real TX25 replies use: every item has ``Type`` (the IT code) and ``Structure``
attributes, dates are {Century, Year, Month, Day}, end of validity goes in ``DelDate``, coded values
are {Code, Label} with the label in the requested language. With ``history`` every entry is
returned, current first; without it only the entries valid at the sandbox's today.

Groups are emitted in FileInfoType order; the order of ``GROUPS`` below *is* that order.

The groups are written as XML text and parsed once: a reply holds well over a hundred elements, and
one libxml2 parse costs a fraction of creating them one by one through lxml (measured by
benchmarks/wire.py, where this is the hottest path).
"""

from __future__ import annotations

import datetime as dt
import zlib
from xml.sax.saxutils import escape

from lxml import etree

from simulator.soap import ns
from simulator.world.model import covers

NSMAP_DECL = f'xmlns:r="{ns.RN25}"'

# IT001 "Language" of the register file. [INF] 1 = Dutch, 2 = French (German-speaking communes'
# files appear with 2 in real replies).
FILE_LANGUAGE = {"nl": "1", "fr": "2", "de": "2"}

SEX = {1: "1", 2: "2"}


def _leaf(tag: str, text) -> str:
    return f"<r:{tag}>{escape(str(text))}</r:{tag}>"


def _wrap(tag: str, *inner: str) -> str:
    return f"<r:{tag}>{''.join(inner)}</r:{tag}>"


def _date(tag: str, value) -> str:
    """A DateType from a date or an incomplete 'yyyy-mm-dd' string (00 = unknown part)."""
    if isinstance(value, str):
        year, month, day = (int(p) for p in value.split("-"))
    else:
        year, month, day = value.year, value.month, value.day
    return (f"<r:{tag}><r:Century>{year // 100:02d}</r:Century><r:Year>{year % 100:02d}</r:Year>"
            f"<r:Month>{month:02d}</r:Month><r:Day>{day:02d}</r:Day></r:{tag}>")


def _item(tag: str, it: str, structure: str, begin, end, *inner: str) -> str:
    """One IT item: Type/Structure attributes, Date, DelDate when it ended, then its content."""
    deleted = _date("DelDate", end) if end is not None else ""
    return (f'<r:{tag} Type="{it}" Structure="{structure}">{_date("Date", begin)}{deleted}'
            f"{''.join(inner)}</r:{tag}>")


def _code_label(tag: str, code, label) -> str:
    return f"<r:{tag}><r:Code>{escape(str(code))}</r:Code><r:Label>{escape(label or '')}</r:Label></r:{tag}>"


def name_code(name: str) -> str:
    """The Register's 8-digit code for a name; stable for the same spelling."""
    return f"{zlib.crc32(name.encode('utf-8')) % 100_000_000:08d}"


def _name(tag: str, last_name: str, first_names) -> str:
    firsts = "".join(_code_label("FirstName", name_code(f), f) for f in first_names)
    return _wrap(tag, _code_label("LastName", name_code(last_name), last_name), firsts)


def _national_number(tag: str, person) -> str:
    sex = _leaf("Sex", SEX[person.gender]) if person.gender in SEX else ""
    return _wrap(tag, _leaf("NationalNumber", person.ssin), _date("Date", person.birth_date), sex)


def _valid(begin, end, today, history) -> bool:
    return history or covers(begin, end, today)


def _localized(row: dict | None, lang: str, fallback: str = "") -> str:
    if not row:
        return fallback
    return row.get(f"name_{lang}") or row.get("name_fr") or row.get("name_nl") or fallback


class Context:
    """What every group builder needs: the world, the person, the language, the date, history."""

    def __init__(self, world, person, lang: str, today: dt.date, history: bool):
        self.world, self.person, self.lang, self.today, self.history = world, person, lang, today, history
        self.addresses = world.addresses(person.ssin)  # three groups read them

    def municipality_name(self, nis) -> str:
        return _localized(self.world.municipality(nis), self.lang, str(nis))

    def country_name(self, code) -> str:
        return _localized(self.world.country(code), self.lang, str(code))


def national_number(ctx: Context) -> str:  # IT000
    return (f'<r:NationalNumber Type="000" Structure="A1">'
            f'{_national_number("NationalNumber", ctx.person)}</r:NationalNumber>')


def file_owner(ctx: Context) -> str:  # IT001: the commune (or country) managing the file
    items = []
    for address in ctx.addresses:
        if not _valid(address.begin, address.end, ctx.today, ctx.history):
            continue
        if address.nis:
            residence = _code_label("Residence", f"{address.nis:05d}", ctx.municipality_name(address.nis))
        else:
            residence = _code_label("Residence", f"{address.country:03d}", ctx.country_name(address.country))
        items.append(_item("Residences", "001", "A1", address.begin, address.end, residence, _leaf("Fusion", "0"),
                           _leaf("Language", FILE_LANGUAGE.get(ctx.person.language, "2"))))
    return _wrap("FileOwner", *items) if items else ""


def names(ctx: Context) -> str:  # IT010
    person = ctx.person
    return _wrap("Names", _item("Name", "010", "A1", person.birth_date, None,
                                _name("Name", person.last_name, person.first_names)))


def legal_main_addresses(ctx: Context) -> str:  # IT020
    items = [
        _item("LegalMainAddress", "020", "A1", a.begin, a.end, _wrap(
            "Address", _leaf("ZipCode", a.postal_code),
            _code_label("Street", a.street_code, a.street(ctx.lang) or ""),
            _leaf("HouseNumber", a.house_number), _leaf("Box", a.box) if a.box else ""))
        for a in ctx.addresses
        if a.kind == "LEGAL" and a.nis and _valid(a.begin, a.end, ctx.today, ctx.history)
    ]
    return _wrap("LegalMainAddresses", *items) if items else ""


def nationalities(ctx: Context) -> str:  # IT031
    items = [
        _item("Nationality", "031", "B1", n.begin or ctx.person.birth_date, n.end,
              _code_label("Nationality", f"{n.country:03d}", ctx.country_name(n.country)))
        for n in ctx.world.nationalities(ctx.person.ssin) if _valid(n.begin, n.end, ctx.today, ctx.history)
    ]
    return _wrap("Nationalities", *items) if items else ""


def birth_place(ctx: Context) -> str:  # IT100
    person = ctx.person
    if person.birth_place_nis:
        place = _code_label("Place1", f"{person.birth_place_nis:05d}", ctx.municipality_name(person.birth_place_nis))
    else:
        place = _place_abroad("Place2", ctx, person.birth_country, person.birth_place_name)
    return (f'<r:BirthPlace Type="100" Structure="A1">{_date("Date", person.birth_date)}'
            f'{_leaf("ActNumber", "00000")}{place}</r:BirthPlace>')


# IT110 filiation kind. [INF] the Register's code 00 is the ordinary parent-child link (a real reply
# labels it "Eheliches Kind"); the simulator knows no other kind.
FILIATION_LABELS = {"fr": "Enfant", "nl": "Kind", "de": "Kind"}


def filiations(ctx: Context) -> str:  # IT110: the parents, father first
    links = ctx.world.parents(ctx.person.ssin)
    parents = ctx.world.persons_by_ssin([link.parent_ssin for link in links], at=ctx.today)
    ordered = sorted((parents[link.parent_ssin] for link in links if link.parent_ssin in parents),
                     key=lambda parent: parent.gender != 1)
    if not ordered:
        return ""
    slots = [_wrap(f"Parent{i}", _national_number("NationalNumber", parent),
                   _name("Name", parent.last_name, parent.first_names)) for i, parent in enumerate(ordered[:2], 1)]
    item = _item("Filiation", "110", "C1", ctx.person.birth_date, None,
                 _code_label("FiliationType", "00", FILIATION_LABELS.get(ctx.lang, "Enfant")), *slots)
    return _wrap("Filiations", item)


def _place_abroad(tag: str, ctx: Context, country: int, place: str | None) -> str:
    """GraphicPlaceType: the country, then the place written out."""
    return _wrap(tag, _code_label("Country", f"{country:03d}", ctx.country_name(country)),
                 _leaf("Graphic", place) if place else "")


def civil_states(ctx: Context) -> str:  # IT120
    items = []
    for state in ctx.world.civil_states(ctx.person.ssin):
        if not _valid(state.begin, state.end, ctx.today, ctx.history):
            continue
        partner = ctx.world.person(state.partner_ssin) if state.partner_ssin else None
        spouse = _wrap("Spouse", _national_number("NationalNumber", partner),
                       _name("Name", partner.last_name, partner.first_names)) if partner is not None else ""
        items.append(_item("CivilState", "120", "A1", state.begin or ctx.person.birth_date, state.end,
                           _code_label("CivilState", state.code, ctx.world.civil_state_label(state.code, ctx.lang)),
                           spouse))
    return _wrap("CivilStates", *items) if items else ""


def legal_cohabitations(ctx: Context) -> str:  # IT123: declarations of legal cohabitation
    items = []
    for cohabitation in ctx.world.cohabitations(ctx.person.ssin):
        if not _valid(cohabitation.begin, cohabitation.end, ctx.today, ctx.history):
            continue
        partner = ctx.world.person(cohabitation.partner_ssin) if cohabitation.partner_ssin else None
        if partner is None:
            continue
        place = cohabitation.place_nis or (ctx.person.address.nis if ctx.person.address else None)
        declaration = _wrap(
            "Declaration", _date("RegistrationDate", cohabitation.begin),
            _wrap("Partner", _national_number("NationalNumber", partner),
                  _name("Name", partner.last_name, partner.first_names)),
            _code_label("Place", f"{place:05d}", ctx.municipality_name(place)) if place else _wrap("Place", _leaf("Code", "")))
        items.append(_item("LegalCohabitation", "123", "A1", cohabitation.begin, cohabitation.end, declaration))
    return _wrap("LegalCohabitations", *items) if items else ""


def household(ctx: Context) -> str:  # IT140 (reference person) / IT141 (member)
    person, world = ctx.person, ctx.world
    current = world.household(person.ssin, ctx.today)
    head_items, member_items = [], []
    if current is not None:
        own = next((m for m in current.members if m.ssin == person.ssin), None)
        others = world.persons_by_ssin([m.ssin for m in current.members if m.ssin != person.ssin]
                                       + [current.reference_ssin or ""], at=ctx.today)
        if current.reference_ssin == person.ssin and own is not None:
            head_items.append((own, None))
            head_items += [(m, others.get(m.ssin)) for m in current.members if m.ssin != person.ssin]
        elif own is not None:
            member_items.append((own, others.get(current.reference_ssin)))
    if ctx.history:
        for past in world.household_history(person.ssin):
            if past.end is not None and past.end < ctx.today:
                (head_items if past.relationship == "01" else member_items).append((past, None))

    def role(code):
        return _code_label("FamilyRole", code, world.relationship_label(code, ctx.lang))

    def other(someone):
        return (_national_number("NationalNumber", someone) + _name("Name", someone.last_name, someone.first_names)
                if someone is not None else "")

    heads = [
        _item("FamilyMember", "140", "B1" if someone else "A1", m.begin, m.end,
              role(m.relationship if someone else "01"), other(someone))
        for m, someone in head_items
        if m.relationship == "01" or someone is not None
    ]
    members = [_item("HeadOfFamily", "141", "A2", m.begin, m.end, role(m.relationship), other(head))
               for m, head in member_items]
    return (_wrap("FamilyMembers", *heads) if heads else "") + (_wrap("HeadOfFamily", *members) if members else "")


def deceases(ctx: Context) -> str:  # IT150
    person = ctx.person
    if not person.death_date:
        return ""
    last = next(iter(ctx.addresses), None)
    if last is not None and last.nis:
        place = _code_label("Place1", f"{last.nis:05d}", ctx.municipality_name(last.nis))
    else:
        place = _place_abroad("Place2", ctx, last.country if last else 150, last.city_abroad if last else None)
    return _wrap("Deceases", _item("Decease", "150", "A1", person.death_date, None,
                                   _wrap("Decease", _leaf("ActNumber", "00000"), place)))


def identity_cards(ctx: Context) -> str:  # IT195
    items = []
    for card in ctx.world.identity_cards(ctx.person.ssin):
        if not _valid(card.begin, card.end, ctx.today, ctx.history):
            continue
        delivery = (_wrap("Delivery", _code_label("Place", f"{card.municipality_nis:05d}",
                                                  ctx.municipality_name(card.municipality_nis)))
                    if card.municipality_nis else "")
        items.append(_item("IdentityCard", "195", "F1", card.begin, None,
                           _wrap("TypeOfCard", _leaf("Code", card.type)),  # Label is optional and often absent
                           _leaf("CardNumber", card.number), delivery,
                           _date("ExpiryDate", card.end) if card.end is not None else ""))
    return _wrap("IdentityCards", *items) if items else ""


# FileInfoType order. Codes are what a client may ask about; all are returned when known.
GROUPS = (
    ("000", national_number),
    ("001", file_owner),
    ("010", names),
    ("020", legal_main_addresses),
    ("031", nationalities),
    ("100", birth_place),
    ("110", filiations),
    ("120", civil_states),
    ("123", legal_cohabitations),
    ("140", household),  # also 141
    ("150", deceases),
    ("195", identity_cards),
)


def file_info(world, person, lang: str, today: dt.date, history: bool) -> etree._Element:
    """``rrn_it_implicit``: every group the world knows about the person, in schema order."""
    ctx = Context(world, person, lang, today, history)
    groups = "".join(build(ctx) for _code, build in GROUPS)
    return etree.fromstring(f"<rrn_it_implicit {NSMAP_DECL}>{groups}</rrn_it_implicit>")

"""People for the scenario networks: names that fit each region, drawn without repeats.

First and last names come from the same naming tradition, so a seed never produces an
unlikely pairing; each region mixes the traditions of the places a global team sits in.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

REGIONS = ("AMER", "EMEA", "APAC")

#: Naming tradition -> (first names, last names).
TRADITIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "north_american": (
        ("Emily", "Jacob", "Megan", "Tyler", "Hannah", "Brandon", "Olivia", "Marcus",
         "Rachel", "Derek", "Lauren", "Caleb", "Jasmine", "Nathan"),
        ("Carter", "Brooks", "Sullivan", "Hayes", "Morgan", "Bennett", "Foster", "Coleman",
         "Patterson", "Jenkins", "Reed", "Whitaker", "Dawson", "Greer"),
    ),
    "hispanic": (
        ("Sofía", "Mateo", "Valentina", "Diego", "Camila", "Luis", "Gabriela", "Andrés",
         "Lucía", "Javier"),
        ("Ramírez", "Morales", "Castillo", "Herrera", "Vargas", "Ortega", "Mendoza",
         "Navarro", "Rojas", "Guerrero"),
    ),
    "brazilian": (
        ("Lucas", "Beatriz", "Rafael", "Juliana", "Thiago", "Fernanda", "Gustavo", "Larissa"),
        ("Oliveira", "Santos", "Carvalho", "Almeida", "Ribeiro", "Costa", "Pereira", "Barbosa"),
    ),
    "british": (
        ("Oliver", "Charlotte", "James", "Sophie", "Harry", "Amelia", "Tom", "Grace",
         "Rhys", "Eleanor", "Callum", "Isla"),
        ("Walker", "Hughes", "Whitfield", "Clarke", "Reid", "Turner", "Price", "Bell",
         "Fletcher", "Doyle", "Marsh", "Pritchard"),
    ),
    "dutch_german": (
        ("Lukas", "Anna", "Jonas", "Lena", "Felix", "Sanne", "Daan", "Miriam", "Tobias", "Femke"),
        ("Becker", "Schmidt", "de Vries", "Janssen", "Bakker", "Vogel", "Hoffmann", "Visser",
         "Krüger", "Mulder"),
    ),
    "french_iberian": (
        ("Camille", "Julien", "Léa", "Hugo", "Inès", "Marta", "Pablo", "Mathilde", "João",
         "Carmen"),
        ("Lefèvre", "Moreau", "Girard", "Fernandes", "García", "Rousseau", "Martins", "Ferrer",
         "Bonnet", "Silva"),
    ),
    "west_african": (
        ("Chinedu", "Adaeze", "Kofi", "Ama", "Tunde", "Ngozi", "Kwame", "Folake", "Emeka", "Efua"),
        ("Okafor", "Mensah", "Adeyemi", "Boateng", "Eze", "Owusu", "Nwosu", "Asante", "Balogun",
         "Appiah"),
    ),
    "arabic": (
        ("Omar", "Layla", "Youssef", "Nadia", "Karim", "Rania", "Samir", "Huda"),
        ("Haddad", "Khalil", "Nasser", "Mansour", "Farouk", "Saleh", "Aziz", "Hamdan"),
    ),
    "south_asian": (
        ("Priya", "Arjun", "Ananya", "Rahul", "Kavya", "Vikram", "Deepa", "Sanjay", "Meera",
         "Rohan", "Divya", "Karthik"),
        ("Sharma", "Iyer", "Menon", "Reddy", "Nair", "Gupta", "Patel", "Krishnan", "Rao",
         "Desai", "Pillai", "Bose"),
    ),
    "chinese": (
        ("Wei", "Mei Ling", "Jun", "Hui Min", "Kai", "Xin Yi", "Jia Hao", "Li Na"),
        ("Tan", "Lim", "Chen", "Wong", "Ng", "Goh", "Zhang", "Liu"),
    ),
    "japanese": (
        ("Haruto", "Yui", "Ren", "Aoi", "Sota", "Hina", "Kenji", "Emi"),
        ("Sato", "Suzuki", "Takahashi", "Watanabe", "Ito", "Nakamura", "Kobayashi", "Yamada"),
    ),
    "australasian": (
        ("Jack", "Chloe", "Liam", "Ruby", "Mitchell", "Zoe", "Hamish", "Georgia"),
        ("Walsh", "Campbell", "O'Brien", "Fraser", "Kelly", "McKenzie", "Tait", "Doherty"),
    ),
    "filipino": (
        ("Maria", "Paolo", "Angelica", "Rommel", "Joy", "Carlo", "Kristine", "Jericho"),
        ("Reyes", "dela Cruz", "Bautista", "Villanueva", "Mercado", "Aquino", "Ramos", "Lim"),
    ),
}  # fmt: skip

#: Region -> the naming traditions of the places its people work in.
REGION_TRADITIONS: dict[str, tuple[str, ...]] = {
    "AMER": ("north_american", "north_american", "hispanic", "brazilian"),
    "EMEA": ("british", "dutch_german", "french_iberian", "west_african", "arabic"),
    "APAC": ("south_asian", "chinese", "japanese", "australasian", "filipino"),
}


@dataclass(frozen=True)
class Person:
    """One row of the Roles table."""

    name: str
    role: str
    team: str
    region: str
    email: str
    allocation: float | None = None
    selected_for: str = "capability"

    def row(self) -> dict[str, object]:
        row: dict[str, object] = {
            "person": self.name,
            "role": self.role,
            "team": self.team,
            "region": self.region,
            "selected_for": self.selected_for,
        }
        if self.allocation is not None:
            row["allocation_pct"] = self.allocation
        row["email"] = self.email
        return row


def email_address(name: str, email_domain: str) -> str:
    """first.last@domain, in plain ASCII: "Léa Lefèvre" -> lea.lefevre@…"""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    first, _, last = plain.partition(" ")
    if " " in last and not last[0].isupper():
        # "dela Cruz" and "de Vries" are one surname.
        last = last.replace(" ", "")
    elif " " in last:
        # "Mei Ling Tan": the given name has two parts, the surname is the last word.
        given, _, last = plain.rpartition(" ")
        first = given.replace(" ", "")
    local = ".".join(part.replace("'", "").lower() for part in (first, last))
    return f"{local}@{email_domain}"


#: Draws before a picker accepts a first or last name already used in the network.
FRESH_NAME_TRIES = 50


class NamePicker:
    """Draws names for a region from a seeded generator, never the same name twice.

    Within one network it also avoids giving two people the same first or last name,
    which real teams have but which makes a sample hard to read.
    """

    def __init__(self, rng: random.Random, taken: set[str] | None = None):
        self.rng = rng
        self.taken: set[str] = set()
        self.parts: set[str] = set()
        for name in taken or ():
            self._take(name)

    def name(self, region: str) -> str:
        tries = 0
        while True:
            tradition = self.rng.choice(REGION_TRADITIONS[region])
            firsts, lasts = TRADITIONS[tradition]
            first, last = self.rng.choice(firsts), self.rng.choice(lasts)
            name = f"{first} {last}"
            tries += 1
            fresh = first not in self.parts and last not in self.parts
            if name not in self.taken and (fresh or tries > FRESH_NAME_TRIES):
                self._take(name, first, last)
                return name

    def _take(self, name: str, *parts: str) -> None:
        self.taken.add(name)
        self.parts.update(parts or name.split(" ", 1))

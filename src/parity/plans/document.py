"""An action plan as a document: what a council writes, before it is stored.

The shape of the seeds' plans (Leeds' joint plan, Harrow's corporate and directorate plans):

* a **plan** (corporate or directorate) with a title, a period, an ambition and a governance
  note ("performance management and review");
* **priorities**, numbered, each with a summary, its *outcomes* ("how we will know we are
  successful") and its *measures*;
* **objectives** numbered within their priority (``1.1``, ``2.2``...), with any sub-points;
* **actions**, each serving one or more objectives (the seeds list the actions of a block of
  objectives together), with a timescale (a date, a quarter, or free text such as "ongoing");
* **leads**: owner roles (senior responsible officer, implementation lead, staff-network
  steering group member) at objective and action level; a role may be named with nobody in it
  yet, as in the seed.

Readers (``plans.reader`` for HTML, text and Word; ``plans.spreadsheet`` for XLSX) produce a
``PlanDocument``; the app stores it; ``to_dict`` is the JSON that ``parity plan show`` prints.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

# Owner roles, and the words plans use for them (matched case-insensitively at the start of a
# "Role: name" line).
ROLES = {
    "senior_responsible_officer": ("senior responsible officer", "sro", "executive sponsor", "sponsor"),
    "implementation_lead": ("implementation lead/s", "implementation leads", "implementation lead",
                            "lead officer", "lead/s", "leads", "lead", "owner", "responsible officer"),
    "network_member": ("bame steering group member", "staff network steering group member",
                       "steering group member", "staff network member", "network member", "network lead",
                       "staff network"),
}
ROLE_TITLES = {"senior_responsible_officer": "Senior responsible officer",
               "implementation_lead": "Implementation lead",
               "network_member": "Staff-network steering group member"}


@dataclass
class Lead:
    role: str  # a key of ROLES
    name: str = ""  # a post or team ("Head of HR"); blank when the plan leaves it open


@dataclass
class Action:
    text: str
    objectives: list[str] = field(default_factory=list)  # objective numbers it serves
    timescale: str = ""
    leads: list[Lead] = field(default_factory=list)
    status: str = "not_started"  # plans.rag.STATUSES
    tags: list[str] = field(default_factory=list)  # see TAGS


@dataclass
class Objective:
    number: str  # "1.1"
    text: str
    priority: str  # the priority's number
    points: list[str] = field(default_factory=list)  # sub-points listed under it
    leads: list[Lead] = field(default_factory=list)
    timescale: str = ""
    contributes_to: str = ""  # a directorate objective: the number of the corporate objective it serves
    tags: list[str] = field(default_factory=list)


@dataclass
class Priority:
    number: str
    title: str
    summary: str = ""
    outcomes: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass
class PlanDocument:
    title: str
    kind: str = "corporate"  # corporate | directorate
    directorate: str = ""
    period: str = ""  # "2021-2023"
    ambition: str = ""
    governance: str = ""
    introduction: str = ""
    priorities: list[Priority] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)  # what the reader could not place, and where

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "PlanDocument":
        """The document ``to_dict`` gave (``from_dict(d.to_dict()) == d``)."""
        def leads(items) -> list[Lead]:
            return [Lead(**lead) for lead in items]
        return cls(**{**data,
                      "priorities": [Priority(**p) for p in data.get("priorities", [])],
                      "objectives": [Objective(**{**o, "leads": leads(o.get("leads", []))})
                                     for o in data.get("objectives", [])],
                      "actions": [Action(**{**a, "leads": leads(a.get("leads", []))}) for a in data.get("actions", [])]})

    def priority(self, number: str) -> Priority | None:
        return next((p for p in self.priorities if p.number == number), None)

    def objective(self, number: str) -> Objective | None:
        return next((o for o in self.objectives if o.number == number), None)


def role_of(label: str) -> str | None:
    """The role key for a lead label such as "SRO" or "Implementation lead/s"; None if unknown.

    A label the lists do not hold is placed by its words: "network" makes a staff-network
    member, "SRO" / "senior responsible" / "sponsor" a senior responsible officer, "lead" /
    "owner" / "responsible" an implementation lead.
    """
    text = re.sub(r"\s+", " ", label.strip().rstrip(":").strip()).lower()
    for role, words in ROLES.items():
        if text in words:
            return role
    if len(text.split()) > 5:
        return None  # a sentence, not a role label
    if "network" in text:
        return "network_member"
    if re.search(r"\b(sro|senior responsible|sponsor)\b", text):
        return "senior_responsible_officer"
    if re.search(r"\b(lead|leads|lead/s|owner|responsible)\b", text):
        return "implementation_lead"
    return None


PERIOD = re.compile(r"\b((?:19|20)\d\d)\s*(?:-|–|—|to)\s*((?:19|20)?\d\d)\b")


def period_in(text: str) -> str:
    """"... Action Plan 2021-2023" -> "2021-2023"; "2022/23" -> "2022-2023"; else ""."""
    match = PERIOD.search(text) or re.search(r"\b((?:19|20)\d\d)\s*/\s*(\d\d)\b", text)
    if not match:
        return ""
    start, end = match.group(1), match.group(2)
    if len(end) == 2:
        end = start[:2] + end
    return f"{start}-{end}"


# Harrow's six-step directorate action planning (seed 003), tracked for each directorate plan.
PLANNING_STEPS = {
    1: ("Focus groups", "Listen to staff: focus groups on the themes of the race review."),
    2: ("Data analysis", "Discuss the directorate's workforce data and the race survey results at DMT."),
    3: ("Establish priorities", "The most challenging areas and where the greatest impact can be made."),
    4: ("Directorate EDI vision", "A leadership commitment to EDI and the race action plan."),
    5: ("SMART measures and pledges", "SMART objectives in the service plans: what good looks like, and a pledge."),
    6: ("Review and evaluation", "How progress and updates will be evaluated and reviewed."),
}


# Tags for priorities, objectives and actions: "kind:value".
TAGS = {
    "wres": {str(n): f"WRES indicator {n}" for n in range(1, 10)},
    "psed": {"eliminate_discrimination": "PSED: eliminate discrimination, harassment and victimisation",
             "equality_of_opportunity": "PSED: advance equality of opportunity",
             "good_relations": "PSED: foster good relations"},
    "theme": {"righting_wrongs": "Acknowledging and righting the wrongs",
              "recruitment_and_retention": "Recruitment and retention",
              "culture": "Culture, leadership, training and development",
              "safe_spaces": "Safe spaces for dialogue",
              "governance": "Governance and accountability",
              "staff_support": "Staff support",
              "progression": "Progression, learning and development",
              "communication": "Communication and engagement",
              "measurement": "Measurement and impact"},
}


def check_tags(tags: list[str]) -> list[str]:
    """The tags, each checked against ``TAGS``; ValueError naming the first unknown one."""
    for tag in tags:
        kind, _, value = tag.partition(":")
        if kind not in TAGS or value not in TAGS[kind]:
            known = "; ".join(f"{k}:{'|'.join(v)}" for k, v in TAGS.items())
            raise ValueError(f"unknown tag {tag!r}; tags are {known}")
    return list(dict.fromkeys(tags))

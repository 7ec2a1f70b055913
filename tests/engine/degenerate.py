"""Degenerate councils for the no-exception tests: a small synthetic council's files, bent into
the shapes real extracts take at the edges (one person, one group, nobody stated, every flag
yes or no, snapshots sharing nobody, empty files, pay all equal or absent)."""

from __future__ import annotations

import csv
from pathlib import Path

YES, NO = "Yes", "No"
STAFF_FLAGS = ("is_senior_leader", "is_board_member", "is_manager", "promoted_in_year", "full_pay_relevant")
APPLICATION_FLAGS = ("shortlisted", "interviewed", "appointed")


def read(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def write(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, header)
        writer.writeheader()
        writer.writerows(rows)


def bend(folder: Path, shape: dict) -> None:
    """Change the files of ``folder`` in place as ``shape`` says (every key optional):

    ``people`` (keep that many staff ids), ``ethnicity`` (every staff row, applicant, case and
    respondent of that one category), ``staff_flags`` ("Yes"/"No": every staff flag),
    ``application_flags``, ``no_overlap`` (each snapshot's ids renamed so no two share a person),
    ``pay`` ("equal", "absent" or "zero bonus"), ``empty`` (file stems left with a header only),
    ``survey`` ("favourable"/"unfavourable": every answer)."""
    files = {p.name.split("_SYNTHETIC")[0]: p for p in folder.glob("*_SYNTHETIC.csv")}
    header, staff = read(files["staff"])
    if "people" in shape:
        keep = sorted({r["staff_id"] for r in staff})[:shape["people"]]
        staff = [r for r in staff if r["staff_id"] in keep]
    for r in staff:
        if "ethnicity" in shape:
            r["ethnicity"] = shape["ethnicity"]
        if "staff_flags" in shape:
            for flag in STAFF_FLAGS:
                r[flag] = shape["staff_flags"]
        if shape.get("pay") == "equal":
            r["hourly_pay"], r["bonus_pay_12m"] = "15.00", "100"
        elif shape.get("pay") == "absent":
            r["hourly_pay"] = ""
        elif shape.get("pay") == "zero bonus":
            r["bonus_pay_12m"] = "0"
        if shape.get("no_overlap"):
            r["staff_id"] = f"{r['staff_id']}-{r['snapshot_date']}"
    write(files["staff"], header, staff)
    for stem in ("applications", "casework", "survey_responses"):
        head, rows = read(files[stem])
        for r in rows:
            if "ethnicity" in shape:
                r["ethnicity" if stem != "casework" else "decision_maker_ethnicity"] = shape["ethnicity"]
            if stem == "applications" and "application_flags" in shape:
                for flag in APPLICATION_FLAGS:
                    r[flag] = shape["application_flags"]
            if stem == "survey_responses" and "survey" in shape:
                for column in head:
                    if column.startswith("q_") and r[column] in (YES, NO):
                        r[column] = NO if (shape["survey"] == "favourable") == (column in FAVOURABLE_NO) else YES
        write(files[stem], head, rows)
    for stem in shape.get("empty", ()):
        head, _ = read(files[stem])
        write(files[stem], head, [])


FAVOURABLE_NO = ("q_public_harassment", "q_staff_harassment", "q_discrimination")  # "No" is the favourable answer

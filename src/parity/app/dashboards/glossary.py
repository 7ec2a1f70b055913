"""The glossary: the words pages use for their figures, explained once, for everyone (signed in
or not), and linked from the tables and notes that use them (``TERMS``' anchors).

The numbers in the explanations come from their one home in the engine (the four-fifths band,
the significance level, the rounding floor), so the glossary cannot drift from the figures.
"""

from __future__ import annotations

from typing import NamedTuple

from ...engine.disclosure import FLOOR
from ...engine.statistics import NON_ADVERSE


class Term(NamedTuple):
    anchor: str
    term: str
    explanation: tuple[str, ...]  # paragraphs


LOW, HIGH = (f"{x:.2f}" for x in NON_ADVERSE)

TERMS = (
    Term("relative-likelihood", "Relative likelihood",
         ("How many times as likely one group is as the comparison group (usually White staff) to have an outcome: "
          "the group's rate divided by the comparison group's rate. 1.00 means equally likely; 2.00 means twice as "
          "likely; 0.50 means half as likely.",
          "For example, if 30 of 100 applicants from one group are shortlisted (30%) and 40 of 100 White applicants "
          "are (40%), the group is 0.75 times as likely to be shortlisted.")),
    Term("interval", "95% interval",
         ("The range the true figure is likely to lie in, given how many people were counted. Narrow with many "
          "people, wide with few. If the same process could be repeated many times, 95 in 100 ranges worked out "
          "this way would hold the true value.",
          "A relative likelihood whose interval includes 1.00 is consistent with both groups being equally likely: "
          "the difference seen may be chance.")),
    Term("significant", "Statistically significant",
         ("A difference is statistically significant when chance alone would rarely produce one as large: less "
          "than 5 times in 100 (a p-value below 0.05). For relative likelihoods the test is Fisher's exact test, "
          "adjusted for comparing several groups at once (Holm's method).",
          "Not significant does not mean there is no difference: with few people, a real difference can go "
          "undetected. A p-value is written \"less than 0.001\" when it is that small.")),
    Term("band", f"The {LOW} to {HIGH} band (four-fifths rule)",
         (f"The NHS Workforce Race Equality Standard treats a relative likelihood from {LOW} to {HIGH} as "
          "\"non-adverse\": close enough to 1.00 not to show a difference that needs action.",
          f"Parity calls a relative likelihood \"adverse\" only when it is outside {LOW} to {HIGH} and its 95% "
          "interval does not include 1.00. One outside the band whose interval includes 1.00 is shown as "
          "\"outside the band, but it could be chance\".")),
    Term("few-people", "Few people (low power)",
         ("There were too few people to be confident of noticing a relative likelihood of "
          f"{HIGH} or {LOW} if there were one (80% power at the 5% level). Read such a figure with caution.",)),
    Term("rounded", f"Rounded counts and \"<{FLOOR}\"",
         (f"Every count of people is rounded to a multiple of {FLOOR}, so that no one can be identified by "
          "putting figures together. The same group of people always gets the same rounded figure, on every "
          "page, download and report. Parts may not add up exactly to their totals.",
          f"A count shown as 0 or \"<{FLOOR}\" is from 0 to {FLOOR - 1} people. Rates and likelihoods are worked out "
          "from the rounded counts; one that rests on a count rounded to 0 is not shown.")),
    Term("ethnic-minorities", "Ethnic minorities and BME",
         ("Ethnic minorities: every ethnic group other than White. Parity names specific groups wherever the "
          "numbers allow.",
          "BME (Black and minority ethnic) is used only where a standard defines it: the NHS and Social Care "
          "Workforce Race Equality Standards compare BME staff with White staff, White meaning every White "
          "group (British, Irish, Gypsy or Irish Traveller, Roma, any other White background) and BME everyone "
          "else.")),
    Term("declaration-rate", "Declaration rate",
         ("The share of staff whose ethnic group is recorded (not left blank and not \"prefer not to say\"). "
          "A low declaration rate makes every other figure less certain.",)),
    Term("snapshot", "Snapshot",
         ("The workforce as it stood on one day (often 31 March). Comparing snapshots shows change over time; "
          "\"the year before\" is the previous snapshot.",)),
    Term("pay-gap", "Pay gap and pence in the pound",
         ("The ethnicity pay gap is the difference between the average hourly pay of White British staff and of "
          "another group, as a percentage of White British staff's pay: a positive gap means the group is paid "
          "less. A gap of 10% means the group is paid 90 pence for every pound White British staff are paid "
          "(\"90p in the pound\"). The mean uses every person's pay; the median is the middle person's.",)),
)

ANCHORS = frozenset(t.anchor for t in TERMS)

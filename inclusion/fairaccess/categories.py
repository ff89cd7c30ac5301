"""The 13 categories of child the Fair Access Protocol is for.

Source: School Admissions Code 2021, para 3.17 (in force from 1 September 2021), in the wording of
``../shared/reference/statutory-rules.md``. The protocol applies only to a child in one of these
categories, and only after the ordinary in-year admissions route has failed. When the Code changes,
change this list (its keys are stored on cases: add new keys, never reuse an old one) and its test.
"""

from __future__ import annotations

from django.db import models

SOURCE = "School Admissions Code 2021, paragraph 3.17"


class Category(models.TextChoices):
    CHILD_IN_NEED = (
        "a_child_in_need",
        "Subject to a Child in Need plan or a Child Protection plan, or had one in the last "
        "12 months",
    )
    REFUGE = "b_refuge", "Living in a refuge or other relevant accommodation"
    CRIMINAL_JUSTICE = "c_criminal_justice", "From the criminal justice system"
    EXCLUDED_OR_AP = (
        "d_excluded_or_ap",
        "In alternative provision and needing reintegration into mainstream education, or "
        "permanently excluded but suitable for mainstream education",
    )
    SEN_DISABILITY_MEDICAL = (
        "e_sen_disability_medical",
        "Special educational needs (without an EHC plan), a disability or a medical condition",
    )
    CARER = "f_carer", "A young carer"
    HOMELESS = "g_homeless", "Homeless"
    KINSHIP_CARE = "h_kinship_care", "In formal kinship care"
    GRT_REFUGEE_ASYLUM = (
        "i_grt_refugee_asylum",
        "Of, or who are, Gypsies, Roma, Travellers, refugees or asylum seekers",
    )
    CHALLENGING_BEHAVIOUR = (
        "j_challenging_behaviour",
        "Refused a place because of challenging behaviour and referred under paragraph 3.10",
    )
    EXCEPTIONAL = (
        "k_exceptional",
        "No place sought because of exceptional circumstances",
    )
    OUT_OF_EDUCATION = (
        "l_out_of_education",
        "Out of education for 4 weeks or more, with no place available at any school within "
        "a reasonable distance of home",
    )
    PREVIOUSLY_LOOKED_AFTER = (
        "m_previously_looked_after",
        "Previously looked after, and the local authority has been unable to secure a school "
        "place promptly",
    )


# The category whose admissions count as "excluded-pupil admissions" in the fairness table.
EXCLUDED_PUPIL_CATEGORIES = frozenset({Category.EXCLUDED_OR_AP.value})


def letter(category: str) -> str:
    """The paragraph 3.17 letter of a category key: ``"d"`` for ``"d_excluded_or_ap"``."""
    return category[:1]

"""Whether a person probably qualifies for a service, from what they said of their age and ISEE band.
Never a reason to hide a service: the site says "probably not, but ask anyway" (hiding backfired elsewhere)."""
from __future__ import annotations

from .model import Service

LIKELY = "likely"  # what the person said fits every condition the service states
UNLIKELY = "unlikely"  # an age or ISEE band outside the service's: shown last, with "ask anyway"
ISEE_TO_CHECK = "isee-to-check"  # "non lo so" for a service with an ISEE ceiling


def eligibility(service: Service, age: int | None = None, isee: float | None = None,
                isee_unknown: bool = False) -> str | None:
    """LIKELY, UNLIKELY, ISEE_TO_CHECK, or None when the service states no condition the person answered."""
    said_age = age is not None and service.age is not None
    said_isee = isee is not None and service.isee_max is not None
    if said_age and not service.age.holds(age) or said_isee and isee > service.isee_max:
        return UNLIKELY
    if isee_unknown and service.isee_max is not None:
        return ISEE_TO_CHECK
    return LIKELY if said_age or said_isee else None

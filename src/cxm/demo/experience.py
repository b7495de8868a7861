"""What each customer has lived through so far, which drives their NPS and churn."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cxm.demo.columns import Floats, Ints
from cxm.demo.parameters import BAD_EXPERIENCE
from cxm.demo.tickets import Tickets


@dataclass
class Experience:
    """What each customer has lived through so far: drives NPS and churn."""

    bad: Floats  # recent bad experiences, decaying
    quality_sum: Floats
    quality_n: Floats
    last_seen: Ints  # last activity, churn comes after it

    @classmethod
    def empty(cls, n: int) -> Experience:
        return cls(np.zeros(n), np.zeros(n), np.zeros(n), np.full(n, -(2**40), dtype=np.int64))

    def mean_quality(self) -> Floats:
        return self.quality_sum / (self.quality_n + 1.0)

    def record_month(self, tickets: Tickets) -> None:
        n = self.bad.size
        self.bad *= 0.6
        self.quality_sum *= 0.7
        self.quality_n *= 0.7
        self.bad += np.bincount(tickets.customer, tickets.quality <= BAD_EXPERIENCE, n)
        self.quality_sum += np.bincount(tickets.customer, tickets.quality + 1.1, n)
        self.quality_n += np.bincount(tickets.customer, minlength=n)
        self.seen(tickets.customer, np.maximum(tickets.created, tickets.resolved))

    def seen(self, customer: Ints, when: Ints) -> None:
        np.maximum.at(self.last_seen, customer, when)

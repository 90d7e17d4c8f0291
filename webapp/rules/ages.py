"""The two dates that drive every expiry: when the cost share starts (70) and when the
late-elderly scheme takes over (75).

Japanese law (年齢計算ニ関スル法律) has a person reach age N at the end of the day
*before* the Nth birthday; that is why someone born on the 1st moves a month earlier.
"""
from __future__ import annotations

from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


def birthday(birth: date, age: int) -> date:
    """The day of the birthday on which the person turns ``age``.

    A 29 February birthday falls on 1 March in a common year (docs/rules.md "Yearly cycle and
    expiry dates").
    """
    year = birth.year + age
    try:
        return birth.replace(year=year)
    except ValueError:  # 29 February in a common year
        return date(year, 3, 1)


def reaches_age_on(birth: date, age: int) -> date:
    """The day on which the law counts the person as having reached ``age``."""
    return birthday(birth, age) - ONE_DAY


def first_of_next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def cost_share_start(birth: date, age: int) -> date:
    """First day on which the papers show the 70–74 cost share.

    Yamagata flyer: "誕生月の翌月(1日生まれの方はその月)からは、負担割合を表示したものに
    変わります" — the month after the one in which the person reaches 70; for someone born
    on the 1st that month is the birth month itself.
    """
    return first_of_next_month(reaches_age_on(birth, age))


def late_elderly_start(birth: date, age: int) -> date:
    """First day of 後期高齢者医療: the 75th birthday itself.

    Yamagata flyer: papers of people reaching 75 expire on "誕生日の前日", and
    "75歳以降は、山形県後期高齢者医療広域連合より、「資格確認書」が郵送されます".
    """
    return birthday(birth, age)



def age_on(birth: date, day: date) -> int:
    """Completed years on ``day`` in the legal sense (reached the day before a birthday)."""
    age = day.year - birth.year
    while age > 0 and reaches_age_on(birth, age) > day:
        age -= 1
    return max(age, 0)

"""The day of work a message states, and whether it names a day still to come.

Today is Wednesday 15 March 2023 for every row.
"""

from __future__ import annotations

from datetime import date

import pytest

from handlers.thai.dates import find_date_and_plan

TODAY = date(2023, 3, 15)

# text → (day of work or None, names a day to come)
DATES = [
    ("ส่งไปเมื่อวันจันทร์", (date(2023, 3, 13), False)),
    ("o3 เสร็จวันอังคาร", (date(2023, 3, 14), False)),
    ("แก้เสร็จเมื่อวันศุกร์ที่ 10", (date(2023, 3, 10), False)),
    ("วันศุกร์ที่ 10 มี.ค. 66 ลงเว็บแล้ว", (date(2023, 3, 10), False)),
    ("วันพุธนี้ประชุม", (None, True)),
    ("ปิดระบบวันเสาร์ที่ 18 มี.ค. 08.00-12.00 น.", (None, True)),  # a time is not a year
    ("ประชุม 20 มี.ค. ห้องสภา", (None, True)),  # soon, not last year
    ("เสร็จ 20 ธ.ค.", (date(2022, 12, 20), False)),  # months ago: last year
    ("จะเสร็จภายใน 31 มี.ค.", (None, True)),
    ("พรุ่งนี้ลา", (None, True)),
    ("ทำเมื่อ ๓๑ ม.ค. ๖๖", (date(2023, 1, 31), False)),
]


@pytest.mark.parametrize(("text", "expected"), DATES, ids=[d[0] for d in DATES])
def test_day_of_work_and_days_to_come(text, expected):
    from handlers.thai.normalize import normalize

    day, _spans, ahead = find_date_and_plan(normalize(text), TODAY)
    assert (day, ahead) == expected

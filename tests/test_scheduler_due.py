"""The reminder rules as pure functions of dates: what is due, on which working day."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from scheduler.calendar import WorkCalendar
from scheduler.due import (
    Item,
    Level,
    Recipient,
    forecast_reminders,
    fresh_items,
    report_rounds,
    rounds_to_announce,
    stage_on,
    working_days,
)
from scheduler.policy import DEFAULT, parse_days, parse_hours

CAL = WorkCalendar()


def stages(due: date, start: date, end: date, level: Level = Level.FULL) -> dict[date, str]:
    """The days in [start, end] on which a task due on `due` starts a new stage."""
    out, last = {}, None
    for day in working_days(start, end, CAL):
        stage = stage_on(due, day, DEFAULT, CAL, level)
        if stage is not None and stage.on == day and stage.on != last:
            out[day] = f"{stage.kind}:{stage.days}" if stage.kind != "overdue" else "overdue"
            last = stage.on
    return out


def test_a_task_due_on_a_tuesday_is_reminded_a_week_before_the_day_before_and_on_the_day():
    # 31 Jan 2023 is a Tuesday.
    assert stages(date(2023, 1, 31), date(2023, 1, 16), date(2023, 1, 31)) == {
        date(2023, 1, 24): "before:7", date(2023, 1, 30): "before:1", date(2023, 1, 31): "due:0",
    }


def test_a_deadline_on_a_saturday_is_reminded_on_the_friday_before():
    # 30 Sep 2023 is a Saturday: the day before (Friday 29th) is also the due-day reminder.
    due = date(2023, 9, 30)
    assert stage_on(due, date(2023, 9, 29), DEFAULT, CAL).kind == "due"
    assert stages(due, date(2023, 9, 18), date(2023, 9, 29)) == {
        date(2023, 9, 22): "before:7", date(2023, 9, 29): "due:0"}


def test_reminders_skip_thai_public_holidays():
    # Songkran: 13, 14 and 17 April 2023 are holidays (15-16 the weekend). A task due on
    # Monday 17 April is reminded on Wednesday 12th, the last working day before it.
    due = date(2023, 4, 17)
    assert not CAL.is_working_day(date(2023, 4, 13))
    assert stage_on(due, date(2023, 4, 12), DEFAULT, CAL).kind == "due"
    assert stage_on(due, date(2023, 4, 12), DEFAULT, CAL).on == date(2023, 4, 12)


def test_an_organizations_own_holiday_is_not_a_working_day():
    cal = WorkCalendar([date(2023, 1, 30)])  # a local festival
    assert not cal.is_working_day(date(2023, 1, 30))
    assert stage_on(date(2023, 1, 31), date(2023, 1, 27), DEFAULT, cal).kind == "before"
    assert stage_on(date(2023, 1, 31), date(2023, 1, 27), DEFAULT, cal).on == date(2023, 1, 27)


def test_overdue_work_is_brought_up_every_third_working_day_on_days_shared_by_all_tasks():
    a = stages(date(2023, 1, 31), date(2023, 2, 1), date(2023, 2, 28))
    b = stages(date(2023, 2, 1), date(2023, 2, 2), date(2023, 2, 28))
    days_a = sorted(a)
    assert all(CAL.working_days_between(x, y) == 3 for x, y in itertools.pairwise(days_a))
    assert set(b) <= set(a)  # a later task joins the same days: one message, not two
    assert CAL.working_days_between(date(2023, 1, 31), days_a[0]) >= 3


def test_weekly_level_brings_overdue_work_up_on_the_first_working_day_of_each_week():
    weekly = stages(date(2023, 1, 31), date(2023, 2, 1), date(2023, 3, 10), Level.WEEKLY)
    assert sorted(weekly) == [date(2023, 2, 6), date(2023, 2, 13), date(2023, 2, 20),
                              date(2023, 2, 27), date(2023, 3, 7)]  # Mon 6 Mar is Makha Bucha


def test_fortnightly_level_brings_it_up_every_other_week():
    weekly = stages(date(2023, 1, 31), date(2023, 2, 1), date(2023, 3, 31), Level.WEEKLY)
    fortnightly = stages(date(2023, 1, 31), date(2023, 2, 1), date(2023, 3, 31),
                         Level.FORTNIGHTLY)
    assert set(fortnightly) < set(weekly)
    weeks = [d.isocalendar()[1] for d in sorted(fortnightly)]
    assert all(b - a == 2 for a, b in itertools.pairwise(weeks))


def test_a_clock_that_was_down_catches_up_with_one_message_and_does_not_repeat_it():
    items = [Item(1, 1, date(2023, 1, 31))]
    # The last reminder was the week-ahead one on Tue 24 Jan; the clock was down 30-31 Jan.
    told = date(2023, 1, 24)
    catch_up = fresh_items(items, told, date(2023, 2, 1), DEFAULT, CAL, Level.FULL)
    assert [(i.task_id, s.kind) for i, s in catch_up] == [(1, "due")]
    assert fresh_items(items, date(2023, 2, 1), date(2023, 2, 2), DEFAULT, CAL, Level.FULL) == []


def test_pre_due_items_ride_along_when_their_own_pushes_are_dropped():
    due_today, next_week = Item(1, 1, date(2023, 1, 31)), Item(2, 1, date(2023, 2, 7))
    quiet = fresh_items([next_week], None, date(2023, 1, 31), DEFAULT, CAL, Level.NO_PRE_DUE)
    assert quiet == []  # a pre-due stage alone sends nothing at this level
    both = fresh_items([due_today, next_week], None, date(2023, 1, 31), DEFAULT, CAL,
                       Level.NO_PRE_DUE)
    assert [i.task_id for i, _ in both] == [1, 2]  # but rides along with the due-day one


def test_due_day_reminders_are_kept_at_every_level():
    item = Item(1, 1, date(2023, 1, 31))
    for level in Level:
        assert fresh_items([item], date(2023, 1, 24), date(2023, 1, 31), DEFAULT, CAL, level)


@settings(max_examples=60, deadline=None)
@given(
    dues=st.lists(st.integers(min_value=-40, max_value=45), min_size=1, max_size=6),
    start=st.integers(min_value=0, max_value=27),
    last=st.one_of(st.none(), st.integers(min_value=1, max_value=20)),
    level=st.sampled_from(list(Level)),
)
@example(dues=[0], start=6, last=None, level=Level.DUE_DAY_ONLY)  # Monday holiday, 6 Mar 2023
def test_the_forecast_equals_replaying_the_month_day_by_day(dues, start, last, level):
    today = date(2023, 3, 1) + timedelta(days=start)
    end = date(2023, 3, 31)
    items = [Item(n, 1, date(2023, 3, 1) + timedelta(days=d)) for n, d in enumerate(dues)]
    last_on = today - timedelta(days=last) if last else None
    replay, told = 0, last_on
    for day in working_days(today, end, CAL):
        if fresh_items(items, told, day, DEFAULT, CAL, level):
            replay, told = replay + 1, day
    predicted = forecast_reminders([Recipient(1, items, last_on)], today, end, DEFAULT, CAL,
                                   level)
    if CAL.is_working_day(today):
        assert predicted == replay
    else:
        assert predicted >= replay


def test_report_rounds_are_announced_before_april_and_october():
    six, twelve = report_rounds(2566, CAL)
    assert (six.notice_on, six.report_month) == (date(2023, 3, 15), date(2023, 4, 1))
    assert (twelve.notice_on, twelve.report_month) == (date(2023, 9, 15), date(2023, 10, 1))
    assert rounds_to_announce(date(2023, 3, 14), CAL) == []
    assert [r.key for r in rounds_to_announce(date(2023, 3, 20), CAL)] == ["r6-2566"]
    # The 12-month round of FY 2566 is reported in October 2023, already FY 2567.
    assert [r.key for r in rounds_to_announce(date(2023, 10, 2), CAL)] == ["r12-2566"]


def test_policy_settings_are_read_the_way_the_command_line_writes_them():
    assert parse_days("1, 7,14") == (14, 7, 1)
    start, end = parse_hours("09:00-16:00")
    assert (start.hour, end.hour) == (9, 16)

# schema: blog
# datetime.timedelta as Python has it: construction by keywords, date/datetime +/- timedelta, date - date,
# repr/str (negative days normalised), attributes, total_seconds(), comparison, isinstance.
import datetime
from datetime import timedelta, date
d = date(2024, 5, 6)
print(d + timedelta(days=30), timedelta(days=30) + d, d - timedelta(weeks=1))
t = datetime.datetime(2024, 1, 1, 12, 0) - datetime.datetime(2023, 12, 31, 10, 30, 15)
print(t, repr(t), t.days, t.seconds, t.total_seconds())
print(repr(timedelta(0)), str(timedelta(hours=-1)), repr(timedelta(hours=-1)), timedelta(milliseconds=1500))
print(date(2024, 3, 1) - date(2024, 2, 1), (date(2024, 3, 1) - date(2024, 2, 1)).days)
print(timedelta(days=1) > timedelta(hours=23), timedelta(hours=24) == timedelta(days=1), timedelta(days=2) * 3, timedelta(days=1) / timedelta(hours=1))
print(datetime.datetime(2024, 1, 31, 23, 0) + timedelta(hours=2), -timedelta(seconds=1), bool(timedelta()))
print(type(timedelta(1)).__name__, isinstance(timedelta(1), timedelta))

# schema: blog
# The Python subset: comprehensions, unpacking, exceptions by base class, f-strings, sorted with key, dict/set operations.
a, *rest = [3, 1, 2]
print(a, rest, sorted(rest, reverse=True))
names = {n: len(n) for n in ["ed", "wendy"]}
print(names, sum(names.values()), max(names), min(names.values()))
try:
    {}["missing"]
except LookupError as e:
    print(type(e).__name__, e)
try:
    int("x")
except (TypeError, ValueError) as e:
    print("caught", e)
for i, (k, v) in enumerate(sorted(names.items())):
    print(i, k, v, f"{v:03d}", f"{k!r:>8}")
s = {1, 2} | {3}
print(s, 2 in s, len(s - {1}))
x = 10
x //= 3
x **= 2
print(x, -7 // 2, -7 % 2, 7 / 2, round(2.675, 2), abs(-3))
print(isinstance(User(name="z"), User), hasattr(User(), "name"), getattr(User(), "name", "dflt"))
assert 1 == 2, "boom"

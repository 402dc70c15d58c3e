# schema: blog
# setup: blog_rows
# lambda as scripts use it with the ORM: sorted/max/map/filter keys over loaded objects, defaults, keyword
# calls, free names looked up at call time, the TypeError texts of a bad call, RecursionError.
print(sorted([("b", 2), ("a", 1), ("c", 0)], key=lambda t: t[1]))
f = lambda x, y=10: x * y
print(f(2), f(2, 3), f(y=1, x=5), (lambda: 42)(), f.__name__)
n = 3
g = lambda: n
n = 4
print(g(), list(map(lambda s: s.upper(), ["a", "b"])), list(filter(lambda v: v % 2, range(5))))
print(max(["aa", "b", "ccc"], key=lambda s: len(s)), sorted(["Bb", "aa"], key=lambda s: s.lower()))
print([(lambda k: k + i)(1) for i in range(3)])
try:
    f()
except TypeError as e:
    print(e)
try:
    f(1, 2, 3)
except TypeError as e:
    print(e)
h = lambda k: h(k + 1)
try:
    h(0)
except RecursionError as e:
    print("RecursionError")
x = 5
print((lambda x: x + 1)(1), x)
users = session.scalars(select(User)).all()
print([u.name for u in sorted(users, key=lambda u: u.fullname)])
print(max(users, key=lambda u: len(u.addresses)).name)
print(list(map(lambda a: a.email.split("@")[1], session.scalars(select(Address).order_by(Address.id)))))

# schema: blog
# The Python idioms of scripts: generator expressions in sum/any, dict and set comprehensions, starred
# unpacking, %-formatting, str.format, map/filter, divmod, round, floor division, setdefault, f-string specs.
xs = [3, 1, 2]
print(sum(x * 2 for x in xs), {x: x * x for x in xs})
print(sorted(xs, reverse=True), max(xs, default=0), any(x > 2 for x in xs), all(xs))
print(sorted([("b", 2), ("a", 1)]))
a, *rest = xs
print(a, rest, "%s-%d" % ("x", 5), "{} {}".format(1, "a"), "{:>5}".format("ab"))
print(list(map(str, xs)), list(filter(None, [0, 1, 2])), divmod(7, 2), round(2.675, 2), 7 // 2, -7 // 2, 2 ** 10)
d = {"a": 1}
d.setdefault("b", []).append(3)
print(d, d.get("c", 0), list(d.items()), "a" in d)
print(" ".join(str(x) for x in range(3)), "abc"[::-1], "a,b".split(","), isinstance(1, (int, str)))
try:
    {}["x"]
except KeyError as e:
    print("KeyError", e)
print(f"{3.14159:.2f} {1000000:,} {'x'!r} {42:>6} {0.5:%}")

# schema: blog
# .diagram: the states this session took, the identity map as a graph and the
# schema, as Mermaid and DOT text (svg and html files: tests/insight_plan.rs).
.echo off
.events off
u = User(name="ed", addresses=[Address(email="ed@x"), Address(email="ed@y")])
p = Post(title="hello", author=u, tags=[Tag(name="news")])
session.add(u)
session.commit()
u.addresses, p.tags
session.delete(u.addresses[1])
w = User(name="wendy")
session.add(w)
gone = User(name="gone")
.diagram states
.diagram objects
.diagram objects dot
.diagram schema
.diagram nothing

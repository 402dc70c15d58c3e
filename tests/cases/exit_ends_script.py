# schema: blog
# setup: blog_rows
# exit() in a script ends it as SystemExit ends Python: nothing after it runs and the flushed INSERT is never committed; SystemExit is a BaseException (`except Exception` lets it through, `except SystemExit` catches it, with its code)
import sys
try:
    sys.exit(5)
except SystemExit as e:
    print("caught", e.code, repr(e), str(e))
try:
    raise SystemExit
except BaseException as e:
    print(type(e).__name__, e.code, isinstance(e, Exception))
print(exit)
session.add(User(name="zed"))
session.flush()
print(session.scalar(select(func.count(User.id))))
try:
    exit()
except Exception:
    print("not here")
print("after")
session.commit()

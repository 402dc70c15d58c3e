# schema: blog
# Pool exhaustion: what happens when more sessions want a connection than the
# pool may hand out.
#
# The engine below has a QueuePool of 5 connections and no overflow, and waits
# at most 1 second for a free one. It uses its own SQLite file under /tmp
# (sqlite:////tmp/ormsh_pool_demo.db, four slashes: an absolute path) so that
# every session really holds a separate DBAPI connection; nothing is written to
# it, and it is left in /tmp, not in your working directory.
#
# Watch: a Session takes a connection only when it first runs SQL (autobegin),
# keeps it until commit/rollback/close, and the sixth one waits, then raises
# TimeoutError. Closing one session returns its connection to the pool.

from sqlalchemy.exc import TimeoutError

pool_engine = create_engine(
    "sqlite:////tmp/ormsh_pool_demo.db",
    pool_size=5,
    max_overflow=0,
    pool_timeout=1,
)
PoolSession = sessionmaker(bind=pool_engine)

# 20 sessions: creating a Session costs no connection yet.
sessions = [PoolSession() for i in range(20)]
print(pool_engine.pool.status())

# Five sessions each run a query, so each now holds a connection.
for s in sessions[:5]:
    s.execute(text("SELECT 1")).scalar()
print(pool_engine.pool.status())

# The sixth waits pool_timeout (1 second) for a free connection, then gives up.
try:
    sessions[5].execute(text("SELECT 1"))
except TimeoutError as e:
    print("sixth session:", e)

# Closing one session gives its connection back; the sixth now gets it.
sessions[0].close()
print(sessions[5].execute(text("SELECT 1")).scalar())
print(pool_engine.pool.status())

# Everyone closes: all connections are back in the pool.
for s in sessions:
    s.close()
print(pool_engine.pool.status())

//! Engines, pools, connections, transactions and drivers. Mirrors
//! `sqlalchemy/engine` and `sqlalchemy/pool`. Every statement goes through
//! `Connection::execute`, which emits the `sql`/`tx` events.

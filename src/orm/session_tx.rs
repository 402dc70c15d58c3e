//! The Session's transactions: `begin`, `begin_nested`, the connection a
//! transaction level holds per bind (`connection_for`, `get_bind`), `commit`
//! level by level, two-phase `prepare`, `close`. Mirrors `orm/session.py`
//! `SessionTransaction` (`_connection_for_bind`, `commit`, `_prepare_impl`,
//! `close`); rollback is `rollback.rs`.

use super::*;

impl Orm {
    /// `Session.begin()`: only refuses an existing transaction, failed or not
    /// (SQLAlchemy checks nothing else before "already begun").
    pub fn begin(&mut self, sid: SessionId) -> Result<()> {
        let s = self.session_mut(sid);
        if !s.transactions.is_empty() {
            return Err(invalid("A transaction is already begun on this Session."));
        }
        s.transactions.push(SessionTransaction::new(TxOrigin::Begin));
        Ok(())
    }

    /// `Session.begin_nested()`: flushes, then a savepoint level (SAVEPOINT is
    /// emitted when a connection is first needed). Returns the nesting depth.
    pub fn begin_nested(&mut self, sid: SessionId) -> Result<usize> {
        self.check_active(sid)?;
        self.autobegin(sid)?;
        self.flush(sid)?;
        let s = self.session_mut(sid);
        s.transactions.push(SessionTransaction::new(TxOrigin::BeginNested));
        Ok(s.transactions.len() - 1)
    }

    /// The connection of the current transaction for `engine`, acquiring it
    /// (and BEGIN / SAVEPOINT) if needed (`_connection_for_bind`).
    pub fn connection_for(&mut self, sid: SessionId, mapper: Option<MapperId>) -> Result<Connection> {
        self.check_active(sid)?;
        self.autobegin(sid)?;
        self.check_not_prepared(sid)?;
        let bind = self.get_bind(sid, mapper)?;
        let engine = bind.engine();
        let depth = self.session(sid).transactions.len();
        self.connection_at(sid, depth - 1, &bind, &engine)
    }

    /// `_assert_active()`: a prepared transaction (a savepoint whose RELEASE
    /// failed, a COMMIT that raised, `prepare()`) emits nothing more.
    pub(crate) fn check_not_prepared(&self, sid: SessionId) -> Result<()> {
        if self.session(sid).transactions.last().is_some_and(|t| t.state() == TxState::Prepared) {
            return Err(invalid("This session is in 'prepared' state; no further SQL can be emitted within this transaction."));
        }
        Ok(())
    }

    pub(super) fn connection_at(&mut self, sid: SessionId, level: usize, bind: &Bind, engine: &Engine) -> Result<Connection> {
        if let Some(c) = self.session(sid).transactions[level].connection_for(engine) {
            return Ok(c.conn.clone());
        }
        use crate::orm::transaction::TxConnection;
        if level > 0 {
            let conn = self.connection_at(sid, level - 1, bind, engine)?;
            let nested = self.session(sid).transactions[level].nested();
            if !nested {
                return Ok(conn);
            }
            let name = conn.begin_nested()?;
            self.session_mut(sid).transactions[level].connections.push(TxConnection {
                engine: engine.clone(),
                conn: conn.clone(),
                owned: false,
                should_commit: true,
                savepoint: Some(name),
                began: true,
                twophase: false,
            });
            return Ok(conn);
        }
        let (conn, owned) = match bind {
            Bind::Connection(c) => (c.clone(), false),
            Bind::Engine(e) => (e.connect()?, true),
        };
        let twophase = self.session(sid).opts.twophase;
        let (should_commit, savepoint) = if twophase {
            if let Err(e) = conn.begin_twophase(&new_xid()) {
                if owned {
                    let _ = conn.close();
                }
                return Err(e);
            }
            (true, None)
        } else if conn.in_transaction() && !owned {
            // join the connection's transaction as join_transaction_mode says
            let mode = match self.session(sid).opts.join_mode {
                JoinMode::ConditionalSavepoint if conn.in_nested_transaction() => JoinMode::CreateSavepoint,
                JoinMode::ConditionalSavepoint => JoinMode::RollbackOnly,
                m => m,
            };
            match mode {
                JoinMode::CreateSavepoint => (true, Some(conn.begin_nested()?)),
                m => (m == JoinMode::ControlFully, conn.savepoints().last().cloned()),
            }
        } else {
            if let Err(e) = conn.begin() {
                if owned {
                    let _ = conn.close();
                }
                return Err(e);
            }
            (true, None)
        };
        let began = true;
        self.session_mut(sid).transactions[0].connections.push(TxConnection {
            engine: engine.clone(),
            conn: conn.clone(),
            owned,
            should_commit,
            savepoint,
            began,
            twophase,
        });
        Ok(conn)
    }

    /// `Session.get_bind(mapper)`.
    pub fn get_bind(&self, sid: SessionId, mapper: Option<MapperId>) -> Result<Bind> {
        let s = self.session(sid);
        if let Some(m) = mapper {
            if let Some((_, b)) = s.opts.binds.iter().find(|(bm, _)| *bm == m) {
                return Ok(b.clone());
            }
        }
        if let Some(b) = &s.opts.bind {
            return Ok(b.clone());
        }
        if let Some((_, b)) = s.opts.binds.first() {
            if mapper.is_none() {
                return Ok(b.clone());
            }
        }
        Err(Error::new(
            ErrorKind::UnboundExecutionError,
            match mapper {
                Some(m) => format!("Could not locate a bind configured on mapper Mapper[{}({})] or this Session.", self.registry.mapper(m).class_name, self.registry.metadata.table(self.registry.mapper(m).table).name),
                None => "Could not locate a bind configured on SQL expression or this Session.".to_string(),
            },
        ))
    }

    /// `Session.commit()`: flush, commit the outermost (or current nested)
    /// transaction, expire everything (expire_on_commit).
    pub fn commit(&mut self, sid: SessionId) -> Result<()> {
        if self.session(sid).transactions.is_empty() {
            self.autobegin(sid)?;
        }
        // commit(_to_root=True): open savepoints are released, then the root commits
        self.commit_level(sid, 0)
    }

    /// Commit transaction level `level` (0 = root; deeper levels are savepoints).
    pub fn commit_level(&mut self, sid: SessionId, level: usize) -> Result<()> {
        self.check_active(sid)?;
        // commit inner levels first (SQLAlchemy commits subtransactions in order)
        while self.session(sid).transactions.len() > level + 1 {
            let l = self.session(sid).transactions.len() - 1;
            self.commit_level(sid, l)?;
        }
        // a savepoint whose RELEASE failed stays PREPARED, its Core transaction
        // inactive: committing it again is the Connection's PendingRollbackError
        if self.session(sid).transactions[level].nested() && self.session(sid).transactions[level].state() == TxState::Prepared {
            return Err(Error::new(
                ErrorKind::PendingRollbackError,
                "Can't reconnect until invalid savepoint transaction is rolled back.  Please rollback() fully before proceeding (Background on this error at: https://sqlalche.me/e/21/8s2b)",
            ));
        }
        // commit() of a PREPARED transaction skips `_prepare_impl` (no flush)
        if !self.session(sid).flushing && self.session(sid).transactions[level].state() != TxState::Prepared {
            self.flush_for_commit(sid)?;
        }
        let mut tx = self.session_mut(sid).transactions.pop().expect("level exists");
        if tx.nested() {
            for c in tx.connections.iter_mut() {
                if c.should_commit {
                    if let Err(e) = c.core_commit() {
                        // NestedTransaction._do_commit: a failed RELEASE leaves the
                        // savepoint inactive (nothing to roll back to), and the
                        // session transaction PREPARED, still the current one
                        c.began = false;
                        tx.mark_prepared();
                        self.session_mut(sid).transactions.push(tx);
                        return Err(e);
                    }
                }
            }
            // merge the snapshot into the parent
            let s = self.session_mut(sid);
            if let Some(parent) = s.transactions.last_mut() {
                parent.new.extend(tx.new.iter().copied());
                parent.dirty.extend(tx.dirty.iter().copied());
                parent.deleted.extend(tx.deleted.iter().copied());
                parent.key_switches.extend(tx.key_switches.iter().cloned());
            }
            return Ok(());
        }
        let mut first_err = None;
        if tx.connections.iter().any(|c| c.twophase) {
            // two-phase: prepare every connection; if one fails, roll all back
            if let Err(e) = self.prepare_all(&tx) {
                for c in tx.connections.iter_mut() {
                    let _ = c.core_rollback();
                    if c.owned {
                        let _ = c.conn.close();
                    }
                }
                self.restore_snapshot(sid, &tx, false);
                return Err(e);
            }
        }
        for c in tx.connections.iter_mut() {
            if c.should_commit {
                if let Err(e) = c.core_commit() {
                    first_err.get_or_insert(e);
                }
            }
        }
        if let Some(e) = first_err {
            // SessionTransaction.commit(): a COMMIT that raises ("database is
            // locked", a lost connection) leaves the transaction PREPARED with its
            // snapshot; the objects stay as the flush left them (persistent) until
            // rollback() restores them. The COMMIT may even have been applied.
            tx.mark_prepared();
            self.session_mut(sid).transactions.push(tx);
            return Err(e);
        }
        // _remove_snapshot
        // (without expire_on_commit the objects deleted stay attached: `deleted`)
        if self.session(sid).opts.expire_on_commit {
            for id in self.session(sid).identity_map.states() {
                self.expire_state_all(id);
            }
            let deleted: Vec<InstanceId> = tx.deleted.iter().copied().collect();
            self.detach_states(&deleted, false);
        }
        for c in tx.connections.iter_mut() {
            if c.should_commit {
                let _ = c.core_rollback();
            }
            if c.owned {
                let _ = c.conn.close();
            }
        }
        Ok(())
    }

    pub(super) fn prepare_all(&self, tx: &SessionTransaction) -> Result<()> {
        for c in &tx.connections {
            if c.twophase {
                c.conn.prepare_twophase()?;
            }
        }
        Ok(())
    }

    /// `Session.prepare()`: flush, then PREPARE every two-phase connection.
    pub fn prepare(&mut self, sid: SessionId) -> Result<()> {
        self.check_active(sid)?;
        if !self.session(sid).opts.twophase || self.session(sid).transactions.len() > 1 {
            return Err(invalid("'twophase' mode not enabled, or not root transaction; can't prepare."));
        }
        self.autobegin(sid)?;
        self.flush(sid)?;
        // _prepare_impl: a PREPARE that fails rolls the session back at once
        // (`with util.safe_reraise(): self.rollback()`), then the error is raised
        let prepared = self.prepare_all(&self.session(sid).transactions[0]);
        if let Err(e) = prepared {
            let _ = self.rollback(sid);
            return Err(e);
        }
        self.session_mut(sid).transactions[0].mark_prepared();
        Ok(())
    }

    /// `Session.close()`: roll back, expunge everything, release connections.
    pub fn close(&mut self, sid: SessionId) -> Result<()> {
        // as SQLAlchemy's _close_impl: expunge everything, then close the transactions
        self.expunge_all(sid);
        if self.session(sid).transactions.is_empty() {
            Ok(())
        } else {
            self.close_transactions(sid)
        }
    }

    pub(super) fn close_transactions(&mut self, sid: SessionId) -> Result<()> {
        let mut first_err = None;
        // SessionTransaction.close() of each level, innermost first: the Core
        // transactions still active are closed (ROLLBACK TO SAVEPOINT, ROLLBACK)
        while let Some(mut tx) = self.session_mut(sid).transactions.pop() {
            let root = self.session(sid).transactions.is_empty();
            for c in tx.connections.iter_mut() {
                if c.should_commit {
                    if let Err(e) = c.core_rollback() {
                        first_err.get_or_insert(e);
                    }
                }
                if c.owned && root {
                    let _ = c.conn.close();
                }
            }
        }
        match first_err {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Serial number of the transaction at `level` (0 when none).
    pub fn tx_serial(&self, sid: SessionId, level: usize) -> u64 {
        self.session(sid).transactions.get(level).map(|t| t.serial).unwrap_or(0)
    }
}

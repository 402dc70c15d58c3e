# schema: types
# insertmanyvalues (persistence._emit_insert_statements, compiler._deliver_insertmanyvalues_batches): one flush of 2,500 new objects goes as 1000-row batches on PostgreSQL/MariaDB, each key and server default back on its own object; keys given: batches without RETURNING (PostgreSQL), executemany (MariaDB).
import datetime
ps = [Product(name=f"p{i}", qty=i, weight=(None if i % 3 else i / 2), released=(datetime.date(2024, 1, 1 + i % 28) if i % 2 else None)) for i in range(1200)]
ps.append(Product(name="special", qty=-1, status="given"))
ps.extend(Product(name=f"p{i}", qty=i) for i in range(1200, 2500))
session.add_all(ps)
session.flush()
print(len({p.id for p in ps}), all(p.id is not None for p in ps))
names = dict(session.execute(select(Product.id, Product.name)).all())
print(all(names[p.id] == p.name for p in ps), ps[1200].status, ps[0].status, ps[-1].status, ps[-1].created)
print(sorted(p.id for p in ps) == [p.id for p in ps])
cs = [Counter(id=100 + i, name=f"c{i}", value=i) for i in range(1100)]
session.add_all(cs)
session.commit()
print(session.scalar(select(func.count(Counter.id))), session.scalar(select(func.sum(Counter.value))))
print(session.scalar(select(func.count(Product.id)).where(Product.weight.is_(None))))

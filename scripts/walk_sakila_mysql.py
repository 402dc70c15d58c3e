# reflect: mysql/sakila
# A walk through Sakila, the DVD-rental store that ships with MySQL, on
# MariaDB or MySQL, mapped with --reflect the way sqlalchemy.ext.automap maps
# it: each table is a class named like the table, each foreign key gives a
# many-to-one named after the referred class (rental.customer) and a
# one-to-many "<class>_collection" on the other side (customer.rental_collection).
#
#   scripts/load_samples.sh mysql          # loads the databases Chinook and sakila once
#   ormsh --reflect --no-create mysql://root@127.0.0.1/sakila < scripts/walk_sakila_mysql.py
#
# The walk changes nothing: what it adds is rolled back at the end.

# A film. MySQL types as SQLAlchemy reads them: release_year is a YEAR (an
# int), rating an ENUM (a string), rental_rate a DECIMAL(4,2) (a Decimal).
# special_features is a SET, which SQLAlchemy turns into a Python set and
# ormsh leaves as the server's text ('Deleted Scenes,Behind the Scenes'; see
# docs/divergences.md), so the walk does not print it.
f = session.get(film, 1)
print(f.title, f.release_year, f.rating, f.rental_rate, f.length)

# Its language. film has two foreign keys to language (language_id and
# original_language_id), which automap names alike; SQLAlchemy then builds
# film.language over the first and language.film_collection over the second
# (ormsh takes them in constraint-name order). So film.language is the film's
# language, but language.film_collection lists the films whose *original*
# language it is: none in this data.
lang = f.language
print(lang.name, len(lang.film_collection))

# Actors and categories. film_actor and film_category have a last_update
# column besides their two keys, so they are classes, not plain link tables:
# the walk goes film -> film_actor -> actor (one lazy load per actor).
print(sorted(fa.actor.last_name for fa in f.film_actor_collection))
print([fc.category.name for fc in f.film_category_collection])

# The copies of the film in inventory, in which store, and the rentals of one
# copy: who rented it and when (rental_date is a DATETIME).
copies = f.inventory_collection
print(len(copies), "copies in stores", sorted({c.store_id for c in copies}))
copy = copies[0]
for r in copy.rental_collection[:3]:
    print(" ", r.rental_date, r.customer.first_name, r.customer.last_name, "returned" if r.return_date else "out")

# From a customer to the address, city and country (three many-to-ones), and
# the customer's payments (payment is a plain table here, with its keys).
c = copy.rental_collection[0].customer
print(c.email, "|", c.address.address, "|", c.address.city.city, "|", c.address.city.country.country)
print(len(c.payment_collection), "payments, total", sum(p.amount for p in c.payment_collection))

# A cycle of foreign keys: staff.store_id -> store and store.manager_staff_id
# -> staff. Each gives its pair: staff.store (where one works) with
# store.staff_collection, and store.staff (its manager) with
# staff.store_collection (the stores one manages).
s = copy.store
print("store", s.store_id, "managed by", s.staff.first_name, s.staff.last_name, "|", len(s.staff_collection), "staff")
print(s.staff.store is s, [st.store_id for st in s.staff.store_collection])

# A query that walks the same path with joins: the most rented films of the
# film's first category.
stmt = (
    select(film.title, func.count(rental.rental_id).label("rentals"))
    .join(inventory, inventory.film_id == film.film_id)
    .join(rental, rental.inventory_id == inventory.inventory_id)
    .join(film_category, film_category.film_id == film.film_id)
    .join(category, category.category_id == film_category.category_id)
    .where(category.name == f.film_category_collection[0].category.name)
    .group_by(film.title)
    .order_by(desc("rentals"), film.title)
    .limit(3)
)
for title, rentals in session.execute(stmt):
    print(" ", title, rentals)

# Relationship attributes in queries: actors of the film, through any()/has().
print(session.scalars(
    select(actor.last_name)
    .where(actor.film_actor_collection.any(film_actor.film.has(film.title == f.title)))
    .order_by(actor.last_name)
    .limit(3)
).all())

# A new rental of the copy. rental_id is AUTO_INCREMENT and last_update has a
# server default: MariaDB returns both (INSERT ... RETURNING); MySQL, which
# has no RETURNING, gives the key as lastrowid and loads last_update when it
# is read. The new key is not printed: AUTO_INCREMENT is not rolled back, so
# it changes from run to run.
new = rental(rental_date="2006-02-15 10:00:00", inventory=copy, customer=c, staff=copy.rental_collection[0].staff)
session.add(new)
session.flush()
print(inspect(new).persistent, new.rental_id is not None, new.last_update is not None)
session.rollback()
print(inspect(new).transient)

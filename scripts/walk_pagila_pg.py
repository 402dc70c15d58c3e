# reflect: postgresql/pagila
# A walk through Pagila, the PostgreSQL port of the Sakila DVD-rental store,
# mapped with --reflect the way sqlalchemy.ext.automap maps it: each table is a
# class named like the table, each foreign key gives a many-to-one named after
# the referred class (rental.customer) and a one-to-many "<class>_collection"
# on the other side (customer.rental_collection).
#
#   scripts/load_samples.sh postgresql     # loads the databases chinook and pagila once
#   ormsh --reflect --no-create postgresql://postgres@127.0.0.1/pagila < scripts/walk_pagila_pg.py
#
# The walk changes nothing: what it adds is rolled back at the end.

# A film, and the PostgreSQL types Pagila uses: rating is the enum mpaa_rating
# (a string here), release_year the domain "year" over integer (an int),
# special_features a text[] (a list), rental_rate a numeric(4,2) (a Decimal).
f = session.get(film, 1)
print(f.title, f.release_year, f.rating, f.rental_rate, f.length)
print(f.special_features)

# Its language. film has two foreign keys to language (language_id and
# original_language_id), which automap names alike; SQLAlchemy then builds
# film.language over the first and language.film_collection over the second
# (ormsh takes them in constraint-name order). So film.language is the film's
# language, but language.film_collection lists the films whose *original*
# language it is: none in this data.
lang = f.language
print(lang.name.strip(), len(lang.film_collection))

# Actors and categories. film_actor and film_category have a last_update
# column besides their two keys, so they are classes, not plain link tables:
# the walk goes film -> film_actor -> actor (one lazy load per actor).
print(sorted(fa.actor.last_name for fa in f.film_actor_collection))
print([fc.category.name for fc in f.film_category_collection])

# The copies of the film in inventory, and the rentals of one copy: who rented
# it and when. rental_date is a timestamp with time zone; SQLAlchemy gives an
# aware datetime (+00:00) where ormsh gives the naive one in UTC (see
# docs/divergences.md), so the walk prints the date.
copies = f.inventory_collection
print(len(copies), "copies")
copy = copies[0]
for r in copy.rental_collection[:3]:
    print(" ", r.rental_date.date(), r.customer.first_name, r.customer.last_name, "returned" if r.return_date else "out")

# From a customer to the address, city and country (three many-to-ones).
c = copy.rental_collection[0].customer
print(c.email, "|", c.address.address, "|", c.address.city.city, "|", c.address.city.country.country)

# payment is partitioned by month. SQLAlchemy reflects the partitioned parent
# and each partition (payment_p2022_01 ... 07) as tables, so each is a class;
# the foreign keys are declared on the partitions, so the relationships are
# customer.payment_p2022_01_collection and so on, and the parent class
# payment has none: query it with an explicit condition.
print(len(c.payment_p2022_02_collection), "payments in February")
print(session.scalar(select(func.sum(payment.amount)).where(payment.customer_id == c.customer_id)))

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

# A new rental of the copy. rental_id is a serial and last_update has a
# server default: PostgreSQL returns both (INSERT ... RETURNING). The keys of
# the new row are not printed: a sequence is not rolled back, so they change
# from run to run.
new = rental(rental_date="2022-08-01 10:00:00", inventory=copy, customer=c, staff=copy.rental_collection[0].staff)
session.add(new)
session.flush()
print(inspect(new).persistent, new.rental_id is not None, new.last_update is not None)
session.rollback()
print(inspect(new).transient)

# reflect: sakila/sqlite-sakila.db
# A walk through Sakila (DVD rental) mapped with --reflect. film_actor and
# film_category carry an extra last_update column, so automap maps them as
# classes (film.film_actor_collection -> film_actor.actor), not as
# many-to-many. staff and store point at each other (store.staff is the
# manager, store.staff_collection the employees).
#
#   ormsh --reflect --no-create sqlite:///sqlite-sakila.db < scripts/walk_sakila.py

# A customer, where they live, and what they rented.
cust = session.get(customer, 1)
print(cust.first_name, cust.last_name, cust.active)
addr = cust.address
print(addr.address, "|", addr.city.city, "|", addr.city.country.country)
rentals = cust.rental_collection
print(len(rentals), "rentals")
r = session.get(rental, 76)
print(r.customer is cust, r.rental_date, r.return_date)

# From the rental to the copy, the film, its language, actors and categories.
f = r.inventory.film
print(f.title, f.release_year, f.rental_rate, f.rating)
# film has two foreign keys to language (language_id, original_language_id);
# both would be named film.language. SQLAlchemy builds film.language over the
# one it meets first and language.film_collection over the other, in Python's
# set order (it changes between runs); ormsh takes them in declaration order.
# Going through the column keeps this walk the same under both.
print(session.get(language, f.language_id).name.strip())
print(sorted(fa.actor.last_name for fa in f.film_actor_collection))
print([fc.category.name for fc in f.film_category_collection])
print(len(f.inventory_collection), "copies")

# Payments for the rental, the staff member who took them, and their store.
for p in r.payment_collection:
    print("  paid", p.amount, "on", p.payment_date, "to", p.staff.first_name)
st = r.staff
print(st.store.store_id, st.store.staff.first_name, len(st.store.staff_collection))
print(st.address.address)

# The same path as a query: the five most rented films.
stmt = (
    select(film.title, func.count(rental.rental_id).label("n"))
    .join(inventory, inventory.film_id == film.film_id)
    .join(rental, rental.inventory_id == inventory.inventory_id)
    .group_by(film.title)
    .order_by(func.count(rental.rental_id).desc(), film.title)
    .limit(5)
)
for title, n in session.execute(stmt):
    print(" ", title, n)
print(session.scalar(select(func.count()).select_from(film_text)))
session.rollback()

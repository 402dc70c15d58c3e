# reflect: northwind/northwind.db
# A walk through Northwind mapped with --reflect. Table names are plural, so
# automap's many-to-one names are plural too (Orders.customers, Products.categories),
# and "Order Details" has a space: its class is bound as Order_Details, and the
# collections pointing at it are reached with getattr(obj, "order details_collection").
# CustomerCustomerDemo and EmployeeTerritories only link two tables: they are
# many-to-many (Employees.territories_collection), not classes.
#
#   ormsh --reflect --no-create sqlite:///northwind.db < scripts/walk_northwind.py

# A customer, its orders, and the lines of its first order.
alfki = session.get(Customers, "ALFKI")
print(alfki.CompanyName, alfki.City)
orders = alfki.orders_collection
print(len(orders), "orders")
order = session.get(Orders, 10643)
print(order.customers is alfki, order.OrderDate, order.shippers.CompanyName)
lines = getattr(order, "order details_collection")
for line in lines:
    print("  ", line.products.ProductName, line.Quantity, line.UnitPrice, line.Discount)

# From a product to its category and supplier, and back to the category's products.
product = lines[0].products
print(product.categories.CategoryName, "|", product.suppliers.CompanyName)
print(len(product.categories.products_collection), "products in", product.categories.CategoryName)

# The employee who took the order, their manager (self-reference) and territories (many-to-many).
emp = order.employees
print(emp.FirstName, emp.LastName, "reports to", emp.employees.FirstName, emp.employees.LastName)
print(sorted(e.LastName for e in emp.employees.employees_collection))
print(sorted(t.TerritoryDescription for t in emp.territories_collection))
territory = emp.territories_collection[0]
print(territory.regions.RegionDescription.strip(), [e.LastName for e in territory.employees_collection])

# The class with a space in its name, in a query.
stmt = (
    select(Products.ProductName, func.sum(Order_Details.Quantity).label("units"))
    .join(Order_Details, Order_Details.ProductID == Products.ProductID)
    .group_by(Products.ProductName)
    .order_by(func.sum(Order_Details.Quantity).desc())
    .limit(3)
)
for name, units in session.execute(stmt):
    print(" ", name, units)
print(session.get(Order_Details, (10643, 28)).Quantity)
session.rollback()

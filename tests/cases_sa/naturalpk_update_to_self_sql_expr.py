# from test/orm/test_naturalpks.py NaturalPKTest.test_update_to_self_sql_expr
# schema: natural_pk
# A natural primary key set to a SQL expression that leaves it unchanged: UPDATE ... SET username=(username || ''), then the value reloads.
sess = Session()
u1 = User(username="jack", fullname="jack")
sess.add(u1)
sess.flush()
u1.username = User.username + ""
sess.flush()
print(u1.username)

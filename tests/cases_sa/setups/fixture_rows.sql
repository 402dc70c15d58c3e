INSERT INTO users (id, name) VALUES (7, 'jack'), (8, 'ed'), (9, 'fred'), (10, 'chuck');
INSERT INTO addresses (id, user_id, email_address) VALUES (1, 7, 'jack@bean.com'), (2, 8, 'ed@wood.com'), (3, 8, 'ed@bettyboop.com'), (4, 8, 'ed@lala.com'), (5, 9, 'fred@fred.com');
INSERT INTO orders (id, user_id, description, isopen, address_id) VALUES (1, 7, 'order 1', 0, 1), (2, 9, 'order 2', 0, 4), (3, 7, 'order 3', 1, 1), (4, 9, 'order 4', 1, 4), (5, 7, 'order 5', 0, NULL);
INSERT INTO dingalings (id, address_id, data) VALUES (1, 2, 'ding 1/2'), (2, 5, 'ding 2/5');
INSERT INTO items (id, description) VALUES (1, 'item 1'), (2, 'item 2'), (3, 'item 3'), (4, 'item 4'), (5, 'item 5');
INSERT INTO order_items (item_id, order_id) VALUES (1, 1), (2, 1), (3, 1), (1, 2), (2, 2), (3, 2), (3, 3), (4, 3), (5, 3), (1, 4), (5, 4), (5, 5);
INSERT INTO keywords (id, name) VALUES (1, 'blue'), (2, 'red'), (3, 'green'), (4, 'big'), (5, 'small'), (6, 'round'), (7, 'square');
INSERT INTO item_keywords (keyword_id, item_id) VALUES (2, 1), (2, 2), (4, 1), (6, 1), (5, 2), (3, 3), (4, 3), (7, 2), (6, 3);
INSERT INTO composite_pk_table (i, j, k) VALUES (1, 2, 3), (2, 1, 4), (1, 1, 5), (2, 2, 6);

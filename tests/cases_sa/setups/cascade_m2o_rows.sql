INSERT INTO prefs (id, data) VALUES (1, 'pref 1'), (2, 'pref 2'), (3, 'pref 3');
INSERT INTO extra (id, prefs_id) VALUES (1, 1), (2, 2), (3, 3);
INSERT INTO users (id, name, pref_id) VALUES (1, 'ed', 1), (2, 'jack', 2), (3, 'foo', 3);

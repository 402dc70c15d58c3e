INSERT INTO authors (id, name) VALUES (1, 'Austen');
INSERT INTO authors (id, name) VALUES (2, 'Borges');
INSERT INTO books (id, title, author_id) VALUES (1, 'Emma', 1);
INSERT INTO books (id, title, author_id) VALUES (2, 'Persuasion', 1);
INSERT INTO books (id, title, author_id) VALUES (3, 'Ficciones', 2);

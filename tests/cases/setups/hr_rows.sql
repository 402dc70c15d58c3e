INSERT INTO departments (id, name) VALUES (1, 'eng');
INSERT INTO departments (id, name) VALUES (2, 'sales');
INSERT INTO departments (id, name) VALUES (3, 'ops');
INSERT INTO employees (id, name, title, salary, hired, department_id, manager_id) VALUES (1, 'ann', 'boss', 200.00, '2020-01-02', 1, NULL);
INSERT INTO employees (id, name, title, salary, hired, department_id, manager_id) VALUES (2, 'bo', 'staff', 100.50, '2021-03-04', 1, 1);
INSERT INTO employees (id, name, title, salary, hired, department_id, manager_id) VALUES (3, 'cy', 'staff', 90.00, NULL, 2, 1);
INSERT INTO badges (id, code, employee_id) VALUES (1, 'B-1', 1);
INSERT INTO badges (id, code, employee_id) VALUES (2, 'B-2', 2);

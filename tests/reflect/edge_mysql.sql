-- Edge cases of --reflect on MySQL/MariaDB, loaded into a fresh database ormsh_reflect_edge
-- by tests/reflect_servers.rs: mixed-case and reserved-word names, AUTO_INCREMENT keys, ENUM, SET,
-- BOOL, YEAR, JSON, POINT, BIT, DOUBLE and FLOAT columns, a generated column, a composite foreign
-- key with ON DELETE SET NULL, a view and a table without primary key.
CREATE TABLE `Artist` (`ArtistId` INT NOT NULL AUTO_INCREMENT PRIMARY KEY, `Name` VARCHAR(120) NOT NULL,
  `Mood` ENUM('sad','ok','happy') DEFAULT 'ok', `Flags` SET('a','b','c'), `Active` BOOL NOT NULL DEFAULT 1);
CREATE TABLE `Album` (`AlbumId` INT NOT NULL AUTO_INCREMENT PRIMARY KEY, `Title` VARCHAR(160) NOT NULL,
  `ArtistId` INT NOT NULL, `Year` YEAR, doc JSON, spot POINT, bits BIT(8), price DECIMAL(6,2) DEFAULT 9.99,
  title_upper VARCHAR(160) AS (UPPER(`Title`)) STORED, created TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  blobby LONGBLOB, ratio DOUBLE, small FLOAT,
  CONSTRAINT fk_album_artist FOREIGN KEY (`ArtistId`) REFERENCES `Artist` (`ArtistId`) ON DELETE CASCADE);
CREATE TABLE `order` (`user` INT NOT NULL, `select` INT NOT NULL, `key` TEXT, PRIMARY KEY (`user`, `select`));
CREATE TABLE line (id INT AUTO_INCREMENT PRIMARY KEY, order_user INT, order_select INT, qty FLOAT,
  FOREIGN KEY (order_user, order_select) REFERENCES `order` (`user`, `select`) ON DELETE SET NULL);
CREATE VIEW `ArtistView` AS SELECT * FROM `Artist`;
CREATE TABLE nopk (x INT);
INSERT INTO `Artist` (`Name`, `Mood`, `Flags`) VALUES ('AC/DC', 'happy', 'a,c'), ('Accept', NULL, '');
INSERT INTO `Album` (`Title`, `ArtistId`, `Year`, doc, spot, bits, blobby, ratio, small) VALUES
  ('Let There Be Rock', 1, 1977, '{"a": [1, 2]}', POINT(1, 2), b'00000101', X'0001FF', 0.1, 0.1);
INSERT INTO `order` VALUES (1, 2, 'first');
INSERT INTO line (order_user, order_select, qty) VALUES (1, 2, 0.1);

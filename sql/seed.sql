-- A handful of restaurants with reviews, for the site and the MCP tools
-- to show on first start. Idempotent: fixed ids, existing rows are left
-- alone, and the id sequences are moved past the seeded rows.

BEGIN;

INSERT INTO restaurant (id, name, street_address, description) VALUES
	(1, 'Lighthouse Noodle Bar', '14 Harbour Lane',
	    'Hand-pulled noodles in slow-simmered broths, open late.'),
	(2, 'The Copper Kettle', '220 Mill Street',
	    'A bakery and tea room with scones, pies and soup of the day.'),
	(3, 'Casa Verde', '7 Orchard Road',
	    'Vegetarian Mexican cooking: tacos, tamales and fresh salsas.'),
	(4, 'Northwind Smokehouse', '98 Station Square',
	    'Low and slow barbecue with house pickles and cornbread.'),
	(5, 'Saffron & Sage', '3 Riverside Walk',
	    'Persian and Levantine plates to share; no reviews yet.')
ON CONFLICT (id) DO NOTHING;

INSERT INTO review (id, restaurant, user_name, rating, review_text,
    review_date) VALUES
	(1, 1, 'Amira', 5, 'The spicy beef noodles are worth the queue.',
	    '2026-03-02 19:12:00'),
	(2, 1, 'Jonas', 4, 'Great broth, a little loud on Friday nights.',
	    '2026-03-09 20:45:00'),
	(3, 1, 'Priya', 4, 'Quick service and generous portions.',
	    '2026-04-17 12:30:00'),
	(4, 2, 'Tom', 5, 'Best cheese scones in town.',
	    '2026-02-21 10:05:00'),
	(5, 2, 'Mei', 3, 'Lovely pies, but the tea was lukewarm.',
	    '2026-05-03 15:40:00'),
	(6, 3, 'Lucia', 5, 'The mushroom tamales were outstanding.',
	    '2026-01-30 18:20:00'),
	(7, 3, 'Sam', 4, 'Fresh and bright; the salsa bar is a treat.',
	    '2026-04-02 13:15:00'),
	(8, 3, 'Olu', 5, 'Friendly staff, excellent horchata.',
	    '2026-06-11 19:55:00'),
	(9, 4, 'Henrik', 2, 'Brisket was dry the night we went.',
	    '2026-05-22 20:10:00')
ON CONFLICT (id) DO NOTHING;

SELECT setval('restaurant_id_seq',
    greatest((SELECT max(id) FROM restaurant), 1));
SELECT setval('review_id_seq', greatest((SELECT max(id) FROM review), 1));

COMMIT;

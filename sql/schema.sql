-- The sample's two tables, exactly as the FastAPI/SQLModel sample creates
-- them, so a database made by either application works with the other.
-- Safe to apply again: nothing is dropped or changed when it exists.

CREATE TABLE IF NOT EXISTS restaurant (
	id		serial PRIMARY KEY,
	name		varchar(50) NOT NULL,
	street_address	varchar(50) NOT NULL,
	description	varchar(250) NOT NULL
);

CREATE TABLE IF NOT EXISTS review (
	id		serial PRIMARY KEY,
	restaurant	int NOT NULL REFERENCES restaurant (id),
	user_name	varchar(50) NOT NULL,
	rating		int,
	review_text	varchar(500) NOT NULL,
	review_date	timestamp NOT NULL
);

-- Not in the sample: the details page and the rating statistics look
-- reviews up by restaurant. An index is invisible to the sample's code.
CREATE INDEX IF NOT EXISTS review_restaurant_idx ON review (restaurant);

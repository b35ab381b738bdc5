/*
 * model.c: the input rules shared by the site's forms and the MCP tools.
 * Limits are the column sizes of sql/schema.sql, counted in characters.
 */

#include <criterion/criterion.h>

#include <string.h>

#include "model.h"

static char	err[MODEL_ERR_MAX];

Test(model, utf8_length_counts_code_points)
{
	cr_assert_eq(model_utf8_len(""), 0);
	cr_assert_eq(model_utf8_len("abc"), 3);
	cr_assert_eq(model_utf8_len("caf\xc3\xa9"), 4);
	cr_assert_eq(model_utf8_len("\xe2\x82\xac\xf0\x9f\x8d\x9c"), 2);
}

Test(model, utf8_rejects_malformed)
{
	cr_assert_eq(model_utf8_len("\xc3"), (size_t)-1, "truncated");
	cr_assert_eq(model_utf8_len("\xc0\xaf"), (size_t)-1, "overlong");
	cr_assert_eq(model_utf8_len("\xed\xa0\x80"), (size_t)-1, "surrogate");
	cr_assert_eq(model_utf8_len("\xf4\x90\x80\x80"), (size_t)-1,
	    "above U+10FFFF");
	cr_assert_eq(model_utf8_len("\xff"), (size_t)-1);
}

Test(model, text_limits_in_characters)
{
	char	s[MODEL_NAME_MAX * 2 + 1];
	int	i;

	/* 50 two-byte characters fit varchar(50). */
	for (i = 0; i < MODEL_NAME_MAX; i++)
		memcpy(s + i * 2, "\xc3\xa9", 2);
	s[MODEL_NAME_MAX * 2] = '\0';
	cr_assert_eq(model_check_text("restaurant_name", s, MODEL_NAME_MAX,
	    err, sizeof(err)), 0);

	memset(s, 'x', MODEL_NAME_MAX + 1);
	s[MODEL_NAME_MAX + 1] = '\0';
	cr_assert_eq(model_check_text("restaurant_name", s, MODEL_NAME_MAX,
	    err, sizeof(err)), -1);
	cr_assert_str_eq(err, "restaurant_name must be at most 50 characters "
	    "(got 51)");
}

Test(model, text_required_and_clean)
{
	cr_assert_eq(model_check_text("user_name", NULL, 50, err,
	    sizeof(err)), -1);
	cr_assert_str_eq(err, "user_name is required");
	cr_assert_eq(model_check_text("user_name", " \t\n", 50, err,
	    sizeof(err)), -1);
	cr_assert_str_eq(err, "user_name is required");
	cr_assert_eq(model_check_text("user_name", "a\x01" "b", 50, err,
	    sizeof(err)), -1);
	cr_assert_str_eq(err, "user_name must not contain control characters");
	cr_assert_eq(model_check_text("review_text", "line one\nline two",
	    500, err, sizeof(err)), 0, "line breaks are text");
	cr_assert_eq(model_check_text("review_text", "bad \xff", 500, err,
	    sizeof(err)), -1);
	cr_assert_str_eq(err, "review_text is not valid UTF-8 text");
}

Test(model, ids_from_paths)
{
	long	id;

	cr_assert_eq(model_parse_id("1", &id), 0);
	cr_assert_eq(id, 1);
	cr_assert_eq(model_parse_id("2147483647", &id), 0);
	cr_assert_eq(model_parse_id("2147483648", &id), -1, "beyond int4");
	cr_assert_eq(model_parse_id("0", &id), -1);
	cr_assert_eq(model_parse_id("-1", &id), -1);
	cr_assert_eq(model_parse_id("1e3", &id), -1);
	cr_assert_eq(model_parse_id(" 1", &id), -1);
	cr_assert_eq(model_parse_id("", &id), -1);
	cr_assert_eq(model_parse_id("99999999999999999999", &id), -1);
}

Test(model, ratings)
{
	int	r;

	cr_assert_eq(model_parse_rating("5", &r, err, sizeof(err)), 0);
	cr_assert_eq(r, 5);
	cr_assert_eq(model_parse_rating("0", &r, err, sizeof(err)), -1);
	cr_assert_str_eq(err, "rating must be an integer from 1 to 5");
	cr_assert_eq(model_parse_rating("6", &r, err, sizeof(err)), -1);
	cr_assert_eq(model_parse_rating("4.5", &r, err, sizeof(err)), -1);
	cr_assert_eq(model_parse_rating("", &r, err, sizeof(err)), -1);
	cr_assert_eq(model_parse_rating(NULL, &r, err, sizeof(err)), -1);
	cr_assert_eq(model_check_rating(3, err, sizeof(err)), 0);
	cr_assert_eq(model_check_rating(-2, err, sizeof(err)), -1);
}

Test(model, restaurant_and_review)
{
	struct model_restaurant	r = { "Casa", "1 Road", "Nice" };
	struct model_review	v = { 1, "Ann", 4, "Good" };

	cr_assert_eq(model_check_restaurant(&r, err, sizeof(err)), 0);
	r.street_address = "";
	cr_assert_eq(model_check_restaurant(&r, err, sizeof(err)), -1);
	cr_assert_str_eq(err, "street_address is required");

	cr_assert_eq(model_check_review(&v, err, sizeof(err)), 0);
	v.restaurant = 0;
	cr_assert_eq(model_check_review(&v, err, sizeof(err)), -1);
	cr_assert_str_eq(err, "restaurant_id must be a positive integer");
	v.restaurant = 2;
	v.rating = 9;
	cr_assert_eq(model_check_review(&v, err, sizeof(err)), -1);
	cr_assert_str_eq(err, "rating must be an integer from 1 to 5");
}

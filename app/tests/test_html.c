/*
 * html.c: escaping, the sample's rating line and star bar, dates, and the
 * pages themselves rendered from db.c's JSON shapes with hostile values.
 * Issue 2: "Every value is HTML-escaped: names and reviews are user
 * input"; the rating line is the sample's "avg|round(3) (N reviews)".
 */

#include <criterion/criterion.h>

#include <math.h>
#include <string.h>

#include <kore/kore.h>

#include <jansson.h>

#include "html.h"
#include "model.h"

#define EVIL	"<script>alert('x')</script>\"&"
#define EVIL_ESCAPED	\
	"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;"

static struct kore_buf	b;

static void
setup(void)
{
	kore_buf_init(&b, 128);
}

static void
teardown(void)
{
	kore_buf_cleanup(&b);
}

static const char *
out(void)
{
	return (kore_buf_stringify(&b, NULL));
}

static json_t *
load(const char *text)
{
	json_error_t	 jerr;
	json_t		*j;

	j = json_loads(text, 0, &jerr);
	cr_assert_not_null(j, "test JSON: %s", jerr.text);
	return (j);
}

/* No raw '<' or quote from a value: only our own markup has them. */
static void
assert_no_raw_evil(const char *page)
{
	cr_assert_null(strstr(page, "<script"), "raw <script> in:\n%s", page);
	cr_assert_null(strstr(page, "alert('x')"), "raw quote in:\n%s", page);
	cr_assert_not_null(strstr(page, EVIL_ESCAPED), "escaped form "
	    "missing in:\n%s", page);
}

TestSuite(html, .init = setup, .fini = teardown);

Test(html, escape_the_five_characters)
{
	html_escape(&b, "<a href=\"x\" title='y'>Fish & Chips</a>");
	cr_assert_str_eq(out(), "&lt;a href=&quot;x&quot; title=&#39;y&#39;"
	    "&gt;Fish &amp; Chips&lt;/a&gt;");
}

Test(html, escape_leaves_other_text_alone)
{
	html_escape(&b, "Caf\xc3\xa9 \xe2\x98\x83 / = ` 100%");
	html_escape(&b, "");
	html_escape(&b, NULL);
	cr_assert_str_eq(out(), "Caf\xc3\xa9 \xe2\x98\x83 / = ` 100%");
}

Test(html, escape_entities_are_not_decoded_first)
{
	html_escape(&b, "&lt;&amp;");
	cr_assert_str_eq(out(), "&amp;lt;&amp;amp;", "double escaping is "
	    "right: the value really contains '&lt;'");
}

/*
 * Attribute context: escaped text holds no quote of either kind, so it
 * cannot end a quoted attribute value however the page quotes it.
 */
Test(html, escape_is_safe_in_attributes)
{
	const char	*s;

	html_escape(&b, "x\" onmouseover=\"alert(1)' onfocus='alert(2)");
	s = out();
	cr_assert_null(strchr(s, '"'));
	cr_assert_null(strchr(s, '\''));
	cr_assert_null(strchr(s, '<'));
	cr_assert_null(strchr(s, '>'));

	kore_buf_reset(&b);
	html_problem(&b, 400, "t", "m", "/x\" onclick=\"alert(1)", "back");
	cr_assert_not_null(strstr(out(),
	    "href=\"/x&quot; onclick=&quot;alert(1)\""));
}

/* Python: repr(round(x, 3)), as the sample's Jinja avg|round(3). */
Test(html, rating_number_like_python_round_3)
{
	static const struct {
		double		 x;
		const char	*want;
	} cases[] = {
		{ 13.0 / 3, "4.333" },
		{ 14.0 / 3, "4.667" },
		{ 7.0 / 3, "2.333" },
		{ 5.0, "5.0" },
		{ 1.0, "1.0" },
		{ 4.5, "4.5" },
		{ 4.25, "4.25" },
		{ 3.1875, "3.188" },
		{ 1.0625, "1.062" },	/* exact tie: half to even */
		{ 2.5625, "2.562" },	/* exact tie: half to even */
		{ 1.0005, "1.0" },	/* 1.000499999... in binary */
		{ 1.0015, "1.002" },	/* 1.001500000...1 in binary */
		{ 3.9995, "3.999" },
		{ 4.9996, "5.0" },
	};
	char	buf[HTML_NUMBER_MAX];
	size_t	i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert_eq(html_rating_number(buf, sizeof(buf), cases[i].x),
		    0);
		cr_assert_str_eq(buf, cases[i].want, "round(%.17g, 3)",
		    cases[i].x);
	}

	cr_assert_eq(html_rating_number(buf, sizeof(buf), NAN), -1);
	cr_assert_eq(html_rating_number(buf, sizeof(buf), INFINITY), -1);
	cr_assert_eq(html_rating_number(buf, 5, 13.0 / 3), -1, "no room");
	cr_assert_eq(html_rating_number(buf, 6, 13.0 / 3), 0);
}

Test(html, rating_line)
{
	char	buf[HTML_RATING_MAX];

	cr_assert_eq(html_rating_line(buf, sizeof(buf), 13.0 / 3, 3), 0);
	cr_assert_str_eq(buf, "4.333 (3 reviews)");
	cr_assert_eq(html_rating_line(buf, sizeof(buf), 5.0, 1), 0);
	cr_assert_str_eq(buf, "5.0 (1 review)");
	cr_assert_eq(html_rating_line(buf, sizeof(buf), NAN, 0), 0);
	cr_assert_str_eq(buf, "No ratings yet");
	cr_assert_eq(html_rating_line(buf, sizeof(buf), 4.0, 0), 0);
	cr_assert_str_eq(buf, "No ratings yet", "no reviews, no average");
	cr_assert_eq(html_rating_line(buf, sizeof(buf), NAN, 2), 0);
	cr_assert_str_eq(buf, "No ratings yet", "reviews without ratings");
	cr_assert_eq(html_rating_line(buf, sizeof(buf), 4.5, 2147483647LL),
	    0);
	cr_assert_str_eq(buf, "4.5 (2147483647 reviews)");
	cr_assert_eq(html_rating_line(buf, 8, 13.0 / 3, 3), -1, "no room");
}

Test(html, stars_width)
{
	cr_assert_eq(html_stars_width(0), 0);
	cr_assert_eq(html_stars_width(87), 87);
	cr_assert_eq(html_stars_width(100), 100);
	cr_assert_eq(html_stars_width(-3), 0);
	cr_assert_eq(html_stars_width(250), 100);
}

Test(html, dates)
{
	char	buf[HTML_DATE_MAX];

	cr_assert_eq(html_date(buf, sizeof(buf), "2026-03-02T19:12:00"), 0);
	cr_assert_str_eq(buf, "2026-03-02 19:12");
	cr_assert_eq(html_date(buf, sizeof(buf),
	    "2026-06-30T08:05:59.123456"), 0);
	cr_assert_str_eq(buf, "2026-06-30 08:05");
	cr_assert_eq(html_date(buf, sizeof(buf), "2026-03-02 19:12:00"), -1);
	cr_assert_eq(html_date(buf, sizeof(buf), "2026-03-02"), -1);
	cr_assert_eq(html_date(buf, sizeof(buf), "<script>alert(1)"), -1);
	cr_assert_eq(html_date(buf, sizeof(buf), ""), -1);
	cr_assert_eq(html_date(buf, sizeof(buf), NULL), -1);
	cr_assert_eq(html_date(buf, 8, "2026-03-02T19:12:00"), -1);
}

Test(html, index_lists_restaurants_with_stars)
{
	json_t	*list;

	list = load("[{\"id\":1,\"name\":\"Noodle Bar\",\"street_address\":"
	    "\"14 Harbour Lane\",\"description\":\"d\",\"avg_rating\":"
	    "4.333333333333333,\"review_count\":3,\"stars_percent\":87},"
	    "{\"id\":5,\"name\":\"Saffron\",\"street_address\":\"3 Walk\","
	    "\"description\":\"d\",\"avg_rating\":null,\"review_count\":0,"
	    "\"stars_percent\":0}]");
	html_index(&b, list);
	json_decref(list);

	cr_assert_not_null(strstr(out(), "Noodle Bar"));
	cr_assert_not_null(strstr(out(), "<svg width=\"87\" height=\"20\">"));
	cr_assert_not_null(strstr(out(), "aria-label=\"4.333 out of 5 "
	    "stars\""));
	cr_assert_not_null(strstr(out(), "href=\"/details/1\""));
	cr_assert_not_null(strstr(out(), "href=\"/details/5\""));
	cr_assert_not_null(strstr(out(), "No ratings yet"));
	cr_assert_not_null(strstr(out(), "href=\"/create\""));
	cr_assert_null(strstr(out(), "No restaurants yet"));
}

Test(html, index_empty_state)
{
	json_t	*list;

	list = load("[]");
	html_index(&b, list);
	json_decref(list);
	cr_assert_not_null(strstr(out(), "No restaurants yet."));
	cr_assert_not_null(strstr(out(), "href=\"/create\""));
	cr_assert_null(strstr(out(), "<table"));
}

Test(html, index_escapes_every_field)
{
	json_t	*list;

	list = json_pack("[{s:i, s:s, s:s, s:s, s:f, s:i, s:i}]", "id", 9,
	    "name", EVIL, "street_address", EVIL, "description", EVIL,
	    "avg_rating", 4.0, "review_count", 1, "stars_percent", 80);
	html_index(&b, list);
	json_decref(list);
	assert_no_raw_evil(out());
}

Test(html, details_escape_every_field)
{
	json_t	*d;

	d = json_pack("{s:{s:i, s:s, s:s, s:s, s:f, s:i, s:i}, "
	    "s:[{s:i, s:i, s:s, s:i, s:s, s:s}]}",
	    "restaurant", "id", 7, "name", EVIL, "street_address", EVIL,
	    "description", EVIL, "avg_rating", 4.0, "review_count", 1,
	    "stars_percent", 80,
	    "reviews", "id", 1, "restaurant", 7, "user_name", EVIL,
	    "rating", 4, "review_text", EVIL, "review_date", EVIL);
	html_details(&b, d);
	json_decref(d);
	assert_no_raw_evil(out());
	cr_assert_not_null(strstr(out(), "<title>" EVIL_ESCAPED
	    " &middot; "), "the title holds the name too");
}

Test(html, details_page)
{
	json_t	*d;

	d = load("{\"restaurant\":{\"id\":3,\"name\":\"Casa Verde\","
	    "\"street_address\":\"7 Orchard Road\",\"description\":\"Tacos\","
	    "\"avg_rating\":4.666666666666667,\"review_count\":3,"
	    "\"stars_percent\":93},\"reviews\":[{\"id\":6,\"restaurant\":3,"
	    "\"user_name\":\"Lucia\",\"rating\":5,\"review_text\":\"Great\","
	    "\"review_date\":\"2026-01-30T18:20:00\"},{\"id\":10,"
	    "\"restaurant\":3,\"user_name\":\"Old\",\"rating\":null,"
	    "\"review_text\":\"No stars\",\"review_date\":"
	    "\"2026-02-01T10:00:00.5\"}]}");
	html_details(&b, d);
	json_decref(d);

	cr_assert_not_null(strstr(out(), "<h1>Casa Verde</h1>"));
	cr_assert_not_null(strstr(out(), "4.667 (3 reviews)"));
	cr_assert_not_null(strstr(out(), "<svg width=\"93\" height=\"20\">"));
	cr_assert_not_null(strstr(out(), "<time datetime=\"2026-01-30T18:20Z\">"
	    "2026-01-30 18:20</time>"));
	cr_assert_not_null(strstr(out(), "<svg width=\"100\" height=\"20\">"),
	    "a 5-star review is a full bar");
	cr_assert_not_null(strstr(out(), "action=\"/review/3\""));
	cr_assert_not_null(strstr(out(),
	    "name=\"user_name\" maxlength=\"50\""));
	cr_assert_not_null(strstr(out(),
	    "name=\"review_text\" maxlength=\"500\""));
	cr_assert_not_null(strstr(out(), "name=\"rating\" id=\"rating1\" "
	    "value=\"1\" required"));
	cr_assert_not_null(strstr(out(), "name=\"rating\" id=\"rating5\" "
	    "value=\"5\" required"));
}

Test(html, details_without_reviews)
{
	json_t	*d;

	d = load("{\"restaurant\":{\"id\":5,\"name\":\"Saffron\","
	    "\"street_address\":\"3 Walk\",\"description\":\"Plates\","
	    "\"avg_rating\":null,\"review_count\":0,\"stars_percent\":0},"
	    "\"reviews\":[]}");
	html_details(&b, d);
	json_decref(d);
	cr_assert_not_null(strstr(out(), "No ratings yet"));
	cr_assert_not_null(strstr(out(), "No reviews of this restaurant yet."));
	cr_assert_null(strstr(out(), "class=\"stars\""));
}

Test(html, create_form_limits_match_the_columns)
{
	html_create(&b);
	cr_assert_not_null(strstr(out(), "action=\"/add\""));
	cr_assert_not_null(strstr(out(),
	    "name=\"restaurant_name\" maxlength=\"50\" required"));
	cr_assert_not_null(strstr(out(),
	    "name=\"street_address\" maxlength=\"50\" required"));
	cr_assert_not_null(strstr(out(),
	    "name=\"description\" maxlength=\"250\""));
}

Test(html, pages_link_versioned_assets_and_no_script)
{
	json_t	*list;

	html_asset_version("abc123");
	list = load("[]");
	html_index(&b, list);
	json_decref(list);
	cr_assert_not_null(strstr(out(), "href=\"/static/site.css?v=abc123\""));
	cr_assert_not_null(strstr(out(), "src=\"/static/logo.svg?v=abc123\""));
	cr_assert_null(strstr(out(), "<script"), "the CSP allows no script");
	cr_assert_null(strstr(out(), "style="), "the CSP allows no inline "
	    "style");
	cr_assert_null(strstr(out(), "<style"));
}

Test(html, problem_page)
{
	html_problem(&b, 400, "The review was not saved",
	    "rating must be an integer from 1 to 5", "/details/3#add-review",
	    "Back to the restaurant");
	cr_assert_not_null(strstr(out(), "Error 400"));
	cr_assert_not_null(strstr(out(),
	    "rating must be an integer from 1 to 5"));
	cr_assert_not_null(strstr(out(), "href=\"/details/3#add-review\""));
}

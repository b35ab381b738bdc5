/*
 * Copyright (c) 2026 The reviews-mcp authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 *
 * THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
 * WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
 * MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
 * ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
 * WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
 * ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
 * OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
 */

/*
 * Page rendering. Two rules make it safe with user input:
 *
 *	1. Text from the database or the request only ever reaches the
 *	   page through html_escape(), which escapes the five characters
 *	   that matter in text and in quoted attribute values. Numbers are
 *	   printed with %lld from JSON integers, never copied as text.
 *	2. Values only go into element text and double-quoted attributes:
 *	   never into a tag or attribute name, a URL scheme, a <script> or
 *	   <style> (the pages have neither: the Content-Security-Policy set
 *	   by pages.c forbids inline script and style).
 *
 * The star bars are inline SVG whose filled part is a nested <svg> of the
 * right width: an attribute, not a style="width:..", so a strict CSP
 * (style-src 'self') still shows them.
 */

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <kore/kore.h>

#include <jansson.h>

#include "html.h"
#include "model.h"

#define HTML_SITE_NAME		"Restaurant Reviews"

static char	html_version[HTML_VERSION_MAX] = "dev";

static void		 html_head(struct kore_buf *, const char *);
static void		 html_foot(struct kore_buf *);
static void		 html_stars(struct kore_buf *, long long, const char *);
static void		 html_restaurant_rating(struct kore_buf *,
			    const json_t *, int);
static void		 html_review_row(struct kore_buf *, const json_t *);
static void		 html_review_form(struct kore_buf *, long long);
static void		 html_text_input(struct kore_buf *, const char *,
			    const char *, int);
static void		 html_textarea(struct kore_buf *, const char *,
			    const char *, int, int);
static const char	*html_str(const json_t *, const char *);
static long long	 html_int(const json_t *, const char *);
static double		 html_avg(const json_t *);

/*
 * Escape for element text and for double- or single-quoted attribute
 * values: & < > " ' are the characters with a meaning there. Runs of
 * other bytes are copied in one append.
 */
void
html_escape(struct kore_buf *buf, const char *s)
{
	const char	*run, *rep;

	if (s == NULL)
		return;

	for (run = s; *s != '\0'; s++) {
		switch (*s) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		kore_buf_append(buf, run, (size_t)(s - run));
		kore_buf_append(buf, rep, strlen(rep));
		run = s + 1;
	}
	kore_buf_append(buf, run, (size_t)(s - run));
}

/*
 * An average as the sample's template shows it, avg|round(3): Python's
 * round(x, 3) then repr(), i.e. at most three decimals, trailing zeros
 * dropped, at least one decimal ("4.333", "4.5", "5.0"). glibc's %.3f is
 * correctly rounded with ties to even on the exact binary value, which is
 * what Python's round() does.
 */
int
html_rating_number(char *out, size_t len, double avg)
{
	char	tmp[HTML_NUMBER_MAX];
	int	n;

	if (!isfinite(avg))
		return (-1);
	n = snprintf(tmp, sizeof(tmp), "%.3f", avg);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return (-1);
	while (n > 2 && tmp[n - 1] == '0' && tmp[n - 2] != '.')
		n--;
	tmp[n] = '\0';
	if (strcmp(tmp, "-0.0") == 0)
		(void)strcpy(tmp, "0.0");

	if ((size_t)n >= len)
		return (-1);
	(void)memcpy(out, tmp, (size_t)n + 1);

	return (0);
}

/* "4.333 (3 reviews)", "5.0 (1 review)" or "No ratings yet". */
int
html_rating_line(char *out, size_t len, double avg, long long count)
{
	char	num[HTML_NUMBER_MAX];
	int	n;

	if (count <= 0 || html_rating_number(num, sizeof(num), avg) == -1)
		n = snprintf(out, len, "No ratings yet");
	else
		n = snprintf(out, len, "%s (%lld %s)", num, count,
		    count == 1 ? "review" : "reviews");

	return ((n < 0 || (size_t)n >= len) ? -1 : 0);
}

/* Width of the gold part of a 100-unit star bar. */
int
html_stars_width(long long percent)
{
	if (percent < 0)
		return (0);
	if (percent > HTML_STARS_FULL)
		return (HTML_STARS_FULL);

	return ((int)percent);
}

/*
 * "2026-03-02T19:12:00.123456" (a PostgreSQL timestamp as JSON) becomes
 * "2026-03-02 19:12". Anything of another shape is refused, and the
 * caller shows it escaped, as it is.
 */
int
html_date(char *out, size_t len, const char *iso)
{
	static const char	shape[] = "dddd-dd-ddTdd:dd";
	size_t			i;

	if (iso == NULL || len < sizeof(shape))
		return (-1);
	for (i = 0; i < sizeof(shape) - 1; i++) {
		if (shape[i] == 'd') {
			if (iso[i] < '0' || iso[i] > '9')
				return (-1);
		} else if (iso[i] != shape[i]) {
			return (-1);
		}
	}
	(void)memcpy(out, iso, sizeof(shape) - 1);
	out[10] = ' ';
	out[sizeof(shape) - 1] = '\0';

	return (0);
}

/* The ?v= of asset links, so browsers may cache assets for good. */
void
html_asset_version(const char *version)
{
	(void)snprintf(html_version, sizeof(html_version), "%s", version);
}

/* GET /: every restaurant with its stars, or an invitation to add one. */
void
html_index(struct kore_buf *buf, const json_t *restaurants)
{
	const json_t	*r;
	size_t		 i;
	long long	 count;

	html_head(buf, "Restaurants");

	kore_buf_appendf(buf,
	    "<div class=\"page-head\">\n"
	    "<h1>Restaurants</h1>\n"
	    "<a class=\"btn btn-primary\" href=\"/create\">"
	    "Add new restaurant</a>\n"
	    "</div>\n");

	if (!json_is_array(restaurants) || json_array_size(restaurants) == 0) {
		kore_buf_appendf(buf,
		    "<div class=\"card empty\">\n"
		    "<p class=\"empty-title\">No restaurants yet.</p>\n"
		    "<p>Be the first: add a restaurant you love, then tell "
		    "everyone what to order.</p>\n"
		    "<a class=\"btn btn-primary\" href=\"/create\">"
		    "Add new restaurant</a>\n"
		    "</div>\n");
		html_foot(buf);
		return;
	}

	kore_buf_appendf(buf,
	    "<div class=\"card\">\n"
	    "<table class=\"list restaurants\">\n"
	    "<thead><tr><th scope=\"col\">Name</th>"
	    "<th scope=\"col\">Rating</th>"
	    "<th scope=\"col\" class=\"num\">Reviews</th>"
	    "<th scope=\"col\"><span class=\"sr\">Details</span></th>"
	    "</tr></thead>\n<tbody>\n");

	json_array_foreach(restaurants, i, r) {
		count = html_int(r, "review_count");
		kore_buf_appendf(buf, "<tr>\n<td class=\"name\">"
		    "<span class=\"title\">");
		html_escape(buf, html_str(r, "name"));
		kore_buf_appendf(buf, "</span><span class=\"sub\">");
		html_escape(buf, html_str(r, "street_address"));
		kore_buf_appendf(buf, "</span></td>\n<td class=\"rating\">");
		html_restaurant_rating(buf, r, 0);
		/* The label shows where the table folds on small screens. */
		kore_buf_appendf(buf, "</td>\n<td class=\"num\">%lld"
		    "<span class=\"count-label\"> %s</span></td>\n"
		    "<td class=\"go\"><a class=\"btn btn-small\" "
		    "href=\"/details/%lld\">Details</a></td>\n</tr>\n",
		    count, count == 1 ? "review" : "reviews",
		    html_int(r, "id"));
	}

	kore_buf_appendf(buf, "</tbody>\n</table>\n</div>\n");
	html_foot(buf);
}

/* GET /create: the restaurant form, limits as in sql/schema.sql. */
void
html_create(struct kore_buf *buf)
{
	html_head(buf, "Add a restaurant");

	kore_buf_appendf(buf,
	    "<nav class=\"crumbs\"><a href=\"/\">Restaurants</a> "
	    "<span aria-hidden=\"true\">/</span> Add</nav>\n"
	    "<h1>Add a restaurant</h1>\n"
	    "<form class=\"card form\" method=\"post\" action=\"/add\">\n");
	html_text_input(buf, "restaurant_name", "Name", MODEL_NAME_MAX);
	html_text_input(buf, "street_address", "Street address",
	    MODEL_ADDRESS_MAX);
	html_textarea(buf, "description", "Description",
	    MODEL_DESCRIPTION_MAX, 3);
	kore_buf_appendf(buf,
	    "<div class=\"actions\">\n"
	    "<button class=\"btn btn-primary\" type=\"submit\">"
	    "Save restaurant</button>\n"
	    "<a class=\"btn\" href=\"/\">Cancel</a>\n"
	    "</div>\n</form>\n");

	html_foot(buf);
}

/* GET /details/{id}: {"restaurant": {...}, "reviews": [...]}. */
void
html_details(struct kore_buf *buf, const json_t *detail)
{
	const json_t	*r, *reviews, *v;
	size_t		 i;
	long long	 id;
	const char	*name;

	r = json_object_get(detail, "restaurant");
	reviews = json_object_get(detail, "reviews");
	id = html_int(r, "id");
	name = html_str(r, "name");

	html_head(buf, name);

	kore_buf_appendf(buf,
	    "<nav class=\"crumbs\"><a href=\"/\">Restaurants</a> "
	    "<span aria-hidden=\"true\">/</span> ");
	html_escape(buf, name);
	kore_buf_appendf(buf, "</nav>\n<h1>");
	html_escape(buf, name);
	kore_buf_appendf(buf, "</h1>\n<dl class=\"card facts\">\n"
	    "<dt>Street address</dt><dd id=\"street-address\">");
	html_escape(buf, html_str(r, "street_address"));
	kore_buf_appendf(buf, "</dd>\n<dt>Description</dt>"
	    "<dd id=\"description\">");
	html_escape(buf, html_str(r, "description"));
	kore_buf_appendf(buf, "</dd>\n<dt>Rating</dt><dd class=\"rating\">");
	html_restaurant_rating(buf, r, 1);
	kore_buf_appendf(buf, "</dd>\n</dl>\n");

	kore_buf_appendf(buf, "<h2>Reviews</h2>\n");
	if (!json_is_array(reviews) || json_array_size(reviews) == 0) {
		kore_buf_appendf(buf, "<p class=\"card empty\">"
		    "No reviews of this restaurant yet.</p>\n");
	} else {
		kore_buf_appendf(buf,
		    "<div class=\"card\">\n<table class=\"list reviews\">\n"
		    "<thead><tr><th scope=\"col\">Date (UTC)</th>"
		    "<th scope=\"col\">User</th>"
		    "<th scope=\"col\">Rating</th>"
		    "<th scope=\"col\">Review</th></tr></thead>\n<tbody>\n");
		json_array_foreach(reviews, i, v)
			html_review_row(buf, v);
		kore_buf_appendf(buf, "</tbody>\n</table>\n</div>\n");
	}

	html_review_form(buf, id);
	html_foot(buf);
}

/*
 * Every error page: what happened and where to go from here. message is
 * text for the user (model.h's words for a bad form), escaped like any.
 */
void
html_problem(struct kore_buf *buf, int status, const char *title,
    const char *message, const char *back, const char *back_label)
{
	html_head(buf, title);

	kore_buf_appendf(buf, "<div class=\"card problem\">\n"
	    "<p class=\"code\">Error %d</p>\n<h1>", status);
	html_escape(buf, title);
	kore_buf_appendf(buf, "</h1>\n<p class=\"message\">");
	html_escape(buf, message);
	kore_buf_appendf(buf, "</p>\n<a class=\"btn btn-primary\" href=\"");
	html_escape(buf, back);
	kore_buf_appendf(buf, "\">");
	html_escape(buf, back_label);
	kore_buf_appendf(buf, "</a>\n</div>\n");

	html_foot(buf);
}

static void
html_head(struct kore_buf *buf, const char *title)
{
	kore_buf_appendf(buf,
	    "<!DOCTYPE html>\n"
	    "<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n"
	    "<title>");
	html_escape(buf, title);
	kore_buf_appendf(buf,
	    " &middot; " HTML_SITE_NAME "</title>\n"
	    "<link rel=\"stylesheet\" href=\"/static/site.css?v=%s\">\n"
	    "<link rel=\"icon\" href=\"/static/favicon.svg?v=%s\" "
	    "type=\"image/svg+xml\">\n"
	    "</head>\n<body>\n"
	    "<header class=\"top\"><div class=\"wrap\">"
	    "<a class=\"brand\" href=\"/\">"
	    "<img src=\"/static/logo.svg?v=%s\" alt=\"\" width=\"36\" "
	    "height=\"36\">" HTML_SITE_NAME "</a>"
	    "</div></header>\n"
	    "<main class=\"wrap\">\n", html_version, html_version,
	    html_version);
}

/*
 * The footer and the star shapes that <use> refers to: defined once per
 * page instead of once per star.
 */
static void
html_foot(struct kore_buf *buf)
{
	kore_buf_appendf(buf,
	    "</main>\n"
	    "<footer class=\"foot\"><div class=\"wrap\">"
	    HTML_SITE_NAME ", in C on Kore and PostgreSQL. AI agents read "
	    "and write the same data through the MCP endpoint at "
	    "<code>/mcp/mcp</code>.</div></footer>\n"
	    "<svg class=\"sprite\" aria-hidden=\"true\" focusable=\"false\">"
	    "<defs><path id=\"star\" d=\"M10 1.1L12.6 7.1L19.1 7.7L14.2 "
	    "12.1L15.6 18.5L10 15.1L4.4 18.5L5.8 12.1L0.9 7.7L7.4 7.1Z\"/>"
	    "<g id=\"star5\"><use href=\"#star\"/><use href=\"#star\" "
	    "x=\"20\"/><use href=\"#star\" x=\"40\"/><use href=\"#star\" "
	    "x=\"60\"/><use href=\"#star\" x=\"80\"/></g></defs></svg>\n"
	    "</body>\n</html>\n");
}

/* A bar of five stars, percent of it gold; label for screen readers. */
static void
html_stars(struct kore_buf *buf, long long percent, const char *label)
{
	kore_buf_appendf(buf, "<svg class=\"stars\" viewBox=\"0 0 100 20\" "
	    "width=\"100\" height=\"20\" role=\"img\" aria-label=\"");
	html_escape(buf, label);
	kore_buf_appendf(buf, "\"><use class=\"off\" href=\"#star5\"/>"
	    "<svg width=\"%d\" height=\"20\"><use class=\"on\" "
	    "href=\"#star5\"/></svg></svg>", html_stars_width(percent));
}

/*
 * Stars and the average for restaurant r: "4.333" in the index, whose
 * next column counts the reviews, and the whole "4.333 (3 reviews)" on
 * the details page; "No ratings yet" on both.
 */
static void
html_restaurant_rating(struct kore_buf *buf, const json_t *r, int line)
{
	char		 text[HTML_RATING_MAX], num[HTML_NUMBER_MAX];
	char		 label[HTML_NUMBER_MAX + 32];
	long long	 count;
	double		 avg;

	count = html_int(r, "review_count");
	avg = html_avg(r);
	if (count <= 0 || html_rating_number(num, sizeof(num), avg) == -1) {
		kore_buf_appendf(buf, "<span class=\"rating-line none\">"
		    "No ratings yet</span>");
		return;
	}

	if (!line || html_rating_line(text, sizeof(text), avg, count) == -1)
		(void)snprintf(text, sizeof(text), "%s", num);
	(void)snprintf(label, sizeof(label), "%s out of 5 stars", num);
	html_stars(buf, html_int(r, "stars_percent"), label);
	kore_buf_appendf(buf, " <span class=\"rating-line\">");
	html_escape(buf, text);
	kore_buf_appendf(buf, "</span>");
}

static void
html_review_row(struct kore_buf *buf, const json_t *v)
{
	char		 date[HTML_DATE_MAX], label[32];
	const char	*iso;
	const json_t	*rating;
	long long	 stars;

	iso = html_str(v, "review_date");
	kore_buf_appendf(buf, "<tr>\n<td class=\"date\">");
	if (html_date(date, sizeof(date), iso) == 0) {
		/* date is digits and punctuation only: safe as it is. */
		kore_buf_appendf(buf, "<time datetime=\"%.10sT%sZ\">%s</time>",
		    date, date + 11, date);
	} else {
		html_escape(buf, iso);
	}
	kore_buf_appendf(buf, "</td>\n<td class=\"user\">");
	html_escape(buf, html_str(v, "user_name"));
	kore_buf_appendf(buf, "</td>\n<td class=\"stars-cell\">");

	/* The sample's column allows NULL; its own rows never have it. */
	rating = json_object_get(v, "rating");
	if (json_is_integer(rating)) {
		stars = json_integer_value(rating);
		(void)snprintf(label, sizeof(label), "%lld out of 5 stars",
		    stars);
		html_stars(buf, stars * (HTML_STARS_FULL / MODEL_RATING_MAX),
		    label);
		kore_buf_appendf(buf, " <span class=\"rating-num\">%lld</span>",
		    stars);
	} else {
		kore_buf_appendf(buf, "<span class=\"none\">none</span>");
	}
	kore_buf_appendf(buf, "</td>\n<td class=\"text\">");
	html_escape(buf, html_str(v, "review_text"));
	kore_buf_appendf(buf, "</td>\n</tr>\n");
}

/*
 * The add-review form. The rating stars are radio buttons laid out in
 * reverse so that CSS alone can light up a star and the ones before it.
 */
static void
html_review_form(struct kore_buf *buf, long long id)
{
	int	i;

	kore_buf_appendf(buf, "<h2 id=\"add-review\">Add a review</h2>\n"
	    "<form class=\"card form\" method=\"post\" "
	    "action=\"/review/%lld\">\n", id);
	html_text_input(buf, "user_name", "Your name", MODEL_USER_MAX);

	kore_buf_appendf(buf, "<fieldset class=\"field pick\">\n"
	    "<legend>Rating</legend>\n<div class=\"pick-stars\">\n");
	for (i = MODEL_RATING_MAX; i >= MODEL_RATING_MIN; i--) {
		kore_buf_appendf(buf, "<input type=\"radio\" name=\"rating\" "
		    "id=\"rating%d\" value=\"%d\" required>"
		    "<label for=\"rating%d\" title=\"%d\">"
		    "<svg viewBox=\"0 0 20 20\" aria-hidden=\"true\">"
		    "<use href=\"#star\"/></svg>"
		    "<span class=\"sr\">%d star%s</span></label>\n",
		    i, i, i, i, i, i == 1 ? "" : "s");
	}
	kore_buf_appendf(buf, "</div>\n</fieldset>\n");

	html_textarea(buf, "review_text", "Comments", MODEL_TEXT_MAX, 4);
	kore_buf_appendf(buf, "<div class=\"actions\">\n"
	    "<button class=\"btn btn-primary\" type=\"submit\">"
	    "Save review</button>\n</div>\n</form>\n");
}

/*
 * maxlength counts UTF-16 units where the database counts characters, so
 * the browser is at most stricter; the server checks again anyway.
 */
static void
html_text_input(struct kore_buf *buf, const char *name, const char *label,
    int max)
{
	kore_buf_appendf(buf, "<div class=\"field\">\n"
	    "<label for=\"%s\">%s</label>\n"
	    "<input type=\"text\" id=\"%s\" name=\"%s\" maxlength=\"%d\" "
	    "required>\n</div>\n", name, label, name, name, max);
}

static void
html_textarea(struct kore_buf *buf, const char *name, const char *label,
    int max, int rows)
{
	kore_buf_appendf(buf, "<div class=\"field\">\n"
	    "<label for=\"%s\">%s</label>\n"
	    "<textarea id=\"%s\" name=\"%s\" maxlength=\"%d\" rows=\"%d\" "
	    "required></textarea>\n"
	    "<p class=\"hint\">Up to %d characters.</p>\n</div>\n",
	    name, label, name, name, max, rows, max);
}

static const char *
html_str(const json_t *obj, const char *key)
{
	const char	*s;

	if ((s = json_string_value(json_object_get(obj, key))) == NULL)
		return ("");

	return (s);
}

static long long
html_int(const json_t *obj, const char *key)
{
	return ((long long)json_integer_value(json_object_get(obj, key)));
}

/* avg_rating is null without ratings: NAN, which no line formats. */
static double
html_avg(const json_t *r)
{
	const json_t	*v;

	v = json_object_get(r, "avg_rating");
	if (!json_is_number(v))
		return (NAN);

	return (json_number_value(v));
}

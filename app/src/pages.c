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
 * The site's handlers: the FastAPI sample's five pages, with its bugs
 * fixed. Each request goes: method check, input (path id, form) checked
 * completely with form.h and model.h, one database call through db.h,
 * then html.h renders the answer. A request that fails a check gets its
 * error page before anything is written, so a bad form changes nothing.
 *
 * Handlers that talk to the database run more than once: db_call_run()
 * returns DB_RUN_RETRY while PostgreSQL works, the handler returns
 * KORE_RESULT_RETRY, and Kore calls it again when the answer is there.
 * The input is checked and the call set up on the first run only (the
 * request's ctx says whether the call exists).
 *
 * Redirects use a relative Location, so they are right behind any proxy
 * (the sample built absolute URLs from X-Forwarded-Host and broke).
 */

#include <kore/kore.h>
#include <kore/http.h>

#include <stdio.h>
#include <string.h>

#include "ctx.h"
#include "db.h"
#include "form.h"
#include "html.h"
#include "model.h"
#include "pages.h"

/*
 * No script at all, styles and images from this origin only, no plugins,
 * forms post back here, and no framing (clickjacking).
 */
#define PAGE_CSP							\
	"default-src 'self'; script-src 'none'; object-src 'none'; "	\
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

#define PAGE_BUF_INITIAL	8192

static void	page_send(struct http_request *, int, struct kore_buf *);
static void	page_redirect(struct http_request *, const char *, long long);
static void	page_db_failed(struct http_request *, int);
static int	page_form(struct http_request *, struct form *, char **,
		    const char *, const char *, const char *);
static void	page_bad_form(struct http_request *, int, const char *,
		    const char *, const char *, const char *);

/* GET /: the restaurants with their stars. */
int
page_index(struct http_request *req)
{
	struct db_call	*call;
	struct kore_buf	 buf;

	(void)ctx_get(req);
	if (!page_methods(req, PAGE_GET))
		return (KORE_RESULT_OK);

	call = ctx_db(req, DB_RESTAURANTS);
	if (db_call_run(call, req) == DB_RUN_RETRY)
		return (KORE_RESULT_RETRY);
	if (call->status != DB_OK) {
		page_db_failed(req, call->status);
		return (KORE_RESULT_OK);
	}

	kore_buf_init(&buf, PAGE_BUF_INITIAL);
	html_index(&buf, call->result);
	page_send(req, HTTP_STATUS_OK, &buf);

	return (KORE_RESULT_OK);
}

/* GET /create: the new-restaurant form; no database needed. */
int
page_create(struct http_request *req)
{
	struct kore_buf	buf;

	(void)ctx_get(req);
	if (!page_methods(req, PAGE_GET))
		return (KORE_RESULT_OK);

	kore_buf_init(&buf, PAGE_BUF_INITIAL);
	html_create(&buf);
	page_send(req, HTTP_STATUS_OK, &buf);

	return (KORE_RESULT_OK);
}

/* POST /add: a new restaurant, then 303 to its page. */
int
page_add(struct http_request *req)
{
	struct ctx		*ctx;
	struct db_call		*call;
	struct form		 form;
	struct model_restaurant	 r;
	char			*body, err[MODEL_ERR_MAX];
	static const char	 title[] = "The restaurant was not saved";

	ctx = ctx_get(req);
	if (!page_methods(req, PAGE_POST))
		return (KORE_RESULT_OK);

	if (!ctx->db_used) {
		if (page_form(req, &form, &body, title, "/create",
		    "Back to the form") == -1)
			return (KORE_RESULT_OK);

		r.name = form_get(&form, "restaurant_name");
		r.street_address = form_get(&form, "street_address");
		r.description = form_get(&form, "description");
		if (model_check_restaurant(&r, err, sizeof(err)) == -1) {
			page_bad_form(req, HTTP_STATUS_BAD_REQUEST, title, err,
			    "/create", "Back to the form");
			kore_free(body);
			return (KORE_RESULT_OK);
		}

		call = ctx_db(req, DB_RESTAURANT_ADD);
		db_call_param(call, r.name);
		db_call_param(call, r.street_address);
		db_call_param(call, r.description);
		kore_free(body);
	}

	call = ctx_db(req, DB_RESTAURANT_ADD);
	if (db_call_run(call, req) == DB_RUN_RETRY)
		return (KORE_RESULT_RETRY);
	if (call->status != DB_OK) {
		page_db_failed(req, call->status);
		return (KORE_RESULT_OK);
	}

	page_redirect(req, "/details/",
	    json_integer_value(json_object_get(call->result, "id")));

	return (KORE_RESULT_OK);
}

/* GET /details/{id}: one restaurant, its reviews, the review form. */
int
page_details(struct http_request *req)
{
	struct db_call	*call;
	struct kore_buf	 buf;
	char		 msg[PAGE_MESSAGE_MAX];
	long		 id;

	(void)ctx_get(req);
	if (form_path_id(req->path, "/details/", &id) == -1)
		return (page_notfound(req));
	if (!page_methods(req, PAGE_GET))
		return (KORE_RESULT_OK);

	if (!ctx_get(req)->db_used)
		db_call_param_long(ctx_db(req, DB_RESTAURANT), id);

	call = ctx_db(req, DB_RESTAURANT);
	if (db_call_run(call, req) == DB_RUN_RETRY)
		return (KORE_RESULT_RETRY);

	switch (call->status) {
	case DB_OK:
		kore_buf_init(&buf, PAGE_BUF_INITIAL);
		html_details(&buf, call->result);
		page_send(req, HTTP_STATUS_OK, &buf);
		break;
	case DB_NOTFOUND:
		(void)snprintf(msg, sizeof(msg),
		    "There is no restaurant with id %ld.", id);
		page_problem(req, HTTP_STATUS_NOT_FOUND,
		    "Restaurant not found", msg, "/", "See all restaurants");
		break;
	default:
		page_db_failed(req, call->status);
		break;
	}

	return (KORE_RESULT_OK);
}

/*
 * POST /review/{id}: a review, then 303 back to the restaurant. A review
 * for a restaurant that does not exist inserts nothing (db.c inserts
 * from a SELECT of the restaurant) and is a bad form, not a 404: the
 * address is fine, what was posted to it is not.
 */
int
page_review(struct http_request *req)
{
	struct ctx		*ctx;
	struct db_call		*call;
	struct form		 form;
	struct model_review	 v;
	char			*body, err[MODEL_ERR_MAX];
	char			 back[PAGE_LOCATION_MAX];
	long			 id;
	static const char	 title[] = "The review was not saved";
	static const char	 back_label[] = "Back to the restaurant";

	ctx = ctx_get(req);
	if (form_path_id(req->path, "/review/", &id) == -1)
		return (page_notfound(req));
	if (!page_methods(req, PAGE_POST))
		return (KORE_RESULT_OK);

	(void)snprintf(back, sizeof(back), "/details/%ld#add-review", id);

	if (!ctx->db_used) {
		if (page_form(req, &form, &body, title, back, back_label) == -1)
			return (KORE_RESULT_OK);

		v.restaurant = id;
		v.user_name = form_get(&form, "user_name");
		v.review_text = form_get(&form, "review_text");
		/* 0 is out of range: model_check_review() then says so, in
		 * the order of the form's fields. */
		if (model_parse_rating(form_get(&form, "rating"), &v.rating,
		    err, sizeof(err)) == -1)
			v.rating = 0;
		if (model_check_review(&v, err, sizeof(err)) == -1) {
			page_bad_form(req, HTTP_STATUS_BAD_REQUEST, title, err,
			    back, back_label);
			kore_free(body);
			return (KORE_RESULT_OK);
		}

		call = ctx_db(req, DB_REVIEW_ADD);
		db_call_param_long(call, id);
		db_call_param(call, v.user_name);
		db_call_param_long(call, v.rating);
		db_call_param(call, v.review_text);
		kore_free(body);
	}

	call = ctx_db(req, DB_REVIEW_ADD);
	if (db_call_run(call, req) == DB_RUN_RETRY)
		return (KORE_RESULT_RETRY);

	switch (call->status) {
	case DB_OK:
		page_redirect(req, "/details/", id);
		break;
	case DB_NOTFOUND:
		(void)snprintf(err, sizeof(err),
		    "restaurant %ld does not exist", id);
		page_bad_form(req, HTTP_STATUS_BAD_REQUEST, title, err, "/",
		    "See all restaurants");
		break;
	default:
		page_db_failed(req, call->status);
		break;
	}

	return (KORE_RESULT_OK);
}

/*
 * The last route in reviews.conf (^/.*$): whatever no other route took,
 * with any method, is a friendly 404, sent by our code with our headers.
 * Every handler touches its ctx first: the ctx writes the request's log
 * line when Kore frees the request.
 */
int
page_notfound(struct http_request *req)
{
	(void)ctx_get(req);
	page_problem(req, HTTP_STATUS_NOT_FOUND, "Page not found",
	    "There is nothing at this address. It may have been mistyped, "
	    "or the restaurant may not exist.", "/", "See all restaurants");

	return (KORE_RESULT_OK);
}

/* Headers every response of the site carries, pages and assets alike. */
void
page_security_headers(struct http_request *req)
{
	http_response_header(req, "content-security-policy", PAGE_CSP);
	http_response_header(req, "x-content-type-options", "nosniff");
	http_response_header(req, "x-frame-options", "DENY");
	http_response_header(req, "referrer-policy", "same-origin");
	http_response_header(req, "cross-origin-opener-policy", "same-origin");
}

void
page_problem(struct http_request *req, int status, const char *title,
    const char *message, const char *back, const char *back_label)
{
	struct kore_buf	buf;

	kore_buf_init(&buf, PAGE_BUF_INITIAL);
	html_problem(&buf, status, title, message, back, back_label);
	page_send(req, status, &buf);
}

/*
 * 1 when the request's method is one of methods; otherwise the 405 page
 * with the Allow header RFC 9110 (15.5.6) requires, and 0.
 */
int
page_methods(struct http_request *req, int methods)
{
	const char	*allow;
	char		 msg[PAGE_MESSAGE_MAX];

	if ((methods & PAGE_GET) && (req->method == HTTP_METHOD_GET ||
	    req->method == HTTP_METHOD_HEAD))
		return (1);
	if ((methods & PAGE_POST) && req->method == HTTP_METHOD_POST)
		return (1);

	allow = methods == PAGE_POST ? "POST" : "GET, HEAD";

	(void)snprintf(msg, sizeof(msg), "This address answers %s, not %s.",
	    allow, http_method_text(req->method));
	http_response_header(req, "allow", allow);
	page_problem(req, HTTP_STATUS_METHOD_NOT_ALLOWED, "Method not allowed",
	    msg, "/", "See all restaurants");

	return (0);
}

static void
page_send(struct http_request *req, int status, struct kore_buf *buf)
{
	page_security_headers(req);
	http_response_header(req, "content-type", "text/html; charset=utf-8");
	http_response_header(req, "cache-control", "no-store");
	http_response(req, status, buf->data, buf->offset);
	kore_buf_cleanup(buf);
}

/* 303 See Other to prefix + id: the browser GETs the new page. */
static void
page_redirect(struct http_request *req, const char *prefix, long long id)
{
	char	location[PAGE_LOCATION_MAX];

	(void)snprintf(location, sizeof(location), "%s%lld", prefix, id);
	ctx_note(req, "-> %s", location);
	page_security_headers(req);
	http_response_header(req, "location", location);
	http_response_header(req, "cache-control", "no-store");
	http_response(req, HTTP_STATUS_SEE_OTHER, NULL, 0);
}

/* The database said no: unreachable (503, try again) or failed (500). */
static void
page_db_failed(struct http_request *req, int status)
{
	ctx_note(req, "%s", db_status_text(status));

	if (status == DB_UNAVAILABLE) {
		http_response_header(req, "retry-after", PAGE_RETRY_AFTER);
		page_problem(req, HTTP_STATUS_SERVICE_UNAVAILABLE,
		    "The database is unavailable",
		    "The restaurant database cannot be reached right now, "
		    "so nothing was changed. Please try again in a few "
		    "seconds.", "/", "Try again");
		return;
	}

	page_problem(req, HTTP_STATUS_INTERNAL_ERROR, "Something went wrong",
	    "The request could not be completed. Please try again; if it "
	    "keeps failing, the server log says why.", "/",
	    "See all restaurants");
}

/*
 * Read and parse the form body of a POST. On success *body holds the
 * decoded fields form points into (the caller frees it); on failure the
 * error page has been sent and *body is NULL.
 */
static int
page_form(struct http_request *req, struct form *form, char **body,
    const char *title, const char *back, const char *back_label)
{
	const char	*ct;
	char		 err[FORM_ERR_MAX];
	size_t		 len, off;
	ssize_t		 n;
	int		 rc;

	*body = NULL;

	if (!http_request_header(req, "content-type", &ct) ||
	    !form_is_urlencoded(ct)) {
		page_bad_form(req, HTTP_STATUS_BAD_REQUEST, title,
		    "the form must be sent as "
		    "application/x-www-form-urlencoded", back, back_label);
		return (-1);
	}

	len = req->http_body_length;
	if (len > FORM_BODY_MAX) {
		(void)snprintf(err, sizeof(err),
		    "the form is larger than %d bytes", FORM_BODY_MAX);
		page_bad_form(req, HTTP_STATUS_REQUEST_ENTITY_TOO_LARGE,
		    title, err, back, back_label);
		return (-1);
	}

	*body = kore_malloc(len + 1);
	for (off = 0; off < len; off += (size_t)n) {
		if ((n = http_body_read(req, *body + off, len - off)) == -1) {
			kore_free(*body);
			*body = NULL;
			page_problem(req, HTTP_STATUS_INTERNAL_ERROR,
			    "Something went wrong", "The form could not be "
			    "read. Please try again.", back, back_label);
			return (-1);
		}
		if (n == 0)
			break;
	}

	rc = form_parse(form, *body, off, err, sizeof(err));
	if (rc != FORM_OK) {
		page_bad_form(req, rc == FORM_TOO_LARGE ?
		    HTTP_STATUS_REQUEST_ENTITY_TOO_LARGE :
		    HTTP_STATUS_BAD_REQUEST, title, err, back, back_label);
		kore_free(*body);
		*body = NULL;
		return (-1);
	}

	return (0);
}

/* A form that was refused: what is wrong, in model.h's or form.h's words. */
static void
page_bad_form(struct http_request *req, int status, const char *title,
    const char *err, const char *back, const char *back_label)
{
	ctx_note(req, "refused: %s", err);
	page_problem(req, status, title, err, back, back_label);
}

// The restaurant-reviews site in a real browser: Debian's chromium driven
// by playwright-core, headless, offline, with a fresh profile. Issue 2:
// "open the index, create a restaurant through the form, add a review, and
// check the details page shows it with the right average. Save a
// screenshot under the run folder."
//
// Beyond what curl can see, this proves the page works as a browser runs
// it: the stylesheet and images load under the Content-Security-Policy
// (no violation is reported), the star bar is drawn, the forms' required
// and maxlength attributes hold, and the rating picker is usable.
//
//	E2E_BASE_OFF	the app (auth off), e.g. http://127.0.0.1:18001
//	E2E_RUN		run folder: the profile and site*.png go there
//	CHROMIUM	browser binary (default /usr/bin/chromium)

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const base = process.env.E2E_BASE_OFF;
const runDir = process.env.E2E_RUN;
if (!base || !runDir) {
	console.error('site.test.mjs: set E2E_BASE_OFF and E2E_RUN');
	process.exit(2);
}

// Offline machine: nothing may phone home or update itself.
const args = [
	'--no-sandbox', '--disable-gpu', '--disable-background-networking',
	'--disable-component-update', '--disable-sync', '--no-first-run',
];

const stamp = `${Date.now().toString(36)}`;
const name = `Browser Bistro ${stamp}`;
const problems = [];

function step(what) {
	console.log(`browser: ${what}`);
}

const profile = mkdtempSync(join(runDir, 'chromium-'));
const context = await chromium.launchPersistentContext(profile, {
	executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
	headless: true,
	args,
	viewport: { width: 1100, height: 900 },
	timeout: 60000,
});
context.setDefaultTimeout(15000);

try {
	const page = context.pages()[0] ?? await context.newPage();

	// CSP violations and failed loads show up here: any is a failure.
	page.on('console', (m) => {
		if (m.type() === 'error')
			problems.push(`console: ${m.text()}`);
	});
	page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
	page.on('requestfailed', (r) =>
	    problems.push(`request failed: ${r.url()}`));
	page.on('response', (r) => {
		if (r.status() >= 400)
			problems.push(`HTTP ${r.status()}: ${r.url()}`);
	});

	step('the index');
	await page.goto(`${base}/`);
	assert.equal(await page.title(), 'Restaurants · Restaurant Reviews');
	// Casa Verde (5, 4, 5): restaurant 1 gets reviews from the guide's
	// cases (A7, B10, C2), which run before this step.
	const seeded = page.locator('tr', { hasText: 'Casa Verde' });
	await assert.doesNotReject(seeded.waitFor());
	assert.equal((await seeded.locator('.rating-line').textContent()).trim(),
	    '4.667');
	assert.equal(await seeded.locator('svg.stars svg').getAttribute('width'),
	    '93');

	// The stylesheet applied (it is the only source of these colours).
	const headerBg = await page.$eval('header.top',
	    (e) => getComputedStyle(e).backgroundColor);
	assert.equal(headerBg, 'rgb(44, 35, 32)', 'site.css did not apply');
	const logoOk = await page.$eval('.brand img',
	    (img) => img.complete && img.naturalWidth > 0);
	assert.ok(logoOk, 'the logo did not load');

	// Links carry the assets' version; that URL may be cached for good.
	const cssHref = await page.$eval('link[rel=stylesheet]',
	    (l) => l.href);
	assert.match(cssHref, /\/static\/site\.css\?v=[0-9a-f]{12}$/);
	const css = await page.request.get(cssHref);
	assert.equal(css.status(), 200);
	assert.equal(css.headers()['cache-control'],
	    'public, max-age=31536000, immutable');

	step('create a restaurant through the form');
	await page.getByRole('link', { name: 'Add new restaurant' }).first()
	    .click();
	await page.waitForURL(`${base}/create`);
	assert.equal(await page.getAttribute('#restaurant_name', 'maxlength'),
	    '50');
	// An empty form does not leave the page: the fields are required.
	await page.getByRole('button', { name: 'Save restaurant' }).click();
	assert.equal(page.url(), `${base}/create`);
	assert.ok(await page.$eval('#restaurant_name',
	    (e) => e.validity.valueMissing));

	await page.fill('#restaurant_name', name);
	await page.fill('#street_address', '60 Browser Avenue');
	await page.fill('#description', 'Fresh pasta & "house" wine.');
	await Promise.all([
		page.waitForURL(/\/details\/[0-9]+$/),
		page.getByRole('button', { name: 'Save restaurant' }).click(),
	]);
	const detailsUrl = page.url();
	assert.equal(await page.textContent('h1'), name);
	assert.equal(await page.textContent('#description'),
	    'Fresh pasta & "house" wine.');
	assert.equal((await page.textContent('.facts .rating-line')).trim(),
	    'No ratings yet');

	step('add a review of 4 stars');
	await page.fill('#user_name', 'Playwright');
	await page.click('label[for=rating4]');
	assert.ok(await page.isChecked('#rating4'));
	await page.fill('#review_text', 'Clicked through a real browser.');
	await Promise.all([
		page.waitForURL(detailsUrl),
		page.getByRole('button', { name: 'Save review' }).click(),
	]);
	assert.equal((await page.textContent('.facts .rating-line')).trim(),
	    '4.0 (1 review)');

	step('add a review of 5 stars');
	await page.fill('#user_name', 'Second Opinion');
	await page.click('label[for=rating5]');
	await page.fill('#review_text', 'Even better the second time.');
	await Promise.all([
		page.waitForURL(detailsUrl),
		page.getByRole('button', { name: 'Save review' }).click(),
	]);
	assert.equal((await page.textContent('.facts .rating-line')).trim(),
	    '4.5 (2 reviews)');
	assert.equal(await page.getAttribute('.facts svg.stars svg', 'width'),
	    '90');
	const rows = page.locator('table.reviews tbody tr');
	assert.equal(await rows.count(), 2);
	assert.equal(await rows.nth(0).locator('.user').textContent(),
	    'Playwright');
	assert.equal(await rows.nth(1).locator('.rating-num').textContent(),
	    '5');
	await page.screenshot({ path: join(runDir, 'site.png'),
	    fullPage: true });

	step('the index shows the new average');
	await page.goto(`${base}/`);
	const row = page.locator('tr', { hasText: name });
	assert.equal((await row.locator('.rating-line').textContent()).trim(),
	    '4.5');
	assert.equal((await row.locator('td.num').textContent()).trim(),
	    '2 reviews');
	await page.screenshot({ path: join(runDir, 'site-index.png'),
	    fullPage: true });

	assert.deepEqual(problems, [], 'the browser reported problems');

	step('a missing page is the site\'s own, styled 404 page');
	const r404 = await page.goto(`${base}/no-such-page`);
	assert.equal(r404.status(), 404);
	assert.equal(await page.textContent('h1'), 'Page not found');
	assert.equal(await page.$eval('header.top',
	    (e) => getComputedStyle(e).backgroundColor), 'rgb(44, 35, 32)');
	step(`ok, screenshots in ${runDir}/site.png and site-index.png`);
} finally {
	await context.close();
}

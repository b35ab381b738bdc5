// docs-check: the Markdown files point at things that exist.
//
//   node harness/js/docs-check.mjs [FILE.md ...]
//
// For README.md, GUIDE_AUTH_MCP_SERVER.md and docs/*.md (or the files
// given), every relative link [text](path#anchor) must name a file or
// folder of the repository and, with an anchor, a heading of that file
// (GitHub's slugs); every repository path written in code style
// (`app/src/gate.c`, `scenarios/B4-fake-token.scn`) must exist; and every
// scenario id cited in a sentence as proof (E14, M22, S5, X2, B6, ...)
// must be the id of a scenario file. Paths under build/ and .run/ are
// made by the build or a run and are not checked; nor are globs,
// placeholders (<...>) or URLs.
//
// Exit status 1 with one line per broken reference, 0 when all hold.

import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, dirname, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const top = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

// Top-level folders whose files docs name in code style.
const roots = ['app', 'harness', 'infra', 'scenarios', 'fixtures', 'sql',
    'docs', '.ci'];
const topFiles = ['Makefile', 'README.md', 'GUIDE_AUTH_MCP_SERVER.md',
    'azure.yaml', '.gitignore', '.dockerignore'];

function docs(argv) {
	if (argv.length > 0)
		return argv.map((f) => resolve(f));
	const list = ['README.md', 'GUIDE_AUTH_MCP_SERVER.md'].map((f) =>
	    join(top, f));
	for (const f of readdirSync(join(top, 'docs')).sort())
		if (f.endsWith('.md'))
			list.push(join(top, 'docs', f));
	return list;
}

// GitHub's heading anchors: lower case, punctuation other than '-' and
// '_' dropped, each space a '-', duplicates numbered -1, -2, ...
function anchors(file) {
	const seen = new Map();
	const out = new Set();
	let fence = false;
	for (const line of readFileSync(file, 'utf8').split('\n')) {
		if (/^```/.test(line))
			fence = !fence;
		const m = !fence && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (!m)
			continue;
		let slug = m[1].toLowerCase().replace(/<[^>]*>/g, '')
		    .replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
		const n = seen.get(slug) ?? 0;
		seen.set(slug, n + 1);
		if (n > 0)
			slug = `${slug}-${n}`;
		out.add(slug);
	}
	return out;
}

function scenarioIds() {
	const ids = new Set();
	for (const f of readdirSync(join(top, 'scenarios'))) {
		const m = /^([A-Z][0-9]+)-.*\.scn$/.exec(f);
		if (m)
			ids.add(m[1]);
	}
	return ids;
}

// Prose only: fenced blocks are commands and file contents.
function prose(text) {
	const lines = text.split('\n');
	let fence = false;
	return lines.map((l) => {
		if (/^\s*```/.test(l)) {
			fence = !fence;
			return '';
		}
		return fence ? '' : l;
	});
}

const checked = { links: 0, paths: 0, ids: 0 };

function checkFile(file, ids, problems) {
	const rel = relative(top, file);
	const lines = prose(readFileSync(file, 'utf8'));
	lines.forEach((line, i) => {
		const at = `${rel}:${i + 1}`;

		for (const m of line.matchAll(/\]\(([^)\s]+)\)/g)) {
			const target = m[1];
			if (/^[a-z][a-z0-9+.-]*:/i.test(target))
				continue;
			const [path, anchor] = target.split('#');
			checked.links++;
			const dest = path === '' ? file : resolve(dirname(file), path);
			if (!existsSync(dest)) {
				problems.push(`${at}: link to ${target}: no such file`);
				continue;
			}
			if (anchor && statSync(dest).isFile() && dest.endsWith('.md') &&
			    !anchors(dest).has(anchor.toLowerCase()))
				problems.push(`${at}: link to ${target}: no such heading`);
		}

		for (const m of line.matchAll(/`([^`\s]+)`/g)) {
			let p = m[1].replace(/[.,;:]+$/, '');
			if (/[<>*?{}$|\\]|\.\.\.|…/.test(p) || p.startsWith('/'))
				continue;
			p = p.replace(/:[0-9]+(-[0-9]+)?$/, '');
			const first = p.split('/')[0];
			const isPath = (roots.includes(first) && p.includes('/')) ||
			    topFiles.includes(p);
			if (!isPath || p.startsWith('build/') || p.startsWith('.run/'))
				continue;
			checked.paths++;
			if (!existsSync(join(top, p)))
				problems.push(`${at}: \`${m[1]}\`: no such file`);
		}

		// "scenario E14", "scenarios E7, E8", "| E3, E4 |", "(M15)":
		// an id of a letter and digits, in a proof column or after
		// "scenario(s)"/"case(s)".
		const cited = [];
		for (const m of line.matchAll(
		    /\b(?:scenarios?|cases?)\s+((?:[A-Z][0-9]{1,3}(?:[–-][A-Z]?[0-9]{1,3})?(?:,\s*|\s+and\s+|\s*\/\s*)?)+)/g))
			cited.push(m[1]);
		if (/^\|/.test(line)) {
			const cells = line.split('|').slice(1, -1);
			const last = cells[cells.length - 1] ?? '';
			if (/^\s*(?:[A-Z][0-9]{1,3}[–-]?[A-Z]?[0-9]{0,3}\b[\s,]*)+/.test(last) &&
			    !/[a-z]{4,}/.test(last.replace(/test_[a-z_]+|fuzz_[a-z]+|manual|code|e2e|make|harness|\.sh/g, '')))
				cited.push(last);
		}
		for (const c of cited) {
			for (const m of c.matchAll(/\b([A-Z])([0-9]{1,3})(?:[–-]([A-Z])?([0-9]{1,3}))?\b/g)) {
				const [, l, a, l2, b] = m;
				const from = Number(a);
				const to = b !== undefined && (l2 === undefined || l2 === l) ?
				    Number(b) : from;
				for (let n = from; n <= to && n - from < 50; n++)
					if (checked.ids++, !ids.has(`${l}${n}`))
						problems.push(`${at}: scenario ${l}${n}: no scenarios/${l}${n}-*.scn`);
			}
		}
	});
}

const ids = scenarioIds();
const problems = [];
const files = docs(process.argv.slice(2));
for (const f of files)
	checkFile(f, ids, problems);
for (const p of problems)
	console.log(p);
console.log(`docs-check: ${files.length} files, ${checked.links} links, ` +
    `${checked.paths} paths, ${checked.ids} scenario ids, ` +
    `${problems.length} broken`);
process.exit(problems.length === 0 ? 0 : 1);

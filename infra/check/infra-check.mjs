// infra-check: offline static checks of the Azure deployment files.
//
// No Bicep compiler, Docker engine or Azure access exists on the build
// machines, so this checks what can be checked without them (see
// docs/deployment.md, "What make test checks"):
//   bicep      syntax (tree-sitter-bicep), declared and described params,
//              undeclared or unused symbols, files and modules referenced,
//              module parameters, Graph extension set-up and property names
//   authdoc    the authsettingsV2 document Bicep builds from
//              fixtures/authsettings.json: same structure, only the
//              instance-specific values substituted, EasyAuth invariants
//   names      app settings in Bicep vs docs/configuration.md vs the
//              environment variables app/src reads
//   azd        azure.yaml, main.parameters.json vs main.bicep
//   docker     infra/Dockerfile vs the repository, .dockerignore, make
//
//	node infra/check/infra-check.mjs [--root DIR]
//	node infra/check/infra-check.mjs --authdoc FILE [--root DIR]
//
// Exit status 1 when any check fails; the last line counts them.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

let root = path.resolve(here, '..', '..');
let authdocFile = null;
for (let i = 2; i < process.argv.length; i++) {
	const a = process.argv[i];
	if (a === '--root')
		root = path.resolve(process.argv[++i]);
	else if (a === '--authdoc')
		authdocFile = process.argv[++i];
	else {
		console.error(`usage: infra-check.mjs [--root DIR] [--authdoc FILE]`);
		process.exit(2);
	}
}

const FIXTURE = 'fixtures/authsettings.json';
// The only leaves Azure may change in the local document (tenant, client,
// audiences, callers); everything else is shared behaviour.
const SUBSTITUTED = [
	'identityProviders.azureActiveDirectory.registration.openIdIssuer',
	'identityProviders.azureActiveDirectory.registration.clientId',
	'identityProviders.azureActiveDirectory.validation.allowedAudiences',
	'identityProviders.azureActiveDirectory.validation.jwtClaimChecks.allowedClientApplications',
	'identityProviders.azureActiveDirectory.validation.defaultAuthorizationPolicy.allowedApplications',
];
const GRAPH_EXTENSION = /^br:mcr\.microsoft\.com\/bicep\/extensions\/microsoftgraph\/v1\.0:\d+\.\d+\.\d+$/;

// Writable properties of the Microsoft Graph Bicep types used here, from
// microsoftgraph/msgraph-bicep-types generated/.../v1.0/1.0.0/types.md.
// Read-only ones (appId, id, origin, ...) must never be sent (#130).
const GRAPH_PROPS = {
	'Microsoft.Graph/applications': ['uniqueName', 'displayName', 'description',
	    'signInAudience', 'identifierUris', 'api', 'appRoles', 'keyCredentials',
	    'optionalClaims', 'owners', 'requiredResourceAccess', 'tags', 'notes',
	    'web', 'spa', 'publicClient', 'info', 'isFallbackPublicClient',
	    'serviceManagementReference', 'groupMembershipClaims',
	    'authenticationBehaviors', 'tokenEncryptionKeyId'],
	'Microsoft.Graph/servicePrincipals': ['appId', 'accountEnabled',
	    'appRoleAssignmentRequired', 'description', 'notes', 'tags', 'owners',
	    'displayName', 'homepage', 'loginUrl', 'logoutUrl',
	    'notificationEmailAddresses', 'preferredSingleSignOnMode',
	    'servicePrincipalNames', 'servicePrincipalType', 'keyCredentials'],
	'Microsoft.Graph/appRoleAssignedTo': ['principalId', 'resourceId',
	    'appRoleId', 'resourceDisplayName'],
	'api': ['acceptMappedClaims', 'knownClientApplications',
	    'oauth2PermissionScopes', 'preAuthorizedApplications',
	    'requestedAccessTokenVersion'],
	'appRoles': ['allowedMemberTypes', 'description', 'displayName', 'id',
	    'isEnabled', 'value'],
	'oauth2PermissionScopes': ['adminConsentDescription',
	    'adminConsentDisplayName', 'id', 'isEnabled', 'type',
	    'userConsentDescription', 'userConsentDisplayName', 'value'],
};
// Names Bicep provides without a declaration.
const BICEP_GLOBALS = new Set(['az', 'sys', 'true', 'false', 'null']);

let passed = 0;
let failed = 0;
const warnings = [];

function ok(what) {
	passed++;
	if (process.env.INFRA_CHECK_VERBOSE)
		console.log(`infra-check: ok   ${what}`);
}

function fail(where, msg) {
	failed++;
	console.log(`infra-check: FAIL ${where}: ${msg}`);
}

function check(cond, where, msg, what) {
	if (cond)
		ok(what || msg);
	else
		fail(where, msg);
	return cond;
}

function rel(p) {
	return path.relative(root, p) || '.';
}

function readText(p) {
	try {
		return fs.readFileSync(p, 'utf8');
	} catch {
		return null;
	}
}

function readJson(p, where) {
	const t = readText(p);
	if (t === null) {
		fail(where, `${rel(p)} does not exist`);
		return null;
	}
	try {
		return JSON.parse(t);
	} catch (e) {
		fail(where, `${rel(p)} is not valid JSON: ${e.message}`);
		return null;
	}
}

// ---- Bicep parsing ---------------------------------------------------------

let parser = null;

async function initParser() {
	const Parser = require('web-tree-sitter');
	await Parser.init();
	const lang = await Parser.Language.load(
	    require.resolve('tree-sitter-bicep/tree-sitter-bicep.wasm'));
	parser = new Parser();
	parser.setLanguage(lang);
}

// tree-sitter-bicep 1.1.0 predates the `extension NAME` statement (Bicep
// 0.30+). It is rewritten, on the same line and with the same length, into
// the `import 'NAME'` statement the grammar knows, and checked apart.
function parseBicep(file) {
	const src = readText(file);
	const ext = [];
	const text = src.replace(/^extension(\s+)([A-Za-z_][A-Za-z0-9_]*)[ \t]*$/mg,
	    (m, sp, name) => {
		ext.push(name);
		return `import${sp}'${name}'`.padEnd(m.length);
	    });
	return { src, tree: parser.parse(text), extensions: ext };
}

function line(n) {
	return n.startPosition.row + 1;
}

function* walk(n) {
	yield n;
	for (const c of n.namedChildren)
		yield* walk(c);
}

function strValue(n) {
	// A plain string literal (no interpolation) or null.
	if (!n || n.type !== 'string')
		return null;
	if (n.namedChildren.some((c) => c.type === 'interpolation'))
		return null;
	const t = n.text;
	return t.slice(1, -1).replace(/\\'/g, '\'').replace(/\\\\/g, '\\');
}

function objectProps(obj) {
	// [{ key, keyNode, value }] of an object literal.
	const out = [];
	if (!obj || obj.type !== 'object')
		return out;
	for (const p of obj.namedChildren) {
		if (p.type !== 'object_property')
			continue;
		const k = p.namedChildren[0];
		const key = k.type === 'string' ? strValue(k) : k.text;
		out.push({ key, keyNode: k, value: p.namedChildren[1] });
	}
	return out;
}

function propOf(obj, key) {
	const p = objectProps(obj).find((x) => x.key === key);
	return p ? p.value : null;
}

// The body object of a resource or module (through `if` and `for`).
function bodyOf(decl) {
	for (const c of decl.namedChildren) {
		if (c.type === 'object')
			return c;
		if (c.type === 'if_statement' || c.type === 'for_statement') {
			const b = c.childForFieldName('body') ||
			    c.namedChildren.find((x) => x.type === 'object');
			if (b && b.type === 'object')
				return b;
			return c.namedChildren[c.namedChildren.length - 1];
		}
	}
	return null;
}

const DECLS = ['parameter_declaration', 'variable_declaration',
    'resource_declaration', 'module_declaration', 'output_declaration',
    'type_declaration', 'user_defined_function', 'metadata_declaration'];

// Is this identifier node a name being defined or a key, not a use?
function isDefinitionOrKey(id) {
	const p = id.parent;
	if (!p)
		return true;
	if (DECLS.includes(p.type) && p.namedChildren[0].id === id.id)
		return true;
	if (p.type === 'object_property' && p.namedChildren[0].id === id.id)
		return true;
	if (p.type === 'call_expression' &&
	    p.childForFieldName('function')?.id === id.id)
		return true;
	if (p.type === 'lambda_expression' && p.namedChildren[0].id === id.id)
		return true;
	if (p.type === 'for_statement' &&
	    p.childForFieldName('initializer')?.id === id.id)
		return true;
	if (p.type === 'resource_expression' &&
	    p.childForFieldName('resource')?.id === id.id)
		return true;
	if (p.type === 'import_statement' || p.type === 'import_with_statement')
		return true;
	return false;
}

function analyseBicep(file) {
	const where = rel(file);
	const { tree, extensions } = parseBicep(file);
	const rootNode = tree.rootNode;
	const b = { file, where, rootNode, extensions, params: new Map(),
	    vars: new Map(), resources: [], modules: [], outputs: new Set() };

	let syntaxOk = true;
	for (const n of walk(rootNode)) {
		if (n.type === 'ERROR' || n.isMissing) {
			syntaxOk = false;
			fail(`${where}:${line(n)}`, `Bicep syntax error near ` +
			    `'${n.text.slice(0, 40).replace(/\s+/g, ' ')}'`);
		}
	}
	// tree-sitter also marks a missing node without an ERROR parent.
	if (rootNode.hasError && syntaxOk) {
		syntaxOk = false;
		fail(where, 'Bicep syntax error');
	}
	if (syntaxOk)
		ok(`${where}: Bicep syntax`);

	// Declarations, with the decorators written above them.
	const declared = new Set();
	let decorators = null;
	for (const st of rootNode.namedChildren) {
		if (st.type === 'decorators') {
			decorators = st;
			continue;
		}
		const name = st.namedChildren[0]?.text;
		switch (st.type) {
		case 'parameter_declaration': {
			const hasDefault = st.namedChildren.length > 2;
			const desc = decorators && /@description\(\s*'[^']{8,}/.test(
			    decorators.text);
			b.params.set(name, { node: st, hasDefault, desc });
			break;
		}
		case 'variable_declaration':
			b.vars.set(name, st);
			break;
		case 'resource_declaration':
			b.resources.push(st);
			break;
		case 'module_declaration':
			b.modules.push(st);
			break;
		case 'output_declaration':
			b.outputs.add(name);
			break;
		}
		if (DECLS.includes(st.type) && st.type !== 'output_declaration')
			declared.add(name);
		decorators = null;
	}
	// Nested resources, loop variables and lambda parameters.
	for (const n of walk(rootNode)) {
		if (n.type === 'resource_declaration')
			declared.add(n.namedChildren[0].text);
		if (n.type === 'loop_variable' || n.type === 'loop_enumerator')
			declared.add(n.text);
		if (n.type === 'for_statement') {
			const init = n.childForFieldName('initializer');
			if (init)
				declared.add(init.text);
		}
		if (n.type === 'lambda_expression')
			declared.add(n.namedChildren[0].text.replace(/[()\s]/g, ''));
	}

	// Every parameter described.
	for (const [name, p] of b.params) {
		check(p.desc, `${where}:${line(p.node)}`,
		    `param ${name} has no @description`,
		    `${where}: param ${name} described`);
	}

	// Every name used is declared; every parameter is used.
	const used = new Set();
	for (const n of walk(rootNode)) {
		if (n.type !== 'identifier' || isDefinitionOrKey(n))
			continue;
		used.add(n.text);
		if (!declared.has(n.text) && !BICEP_GLOBALS.has(n.text)) {
			fail(`${where}:${line(n)}`,
			    `'${n.text}' is used but not declared`);
		}
	}
	for (const name of b.params.keys()) {
		check(used.has(name), `${where}:${line(b.params.get(name).node)}`,
		    `param ${name} is declared but never used`,
		    `${where}: param ${name} used`);
	}

	// Files loaded at compile time exist (and JSON parses).
	for (const n of walk(rootNode)) {
		if (n.type !== 'call_expression')
			continue;
		const fn = n.childForFieldName('function')?.text;
		if (!/^load(Json|Text|Yaml)Content$|^loadFileAsBase64$/.test(fn))
			continue;
		const arg = n.namedChildren.find((c) => c.type === 'arguments')
		    ?.namedChildren[0];
		const p = strValue(arg);
		if (p === null) {
			fail(`${where}:${line(n)}`,
			    `${fn} needs a literal path`);
			continue;
		}
		const full = path.resolve(path.dirname(file), p);
		if (!check(fs.existsSync(full), `${where}:${line(n)}`,
		    `${fn}('${p}'): ${rel(full)} does not exist`))
			continue;
		if (fn === 'loadJsonContent')
			readJson(full, `${where}:${line(n)}`) !== null &&
			    ok(`${where}: ${p} parses`);
	}

	// Resource types well formed; Graph types need the extension.
	let usesGraph = false;
	for (const r of walk(rootNode)) {
		if (r.type !== 'resource_declaration')
			continue;
		const type = strValue(r.namedChildren[1]) || '';
		const nested = r.parent.type !== 'infrastructure';
		if (!nested || type.includes('/')) {
			check(/^[A-Za-z]+\.[A-Za-z]+(\/[A-Za-z0-9]+)+@[0-9A-Za-z.-]+$/
			    .test(type), `${where}:${line(r)}`,
			    `resource type '${type}' is not Provider/type@version`);
		}
		if (type.startsWith('Microsoft.Graph/')) {
			usesGraph = true;
			checkGraphProps(b, r, type.replace(/@.*/, ''));
		}
	}
	if (usesGraph) {
		check(extensions.includes('microsoftGraphV1'), where,
		    'declares Microsoft.Graph resources without ' +
		    '`extension microsoftGraphV1`',
		    `${where}: extension microsoftGraphV1`);
	}
	b.usesGraph = usesGraph;
	return b;
}

function checkGraphProps(b, r, type) {
	const allowed = GRAPH_PROPS[type];
	if (!allowed) {
		fail(`${b.where}:${line(r)}`, `no property list for ${type} ` +
		    `in infra-check.mjs: add it from the Graph Bicep types`);
		return;
	}
	const body = bodyOf(r);
	const verify = (obj, list, what) => {
		for (const p of objectProps(obj)) {
			check(list.includes(p.key), `${b.where}:${line(p.keyNode)}`,
			    `${what} has no writable property '${p.key}'`,
			    `${b.where}: ${what}.${p.key}`);
		}
	};
	verify(body, allowed, type);
	const api = propOf(body, 'api');
	if (api) {
		verify(api, GRAPH_PROPS.api, `${type} api`);
		const scopes = propOf(api, 'oauth2PermissionScopes');
		for (const s of scopes?.namedChildren || [])
			verify(s, GRAPH_PROPS.oauth2PermissionScopes,
			    'oauth2PermissionScopes[]');
	}
	for (const role of propOf(body, 'appRoles')?.namedChildren || [])
		verify(role, GRAPH_PROPS.appRoles, 'appRoles[]');
}

// Module files exist and the parameters passed match the declared ones.
function checkModules(b, byFile) {
	for (const m of b.modules) {
		const p = strValue(m.namedChildren[1]);
		const full = path.resolve(path.dirname(b.file), p || '');
		if (!check(p && fs.existsSync(full), `${b.where}:${line(m)}`,
		    `module '${p}' does not exist`))
			continue;
		const target = byFile.get(full);
		const passedParams = objectProps(propOf(bodyOf(m), 'params'));
		const names = new Set(passedParams.map((x) => x.key));
		for (const x of passedParams) {
			check(target.params.has(x.key), `${b.where}:${line(x.keyNode)}`,
			    `module ${rel(full)} has no parameter '${x.key}'`,
			    `${b.where}: module param ${x.key}`);
		}
		for (const [name, prm] of target.params) {
			if (!prm.hasDefault) {
				check(names.has(name), `${b.where}:${line(m)}`,
				    `module ${rel(full)} needs parameter '${name}'`,
				    `${b.where}: module gets ${name}`);
			}
		}
	}
}

// ---- the authsettingsV2 document ----------------------------------------------

function isObj(v) {
	return v !== null && typeof v === 'object' && !Array.isArray(v);
}

// ARM union() on objects: nested objects merged, everything else replaced.
function armUnion(a, o) {
	const out = { ...a };
	for (const [k, v] of Object.entries(o))
		out[k] = isObj(v) && isObj(a[k]) ? armUnion(a[k], v) : v;
	return out;
}

// An object literal as JSON; expressions become "<expr:TEXT>".
function literal(n) {
	switch (n.type) {
	case 'object': {
		const o = {};
		for (const p of objectProps(n))
			o[p.key] = literal(p.value);
		return o;
	}
	case 'array':
		return n.namedChildren.map(literal);
	case 'number':
		return Number(n.text);
	case 'boolean':
		return n.text === 'true';
	default: {
		const s = strValue(n);
		return s !== null ? s : `<expr:${n.text}>`;
	}
	}
}

function leafPaths(v, prefix = '', out = new Map()) {
	if (isObj(v) && Object.keys(v).length > 0) {
		for (const [k, x] of Object.entries(v))
			leafPaths(x, prefix ? `${prefix}.${k}` : k, out);
	} else {
		out.set(prefix, v);
	}
	return out;
}

function typeOf(v) {
	return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
}

// The EasyAuth behaviour this project relies on, in the local document.
function checkFixtureInvariants(doc, where) {
	const aad = doc?.identityProviders?.azureActiveDirectory || {};
	const v = aad.validation || {};
	const rules = [
		[doc?.platform?.enabled === true, 'platform.enabled must be true'],
		[doc?.platform?.runtimeVersion === '~2',
		    'platform.runtimeVersion must be ~2'],
		[doc?.globalValidation?.requireAuthentication === true,
		    'globalValidation.requireAuthentication must be true'],
		[doc?.globalValidation?.unauthenticatedClientAction === 'Return401',
		    'globalValidation.unauthenticatedClientAction must be Return401'],
		[(doc?.globalValidation?.excludedPaths || []).includes('/healthz'),
		    'globalValidation.excludedPaths must contain /healthz'],
		[doc?.httpSettings?.requireHttps === true,
		    'httpSettings.requireHttps must be true'],
		[aad.enabled === true, 'azureActiveDirectory.enabled must be true'],
		[Array.isArray(v.allowedAudiences) && v.allowedAudiences.length === 2 &&
		    v.allowedAudiences.includes(aad.registration?.clientId),
		    'allowedAudiences must hold the identifier URI and the client id'],
		[(v.jwtClaimChecks?.allowedClientApplications || []).length > 0,
		    'jwtClaimChecks.allowedClientApplications must not be empty'],
		[JSON.stringify(v.jwtClaimChecks?.allowedClientApplications) ===
		    JSON.stringify(v.defaultAuthorizationPolicy?.allowedApplications),
		    'allowedApplications must equal allowedClientApplications'],
		[doc?.login?.tokenStore?.enabled === false,
		    'login.tokenStore.enabled must be false (no sessions)'],
	];
	for (const [cond, msg] of rules)
		check(cond, where, msg, `${where}: ${msg}`);
}

// A rendered document (Bicep's or the az script's) against the fixture:
// the same key paths with the same types, and only SUBSTITUTED changed.
function compareRendered(fixture, rendered, where) {
	const want = leafPaths(fixture);
	const got = leafPaths(rendered);
	for (const [p, v] of got) {
		if (!want.has(p)) {
			fail(where, `${p} is not in ${FIXTURE} (typo, or a field ` +
			    `Azure would get but the local gate would not)`);
		} else if (!SUBSTITUTED.includes(p) &&
		    JSON.stringify(v) !== JSON.stringify(want.get(p))) {
			fail(where, `${p} differs from ${FIXTURE}: only tenant, ` +
			    `client id, audiences and callers may be substituted`);
		} else if (typeOf(v) !== typeOf(want.get(p)) &&
		    !(typeof v === 'string' && v.startsWith('<expr:'))) {
			fail(where, `${p} is ${typeOf(v)}, ${FIXTURE} has ` +
			    `${typeOf(want.get(p))}`);
		} else {
			ok(`${where}: ${p}`);
		}
	}
	for (const p of want.keys())
		check(got.has(p), where, `${p} is missing from the rendered document`,
		    `${where}: has ${p}`);
	for (const p of SUBSTITUTED) {
		const same = JSON.stringify(got.get(p)) ===
		    JSON.stringify(want.get(p));
		check(got.has(p) && !same, where, `${p} is not substituted: ` +
		    `Azure would get the local stand-in's value`,
		    `${where}: ${p} substituted`);
	}
}

function checkBicepAuthdoc(b, fixture) {
	const where = b.where;
	let tmplVar = null;
	for (const [name, st] of b.vars) {
		const v = st.namedChildren[1];
		if (v?.type === 'call_expression' &&
		    v.childForFieldName('function').text === 'loadJsonContent' &&
		    /authsettings\.json'\)$/.test(v.text))
			tmplVar = name;
	}
	if (!check(tmplVar, where, `no var = loadJsonContent('../${FIXTURE}')`))
		return;
	let docVar = null;
	let overrides = null;
	for (const [name, st] of b.vars) {
		const v = st.namedChildren[1];
		if (v?.type !== 'call_expression' ||
		    v.childForFieldName('function').text !== 'union')
			continue;
		const args = v.namedChildren.find((c) => c.type === 'arguments')
		    .namedChildren;
		if (args[0]?.text === tmplVar && args[1]?.type === 'object') {
			docVar = name;
			overrides = literal(args[1]);
		}
	}
	if (!check(docVar, where, `no var = union(${tmplVar}, { ... }) ` +
	    `building the authsettingsV2 document`))
		return;
	compareRendered(fixture, armUnion(fixture, overrides),
	    `${where} (var ${docVar})`);

	// The allow-lists come from a variable that fails the deployment
	// when it is empty: EasyAuth must never store an empty list.
	const v = overrides?.identityProviders?.azureActiveDirectory?.validation;
	for (const list of [v?.jwtClaimChecks?.allowedClientApplications,
	    v?.defaultAuthorizationPolicy?.allowedApplications]) {
		const name = String(list).match(/^<expr:([A-Za-z_]\w*)>$/)?.[1];
		const decl = name && b.vars.get(name);
		check(decl && /\bempty\(/.test(decl.text) &&
		    /\bfail\(\s*'/.test(decl.text), where, `the allow-lists must ` +
		    `come from a variable that calls fail('...') when the list is ` +
		    `empty (got ${list})`, `${where}: allow-list guarded by fail()`);
	}

	// The config resource and the app setting both use that document.
	let authRes = false;
	let appSetting = false;
	for (const r of walk(b.rootNode)) {
		if (r.type !== 'resource_declaration')
			continue;
		const body = bodyOf(r);
		const nm = strValue(propOf(body, 'name'));
		const props = propOf(body, 'properties');
		if (nm === 'authsettingsV2')
			authRes = props?.text === docVar;
		if (nm === 'appsettings')
			appSetting = propOf(props, 'AUTH_SETTINGS_JSON')?.text ===
			    `string(${docVar})`;
	}
	check(authRes, where, `the authsettingsV2 config resource must have ` +
	    `properties: ${docVar}`);
	check(appSetting, where, `app setting AUTH_SETTINGS_JSON must be ` +
	    `string(${docVar}), the document EasyAuth gets`);
}

// ---- names: app settings, documentation, app/src ---------------------------

function appEnvNames() {
	// Arguments of getenv("X") and of the config loader's env("X").
	const names = new Map();
	const dir = path.join(root, 'app', 'src');
	for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
		if (!/\.[ch]$/.test(f))
			continue;
		const t = readText(path.join(dir, f));
		for (const m of t.matchAll(/\b\w*env\s*\(\s*"([A-Z][A-Z0-9_]{2,})"/g))
			names.set(m[1], `app/src/${f}`);
	}
	return names;
}

function documentedNames() {
	// Rows of docs/configuration.md tables: | `NAME` | read by | ...
	const doc = readText(path.join(root, 'docs', 'configuration.md')) || '';
	const rows = new Map();
	for (const l of doc.split('\n')) {
		const m = l.match(/^\|\s*`([A-Z][A-Z0-9_]{2,})`\s*\|([^|]*)\|/);
		if (m)
			rows.set(m[1], m[2].trim());
	}
	return rows;
}

function checkNames(res) {
	const where = res.where;
	const app = appEnvNames();
	const docs = documentedNames();
	check(docs.size > 0, 'docs/configuration.md',
	    'no variable table (| `NAME` | read by | ...)');
	for (const [n, f] of app) {
		check(docs.has(n), f, `${n} is read by the app but not documented ` +
		    `in docs/configuration.md`, `documented: ${n}`);
	}
	let settings = null;
	for (const r of walk(res.rootNode)) {
		if (r.type === 'resource_declaration' &&
		    strValue(propOf(bodyOf(r), 'name')) === 'appsettings')
			settings = propOf(bodyOf(r), 'properties');
	}
	if (!check(settings, where, 'no appsettings config resource'))
		return;
	for (const p of objectProps(settings)) {
		const at = `${where}:${line(p.keyNode)}`;
		if (!check(docs.has(p.key), at, `app setting ${p.key} is not ` +
		    `documented in docs/configuration.md`))
			continue;
		const readBy = docs.get(p.key);
		if (!/\bapp\b/.test(readBy))
			continue;
		if (app.has(p.key)) {
			ok(`app reads ${p.key}`);
		} else {
			fail(at, `app setting ${p.key} is documented as read by the ` +
			    `app, but app/src never reads it (typo?)`);
		}
	}
}

// ---- azd ------------------------------------------------------------------------------

// Just enough YAML for azure.yaml: nested maps of scalars by indentation.
function miniYaml(text) {
	const rootObj = {};
	const stack = [{ indent: -1, obj: rootObj }];
	for (const raw of text.split('\n')) {
		const l = raw.replace(/\s+#.*$/, '');
		if (/^\s*(#|$)/.test(l))
			continue;
		const m = l.match(/^(\s*)([A-Za-z0-9_.-]+):\s*(.*)$/);
		if (!m)
			continue;
		const indent = m[1].length;
		while (stack[stack.length - 1].indent >= indent)
			stack.pop();
		const parent = stack[stack.length - 1].obj;
		if (m[3] === '') {
			parent[m[2]] = {};
			stack.push({ indent, obj: parent[m[2]] });
		} else {
			parent[m[2]] = m[3].replace(/^["']|["']$/g, '');
		}
	}
	return rootObj;
}

function checkAzd(main) {
	const where = 'azure.yaml';
	const t = readText(path.join(root, where));
	if (!check(t !== null, where, 'azure.yaml must exist at the repository root'))
		return;
	const y = miniYaml(t);
	const web = y.services?.web || {};
	check(web.project === '.', where, 'services.web.project must be .');
	check(web.host === 'appservice', where,
	    'services.web.host must be appservice');
	check(web.language === 'docker', where,
	    'services.web.language must be docker');
	const df = web.docker?.path;
	check(df && fs.existsSync(path.join(root, web.project || '.', df)), where,
	    `services.web.docker.path '${df}' does not exist`);
	check(web.docker?.context === '.', where,
	    'services.web.docker.context must be . (the Dockerfile copies ' +
	    'paths relative to the repository root)');
	const infraDir = y.infra?.path || 'infra';
	const mod = y.infra?.module || 'main';
	check(fs.existsSync(path.join(root, infraDir, `${mod}.bicep`)), where,
	    `infra ${infraDir}/${mod}.bicep does not exist`);

	// main.parameters.json: only declared params, all required ones set.
	const pw = `${infraDir}/${mod}.parameters.json`;
	const pj = readJson(path.join(root, pw), pw);
	if (!pj)
		return;
	const given = pj.parameters || {};
	for (const [k, v] of Object.entries(given)) {
		check(main.params.has(k), pw, `${k} is not a parameter of ` +
		    `${mod}.bicep`, `${pw}: ${k} declared`);
		check(typeof v.value === 'string' ? /\$\{[A-Z0-9_]+(=[^}]*)?\}/
		    .test(v.value) : true, pw, `${k} should come from an azd ` +
		    `environment variable (\${NAME})`, `${pw}: ${k} from env`);
	}
	// azd writes every output into the environment it substitutes here:
	// an input named like an output would feed a result back as a
	// parameter on the next azd provision (location round-trips as is).
	for (const [k, v] of Object.entries(given)) {
		const env = String(v.value).match(/\$\{([A-Z0-9_]+)/)?.[1];
		check(!env || env === 'AZURE_LOCATION' || !main.outputs.has(env),
		    pw, `${k} comes from \${${env}}, which is also an output of ` +
		    `${mod}.bicep: azd would feed the output back as input`,
		    `${pw}: ${k} not an output`);
	}
	for (const [k, p] of main.params) {
		if (!p.hasDefault)
			check(k in given, pw, `required parameter ${k} of ` +
			    `${mod}.bicep is not set`, `${pw}: sets ${k}`);
	}
	// The outputs azd itself needs.
	check(main.outputs.has('AZURE_CONTAINER_REGISTRY_ENDPOINT'),
	    main.where, 'azd needs output AZURE_CONTAINER_REGISTRY_ENDPOINT');
}

// The web app: ACR pull by managed identity set where App Service reads it
// (siteConfig, not properties), health check, Always On, and the port the
// platform pings equal to the one the image exposes.
function checkSite(res) {
	const where = res.where;
	let site = null;
	let settings = null;
	for (const r of walk(res.rootNode)) {
		if (r.type !== 'resource_declaration')
			continue;
		const type = strValue(r.namedChildren[1]) || '';
		if (type.startsWith('Microsoft.Web/sites@'))
			site = bodyOf(r);
		if (strValue(propOf(bodyOf(r), 'name')) === 'appsettings')
			settings = propOf(bodyOf(r), 'properties');
	}
	if (!check(site, where, 'no Microsoft.Web/sites resource'))
		return;
	const props = propOf(site, 'properties');
	const sc = propOf(props, 'siteConfig');
	for (const k of ['acrUseManagedIdentityCreds', 'acrUserManagedIdentityID'])
		check(!propOf(props, k), where, `${k} belongs under ` +
		    `properties.siteConfig, not properties (App Service ignores it)`);
	const want = [
		['acrUseManagedIdentityCreds', 'true'],
		['acrUserManagedIdentityID', null],
		['alwaysOn', 'true'],
		['healthCheckPath', "'/healthz'"],
		['linuxFxVersion', null],
	];
	for (const [k, val] of want) {
		const got = propOf(sc, k);
		check(got && (val === null || got.text === val), where,
		    `siteConfig.${k} must be ${val || 'set'}`,
		    `${where}: siteConfig.${k}`);
	}
	check(/^'DOCKER\|/.test(propOf(sc, 'linuxFxVersion')?.text || ''), where,
	    "siteConfig.linuxFxVersion must be 'DOCKER|<image>' (a container)");
	// WEBSITES_PORT (through a variable or literal) = EXPOSE of the image.
	let port = propOf(settings, 'WEBSITES_PORT');
	if (port?.type === 'identifier')
		port = res.vars.get(port.text)?.namedChildren[1];
	const expose = (readText(path.join(root, 'infra/Dockerfile')) || '')
	    .match(/^EXPOSE\s+(\d+)/m)?.[1];
	check(expose && strValue(port) === expose, where, `app setting ` +
	    `WEBSITES_PORT (${strValue(port)}) must be the port the image ` +
	    `exposes (${expose})`, `${where}: WEBSITES_PORT = EXPOSE`);
}

// The azd-service-name tag must match the service in azure.yaml.
function checkServiceTag(res) {
	check(/'azd-service-name':\s*'web'/.test(readText(res.file)), res.where,
	    "the web app needs tag 'azd-service-name': 'web' (azure.yaml " +
	    'services.web)');
}

// ---- Docker ---------------------------------------------------------------------------

function dockerIgnored(patterns, p) {
	let ignored = false;
	for (let pat of patterns) {
		const neg = pat.startsWith('!');
		if (neg)
			pat = pat.slice(1);
		pat = pat.replace(/^\/+|\/+$/g, '');
		const re = new RegExp('^' + pat.split('/').map((s) => s === '**' ?
		    '.*' : s.replace(/[.+^${}()|[\]\\]/g, '\\$&')
		    .replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]'))
		    .join('/').replace(/\.\*\//g, '(.*/)?') + '(/.*)?$');
		if (re.test(p))
			ignored = !neg;
	}
	return ignored;
}

function checkDocker() {
	const where = 'infra/Dockerfile';
	const t = readText(path.join(root, where));
	if (!check(t !== null, where, 'infra/Dockerfile does not exist'))
		return;
	const ign = (readText(path.join(root, '.dockerignore')) || '')
	    .split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
	check(ign.length > 0, '.dockerignore', '.dockerignore must exist at ' +
	    'the repository root (the build context)');
	for (const must of ['.git', '.run', 'build', 'fixtures'])
		check(dockerIgnored(ign, must), '.dockerignore',
		    `${must} must be excluded from the build context`);

	// Logical lines, split into stages.
	const lines = t.replace(/\\\n/g, ' ').split('\n')
	    .map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
	const stages = [];
	for (const l of lines) {
		if (/^FROM\s/i.test(l))
			stages.push({ from: l, lines: [] });
		else if (stages.length)
			stages[stages.length - 1].lines.push(l);
	}
	if (!check(stages.length === 2, where, 'expected two stages (build, ' +
	    'runtime)'))
		return;
	for (const s of stages)
		check(/^FROM\s+debian:12(-slim)?(@sha256:[0-9a-f]+)?(\s|$)/i
		    .test(s.from), where, `stage '${s.from}' is not Debian 12`);
	const [bld, run] = stages;
	const has = (s, re) => s.lines.some((l) => re.test(l));
	check(has(bld, /^RUN\s.*infra\/deps\.sh\s+build\b/), where,
	    'build stage must install packages with infra/deps.sh build');
	check(has(bld, /^RUN\s.*\bmake\s+build-only\b/), where,
	    'build stage must run make build-only');
	check(has(run, /^RUN\s.*deps\.sh\s+runtime\b/), where,
	    'runtime stage must install packages with deps.sh runtime');
	const user = run.lines.filter((l) => /^USER\s/i.test(l)).pop();
	check(user && !/^USER\s+(root|0)(:|\s|$)/i.test(user), where,
	    'runtime stage must end as a non-root USER');
	check(has(run, /^ENV\s.*\bBIND=0\.0\.0\.0\b/), where,
	    'runtime stage must set BIND=0.0.0.0');
	check(!has(run, /^ENV\s.*\bPORT=/), where, 'no ENV PORT: it would ' +
	    'override the WEBSITES_PORT App Service was told to ping');
	check(has(run, /^HEALTHCHECK\s.*\/healthz/), where,
	    'runtime stage needs a HEALTHCHECK on /healthz');

	// COPY sources exist and are not excluded by .dockerignore.
	for (const s of stages) {
		for (const l of s.lines) {
			const m = l.match(/^COPY\s+(.*)$/i);
			if (!m || /--from=/.test(m[1]))
				continue;
			const args = m[1].split(/\s+/).filter((a) => !a.startsWith('--'));
			for (const src of args.slice(0, -1)) {
				const clean = src.replace(/^\.\//, '');
				check(fs.existsSync(path.join(root, clean)), where,
				    `COPY source ${src} does not exist`,
				    `${where}: COPY ${src}`);
				check(!dockerIgnored(ign, clean), where,
				    `COPY source ${src} is excluded by .dockerignore`);
			}
		}
	}
	// Every makefile make build-only reads reaches the build stage.
	const mk = readText(path.join(root, 'Makefile')) || '';
	const copied = bld.lines.filter((l) => /^COPY\s/i.test(l)).join(' ');
	for (const m of mk.matchAll(/^include\s+(\S+)/mg)) {
		const top = m[1].split('/')[0];
		check(new RegExp(`COPY\\s+(\\S+\\s+)*(${m[1]}|${top}|\\.)\\s`)
		    .test(copied + ' ') && !dockerIgnored(ign, m[1]), where,
		    `Makefile includes ${m[1]}, which does not reach the build ` +
		    'stage (not copied, or excluded by .dockerignore)',
		    `${where}: ${m[1]} in the build stage`);
	}

	// Same command line as make run (harness/scripts/lib.sh app_up).
	const lib = readText(path.join(root, 'harness/scripts/lib.sh')) || '';
	const runCmd = lib.match(/"\$@"\s+(stdbuf[^\n]*?kore\s+-[a-z]*c\s+\S+)/);
	const cmd = run.lines.filter((l) => /^CMD\s/i.test(l)).pop();
	let argv = null;
	try {
		argv = JSON.parse(cmd.replace(/^CMD\s+/i, ''));
	} catch {
		/* reported below */
	}
	if (check(runCmd && argv, where, 'CMD must be exec form (JSON array) ' +
	    'and harness/scripts/lib.sh must start kore with stdbuf')) {
		check(argv.join(' ') === runCmd[1].trim().split(/\s+/).join(' '),
		    where, `CMD '${argv.join(' ')}' differs from make run's ` +
		    `'${runCmd[1].trim()}'`, `${where}: CMD is make run's`);
	}
	// The module the config loads is in the image, where it is loaded.
	const conf = readText(path.join(root, 'app/conf/reviews.conf')) || '';
	const load = conf.match(/^load\s+(\S+)/m)?.[1]?.replace(/^\.\//, '');
	const inImage = run.lines.some((l) =>
	    /^COPY\s+--from=/i.test(l) && l.trim().endsWith(` ${load}`));
	check(load && inImage, where, `reviews.conf loads ${load}; the runtime ` +
	    'stage must COPY --from=build it to that path');
}

// ---- main -------------------------------------------------------------------------------

async function main() {
	await initParser();
	const fixture = readJson(path.join(root, FIXTURE), FIXTURE);

	if (authdocFile) {
		// A document rendered by infra/scripts (ARM body or properties).
		const doc = readJson(path.resolve(authdocFile), authdocFile);
		if (fixture && doc)
			compareRendered(fixture, doc.properties || doc, authdocFile);
	} else {
		if (fixture)
			checkFixtureInvariants(fixture, FIXTURE);
		const dir = path.join(root, 'infra');
		const files = fs.readdirSync(dir).filter((f) => f.endsWith('.bicep'))
		    .map((f) => path.join(dir, f));
		const byFile = new Map(files.map((f) => [f, analyseBicep(f)]));
		for (const b of byFile.values())
			checkModules(b, byFile);

		const cfgPath = path.join(dir, 'bicepconfig.json');
		if ([...byFile.values()].some((b) => b.usesGraph)) {
			const cfg = readJson(cfgPath, 'infra/bicepconfig.json');
			check(GRAPH_EXTENSION.test(cfg?.extensions?.microsoftGraphV1 ||
			    ''), 'infra/bicepconfig.json', 'extensions.microsoftGraphV1 ' +
			    'must be br:mcr.microsoft.com/bicep/extensions/' +
			    'microsoftgraph/v1.0:<version>');
		}
		const res = byFile.get(path.join(dir, 'resources.bicep'));
		const mainB = byFile.get(path.join(dir, 'main.bicep'));
		if (check(res && mainB, 'infra', 'main.bicep and resources.bicep ' +
		    'must exist')) {
			if (fixture)
				checkBicepAuthdoc(res, fixture);
			checkNames(res);
			checkServiceTag(res);
			checkSite(res);
			checkAzd(mainB);
		}
		checkDocker();
	}

	for (const w of warnings)
		console.log(`infra-check: note ${w}`);
	console.log(`infra-check: ${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}

main().catch((e) => {
	console.error(`infra-check: ${e.stack || e}`);
	process.exit(2);
});

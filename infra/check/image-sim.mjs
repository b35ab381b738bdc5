// image-sim: run infra/Dockerfile without a Docker engine.
//
// No Docker engine runs on the machines this project is built on. This
// executes the Dockerfile's instructions one by one in chroots made with
// debootstrap (Debian 12 minbase, close to debian:12-slim): FROM, WORKDIR,
// COPY (from the context as .dockerignore trims it, or --from a stage),
// RUN, ENV, USER, CMD, HEALTHCHECK. Then it starts CMD as USER with the
// image's ENV, against a database given on the command line, waits for
// /healthz and runs the HEALTHCHECK command inside the image.
//
// Root only (chroot, mounts), needs debootstrap and the Debian mirror;
// minutes, not seconds: `make image-sim`, not part of make test.
//
//	node infra/check/image-sim.mjs --work DIR --port PORT --db CONNINFO
//
// Not the same as Docker: no layer isolation beyond chroot, the host's
// network and kernel, seccomp of the host. It proves the instructions,
// the package groups and the start command; not the registry or App
// Service.

import fs from 'node:fs';
import path from 'node:path';
import { spawnSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const opts = { work: null, port: null, db: null };
for (let i = 2; i < process.argv.length; i += 2)
	opts[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
if (!opts.work || !opts.port || !opts.db) {
	console.error('usage: image-sim.mjs --work DIR --port PORT --db CONNINFO');
	process.exit(2);
}
const work = path.resolve(opts.work);
const MIRROR = 'http://deb.debian.org/debian';

function say(m) {
	console.log(`image-sim: ${m}`);
}

function die(m) {
	console.log(`image-sim: FAIL ${m}`);
	process.exit(1);
}

function sh(cmd, args, o = {}) {
	const r = spawnSync(cmd, args, { stdio: o.quiet ? 'pipe' : 'inherit',
	    env: o.env || process.env, timeout: o.timeout || 1800000 });
	if (r.status !== 0 && !o.mayFail)
		die(`${cmd} ${args.join(' ')}: exit ${r.status}`);
	return r;
}

// .dockerignore: the same matching infra-check uses.
function ignoreMatcher() {
	const pats = (fs.existsSync(path.join(top, '.dockerignore')) ?
	    fs.readFileSync(path.join(top, '.dockerignore'), 'utf8') : '')
	    .split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
	const res = pats.map((p) => {
		const neg = p.startsWith('!');
		const pat = (neg ? p.slice(1) : p).replace(/^\/+|\/+$/g, '');
		const re = new RegExp('^' + pat.split('/').map((s) => s === '**' ?
		    '.*' : s.replace(/[.+^${}()|[\]\\]/g, '\\$&')
		    .replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]'))
		    .join('/').replace(/\.\*\//g, '(.*/)?') + '(/.*)?$');
		return { neg, re };
	});
	return (rel) => {
		let ign = false;
		for (const { neg, re } of res)
			if (re.test(rel))
				ign = !neg;
		return ign;
	};
}

// The build context: the repository minus .dockerignore.
function makeContext(dir) {
	const ignored = ignoreMatcher();
	const walk = (rel) => {
		for (const e of fs.readdirSync(path.join(top, rel), { withFileTypes: true })) {
			const r = rel ? `${rel}/${e.name}` : e.name;
			if (ignored(r))
				continue;
			const src = path.join(top, r);
			const dst = path.join(dir, r);
			if (e.isDirectory()) {
				fs.mkdirSync(dst, { recursive: true });
				walk(r);
			} else if (e.isFile() || e.isSymbolicLink()) {
				fs.cpSync(src, dst, { dereference: false });
			}
		}
	};
	fs.mkdirSync(dir, { recursive: true });
	walk('');
}

function baseRootfs() {
	const base = path.join(work, 'base-bookworm');
	if (!fs.existsSync(path.join(base, 'etc/debian_version'))) {
		say(`debootstrap bookworm (minbase) into ${base}`);
		sh('debootstrap', ['--variant=minbase', 'bookworm', base, MIRROR],
		    { quiet: true });
	}
	return base;
}

const mounts = [];
function mountAll(root) {
	for (const d of ['proc', 'dev']) {
		const t = path.join(root, d);
		fs.mkdirSync(t, { recursive: true });
		sh('mount', ['--bind', `/${d}`, t]);
		mounts.push(t);
	}
	fs.copyFileSync('/etc/resolv.conf', path.join(root, 'etc/resolv.conf'));
}
function unmountAll() {
	while (mounts.length)
		sh('umount', [mounts.pop()], { mayFail: true });
}
process.on('exit', unmountAll);

// Logical lines (continuations joined, comments dropped) by stage.
function parseDockerfile() {
	const text = fs.readFileSync(path.join(top, 'infra/Dockerfile'), 'utf8');
	const lines = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim())
	    .filter((l) => l && !l.startsWith('#'));
	const stages = [];
	for (const l of lines) {
		const m = l.match(/^(\w+)\s+(.*)$/);
		if (!m)
			die(`cannot read Dockerfile line: ${l}`);
		const ins = m[1].toUpperCase();
		if (ins === 'FROM') {
			const f = m[2].match(/^(\S+)(?:\s+AS\s+(\S+))?$/i);
			stages.push({ image: f[1], name: f[2] || String(stages.length),
			    steps: [] });
		} else {
			stages[stages.length - 1].steps.push({ ins, arg: m[2] });
		}
	}
	return stages;
}

function main() {
	if (process.getuid() !== 0)
		die('needs root (chroot, mount)');
	fs.mkdirSync(work, { recursive: true });
	const ctx = path.join(work, 'context');
	fs.rmSync(ctx, { recursive: true, force: true });
	makeContext(ctx);
	say(`context: ${ctx} (repository minus .dockerignore)`);
	const base = baseRootfs();
	const stages = parseDockerfile();
	const done = new Map();
	let last = null;

	for (const st of stages) {
		if (!/^debian:12(-slim)?$/.test(st.image))
			die(`stage ${st.name}: only debian:12 images can be simulated`);
		const root = path.join(work, `stage-${st.name}`);
		fs.rmSync(root, { recursive: true, force: true });
		sh('cp', ['-a', base, root]);
		mountAll(root);
		const state = { root, workdir: '/', env: {}, user: '0', cmd: null,
		    health: null };
		say(`stage ${st.name}: FROM ${st.image}`);
		for (const { ins, arg } of st.steps) {
			const abs = (p) => p.startsWith('/') ? p :
			    path.posix.join(state.workdir, p);
			switch (ins) {
			case 'WORKDIR':
				state.workdir = abs(arg);
				fs.mkdirSync(path.join(root, state.workdir), { recursive: true });
				break;
			case 'ENV':
				for (const m of arg.matchAll(/(\w+)=(\S+)/g))
					state.env[m[1]] = m[2];
				break;
			case 'USER':
				state.user = arg.trim();
				break;
			case 'EXPOSE':
				break;
			case 'CMD':
				state.cmd = JSON.parse(arg);
				break;
			case 'HEALTHCHECK': {
				const m = arg.match(/CMD\s+(\[.*\])\s*$/);
				state.health = m ? JSON.parse(m[1]) : null;
				break;
			}
			case 'COPY': {
				const args = arg.split(/\s+/);
				const from = args.find((a) => a.startsWith('--from='))
				    ?.slice(7);
				const rest = args.filter((a) => !a.startsWith('--'));
				const dst = abs(rest.pop());
				const srcRoot = from ? done.get(from)?.root : ctx;
				if (!srcRoot)
					die(`COPY --from=${from}: no such stage`);
				for (const s of rest) {
					const src = path.join(srcRoot, from ? s : s.replace(/^\.\//, ''));
					if (!fs.existsSync(src))
						die(`COPY ${s}: not in the ${from ? 'stage' : 'context'}`);
					const target = path.join(root, dst);
					if (fs.statSync(src).isDirectory()) {
						fs.mkdirSync(target, { recursive: true });
						sh('cp', ['-a', `${src}/.`, target]);
					} else {
						const t = dst.endsWith('/') ? path.join(target,
						    path.basename(src)) : target;
						fs.mkdirSync(path.dirname(t), { recursive: true });
						fs.copyFileSync(src, t);
					}
				}
				say(`  COPY ${arg}`);
				break;
			}
			case 'RUN': {
				say(`  RUN ${arg}`);
				const env = { PATH: '/usr/local/sbin:/usr/local/bin:' +
				    '/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root',
				    DEBIAN_FRONTEND: 'noninteractive', ...state.env };
				const r = sh('chroot', [root, 'sh', '-c',
				    `cd ${state.workdir} && ${arg}`], { env, quiet: true,
				    mayFail: true });
				if (r.status !== 0) {
					process.stdout.write(String(r.stdout).slice(-3000));
					process.stdout.write(String(r.stderr).slice(-3000));
					die(`RUN ${arg}: exit ${r.status}`);
				}
				break;
			}
			default:
				die(`instruction ${ins} is not simulated`);
			}
		}
		unmountAll();
		done.set(st.name, state);
		last = state;
	}

	// Start the image the way App Service would, then probe it.
	mountAll(last.root);
	const uid = last.user.split(':')[0];
	const pw = fs.readFileSync(path.join(last.root, 'etc/passwd'), 'utf8')
	    .split('\n').find((l) => l.split(':')[0] === uid ||
	    l.split(':')[2] === uid);
	if (!pw)
		die(`USER ${last.user} does not exist in the image`);
	const [, , id, gid] = pw.split(':');
	if (id === '0')
		die('the image runs as root');
	const env = ['PATH=/usr/sbin:/usr/bin:/sbin:/bin',
	    ...Object.entries(last.env).map(([k, v]) => `${k}=${v}`),
	    `WEBSITES_PORT=${opts.port}`, `DATABASE_URL=${opts.db}`,
	    'WORKERS=1'];
	// App Service connects from outside the container; here, loopback.
	env.push('BIND=127.0.0.1');
	say(`start: ${last.cmd.join(' ')} as ${id}:${gid}, WEBSITES_PORT=${opts.port}`);
	const child = spawn('chroot', [`--userspec=${id}:${gid}`, last.root,
	    'env', '-i', ...env, 'sh', '-c',
	    `cd ${last.workdir} && exec "$@"`, 'sh', ...last.cmd],
	    { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	let log = '';
	child.stdout.on('data', (d) => { log += d; });
	child.stderr.on('data', (d) => { log += d; });

	const stop = (code, msg) => {
		try {
			process.kill(-child.pid, 'SIGTERM');
		} catch { /* gone */ }
		setTimeout(() => {
			unmountAll();
			process.stdout.write(log.split('\n').map((l) => `    ${l}`)
			    .join('\n') + '\n');
			say(msg);
			process.exit(code);
		}, 1500);
	};
	let tries = 0;
	const probe = async () => {
		tries++;
		try {
			const r = await fetch(`http://127.0.0.1:${opts.port}/healthz`);
			if (r.status === 200) {
				const h = spawnSync('chroot', [`--userspec=${id}:${gid}`,
				    last.root, 'env', '-i', ...env, ...last.health],
				    { stdio: 'pipe' });
				if (h.status !== 0)
					return stop(1, 'FAIL /healthz is 200 but the ' +
					    'HEALTHCHECK command fails inside the image');
				return stop(0, 'ok: the image starts, answers /healthz 200 ' +
				    'and its HEALTHCHECK passes');
			}
		} catch { /* not up yet */ }
		if (tries > 40 || child.exitCode !== null)
			return stop(1, 'FAIL the image did not answer /healthz 200');
		setTimeout(probe, 250);
	};
	setTimeout(probe, 250);
}

main();

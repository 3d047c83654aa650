// Trunk post-build hook (Trunk.toml [[hooks]]): finishes the built site in Trunk's staging folder
// (or the folder given on the command line), in this order:
//  1. The worker files get content-hashed names, as Trunk gives the page's files (it cannot for
//     workers, whose URL the app names at run time): the page reads the loader's name from
//     <meta name="crimelab-worker">. So a page of one version never starts a worker of another,
//     and every script and wasm file can be cached for good.
//  2. The Content-Security-Policy (scripts/csp.mjs).
//  3. The build's version, a hash of every file, goes into <meta name="crimelab-version"> and,
//     with the list of files, into the service worker (static/sw.js → sw.js).
// Running it again on a finished folder only recomputes step 3.
//
// usage: node scripts/post-build.mjs [DIR]    (Trunk passes TRUNK_STAGING_DIR)
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { withPolicy } from './csp.mjs';

/** Names Trunk (or step 1) gave a content hash: `app-72413202dcde4188_bg.wasm`, `style-c2a0313e7db225c.css`. */
export const HASHED_NAME = /-[0-9a-f]{8,}(_bg)?\.(js|wasm|css)$/;

const SERVICE_WORKER_TEMPLATE = new URL('../static/sw.js', import.meta.url);

const sha256 = () => createHash('sha256');
const insertInHead = (html, tag) => html.replace(/\n?\s*<\/head>/, `\n    ${tag}\n  </head>`);

/** Step 1: `worker.js` → `worker-<hash>.js` (and its wasm and loader); returns the loader's name. */
export function hashWorkerFiles(dir) {
  const loaderPath = join(dir, 'worker_loader.js');
  if (!existsSync(loaderPath)) return null;
  const loader = readFileSync(loaderPath, 'utf8');
  const names = loader.match(/^importScripts\("\.\/([^"]+\.js)"\);wasm_bindgen\("\.\/([^"]+_bg\.wasm)"\);$/);
  if (!names) throw new Error(`unexpected worker loader (Trunk changed?): ${loader}`);
  const [, js, wasm] = names;
  const hash = sha256().update(readFileSync(join(dir, js))).update(readFileSync(join(dir, wasm))).digest('hex').slice(0, 16);
  const hashedJs = js.replace(/\.js$/, `-${hash}.js`);
  const hashedWasm = wasm.replace(/_bg\.wasm$/, `-${hash}_bg.wasm`);
  const hashedLoader = `worker_loader-${hash}.js`;
  renameSync(join(dir, js), join(dir, hashedJs));
  renameSync(join(dir, wasm), join(dir, hashedWasm));
  writeFileSync(join(dir, hashedLoader), `importScripts("./${hashedJs}");wasm_bindgen("./${hashedWasm}");`);
  unlinkSync(loaderPath);
  const index = join(dir, 'index.html');
  writeFileSync(index, insertInHead(readFileSync(index, 'utf8'), `<meta name="crimelab-worker" content="./${hashedLoader}" />`));
  return hashedLoader;
}

/** Every file under `dir`, as sorted '/'-separated paths relative to it. */
function listFiles(dir, root = dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name), root) : [relative(root, join(dir, e.name)).split(sep).join('/')]))
    .sort();
}

/** Step 3: the version meta and sw.js; returns { version, files, hashed }. */
export function writeServiceWorker(dir) {
  const index = join(dir, 'index.html');
  const html = readFileSync(index, 'utf8').replace(/\n?\s*<meta name="crimelab-version"[^>]*>/, '');
  writeFileSync(index, html);
  const files = listFiles(dir).filter((f) => f !== 'sw.js');
  const hash = sha256();
  for (const f of files) hash.update(f).update('\0').update(readFileSync(join(dir, f))).update('\0');
  const version = hash.digest('hex').slice(0, 16);
  writeFileSync(index, insertInHead(html, `<meta name="crimelab-version" content="${version}" />`));
  const build = { version, files, hashed: files.filter((f) => HASHED_NAME.test(f)), hashedName: HASHED_NAME.source };
  const template = readFileSync(SERVICE_WORKER_TEMPLATE, 'utf8');
  const line = /^const BUILD = .*;$/m;
  if (!line.test(template)) throw new Error('static/sw.js has no `const BUILD = …;` line to fill in');
  writeFileSync(join(dir, 'sw.js'), template.replace(line, () => `const BUILD = ${JSON.stringify(build)};`));
  return build;
}

/** All three steps on `dir`. */
export function finishSite(dir) {
  const loader = hashWorkerFiles(dir);
  const index = join(dir, 'index.html');
  writeFileSync(index, withPolicy(readFileSync(index, 'utf8')));
  const build = writeServiceWorker(dir);
  console.log(`post-build: ${loader ? `workers → ${loader}; ` : ''}version ${build.version}, ${build.files.length} files for offline use`);
  return build;
}

if (process.argv[1] && process.argv[1].endsWith('post-build.mjs')) {
  finishSite(process.env.TRUNK_STAGING_DIR || process.argv[2] || 'dist');
}

// A tiny static file server for the built app (dist/), used by the end-to-end tests, the browser
// benchmarks and scripts/run.sh. Serves .wasm with the right MIME type so streaming compilation
// works. Options make it behave like a static host under a sub-path:
//   base   serve the folder at this path only (e.g. '/crimelab/'); anything else is a 404, and the
//          path without its slash redirects to it, as GitHub Pages does
//   gzip   compress text and wasm for clients that accept it (as GitHub Pages does)
//   port   a fixed port (default: any free one)
//   maxAge cache for this many seconds and answer revalidations with 304 (GitHub Pages: 600);
//          by default every response is `no-cache` and sent in full
// `sent` counts the bytes of every response body, by path; `setRoot` swaps the folder served
// (a new deployment).
import { createServer } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.csv': 'text/csv', '.json': 'application/json',
  '.geojson': 'application/geo+json', '.png': 'image/png', '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.wasm', '.css', '.csv', '.json', '.geojson', '.svg', '.webmanifest']);

/**
 * Serves `root` on 127.0.0.1; resolves to { url, close, setRoot, sent } where `url` ends with
 * `base` and `sent` is a list of { path, bytes, gzip } for every file served.
 */
export function serve(root, { base = '/', gzip = false, port = 0, maxAge = null } = {}) {
  if (!base.startsWith('/') || !base.endsWith('/')) throw new Error(`base must start and end with '/': ${base}`);
  const sent = [];
  const compressed = new Map(); // file -> { mtime, body }
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (base !== '/' && path === base.slice(0, -1)) {
      res.writeHead(301, { location: base }).end();
      return;
    }
    if (!path.startsWith(base)) { res.writeHead(404).end(); return; }
    let file = normalize(join(root, path.slice(base.length - 1)));
    if (!file.startsWith(normalize(root))) { res.writeHead(403).end(); return; }
    try { if (statSync(file).isDirectory()) file = join(file, 'index.html'); } catch { res.writeHead(404).end(); return; }
    let body;
    let stat;
    try {
      stat = statSync(file);
      body = readFileSync(file);
    } catch { res.writeHead(404).end(); return; }
    const ext = extname(file);
    const headers = { 'content-type': TYPES[ext] || 'application/octet-stream', 'cache-control': 'no-cache' };
    if (maxAge !== null) {
      headers['cache-control'] = `max-age=${maxAge}`;
      headers.etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
      if (req.headers['if-none-match'] === headers.etag) {
        res.writeHead(304, headers).end();
        sent.push({ path, bytes: 0, gzip: false });
        return;
      }
    }
    const useGzip = gzip && COMPRESSIBLE.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] || '');
    if (useGzip) {
      let entry = compressed.get(file);
      if (!entry || entry.mtime !== stat.mtimeMs) {
        entry = { mtime: stat.mtimeMs, body: gzipSync(body) };
        compressed.set(file, entry);
      }
      body = entry.body;
      headers['content-encoding'] = 'gzip';
      headers.vary = 'accept-encoding';
    }
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') { res.end(); return; }
    res.end(body);
    sent.push({ path, bytes: body.length, gzip: useGzip });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => {
    resolve({
      url: `http://127.0.0.1:${server.address().port}${base}`,
      close: () => server.close(),
      setRoot: (dir) => { root = dir; },
      sent,
    });
  }));
}

if (process.argv[1] && process.argv[1].endsWith('serve.mjs')) {
  // usage: node tests/e2e/serve.mjs [DIR] [--port N] [--base /PATH/] [--gzip]   (a later option wins)
  const options = { port: 0, base: '/', gzip: false };
  let root = 'dist';
  for (let args = process.argv.slice(2); args.length;) {
    const arg = args.shift();
    if (arg === '--port') options.port = Number(args.shift());
    else if (arg === '--base') options.base = args.shift();
    else if (arg === '--gzip') options.gzip = true;
    else root = arg;
  }
  serve(root, options).then(({ url }) => console.log(`serving ${root} at ${url}`));
}

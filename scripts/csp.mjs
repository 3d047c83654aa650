// Trunk post-build hook: writes the app's Content-Security-Policy into the built index.html.
//
// The app needs nothing but its own files: its scripts and styles, WebAssembly compiled from its
// own .wasm ('wasm-unsafe-eval' allows compiling, not JavaScript eval), its workers, and the bundled
// data it fetches. Trunk writes one inline module script that starts the app; it is allowed by
// its SHA-256 hash, computed here from the built file, so no other inline script can run.
// A <meta> policy is what a static host can carry (no headers needed); it governs the page, and the
// workers, loaded from the same origin, run only the app's own code.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2] || 'dist';
const file = join(dir, 'index.html');
let html = readFileSync(file, 'utf8');
if (html.includes('http-equiv="Content-Security-Policy"')) process.exit(0);

const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
const hashes = inline.map((text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`);

export const POLICY = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

html = html.replace(/<head>/, `<head>\n    <meta http-equiv="Content-Security-Policy" content="${POLICY}" />`);
writeFileSync(file, html);
console.log(`csp: ${inline.length} inline script(s) allowed by hash`);

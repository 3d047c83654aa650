// The app's Content-Security-Policy, written into the built index.html by scripts/post-build.mjs.
//
// The app needs nothing but its own files: its scripts and styles, WebAssembly compiled from its
// own .wasm ('wasm-unsafe-eval' allows compiling, not JavaScript eval), its workers and service
// worker, its manifest and icons, and the bundled data it fetches. Trunk writes one inline module
// script that starts the app; it is allowed by its SHA-256 hash, computed here from the built
// file, so no other inline script can run. A <meta> policy is what a static host can carry (no
// headers needed); it governs the page, and the workers, loaded from the same origin, run only
// the app's own code.
import { createHash } from 'node:crypto';

/** `html` with the policy as the first element of its <head> (unchanged if it has one). */
export function withPolicy(html) {
  if (html.includes('http-equiv="Content-Security-Policy"')) return html;
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  const hashes = inline.map((text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`);
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
  console.log(`csp: ${inline.length} inline script(s) allowed by hash`);
  return html.replace(/<head>/, `<head>\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`);
}

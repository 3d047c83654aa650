// Crime Lab's service worker: after one visit, the app, the bundled sample and training work
// offline. scripts/post-build.mjs writes this file into the build with BUILD filled in: the
// build's version (a hash of every file) and its files, relative to this script's folder, which
// is also its scope, so the site works under any path.
//
// * Files whose names carry a content hash (the app's JS, wasm and CSS, the worker files) never
//   change: cache first.
// * The page itself (a navigation) is network first, falling back to this version's copy when
//   the network fails, so an online visit always gets the newest page.
// * Other files of the build (the sample, the division outlines, the manifest and icons) come from
//   this version's cache.
// A new version installs in the background and waits: the page offers "Reload" and only then
// asks it to take over ('skip-waiting'), so nothing is reloaded in the middle of an analysis.
// The previous version's files stay cached so that a tab still running it keeps working.
const BUILD = { version: 'dev', files: [], hashed: [], hashedName: '^$' };

const PREFIX = 'crimelab-';
const CACHE = PREFIX + BUILD.version;
const SCOPE = new URL(self.registration.scope).pathname;
const FILES = new Set(BUILD.files);
const HASHED = new Set(BUILD.hashed);
const HASHED_NAME = new RegExp(BUILD.hashedName);

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    try {
      // The app first: hashed files may come from the HTTP cache (the page has just downloaded
      // them), the rest are revalidated with the server. Then the data (the sample), which a
      // first visit has not downloaded yet.
      const request = (f) => new Request(f, { cache: HASHED.has(f) ? 'default' : 'no-cache' });
      const isData = (f) => f.startsWith('data/');
      await cache.addAll(BUILD.files.filter((f) => !isData(f)).map(request));
      await cache.addAll(BUILD.files.filter(isData).map(request));
    } catch (error) {
      await caches.delete(CACHE);
      throw error;
    }
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    // Keep this version and the one before it (in creation order); drop older ones.
    const ours = (await caches.keys()).filter((k) => k.startsWith(PREFIX));
    const keep = new Set([CACHE, ours.filter((k) => k !== CACHE).at(-1)]);
    await Promise.all(ours.filter((k) => !keep.has(k)).map((k) => caches.delete(k)));
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
  if (event.data === 'version') event.ports[0]?.postMessage(BUILD.version);
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(SCOPE)) return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request));
    return;
  }
  const name = url.pathname.slice(SCOPE.length);
  // A hashed name of another version is asked for by a tab still running that version.
  if (FILES.has(name) || HASHED_NAME.test(name)) event.respondWith(cacheFirst(request, name));
});

async function networkFirst(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const cached = await (await caches.open(CACHE)).match('index.html');
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request, name) {
  const cached = (await (await caches.open(CACHE)).match(name, { ignoreSearch: true, ignoreVary: true })) ||
    (HASHED_NAME.test(name) ? await caches.match(name, { ignoreSearch: true, ignoreVary: true }) : undefined);
  return cached || fetch(request);
}

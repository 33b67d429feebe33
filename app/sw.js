// The service worker (`cargo xtask site` fills in the version and the file list).
//  - The app shell (index.html, the hashed assets, icons, the default rubrics) is cached at install,
//    so the app starts with the network off after one visit.
//  - Public API answers (`Cache-Control: public`: published results, units, periods) are fetched
//    from the network first and their last copy kept; without a network that copy is answered,
//    marked `X-Sibekisar-Offline-Copy: 1` so the app says it shows stored data. Private answers
//    (signed-in staff) are never stored here: the app keeps its own copies and its queue of unsent
//    changes.
//  - A new deployment has a new version: the new worker takes over at once and the open pages
//    offer a reload (app/boot.js).
const VERSION = '{{VERSION}}';
const SHELL = `sibekisar-${VERSION}`;
const ANSWERS = `sibekisar-api-${VERSION}`;
const FILES = [{{FILES}}];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith('sibekisar-') && key !== SHELL && key !== ANSWERS).map((key) => caches.delete(key)),
      ))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/')) {
    event.respondWith(apiAnswer(request));
    return;
  }
  if (request.mode === 'navigate') {
    // Every page of the app is index.html: fresh when online, the cached shell when offline. A
    // page the server wrote for one address (content, preloads) is not the shell and is not kept.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok && !response.headers.has('x-sibekisar-prerendered')) {
            const copy = response.clone();
            caches.open(SHELL).then((cache) => cache.put('/index.html', copy));
          }
          return response;
        })
        .catch(() => caches.match('/index.html', { cacheName: SHELL })),
    );
    return;
  }
  event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
});

async function apiAnswer(request) {
  try {
    const response = await fetch(request);
    const cacheControl = response.headers.get('cache-control') || '';
    if (response.status === 200 && /\bpublic\b/.test(cacheControl)) {
      const copy = response.clone();
      caches.open(ANSWERS).then((cache) => cache.put(request, copy)).catch(() => {});
    }
    return response;
  } catch (error) {
    const stored = await caches.match(request, { cacheName: ANSWERS });
    if (!stored) throw error;
    const headers = new Headers(stored.headers);
    headers.set('X-Sibekisar-Offline-Copy', '1');
    return new Response(await stored.blob(), { status: stored.status, statusText: stored.statusText, headers });
  }
}

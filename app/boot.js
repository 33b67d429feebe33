// The app's entry module (`cargo xtask site` fills in the hashed names): starts the wasm app, hands
// over from the server's first response, and registers the service worker.
import init from './{{JS}}';

const prerendered = document.getElementById('prerendered');

init({ module_or_path: '/{{WASM}}' }).then(() => {
  if (prerendered) takeOver(prerendered);
});

// The server wrote the page into `#prerendered` (server/src/site/prerender.rs) and the stylesheet
// hides the app while `body[data-prerendered]` is set. The app is mounted now; its page is shown,
// and the server's copy removed, once the page has no loading indicator left (its data arrived or
// it shows an error), or after a few seconds whatever it shows.
function takeOver(copy) {
  const main = document.getElementById('main');
  let timer;
  const ready = () => main !== null && main.firstElementChild !== null && main.querySelector('.loading') === null;
  const observer = new MutationObserver(() => { if (ready()) done(); });
  function done() {
    observer.disconnect();
    clearTimeout(timer);
    // A unit already chosen in the server's simulator picker is handed to the app's picker.
    const chosen = copy.querySelector('select[name="unit"]')?.value;
    if (chosen) handOverUnit(chosen);
    copy.remove();
    document.body.removeAttribute('data-prerendered');
  }
  if (ready()) { done(); return; }
  timer = setTimeout(done, 8000);
  observer.observe(main ?? document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
}

// The app's unit picker fills its options once the ranking has arrived; the unit is chosen there
// as soon as it is offered (unless the visitor has chosen another meanwhile), for at most 10 s.
function handOverUnit(code) {
  const offered = () => {
    const picker = document.querySelector('[data-testid="sim-unit-select"]');
    return picker && [...picker.options].some((option) => option.value === code) ? picker : null;
  };
  const choose = (picker) => {
    observer.disconnect();
    clearTimeout(timer);
    if (picker.value) return;
    picker.value = code;
    picker.dispatchEvent(new Event('change', { bubbles: true }));
  };
  const observer = new MutationObserver(() => { const picker = offered(); if (picker) choose(picker); });
  const timer = setTimeout(() => observer.disconnect(), 10000);
  const picker = offered();
  if (picker) choose(picker); else observer.observe(document.body, { childList: true, subtree: true });
}

// The service worker keeps the app and the public answers it saw for offline starts. When a new
// version is deployed, the new worker takes over and this page (still the old app) offers a reload.
if ('serviceWorker' in navigator) {
  // The first visit's worker taking control is no new version; a change after that is.
  let controlled = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (controlled) offerReload();
    controlled = true;
  });
  navigator.serviceWorker.register('/sw.js').then((registration) => {
    // A page left open for hours still learns about a new version when it is looked at again.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') registration.update().catch(() => {});
    });
  }).catch(() => {});
}

function offerReload() {
  if (document.querySelector('[data-testid="update-prompt"]')) return;
  const english = document.documentElement.lang === 'en';
  const box = document.createElement('div');
  box.className = 'update-prompt';
  box.setAttribute('role', 'status');
  box.dataset.testid = 'update-prompt';
  const text = document.createElement('span');
  text.textContent = english ? 'New version available — ' : 'Versi baru tersedia — ';
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'button';
  button.dataset.testid = 'update-reload';
  button.textContent = english ? 'reload' : 'muat ulang';
  button.addEventListener('click', () => window.location.reload());
  box.append(text, button);
  document.body.append(box);
}

// Registers public/sw.js (production builds only) and asks it to refresh the precache when
// online. Service workers need a secure context: https, or http://localhost.
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  if (!window.isSecureContext) return;
  navigator.serviceWorker
    .register('/sw.js', { scope: '/' })
    .then(async (registration) => {
      await navigator.serviceWorker.ready;
      if (navigator.onLine) (registration.active ?? navigator.serviceWorker.controller)?.postMessage({ type: 'precache' });
    })
    .catch(() => undefined);
}

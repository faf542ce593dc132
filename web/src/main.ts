import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { i18n } from './i18n';
import { router } from './router';
import { configureHttp } from './api/http';
import { usePreferencesStore } from './stores/preferences';
import { useUserStore } from './stores/user';
import { loadTownTimeZone } from './utils/time-zone';
import './styles/base.css';

// After a deploy, a page opened before it may ask for chunks that no longer exist: load the new
// build once instead of failing (the flag stops a loop if the server itself is broken).
window.addEventListener('vite:preloadError', (event) => {
  if (sessionStorage.getItem('safegrid.reloaded')) return;
  sessionStorage.setItem('safegrid.reloaded', '1');
  event.preventDefault();
  window.location.reload();
});
window.addEventListener('load', () => setTimeout(() => sessionStorage.removeItem('safegrid.reloaded'), 10_000));

async function start(): Promise<void> {
  const app = createApp(App);
  const pinia = createPinia();
  app.use(pinia);
  app.use(i18n);

  const preferences = usePreferencesStore();
  const user = useUserStore();
  configureHttp({
    getLocale: () => preferences.locale,
    // The session ended under the user's hands (typically a phone back online after days): keep
    // the page and the offline queue, and ask for the password again (components/relogin-dialog).
    onUnauthorized: () => user.expire(),
  });
  await preferences.init();
  void loadTownTimeZone(preferences.locale); // dates in the town's zone; not waited for (the pages redraw when it answers)

  app.use(router);
  await router.isReady();
  app.mount('#app');
}

void start();

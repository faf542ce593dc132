import { createRouter, createWebHistory } from 'vue-router';
import { routes } from './routes';
import { setupAccessGuard, setupCommonGuard } from './guard';

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
});

setupAccessGuard(router);
setupCommonGuard(router);

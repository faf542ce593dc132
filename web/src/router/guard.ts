// Two guards, one job each (vben's router/guard.ts):
//   commonGuard  the document title, from i18n
//   accessGuard  public pages pass; anonymous → /login?redirect=…; wrong role → /403;
//                GET /me, once per page load, says whether the session cookie is alive (the
//                stored user only stands in for it while the phone is offline).
import type { Router } from 'vue-router';
import type { Role } from '@/api/types';
import { i18n } from '@/i18n';
import { useUserStore } from '@/stores/user';
import { homeFor } from './access';

export function setupCommonGuard(router: Router): void {
  router.afterEach((to) => {
    const app = i18n.global.t('app.name');
    document.title = to.meta.title ? `${i18n.global.t(to.meta.title)} · ${app}` : app;
  });
}

export function setupAccessGuard(router: Router): void {
  router.beforeEach(async (to) => {
    if (to.meta.public) {
      if (to.name === 'login') {
        // A known user goes home, where GET /me checks the cookie; the login page itself asks
        // the server nothing (an anonymous visit costs no 401).
        const user = useUserStore();
        if (user.isLoggedIn) return typeof to.query.redirect === 'string' && to.query.redirect.startsWith('/') ? to.query.redirect : homeFor(user.user);
      }
      return true;
    }
    const user = useUserStore();
    await user.verify();
    if (!user.isLoggedIn) return { path: '/login', query: { redirect: to.fullPath } };
    if (to.name === 'home' || to.path === '/') return homeFor(user.user);
    const roles = to.matched.reduce<readonly Role[] | undefined>((acc, r) => r.meta.roles ?? acc, undefined);
    if (!user.hasRole(roles)) return { name: 'forbidden', query: { from: to.fullPath } };
    return true;
  });
}

import type { Role } from './session';

/** Where a person lands after signing in: the page of their role's work. */
export function home(role: Role): string {
  if (role === 'merchant') return '/applications';
  if (role === 'admin') return '/admin';
  return '/queue';
}

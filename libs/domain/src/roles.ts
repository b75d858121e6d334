/**
 * Fleet's user roles. A user holds either one global role or one role per team; the same
 * strings serve both. `technician` (Fleet 4.82+) runs scripts and installs software but edits
 * nothing.
 */
export const ROLES = ['admin', 'maintainer', 'observer', 'observer_plus', 'gitops', 'technician'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

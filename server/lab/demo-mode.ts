// Demo mode (DEMO_MODE=1, which `npm start` sets unless you say otherwise): a
// public demo where every visitor signs in as a customer, so the lab's knobs
// and "Change price" must not be admin-only. This module holds the rule; the
// lab route, the command wrapper (a command's `demoRoles`) and labAccess use it.
// Only demoModeOn reads the environment: the rules take the flag, so commands
// run in tests and scripts (no DEMO_MODE, no env at all) behave as before.
import type { Role, SessionUser } from '@/server/contracts/api';
import { env } from '@/server/env';

/** Whether this process runs in demo mode (parsed once, from DEMO_MODE). */
export function demoModeOn(): boolean {
  return env().DEMO_MODE;
}

/** The lab's knobs: admins, or anyone signed in when demo mode is on. */
export function mayChangeLab(user: SessionUser | null, demo: boolean = demoModeOn()): boolean {
  return user !== null && (user.role === 'admin' || demo);
}

/** Who may run something that names its `roles`, plus `demoRoles` honoured only in demo mode. */
export interface RoleRule {
  roles: readonly Role[];
  demoRoles?: readonly Role[];
}

export function admittedRoles(rule: RoleRule, demo: boolean): readonly Role[] {
  return demo && rule.demoRoles ? [...new Set([...rule.roles, ...rule.demoRoles])] : rule.roles;
}

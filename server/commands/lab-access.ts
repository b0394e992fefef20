// What the signed-in user may do in the lab, for server components deciding
// what to show (the header's lab link, the lab page's knobs and price form).
// The routes and commands check again on every request; this only mirrors them.
import type { LabAccess, SessionUser } from '@/server/contracts/api';
import { changePrice } from './change-price';
import { demoModeOn, mayChangeLab } from '@/server/lab/demo-mode';

export function labAccess(user: SessionUser | null, demo: boolean = demoModeOn()): LabAccess {
  return { demoMode: demo, mayChangeLab: mayChangeLab(user, demo), mayChangePrice: changePrice.allows(user, demo) };
}

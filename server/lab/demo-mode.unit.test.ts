import { describe, expect, it } from 'vitest';
import type { SessionUser } from '@/server/contracts/api';
import { addBook } from '@/server/commands/add-book';
import { admittedRoles, mayChangeLab } from './demo-mode';
import { labAccess } from '@/server/commands/lab-access';

const customer: SessionUser = { id: 'c', email: 'c@example.com', name: 'C', role: 'customer' };
const admin: SessionUser = { id: 'a', email: 'a@example.com', name: 'A', role: 'admin' };

describe('demo mode', () => {
  it('opens the lab to anyone signed in, and only then', () => {
    expect([null, customer, admin].map((u) => mayChangeLab(u, false))).toEqual([false, false, true]);
    expect([null, customer, admin].map((u) => mayChangeLab(u, true))).toEqual([false, true, true]);
  });

  it("adds a rule's demo roles only in demo mode", () => {
    const rule = { roles: ['admin'], demoRoles: ['customer'] } as const;
    expect(admittedRoles(rule, false)).toEqual(['admin']);
    expect(admittedRoles(rule, true)).toEqual(['admin', 'customer']);
    expect(admittedRoles({ roles: ['admin'] }, true)).toEqual(['admin']);
  });

  it('tells a page what to offer: the price form goes to customers in demo mode, other admin commands do not', () => {
    expect(labAccess(customer, false)).toEqual({ demoMode: false, mayChangeLab: false, mayChangePrice: false });
    expect(labAccess(customer, true)).toEqual({ demoMode: true, mayChangeLab: true, mayChangePrice: true });
    expect(labAccess(admin, false)).toEqual({ demoMode: false, mayChangeLab: true, mayChangePrice: true });
    expect(labAccess(null, true)).toEqual({ demoMode: true, mayChangeLab: false, mayChangePrice: false });
    expect(addBook.allows(customer, true)).toBe(false);
  });
});

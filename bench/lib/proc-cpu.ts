// CPU time spent by each part of the stack during a measurement, from
// /proc/<pid>/stat (utime + stime). Throughput on a small machine is a CPU
// budget; this says who spends it, per operation: the evidence for FINDINGS.md.
import fs from 'node:fs';
import os from 'node:os';
import type { TestStack } from '@/server/dev/test-stack';

type Role = 'web' | 'worker' | 'postgres' | 'redis' | 'bench' | 'other children';
const TICK_MS = 10; // USER_HZ is 100 on Linux

interface Proc {
  pid: number;
  ppid: number;
  cmdline: string;
  ticks: number;
}

function readProc(pid: number): Proc | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; fields after its closing paren are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    const ticks = Number(fields[11]) + Number(fields[12]);
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    return { pid, ppid, cmdline, ticks };
  } catch {
    return null; // exited meanwhile
  }
}

function envOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
  } catch {
    return '';
  }
}

/** Which role each of the stack's processes plays, found by its ports (Postgres and Redis) and environment (web, worker). */
function classify(stack: TestStack): Map<number, Role> {
  const pgPort = new URL(stack.databaseUrl).port;
  const redisPort = new URL(stack.redisUrl).port;
  const procs = fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => readProc(Number(d)))
    .filter((p): p is Proc => p !== null);
  const roles = new Map<number, Role>();
  const postmaster = procs.find((p) => /\bpostgres\b/.test(p.cmdline) && p.cmdline.includes(`-p ${pgPort}`) && !p.cmdline.startsWith('runuser'));
  for (const p of procs) {
    if (postmaster && (p.pid === postmaster.pid || p.ppid === postmaster.pid)) roles.set(p.pid, 'postgres');
    else if (p.cmdline.includes('redis-server') && p.cmdline.includes(`:${redisPort}`)) roles.set(p.pid, 'redis');
    else if (p.pid === process.pid) roles.set(p.pid, 'bench');
    else if (p.cmdline.includes('node') && envOf(p.pid).includes(`DATABASE_URL=${stack.databaseUrl}`)) {
      roles.set(p.pid, p.cmdline.includes('web-main') ? 'web' : p.cmdline.includes('worker-main') ? 'worker' : 'other children');
    } else if (p.ppid === process.pid) roles.set(p.pid, 'other children');
  }
  return roles;
}

function ticksOf(roles: Map<number, Role>): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of roles.keys()) {
    const p = readProc(pid);
    if (p) out.set(pid, p.ticks);
  }
  return out;
}

export interface CpuUsage {
  /** CPU milliseconds per role over the measurement. */
  msByRole: Record<string, number>;
  wallMs: number;
  /** Cores' worth of CPU the whole stack used (1.0 = one core busy throughout). */
  coresUsed: number;
  cores: number;
}

/** Starts counting the CPU each part of the stack spends; the returned function stops and reports. */
export function startCpu(stack: TestStack): () => CpuUsage {
  const roles = classify(stack);
  const before = ticksOf(roles);
  const started = performance.now();
  return () => {
    const wallMs = performance.now() - started;
    // Processes that started meanwhile (a Postgres backend for a new pool) count from zero.
    const now = classify(stack);
    const after = ticksOf(now);
    const msByRole: Record<string, number> = {};
    for (const [pid, ticks] of after) {
      const role = now.get(pid)!;
      msByRole[role] = (msByRole[role] ?? 0) + (ticks - (before.get(pid) ?? 0)) * TICK_MS;
    }
    const total = Object.values(msByRole).reduce((a, b) => a + b, 0);
    return { msByRole, wallMs: Math.round(wallMs), coresUsed: Math.round((total / wallMs) * 100) / 100, cores: os.cpus().length };
  };
}

/** Runs `fn` and reports the CPU each part of the stack spent meanwhile. */
export async function withCpu<T>(stack: TestStack, fn: () => Promise<T>): Promise<{ result: T; cpu: CpuUsage }> {
  const stop = startCpu(stack);
  const result = await fn();
  return { result, cpu: stop() };
}

/** CPU ms per operation, by role. */
export function perOperation(cpu: CpuUsage, operations: number): Record<string, number> {
  return Object.fromEntries(Object.entries(cpu.msByRole).map(([role, ms]) => [role, Math.round((ms / Math.max(1, operations)) * 100) / 100]));
}

/** A `process.cpuUsage()` figure (µs, user + system) in ms. */
export const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;

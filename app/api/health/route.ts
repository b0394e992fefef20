import { db, redis } from '@/server/context';
import { json } from '@/server/http/respond';

export async function GET() {
  const [pg, rd] = await Promise.allSettled([db().sql`select 1`, redis().ping()]);
  const problems = [pg.status === 'rejected' && 'postgres unreachable', rd.status === 'rejected' && 'redis unreachable'].filter(Boolean);
  return json({ status: problems.length ? 'degraded' : 'ready', problems }, problems.length ? 503 : 200);
}

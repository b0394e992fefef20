import { metrics } from '@/server/observability/metrics';

// Prometheus scrapes this per web process. Like /api/health it is meant for the
// operator's network; put it behind the load balancer's internal listener in production.
export async function GET() {
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } });
}

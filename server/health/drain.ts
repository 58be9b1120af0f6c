import { env } from '@/server/env';
import { startDraining } from '@/server/health/state';
import { log } from '@/server/log';

/**
 * The first step of a graceful stop (SIGTERM): readiness answers 503 while the instance keeps
 * serving everything else, for SHUTDOWN_DRAIN_SECONDS, so the load balancer's next probes see it
 * and stop sending new traffic before the listener closes. Without the pause, requests routed
 * here in the probe interval would meet a closed port.
 */
export async function drainBeforeClose(signal: string): Promise<void> {
  const { SHUTDOWN_DRAIN_SECONDS: configured, NODE_ENV } = env();
  const seconds = configured ?? (NODE_ENV === 'production' ? 5 : 0);
  startDraining();
  // A person's Ctrl-C (SIGINT) or a closed terminal (SIGHUP) is nobody's load balancer.
  if (signal !== 'SIGTERM' || seconds === 0) return;
  log.info('draining: readiness answers 503 before the server closes', { signal, seconds });
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
}

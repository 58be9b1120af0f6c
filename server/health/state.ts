import type { SchedulerStatus } from '@/server/scheduler';
import { singleton } from '@/server/singleton';

// What readiness knows of the process beyond what it can ask itself: whether shutdown has begun
// (the load balancer must stop sending traffic before the listener closes), and the scheduler's
// status. Process-wide: the custom server sets it, the REST router (the same process) reads it.

type HealthState = {
  drainingSince: number | undefined;
  scheduler: (() => SchedulerStatus) | undefined;
};

export const healthState = singleton<HealthState>('health-state', () => ({
  drainingSince: undefined,
  scheduler: undefined,
}));

/** The custom server hands over its scheduler, so readiness can tell whether jobs are alive. */
export function watchScheduler(status: () => SchedulerStatus): void {
  healthState.scheduler = status;
}

/** From now on readiness answers 503 `draining`; liveness and every other request still work. */
export function startDraining(): void {
  healthState.drainingSince ??= Date.now();
}

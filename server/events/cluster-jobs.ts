import 'server-only';
import type { Job } from '@/server/scheduler';
import { sharedInPostgres } from '@/server/security/local-store';
import { pgStore } from '@/server/security/pg-store';

/** The jobs only several instances need: expired limits and lockouts leave kv_entries. */
export function clusterJobs(): Job[] {
  return sharedInPostgres() ? [{ name: 'kv-cleanup', everyMs: 60_000, run: () => pgStore.sweep() }] : [];
}

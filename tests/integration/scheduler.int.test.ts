import { describe, expect, inject, it } from 'vitest';
import { startScheduler } from '@/server/scheduler';

describe('the scheduler', () => {
  it('runs a job on one instance at a time, even when several instances tick together', async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    const job = {
      name: `test-job-${Date.now()}`,
      everyMs: 20,
      run: async () => {
        running++;
        runs++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((r) => setTimeout(r, 60));
        running--;
      },
    };
    const instances = [1, 2, 3].map(() => startScheduler(inject('databaseUrl'), [job]));
    await new Promise((r) => setTimeout(r, 1_500));
    await Promise.all(instances.map((i) => i.stop()));
    expect(runs).toBeGreaterThan(5);
    expect(maxRunning).toBe(1);
  });
});

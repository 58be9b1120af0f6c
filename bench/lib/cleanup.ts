// Undo-on-exit for benchmarks: whatever a run starts (server, database) registers how to stop
// it, and the stack unwinds once, newest first, on normal completion, on an error, and on
// Ctrl-C or SIGTERM, so nothing is left running on its ports.

type Step = { name: string; fn: () => Promise<void> | void };

export class Cleanup {
  private readonly steps: Step[] = [];
  private running: Promise<void> | undefined;
  /** Set when a signal started the clean-up: errors from the interrupted work are expected then. */
  interrupted = false;

  add(name: string, fn: () => Promise<void> | void): void {
    this.steps.push({ name, fn });
  }

  run(log: (msg: string) => void = () => {}): Promise<void> {
    this.running ??= (async () => {
      for (let step = this.steps.pop(); step; step = this.steps.pop()) {
        try {
          await step.fn();
        } catch (error) {
          log(`cleanup: ${step.name} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    })();
    return this.running;
  }

  /** On SIGINT/SIGTERM: clean up, then exit 130. A second signal exits at once. */
  onSignals(log: (msg: string) => void): void {
    const handler = (signal: NodeJS.Signals) => {
      if (this.interrupted) process.exit(130);
      this.interrupted = true;
      log(`${signal}: stopping the server and the database…`);
      void this.run(log).finally(() => process.exit(130));
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  }
}

// One pass at a time over the workspace's renders: a call while a pass runs asks for one more pass after it and
// settles with it, so a burst of edits costs at most two passes. A pass that throws (the module cannot load, the
// engine keeps failing) stops the passes for the session; the fast index goes on alone. Shared by the kustomize
// and the HelmRelease schedulers.
export class SerialPasses {
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly onStop: (err: unknown) => void,
  ) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Runs a pass, or one more after the running one; settles when the renders are current. */
  run(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => (this.running = undefined));
    return this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.pass();
      } catch (err) {
        this.stopped = true;
        this.onStop(err);
        return;
      }
    } while (this.again);
  }
}

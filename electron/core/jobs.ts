import { DossierError } from '../domain/errors.js';

/** Progress and cancellation of one long operation (export, import), polled by the UI by id. */
export class Job {
  done = 0;
  total = 0;
  cancelled = false;

  start(total: number): void {
    this.total = total;
    this.done = 0;
  }

  advance(n = 1): void {
    this.done += n;
  }

  /** For work that knows its own position (e.g. files read of files found). */
  report(done: number, total: number): void {
    this.done = done;
    this.total = total;
  }

  /** Throws CANCELLED once the user asked to stop; callers clean up in their finally blocks. */
  check(): void {
    if (this.cancelled) throw new DossierError('CANCELLED', 'Cancelled; nothing was written.');
  }
}

/** Jobs by the id the client chose, so it can ask about a call that is still running. */
export class JobRegistry {
  private readonly jobs = new Map<string, Job>();

  open(id: string | undefined): Job | undefined {
    if (!id) return undefined;
    const job = new Job();
    this.jobs.set(id, job);
    return job;
  }

  close(id: string | undefined): void {
    if (id) this.jobs.delete(id);
  }

  progress(id: string): { done: number; total: number } | null {
    const job = this.jobs.get(id);
    return job ? { done: job.done, total: job.total } : null;
  }

  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (job) job.cancelled = true;
    return Boolean(job);
  }
}

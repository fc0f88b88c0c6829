import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient } from '../api/client-context';

/**
 * Progress and cancel for a long call (export, import): the call carries a job id, this polls the
 * server for `done / total` while it runs and can ask it to stop.
 */
export function useJob() {
  const client = useClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);

  const stop = useCallback(() => {
    if (timer.current) clearInterval(timer.current);
    timer.current = null;
    setJobId(null);
    setProgress(null);
  }, []);

  /** Runs `call` with a fresh job id and polls its progress until it settles. */
  const run = useCallback(
    async <T>(call: (jobId: string) => Promise<T>): Promise<T> => {
      const id = `job-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
      setJobId(id);
      timer.current = setInterval(() => {
        void client.call('jobs.progress', { jobId: id }).then(
          (p) => p && setProgress(p),
          () => undefined,
        );
      }, 250);
      try {
        return await call(id);
      } finally {
        stop();
      }
    },
    [client, stop],
  );

  const cancel = useCallback(() => {
    if (jobId) void client.call('jobs.cancel', { jobId });
  }, [client, jobId]);

  useEffect(() => stop, [stop]);
  return { run, cancel, running: jobId !== null, progress };
}

/**
 * The model run as a job: start it in the engine's worker thread, poll its progress (the
 * same way over IPC and HTTP) and cancel it. The window never waits on it. One instance
 * lives in the shell so the toolbar, the shortcut and the Risk panel share it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobStatus, RunResult } from '../../../src-main/api/contract';
import { call, ApiError, asApiError } from '../api/client';

const POLL_MS = 250;

export interface RunJob {
  job: JobStatus | null;
  running: boolean;
  start(): Promise<void>;
  cancel(): Promise<void>;
}

/** `onDone` receives the run's result; `onError` any failure as an {@link ApiError}. */
export function useRunJob(onDone: (r: RunResult) => void, onError: (e: ApiError) => void, onCancelled: () => void): RunJob {
  const [job, setJob] = useState<JobStatus | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const handlers = useRef({ onDone, onError, onCancelled });
  handlers.current = { onDone, onError, onCancelled };

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const poll = useCallback((jobId: string): void => {
    timer.current = setTimeout(async () => {
      try {
        const s = await call('job.status', { jobId });
        setJob(s);
        if (s.state === 'running') return poll(jobId);
        if (s.state === 'done' && s.result) handlers.current.onDone(s.result);
        else if (s.state === 'cancelled') handlers.current.onCancelled();
        else if (s.error) handlers.current.onError(new ApiError(s.error));
      } catch (err) {
        setJob(null);
        handlers.current.onError(asApiError(err));
      }
    }, POLL_MS);
  }, []);

  const running = job?.state === 'running';
  const start = useCallback(async (): Promise<void> => {
    if (running) return;
    try {
      const { jobId } = await call('job.startRun', {});
      setJob({ jobId, state: 'running', progress: 0, step: 'read' });
      poll(jobId);
    } catch (err) {
      handlers.current.onError(asApiError(err));
    }
  }, [poll, running]);

  const cancel = useCallback(async (): Promise<void> => {
    if (!job || job.state !== 'running') return;
    try {
      await call('job.cancel', { jobId: job.jobId });
    } catch (err) {
      handlers.current.onError(asApiError(err));
    }
  }, [job]);

  return { job, running, start, cancel };
}

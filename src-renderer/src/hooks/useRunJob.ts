/**
 * The model run as a job: start it in the engine's worker thread, poll its progress (the
 * same way over IPC and HTTP) and cancel it. The window never waits on it. One instance
 * lives in the shell so the toolbar, the shortcut and the Risk panel share it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobStatus, RunResult } from '../../../src-main/api/contract';
import { call, ApiError } from '../api/client';
import type { Fail } from '../lib/action';
import { useAction } from './useAction';

const POLL_MS = 250;

export interface RunJob {
  job: JobStatus | null;
  running: boolean;
  start(): Promise<void>;
  cancel(): Promise<void>;
}

/** `onDone` receives the run's result; `fail` any failure, a failed run's as an {@link ApiError}. */
export function useRunJob(onDone: (r: RunResult) => void, fail: Fail, onCancelled: () => void): RunJob {
  const [job, setJob] = useState<JobStatus | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const handlers = useRef({ onDone, fail, onCancelled });
  handlers.current = { onDone, fail, onCancelled };
  const act = useAction(fail);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const poll = useCallback(
    (jobId: string): void => {
      timer.current = setTimeout(async () => {
        const polled = await act(async () => {
          const s = await call('job.status', { jobId });
          setJob(s);
          if (s.state === 'running') poll(jobId);
          else if (s.state === 'done' && s.result) handlers.current.onDone(s.result);
          else if (s.state === 'cancelled') handlers.current.onCancelled();
          else if (s.error) handlers.current.fail(new ApiError(s.error));
          return true;
        });
        // A job whose status cannot be read is shown as none.
        if (!polled) setJob(null);
      }, POLL_MS);
    },
    [act],
  );

  const running = job?.state === 'running';
  const start = useCallback(async (): Promise<void> => {
    if (running) return;
    await act(async () => {
      const { jobId } = await call('job.startRun', {});
      setJob({ jobId, state: 'running', progress: 0, step: 'read' });
      poll(jobId);
    });
  }, [act, poll, running]);

  const cancel = useCallback(async (): Promise<void> => {
    if (!job || job.state !== 'running') return;
    await act(() => call('job.cancel', { jobId: job.jobId }));
  }, [act, job]);

  return { job, running, start, cancel };
}

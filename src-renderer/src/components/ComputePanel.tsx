/**
 * Run the project's model: starts a job in the engine's worker thread, polls its progress
 * (the same way over IPC and HTTP), and offers cancellation. The window never waits on it.
 */
import { useEffect, useRef, useState } from 'react';
import type { JobStatus, RunResult } from '../../../src-main/api/contract';
import { call, ApiError } from '../api/client';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';

const POLL_MS = 250;

export interface ComputePanelProps {
  onDone(result: RunResult): void;
  onError(err: ApiError): void;
}

export function ComputePanel({ onDone, onError }: ComputePanelProps) {
  const { t } = useI18n();
  const [job, setJob] = useState<JobStatus | null>(null);
  const [message, setMessage] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const poll = (jobId: string): void => {
    timer.current = setTimeout(async () => {
      try {
        const s = await call('job.status', { jobId });
        setJob(s);
        if (s.state === 'running') return poll(jobId);
        if (s.state === 'done' && s.result) {
          setMessage(t('compute.done', { s: (s.result.elapsedMs / 1000).toFixed(1) }));
          onDone(s.result);
        } else if (s.state === 'cancelled') setMessage(t('compute.cancelled'));
        else if (s.error) onError(new ApiError(s.error));
      } catch (err) {
        setJob(null);
        onError(err instanceof ApiError ? err : new ApiError({ code: 'E_INTERNAL', message: String(err) }));
      }
    }, POLL_MS);
  };

  const start = async (): Promise<void> => {
    setMessage('');
    try {
      const { jobId } = await call('job.startRun', {});
      setJob({ jobId, state: 'running', progress: 0, step: 'read' });
      poll(jobId);
    } catch (err) {
      onError(err as ApiError);
    }
  };

  const running = job?.state === 'running';
  return (
    <div className="compute-panel">
      <h3>{t('compute.title')}</h3>
      <div className="row">
        <button type="button" className="primary" data-testid="compute" disabled={running} onClick={() => void start()}>
          {t('compute.run')}
        </button>
        {running && (
          <button type="button" data-testid="cancel" onClick={() => void call('job.cancel', { jobId: job.jobId })}>
            {t('compute.cancel')}
          </button>
        )}
      </div>
      {job && (
        <div className="progress" data-testid="progress" data-state={job.state}>
          <div className="bar">
            <div className="fill" style={{ width: `${Math.round(job.progress * 100)}%` }} />
          </div>
          <span>
            {Math.round(job.progress * 100)}% {t(`step.${job.step}` as MessageKey)}
          </span>
        </div>
      )}
      {message && <p className="hint">{message}</p>}
    </div>
  );
}

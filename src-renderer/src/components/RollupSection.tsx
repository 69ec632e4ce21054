/**
 * The 成果 step's roll-up section (省市汇总): choose a folder of county results, see what it
 * holds (counties, cities, CRSs, what is left out), choose the level, how the grades are made
 * and — when the counties' CRSs differ — the roll-up's CRS, then roll up as a job with
 * progress and cancel, and read what each area got: counties, statistics by grade and the
 * seam check's totals. The engine does the work (api/rollup, engine/rollup).
 */
import { useEffect, useRef, useState } from 'react';
import type { RollupFolderView, RollupJobStatus } from '../../../src-main/api/contract';
import { call, ApiError } from '../api/client';
import { useI18n } from '../i18n';
import { useWorkspace } from '../workspace';
import { useAction } from '../hooks/useAction';

const POLL_MS = 500;

export function RollupSection() {
  const { t } = useI18n();
  const { fail, notify } = useWorkspace();
  const act = useAction(fail);
  const [view, setView] = useState<RollupFolderView | null>(null);
  const [level, setLevel] = useState<'province' | 'city'>('province');
  const [grades, setGrades] = useState<'keep' | 'rederive'>('keep');
  const [epsg, setEpsg] = useState<number | undefined>(undefined);
  const [job, setJob] = useState<RollupJobStatus | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const choose = (): Promise<void> =>
    act(async () => {
      const { paths } = await call('dialog.choose', { purpose: 'openRollupFolder' });
      if (!paths[0]) return;
      const v = await call('rollup.scan', { folder: paths[0] });
      setView(v);
      setEpsg(v.suggestedEpsg);
      setJob(null);
    });

  const poll = (jobId: string): void => {
    timer.current = setTimeout(() => {
      void act(async () => {
        const s = await call('rollup.status', { jobId });
        setJob(s);
        if (s.state === 'running') poll(jobId);
        else if (s.state === 'done') notify(t('rollup.done', { n: s.result?.length ?? 0 }));
        else if (s.error && s.state === 'failed') fail(new ApiError(s.error));
      });
    }, POLL_MS);
  };

  const start = (): Promise<void> =>
    act(async () => {
      if (!view) return;
      const { jobId } = await call('rollup.start', { folder: view.folder, level, grades, ...(epsg !== undefined ? { epsg } : {}) });
      setJob({ jobId, state: 'running', progress: 0, step: 'read' });
      poll(jobId);
    });

  const running = job?.state === 'running';
  const cities = view ? new Set(view.counties.map((c) => c.cityCode)).size : 0;
  return (
    <section className="rollup" data-testid="rollup">
      <h3>{t('rollup.title')}</h3>
      <p className="hint">{t('rollup.hint')}</p>
      <button type="button" disabled={running} onClick={() => void choose()} data-testid="rollup-choose">
        {t('rollup.choose')}
      </button>
      {view && (
        <>
          <p className="hint">
            <span className="path">{view.folder}</span> — {t('rollup.found', { n: view.counties.length, c: cities })}
          </p>
          {view.skipped.map((s) => (
            <p key={s.path} className="hint">
              {t('rollup.skipped', { path: s.path })}
            </p>
          ))}
          <div className="row">
            <label>
              {t('rollup.level')}
              <select value={level} onChange={(e) => setLevel(e.target.value as 'province' | 'city')}>
                <option value="province">{t('rollup.level.province')}</option>
                <option value="city">{t('rollup.level.city')}</option>
              </select>
            </label>
            <label>
              {t('rollup.grades')}
              <select value={grades} onChange={(e) => setGrades(e.target.value as 'keep' | 'rederive')}>
                <option value="keep">{t('rollup.grades.keep')}</option>
                <option value="rederive">{t('rollup.grades.rederive')}</option>
              </select>
            </label>
            {view.epsgs.length > 1 && (
              <label title={t('rollup.crsDiffer')}>
                {t('rollup.crs')}
                <select value={epsg} onChange={(e) => setEpsg(Number(e.target.value))}>
                  {[...new Set([view.suggestedEpsg ?? view.epsgs[0]!, ...view.epsgs])].map((code) => (
                    <option key={code} value={code}>
                      EPSG:{code}
                      {code === view.suggestedEpsg ? ` — ${t('rollup.crsSuggested')}` : ''}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
          <button type="button" className="primary" disabled={running || !view.counties.length} onClick={() => void start()} data-testid="rollup-start">
            {t('rollup.start')}
          </button>
        </>
      )}
      {running && (
        <span className="progress">
          <span className="bar">
            <span className="fill" style={{ width: `${Math.round(job.progress * 100)}%` }} />
          </span>
          {t('rollup.running', { area: job.area ?? '', step: job.step })}
          <button type="button" onClick={() => void act(() => call('rollup.cancel', { jobId: job.jobId }))}>
            {t('rollup.cancel')}
          </button>
        </span>
      )}
      {job?.state === 'done' &&
        job.result?.map((a) => (
          <div key={a.outDir} className="table-scroll" data-testid="rollup-area">
            <p className="hint">
              {a.name} — {t('rollup.counties', { n: a.counties })} — <span className="path">{a.outDir}</span>
            </p>
            <p className="hint">{a.seams.pairsWithSeams ? t('rollup.seams', { pairs: a.seams.pairs, bad: a.seams.pairsWithSeams, km: a.seams.lengthKm.toFixed(1) }) : t('rollup.noSeams')}</p>
            <table>
              <tbody>
                {a.statistics.map((r) => (
                  <tr key={r.grade}>
                    <td>{r.name}</td>
                    <td className="num">{r.areaKm2.toFixed(1)} km²</td>
                    <td className="num">{r.sharePct.toFixed(1)} %</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}

/**
 * The status bar: the pointer in the project CRS and in lon/lat, the map scale, the run's
 * progress with its cancel button, and the last notice.
 */
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import type { RunJob } from '../hooks/useRunJob';
import type { PointerInfo } from '../map/MapView';
import { formatScale, scaleDenominator } from '../lib/mapScale';

export interface StatusBarProps {
  /** The CRS of the map (the project's analysis CRS, or a draft's), null without a map. */
  epsg: number | null;
  pointer: PointerInfo | null;
  /** The view's resolution at its centre (m per pixel; NaN for none). */
  resolution: number;
  runJob: RunJob;
  notice: string;
}

/** Longitude and latitude with their hemispheres (°E/°W, °N/°S), 5 decimals (about 1 m). */
export function formatLonLat([lon, lat]: readonly [number, number]): string {
  return `${Math.abs(lon).toFixed(5)}°${lon < 0 ? 'W' : 'E'}  ${Math.abs(lat).toFixed(5)}°${lat < 0 ? 'S' : 'N'}`;
}

export function StatusBar({ epsg, pointer, resolution, runJob, notice }: StatusBarProps) {
  const { t } = useI18n();
  const job = runJob.job;
  return (
    <footer data-testid="status-bar">
      <span data-testid="status-xy">
        {pointer && epsg !== null ? `EPSG:${epsg}  X ${pointer.x.toFixed(1)}  Y ${pointer.y.toFixed(1)}` : t('status.noPointer')}
      </span>
      <span data-testid="status-lonlat">{pointer?.lonLat ? formatLonLat(pointer.lonLat) : ''}</span>
      <span data-testid="status-scale">
        {t('status.scale')} {formatScale(scaleDenominator(resolution))}
      </span>
      {job && (
        <span className="progress" data-testid="progress" data-state={job.state} data-job={job.jobId}>
          <span className="bar">
            <span className="fill" style={{ width: `${Math.round(job.progress * 100)}%` }} />
          </span>
          {Math.round(job.progress * 100)}% {t(`runstep.${job.step}` as MessageKey)}
          {runJob.running && (
            <button type="button" data-testid="cancel" onClick={() => void runJob.cancel()}>
              {t('compute.cancel')}
            </button>
          )}
        </span>
      )}
      <span className="notice" data-testid="notice">
        {notice}
      </span>
    </footer>
  );
}

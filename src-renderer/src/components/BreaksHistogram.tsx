/**
 * A histogram of the risk index with the class breaks as handles that can be dragged
 * (mouse or keyboard: arrows move a focused handle by 1 % of the range) — or, without
 * `onChange`, only drawn. Each class is tinted with its colour. Values are in index units;
 * nothing here is in pixels but the drawing.
 */
import { useRef, useState } from 'react';
import type { Histogram } from '../../../src-main/api/contract';
import { moveBreak, valueToX, xToValue } from '../lib/histogram';
import { classOf } from '../../../src-shared/classes';

export interface BreaksHistogramProps {
  histogram: Histogram;
  /** `[min, b1, …, max]` ascending. */
  breaks: number[];
  /** Colour per class, lowest class first. */
  colors: string[];
  /** Called as a break moves; without it the breaks cannot be moved. */
  onChange?(breaks: number[]): void;
  /** Called when a drag ends (to save or preview). */
  onCommit?(breaks: number[]): void;
}

const W = 320;
const H = 140;
const PAD = 6;

export function BreaksHistogram({ histogram, breaks, colors, onChange, onCommit }: BreaksHistogramProps) {
  const svg = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<number | null>(null);
  const { min, max, counts, edges } = histogram;
  const top = Math.max(1, ...counts);
  const plotW = W - 2 * PAD;
  const x = (v: number): number => PAD + valueToX(v, min, max, plotW);
  const valueAtEvent = (clientX: number): number => {
    const r = svg.current!.getBoundingClientRect();
    const px = ((clientX - r.left) / r.width) * W - PAD;
    return xToValue(px, min, max, plotW);
  };
  const latest = useRef(breaks);
  latest.current = breaks;

  return (
    <svg
      ref={svg}
      viewBox={`0 0 ${W} ${H + 16}`}
      className="breaks-histogram"
      data-testid="breaks-histogram"
      onPointerMove={(e) => {
        if (drag === null) return;
        onChange?.(moveBreak(latest.current, drag, valueAtEvent(e.clientX)));
      }}
      onPointerUp={() => {
        if (drag !== null) onCommit?.(latest.current);
        setDrag(null);
      }}
      onPointerLeave={() => {
        if (drag !== null) onCommit?.(latest.current);
        setDrag(null);
      }}
    >
      {counts.map((c, i) => {
        const x0 = x(edges[i]!);
        const x1 = x(edges[i + 1]!);
        const h = (c / top) * (H - 10);
        const mid = (edges[i]! + edges[i + 1]!) / 2;
        return <rect key={i} x={x0} y={H - h} width={Math.max(0.5, x1 - x0 - 0.5)} height={h} fill={colors[classOf(mid, breaks)] ?? '#999'} stroke="#555" strokeWidth={0.3} />;
      })}
      <line x1={PAD} y1={H} x2={W - PAD} y2={H} stroke="#333" strokeWidth={0.8} />
      <text x={PAD} y={H + 12} fontSize={9}>
        {min.toFixed(3)}
      </text>
      <text x={W - PAD} y={H + 12} fontSize={9} textAnchor="end">
        {max.toFixed(3)}
      </text>
      {breaks.slice(1, -1).map((b, i) => {
        const k = i + 1;
        return (
          <g
            key={k}
            className="break-handle"
            data-testid={`break-${k}`}
            data-value={b}
            tabIndex={onChange ? 0 : -1}
            role="slider"
            aria-valuemin={min}
            aria-valuemax={max}
            aria-valuenow={b}
            aria-readonly={!onChange}
            onPointerDown={(e) => {
              if (!onChange) return;
              (e.target as Element).setPointerCapture?.(e.pointerId);
              setDrag(k);
            }}
            onKeyDown={(e) => {
              const step = (max - min) / 100;
              if (!onChange || (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight')) return;
              e.preventDefault();
              const next = moveBreak(breaks, k, b + (e.key === 'ArrowRight' ? step : -step));
              onChange(next);
              onCommit?.(next);
            }}
          >
            <line x1={x(b)} y1={4} x2={x(b)} y2={H} stroke="#000" strokeWidth={1.5} strokeDasharray="3 2" />
            <rect x={x(b) - 5} y={0} width={10} height={12} rx={2} fill="#14385f" />
            <rect x={x(b) - 8} y={0} width={16} height={H} fill="transparent" style={{ cursor: onChange ? 'ew-resize' : 'default' }} />
          </g>
        );
      })}
    </svg>
  );
}

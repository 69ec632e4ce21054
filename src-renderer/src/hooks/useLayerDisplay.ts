/**
 * How the layers are shown, as the user set it: visibility, display-style overrides,
 * opacity, and the layer selected in the tree. The API's own settings apply where these
 * say nothing.
 */
import { useCallback, useState } from 'react';
import type { LayerEntry } from '../../../src-main/api/contract';
import type { DisplayStyle } from '../map/displayStyle';

/** The settings themselves, as panels read and change them. */
export interface LayerDisplaySettings {
  visible: Record<string, boolean>;
  setVisible(id: string, on: boolean): void;
  styles: Record<string, DisplayStyle>;
  /** Override a layer's display style (null restores the API's style). */
  setStyle(id: string, style: DisplayStyle | null): void;
  opacity: Record<string, number>;
  setOpacity(id: string, o: number): void;
  selected: string | null;
  setSelected(id: string | null): void;
}

export interface LayerDisplay extends LayerDisplaySettings {
  /** Set each of `layers` visible or not as the API gives it (a run's grade on, its inputs off). */
  showAsGiven(layers: LayerEntry[]): void;
  /** Drop the visibility and style overrides (another project opened); opacity and the selection stay. */
  reset(): void;
}

export function useLayerDisplay(): LayerDisplay {
  const [visible, setVisibleState] = useState<Record<string, boolean>>({});
  const [styles, setStyles] = useState<Record<string, DisplayStyle>>({});
  const [opacity, setOpacityState] = useState<Record<string, number>>({});
  const [selected, setSelected] = useState<string | null>(null);

  const setVisible = useCallback((id: string, on: boolean) => setVisibleState((v) => ({ ...v, [id]: on })), []);
  const setStyle = useCallback(
    (id: string, s: DisplayStyle | null) =>
      setStyles((all) => {
        const next = { ...all };
        if (s) next[id] = s;
        else delete next[id];
        return next;
      }),
    [],
  );
  const setOpacity = useCallback((id: string, o: number) => setOpacityState((all) => ({ ...all, [id]: o })), []);
  const showAsGiven = useCallback(
    (layers: LayerEntry[]) => setVisibleState((v) => ({ ...v, ...Object.fromEntries(layers.map((l) => [l.id, l.visible])) })),
    [],
  );
  const reset = useCallback(() => {
    setVisibleState({});
    setStyles({});
  }, []);
  return { visible, setVisible, styles, setStyle, opacity, setOpacity, selected, setSelected, showAsGiven, reset };
}

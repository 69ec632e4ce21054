/**
 * Step 1, Data: import layers, the layer tree grouped by census category, the selected
 * layer's metadata, symbology and (for vectors) attribute table.
 */
import { useState } from 'react';
import { useI18n } from '../i18n';
import { useWorkspace } from '../workspace';
import { LayerTree } from '../components/LayerTree';
import { LayerInfo } from '../components/LayerInfo';
import { SymbologyEditor } from '../components/SymbologyEditor';
import { AttributeTable } from '../components/AttributeTable';
import { ImportBox } from '../components/ImportBox';
import { BasemapBox } from '../components/BasemapBox';
import { layerExtentIn } from '../map/crs';

export function DataPanel() {
  const { t } = useI18n();
  const { project, layers, visible, setVisible, selected, setSelected, zoomTo } = useWorkspace();
  const [tab, setTab] = useState<'info' | 'style' | 'table'>('info');
  const layer = layers.find((l) => l.id === selected) ?? null;
  return (
    <div className="data-panel">
      <ImportBox />
      <h3>{t('layers.title')}</h3>
      <LayerTree layers={layers} visible={visible} selected={selected} onToggle={setVisible} onSelect={setSelected} />
      {layer && (
        <div className="layer-detail">
          <div className="tabs" role="tablist">
            {(['info', 'style', 'table'] as const)
              .filter((k) => k !== 'table' || layer.meta.kind === 'vector')
              .map((k) => (
                <button key={k} type="button" role="tab" aria-selected={tab === k} className={tab === k ? 'active' : ''} data-testid={`tab-${k}`} onClick={() => setTab(k)}>
                  {t(`data.tab.${k}`)}
                </button>
              ))}
            <button type="button" className="link" data-testid="zoom-layer" onClick={() => {
                const ext = project && layerExtentIn(layer, project.epsg);
                if (ext) zoomTo(ext);
              }}>
              {t('data.zoomLayer')}
            </button>
          </div>
          {tab === 'info' && <LayerInfo layer={layer} />}
          {tab === 'style' && <SymbologyEditor layer={layer} />}
          {tab === 'table' && layer.meta.kind === 'vector' && <AttributeTable layer={layer} />}
        </div>
      )}
      <BasemapBox />
    </div>
  );
}

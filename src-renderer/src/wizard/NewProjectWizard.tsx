/**
 * The new-project wizard, one panel: name and 行政区划代码; the layers (imported here or
 * before, with the import box's uploads); the study area (a polygon layer, whole or chosen
 * features); the analysis CRS (the engine's suggestion for the place, or any projected CRS
 * typed and checked); the cell size with the grid it gives; the hazards present, from the
 * census templates, with the slots the catalogue bound and those left to do. The project is
 * made in the workspace when the first layer comes in (a draft: catalogue only); 创建 gives it
 * its model (the engine's newModel) and opens it in the workflow.
 */
import { useState } from 'react';
import type { StudyAreaChoice } from '../../../src-main/api/contract';
import { useI18n } from '../i18n';
import { useWorkspace } from '../workspace';
import type { ProjectSession } from '../hooks/useProject';
import { ImportBox, withLayer } from '../components/ImportBox';
import { LayerTree } from '../components/LayerTree';
import { nameProblem } from '../workspace/NameDialog';
import { StudyAreaPicker } from './StudyAreaPicker';
import { CrsChooser, epsgOfChoice, type CrsChoice } from './CrsChooser';
import { GridSize } from './GridSize';
import { usePlan } from './usePlan';
import { HazardPicker } from './HazardPicker';
import { call } from '../api/client';
import { useAction } from '../hooks/useAction';

/** The census counties' usual analysis grid (m). */
const DEFAULT_CELL = '100';

/** A 行政区划代码 (GB/T 2260 and its township/village extensions): 6, 9 or 12 digits; '' for none. */
export function codeProblem(code: string): boolean {
  return code !== '' && !/^(\d{6}|\d{9}|\d{12})$/.test(code);
}

export interface NewProjectWizardProps {
  session: ProjectSession;
  /** Leave the wizard (the draft, if one was made, is closed). */
  onClose(): void;
  /** The project has its model and is open in the workflow. */
  onCreated(): void;
}

export function NewProjectWizard({ session, onClose, onCreated }: NewProjectWizardProps) {
  const { t, errorText } = useI18n();
  const { fail, visible, setVisible, selected, setSelected } = useWorkspace();
  const draft = session.draft;
  const [name, setName] = useState(draft?.name ?? '');
  const [code, setCode] = useState('');
  const [compiler, setCompiler] = useState('');
  const [study, setStudy] = useState<StudyAreaChoice | null>(null);
  const [crs, setCrs] = useState<CrsChoice>({ kind: 'suggested' });
  const [cell, setCell] = useState(DEFAULT_CELL);
  const [hazards, setHazards] = useState<string[]>([]);
  const act = useAction(fail);
  const epsg = epsgOfChoice(crs);
  const cellSize = Number(cell);
  const studyReady = study !== null && (study.features === undefined || study.features.values.length > 0);
  const { plan } = usePlan(
    draft && studyReady ? { studyArea: study!, ...(epsg !== undefined && !Number.isNaN(epsg) ? { epsg } : {}), ...(Number.isFinite(cellSize) && cellSize >= 1 ? { cellSize } : {}), hazards } : null,
    fail,
  );
  const badName = nameProblem(name);

  /** The project the layers go into: made in the workspace with the wizard's name on the first import. */
  const ensureDraft = async (): Promise<boolean> => (session.draft ? true : Boolean(await session.newProject(name.trim())));
  const ready = draft !== null && !badName && !codeProblem(code) && plan?.crs != null && plan.grid !== null && studyReady;
  const create = (): Promise<unknown> =>
    act(async () => {
      const r = await call('wizard.create', {
        name: name.trim(),
        ...(code ? { code } : {}),
        ...(compiler.trim() ? { compiler: compiler.trim() } : {}),
        studyArea: study!,
        epsg: plan!.crs!.epsg,
        cellSize,
        hazards,
      });
      session.adopt(r.view);
      onCreated();
    });
  const cancel = async (): Promise<void> => {
    if (draft) await session.close();
    onClose();
  };

  return (
    <aside className="panel wizard" data-testid="panel-wizard">
      <h2 className="panel-title">{t('wiz.title')}</h2>

      <h3>{t('wiz.s.name')}</h3>
      <label>
        {t('wiz.name')}
        <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} data-testid="wizard-name" />
      </label>
      {badName && name !== '' && <p className="warning">{t(badName)}</p>}
      {draft && <p className="hint">{t('wiz.projectFile', { name: draft.name })}</p>}
      <label>
        {t('wiz.code')}
        <input value={code} inputMode="numeric" maxLength={12} onChange={(e) => setCode(e.target.value.trim())} data-testid="wizard-code" />
      </label>
      {codeProblem(code) && <p className="warning">{t('wiz.codeBad')}</p>}
      <label>
        {t('wiz.compiler')}
        <input value={compiler} maxLength={200} onChange={(e) => setCompiler(e.target.value)} data-testid="wizard-compiler" />
      </label>

      <h3>{t('wiz.s.layers')}</h3>
      {draft || !badName ? (
        <ImportBox beforeImport={ensureDraft} onLayer={(entry) => session.setDraft((d) => d && { ...d, layers: withLayer(d.layers, entry) })} />
      ) : (
        <p className="hint">{t('wiz.nameFirst')}</p>
      )}
      {draft && draft.layers.length > 0 && <LayerTree layers={draft.layers} visible={visible} selected={selected} onToggle={setVisible} onSelect={setSelected} />}

      <h3>{t('wiz.s.study')}</h3>
      <StudyAreaPicker layers={draft?.layers ?? []} value={study} onChange={setStudy} fail={fail} />
      {plan?.studyAreaError && (
        <p className="warning" role="alert">
          {errorText(plan.studyAreaError.code, plan.studyAreaError.params)}
        </p>
      )}
      {plan?.studyArea && <p className="hint">{t('wiz.studyInfo', { n: plan.studyArea.features })}</p>}

      <h3>{t('wiz.s.crs')}</h3>
      <CrsChooser plan={plan} choice={crs} onChange={setCrs} />

      <h3>{t('wiz.s.grid')}</h3>
      <GridSize plan={plan} cellSize={cell} onCellSize={setCell} />

      <h3>{t('wiz.s.hazards')}</h3>
      <HazardPicker plan={plan} hazards={hazards} onChange={setHazards} />

      <div className="row wizard-actions">
        <button type="button" className="primary" disabled={!ready} onClick={() => void create()} data-testid="wizard-create">
          {t('wiz.create')}
        </button>
        <button type="button" onClick={() => void cancel()} data-testid="wizard-cancel">
          {t('compute.cancel')}
        </button>
      </div>
    </aside>
  );
}

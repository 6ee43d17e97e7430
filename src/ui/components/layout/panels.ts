/**
 * The page's panels as memoized components: with the stable props App passes (usePlayground's
 * commands are memoized), a training progress message re-renders only what shows it (the top
 * bar's progress and metrics, the curves), never the canvas, palette or inspector.
 */
import { AttentionPanel } from '../attention/AttentionPanel';
import { Canvas } from '../canvas/Canvas';
import { DatasetPanel } from '../datasets/DatasetPanel';
import { Inspector } from '../editor/Inspector';
import { ModelTotals } from '../editor/ModelTotals';
import { Palette } from '../editor/Palette';
import { ErrorList } from '../ErrorList';
import { EvaluationPanel } from '../evaluation/EvaluationPanel';
import { GeneratePanel } from '../generate/GeneratePanel';
import { ModelIoPanel } from '../io/ModelIoPanel';
import { ModelSummary } from '../ModelSummary';
import { PresetGallery } from '../PresetGallery';
import { ProjectBar } from '../ProjectBar';
import { RunAlerts } from '../RunAlerts';
import { ShortcutsDialog } from '../ShortcutsDialog';
import { Header } from '../Header';
import { Controls } from '../training/Controls';
import { TrainingSettings } from '../training/TrainingSettings';
import { counted } from './render-count';

export const MemoCanvas = counted('canvas', Canvas);
export const MemoPalette = counted('palette', Palette);
export const MemoInspector = counted('inspector', Inspector);
export const MemoModelTotals = counted('totals', ModelTotals);
export const MemoDatasetPanel = counted('dataset', DatasetPanel);
export const MemoEvaluationPanel = counted('evaluation', EvaluationPanel);
export const MemoTrainingSettings = counted('training-settings', TrainingSettings);
export const MemoModelSummary = counted('summary', ModelSummary);
export const MemoModelIoPanel = counted('model-io', ModelIoPanel);
export const MemoPresetGallery = counted('presets', PresetGallery);
export const MemoProjectBar = counted('projects', ProjectBar);
export const MemoErrorList = counted('errors', ErrorList);
export const MemoRunAlerts = counted('alerts', RunAlerts);
export const MemoControls = counted('controls', Controls);
export const MemoAttentionPanel = counted('attention', AttentionPanel);
export const MemoGeneratePanel = counted('generate', GeneratePanel);
export const MemoShortcutsDialog = counted('shortcuts', ShortcutsDialog);
export const MemoHeader = counted('header', Header);

/** Chooses one of the example models (PRESETS) and shows its description. */
import { PRESETS } from '../../presets/presets';

interface Props {
  presetId: string;
  disabled: boolean;
  onSelect: (presetId: string) => void;
}

export function PresetPicker({ presetId, disabled, onSelect }: Props) {
  const selected = PRESETS.find((p) => p.id === presetId);
  return (
    <div className="preset-picker">
      <label htmlFor="preset-select">Model preset</label>
      <select
        id="preset-select"
        data-testid="preset-select"
        value={presetId}
        disabled={disabled}
        aria-describedby="preset-description"
        onChange={(e) => onSelect(e.target.value)}
      >
        {PRESETS.map((p) => (
          <option key={p.id} value={p.id} title={p.description}>
            {p.number !== null ? `${p.number}. ${p.title}` : p.title}
          </option>
        ))}
      </select>
      <p id="preset-description" className="muted">
        {selected?.description}
      </p>
    </div>
  );
}

/** The time-range picker: relative presets stored as `range=` in the URL. */
import { RANGE_PRESETS } from "../format/time-range.js";

export function RangeSelect({
  value,
  onChange,
  allowAll = true,
  label = "Time range",
}: {
  value: string;
  onChange: (value: string) => void;
  allowAll?: boolean;
  label?: string;
}) {
  return (
    <label className="field field-inline">
      <span>{label}</span>
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        {allowAll ? <option value="">All time</option> : null}
        {RANGE_PRESETS.map((preset) => (
          <option key={preset.value} value={preset.value}>
            {preset.label}
          </option>
        ))}
      </select>
    </label>
  );
}

import { THEME_CHOICES, themeChoice, type ThemeChoice } from './theme';
import { useStoredValue } from '../../ui/stored-value';

const LABEL: Record<ThemeChoice, string> = { system: 'System theme', light: 'Light', dark: 'Dark' };

/** System / Light / Dark, in the toolbar. */
export function ThemeSelect() {
  const choice = useStoredValue(themeChoice);
  return (
    <select
      className="toolbar-select"
      aria-label="Theme"
      title="Theme"
      value={choice}
      onChange={(e) => themeChoice.set(e.target.value as ThemeChoice)}
    >
      {THEME_CHOICES.map((c) => (
        <option key={c} value={c}>
          {LABEL[c]}
        </option>
      ))}
    </select>
  );
}
